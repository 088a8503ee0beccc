/// What a file's header says, read without decoding pixels (`vlmprep info`).
public struct ImageHeader: Hashable, Sendable, Codable {
    /// The path as given.
    public var path: String
    /// Container format from the libvips loader: `jpeg`, `png`, `webp`, `gif`, `tiff`, `heif`, ...
    public var format: String
    /// Upright width in pixels (after EXIF orientation).
    public var width: Int
    /// Upright height in pixels (after EXIF orientation).
    public var height: Int
    /// EXIF orientation 1–8 (1 when absent).
    public var orientation: Int
    /// Bands as stored (e.g. 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA or CMYK).
    public var bands: Int
    /// True when the file has an alpha channel.
    public var hasAlpha: Bool
    /// True when the file embeds an ICC profile.
    public var hasICC: Bool
    /// Sample format as stored: `uchar` (8-bit), `ushort` (16-bit), `float` or `other`.
    public var sampleFormat: String
    /// Frames in the file (GIF/WebP animation, TIFF pages); 1 for still images.
    public var pages: Int

    /// Width times height, the count checked against ``LoadOptions/maxInputPixels``.
    public var pixelCount: Int { width * height }
}
