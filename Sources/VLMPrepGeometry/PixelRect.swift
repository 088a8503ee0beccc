/// An integer rectangle in pixels: origin top-left, half-open (`x <= column < x + width`).
///
/// A rectangle may extend beyond its image (a padded square crop does); ``clamped(to:)`` cuts it
/// to the image. Width and height are never negative in rectangles built by this module.
public struct PixelRect: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Left edge, in pixels (may be negative for overhanging crops).
    public var x: Int
    /// Top edge, in pixels (may be negative for overhanging crops).
    public var y: Int
    /// Columns, in pixels.
    public var width: Int
    /// Rows, in pixels.
    public var height: Int

    /// Creates a rectangle from its top-left corner and size, all in pixels.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle covering a whole image of `size`, at the origin.
    public init(size: PixelSize) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    /// One past the right edge: `x + width`.
    public var maxX: Int { x + width }
    /// One past the bottom edge: `y + height`.
    public var maxY: Int { y + height }
    /// `width x height` as a size.
    public var size: PixelSize { PixelSize(width: width, height: height) }
    /// `width * height`.
    public var area: Int { width * height }
    /// True when the rectangle covers no pixel.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// True when the rectangle lies entirely inside an image of `size`.
    public func isInside(_ size: PixelSize) -> Bool {
        x >= 0 && y >= 0 && maxX <= size.width && maxY <= size.height
    }

    /// The part of this rectangle inside an image of `size` (possibly empty, then at a clamped origin).
    public func clamped(to size: PixelSize) -> PixelRect {
        let x1 = min(max(x, 0), size.width), y1 = min(max(y, 0), size.height)
        let x2 = min(max(maxX, 0), size.width), y2 = min(max(maxY, 0), size.height)
        return PixelRect(x: x1, y: y1, width: x2 - x1, height: y2 - y1)
    }

    /// True when every pixel of `other` is also in this rectangle (an empty `other` is contained).
    public func contains(_ other: PixelRect) -> Bool {
        other.isEmpty || (other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY)
    }

    /// `[x, y, width, height]`, the form used in JSON output.
    public var array: [Int] { [x, y, width, height] }

    /// `"(x, y, width x height)"`.
    public var description: String { "(\(x), \(y), \(width)x\(height))" }
}
