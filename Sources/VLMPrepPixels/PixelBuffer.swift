import VLMPrepGeometry

/// An 8-bit image in memory: row-major, bands interleaved (`L`: 1 band, `RGB`: 3 bands).
///
/// This is what leaves libvips for pixel-exact work in Swift (Pillow-exact resampling, pHash,
/// model tensors). Byte `bytes[(y * width + x) * bands + c]` is band `c` of pixel `(x, y)`.
public struct PixelBuffer: Hashable, Sendable {
    /// Columns, in pixels (> 0).
    public let width: Int
    /// Rows, in pixels (> 0).
    public let height: Int
    /// Bands per pixel: 1 (greyscale) or 3 (RGB); other counts are allowed for plumbing.
    public let bands: Int
    /// `width * height * bands` bytes, row-major, bands interleaved.
    public var bytes: [UInt8]

    /// Wraps existing bytes.
    /// - Precondition: `width, height, bands > 0` and `bytes.count == width * height * bands`.
    public init(width: Int, height: Int, bands: Int, bytes: [UInt8]) {
        precondition(width > 0 && height > 0 && bands > 0, "PixelBuffer needs positive sides and bands, got \(width)x\(height)x\(bands)")
        precondition(bytes.count == width * height * bands, "PixelBuffer: \(bytes.count) bytes for \(width)x\(height)x\(bands)")
        self.width = width
        self.height = height
        self.bands = bands
        self.bytes = bytes
    }

    /// A buffer of one repeated value.
    public init(width: Int, height: Int, bands: Int, repeating value: UInt8) {
        self.init(width: width, height: height, bands: bands,
                  bytes: [UInt8](repeating: value, count: width * height * bands))
    }

    /// `width x height`.
    public var size: PixelSize { PixelSize(width: width, height: height) }

    /// Bytes per row: `width * bands`.
    public var rowStride: Int { width * bands }

    /// Band `band` of pixel `(x, y)`.
    /// - Precondition: the coordinates are inside the buffer.
    @inlinable
    public subscript(x: Int, y: Int, band: Int) -> UInt8 {
        get { bytes[(y * width + x) * bands + band] }
        set { bytes[(y * width + x) * bands + band] = newValue }
    }
}
