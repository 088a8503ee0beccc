import VLMPrepGeometry
import VLMPrepVips

/// `load`: reads every gallery image with the loading policy (DESIGN §3.1) and makes one
/// `original` frame per image, in gallery order.
///
/// Options: `alpha` (`flatten` | `drop`, default `flatten`), `background` (colour, default white),
/// `maxInputPixels` (default 100,000,000), `lenient` (default false).
/// Images are decoded into memory once here (plain JPEGs by libjpeg-turbo directly, the same bytes
/// as libvips and Pillow): every later step (hash, crops, emitters) reads the same pixels.
public struct LoadPlugin: Plugin {
    public static let name = "load"
    /// Alpha choices.
    public enum Alpha: String, CaseIterable, Sendable { case flatten, drop }
    /// Valid `maxInputPixels`.
    public static let maxInputPixelsRange = 1...1_000_000_000

    /// The loading policy.
    public let options: LoadOptions

    public init(options: PluginOptions) throws {
        var reader = options
        let alpha = try reader.choice("alpha", default: Alpha.flatten)
        let background = try reader.colour("background", default: .white)
        let maxPixels = try reader.int("maxInputPixels", default: LoadOptions.defaultMaxInputPixels, in: Self.maxInputPixelsRange)
        let lenient = try reader.bool("lenient", default: false)
        try reader.finish()
        self.options = LoadOptions(alpha: alpha == .drop ? .drop : .flatten(background: background),
                                   maxInputPixels: maxPixels, lenient: lenient)
    }

    /// A load step with a given policy.
    public init(policy: LoadOptions = .default) { self.options = policy }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        guard item.sources.isEmpty else { return }   // already loaded (an explicit load step ran)
        var sources: [Image] = []
        for path in item.imagePaths {
            // One decode per image, by the cheapest exact route (libjpeg-turbo directly for plain
            // JPEGs, the loader otherwise); every later step reads these pixels.
            sources.append(try Image(pixels: try PixelDecoder.uprightRGB(path: path, options: options), source: path))
        }
        item.sources = sources
        item.frames = sources.enumerated().map { index, image in
            Frame(image: image, source: index, rect: PixelRect(size: image.size), kind: .original)
        }
    }
}
