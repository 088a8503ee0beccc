/// A size in whole pixels: `width` columns by `height` rows.
///
/// Sizes of real images are positive; a zero side is representable (a plan may compute one) and
/// callers that need a non-empty size check ``isEmpty``.
public struct PixelSize: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Columns, in pixels.
    public var width: Int
    /// Rows, in pixels.
    public var height: Int

    /// Creates a size from a width and a height in pixels.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// `width * height`, the number of pixels.
    public var area: Int { width * height }

    /// True when either side is zero or negative.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The size with width and height exchanged (what a 90° rotation does).
    public var transposed: PixelSize { PixelSize(width: height, height: width) }

    /// `"<width>x<height>"`.
    public var description: String { "\(width)x\(height)" }
}
