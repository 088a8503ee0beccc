import VLMPrepGeometry

/// Output file formats the encoders support.
public enum ImageFormat: String, CaseIterable, Hashable, Sendable, Codable {
    case jpeg, png, webp

    /// The usual file extension without the dot (`jpg`, `png`, `webp`).
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    /// The MIME type (`image/jpeg`, ...), for data URIs.
    public var mimeType: String { "image/\(rawValue)" }
}

/// JPEG chroma subsampling. `.on` (4:2:0) matches Pillow's default output at every quality;
/// libvips's `.auto` turns subsampling off at quality >= 90.
public enum ChromaSubsampling: String, CaseIterable, Hashable, Sendable, Codable {
    case auto, on, off
}

/// How to encode an image. Validated on creation.
public struct EncodeOptions: Hashable, Sendable {
    /// Valid qualities for JPEG and WebP.
    public static let qualityRange = 1...100
    /// Valid zlib compression levels for PNG.
    public static let compressionRange = 0...9

    /// The file format.
    public var format: ImageFormat
    /// JPEG/WebP quality, 1...100 (default 90).
    public var quality: Int
    /// PNG compression level, 0...9 (default 6).
    public var compression: Int
    /// JPEG chroma subsampling (default `.on`, 4:2:0 like Pillow).
    public var chromaSubsampling: ChromaSubsampling
    /// Progressive JPEG (default false).
    public var progressive: Bool
    /// JPEG Huffman tables optimised for the image (default false, as Pillow's `optimize`): files
    /// ~3 % smaller, encoding ~30 % slower (an extra pass).
    public var optimizeCoding: Bool
    /// Lossless WebP (default false).
    public var lossless: Bool
    /// Drop EXIF/XMP/ICC metadata (default true: pixels are already upright sRGB).
    public var stripMetadata: Bool

    /// Creates encoding options.
    /// - Throws: ``GeometryError`` (InvalidParameter form) for a quality or compression out of range.
    public init(format: ImageFormat, quality: Int = 90, compression: Int = 6,
                chromaSubsampling: ChromaSubsampling = .on, progressive: Bool = false,
                lossless: Bool = false, stripMetadata: Bool = true, optimizeCoding: Bool = false) throws {
        guard Self.qualityRange.contains(quality) else {
            throw GeometryError.invalidParameter(expected: InvalidParameter.integer(between: Self.qualityRange), name: "quality", received: quality)
        }
        guard Self.compressionRange.contains(compression) else {
            throw GeometryError.invalidParameter(expected: InvalidParameter.integer(between: Self.compressionRange), name: "compression", received: compression)
        }
        self.format = format
        self.quality = quality
        self.compression = compression
        self.chromaSubsampling = chromaSubsampling
        self.progressive = progressive
        self.lossless = lossless
        self.stripMetadata = stripMetadata
        self.optimizeCoding = optimizeCoding
    }

    /// JPEG at quality 90, 4:2:0, metadata stripped.
    public static let jpeg: EncodeOptions = try! EncodeOptions(format: .jpeg)
    /// PNG at compression 6, metadata stripped.
    public static let png: EncodeOptions = try! EncodeOptions(format: .png)
}
