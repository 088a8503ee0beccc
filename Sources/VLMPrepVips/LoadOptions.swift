import VLMPrepGeometry

/// What to do with an alpha channel when loading (DESIGN §3.1).
public enum AlphaPolicy: Hashable, Sendable {
    /// Composite onto a background colour (default white), the way a viewer shows the image.
    case flatten(background: RGBColor)
    /// Discard alpha and keep the stored colours, as Pillow's `convert("RGB")` does (and so
    /// transformers' `load_image` and ImageHash): hidden colours under transparent pixels survive.
    case drop

    /// Flatten onto white.
    public static let flattenOnWhite = AlphaPolicy.flatten(background: .white)
}

/// The loading policy (DESIGN §3.1). Every image comes out upright (EXIF orientation applied,
/// tag dropped), 8-bit sRGB, 3 bands.
public struct LoadOptions: Hashable, Sendable {
    /// Default pixel limit: 100,000,000.
    public static let defaultMaxInputPixels = 100_000_000

    /// Alpha handling (default: flatten onto white).
    public var alpha: AlphaPolicy
    /// Largest `width * height` accepted, checked from the header before decoding (default 1e8).
    public var maxInputPixels: Int
    /// When true, truncated or corrupt data decodes as far as possible instead of failing
    /// (libvips fills the rest). Default false: damaged files are errors.
    public var lenient: Bool

    /// Creates a loading policy.
    /// - Precondition: `maxInputPixels > 0`.
    public init(alpha: AlphaPolicy = .flattenOnWhite, maxInputPixels: Int = LoadOptions.defaultMaxInputPixels, lenient: Bool = false) {
        precondition(maxInputPixels > 0, "LoadOptions.maxInputPixels must be positive")
        self.alpha = alpha
        self.maxInputPixels = maxInputPixels
        self.lenient = lenient
    }

    /// The defaults: flatten on white, 1e8 pixels, strict.
    public static let `default` = LoadOptions()
}
