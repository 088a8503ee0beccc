import Foundation
import VLMPrepGeometry
import VLMPrepPixels
import VLMPrepVips

/// How emitters turn a frame into an encoded image: optional Pillow-exact resize (to a square
/// side, or to what a model's processor would resize the frame to), then encoding.
///
/// Options (shared by `files` and `openai-batch`): `format` (`jpeg` | `png` | `webp`, default
/// `jpeg`), `quality` (1...100, default 90), `optimize` (JPEG Huffman tables optimised per image:
/// ~3 % smaller files, slower; default false, as Pillow), `resize` (an integer side, or a model name:
/// `gemma3` → 896x896, `qwen2.5-vl` / `qwen3-vl` → the smart-resized size, `llava-onevision` →
/// 384x384, `internvl` → 448x448; or `"model"`: the model of the recipe's model adapter step;
/// default none), `filter` (Pillow filter for `resize`; default
/// the model's, else `bicubic`), `resampler` (`pillow`, default: bit-identical to Pillow's
/// `Image.resize`, what the HF processors see; or `libvips`: libvips `resize` with its lanczos3
/// kernel, several times faster, not Pillow-exact — for previews and annotation crops where
/// speed matters more than bit-identity; both roles of a recipe still see the same pixels when
/// both emitters use the same setting).
public struct FrameRendering: Sendable {
    /// Which resampler `resize` uses.
    public enum Resampler: String, CaseIterable, Sendable {
        /// ``PillowResampler``: bit-identical to Pillow 13.
        case pillow
        /// libvips `resize` (lanczos3): fast, close to but not equal to Pillow.
        case libvips
    }

    /// The resampler for `resize`.
    public let resampler: Resampler
    /// Encoding.
    public let encoding: EncodeOptions
    /// Target side for square resizing, if any.
    public let side: Int?
    /// Model whose processor size is the target, if any.
    public let planner: ModelPlanner?
    /// `resize: "model"`: the model chosen by the item's model adapter step.
    public let usesItemModel: Bool
    /// The Pillow filter used for resizing.
    public let filter: ResampleFilter
    /// True when the recipe named the filter (else it follows the model).
    public let explicitFilter: Bool
    /// Valid square sides.
    public static let sideRange = 1...16384

    /// Reads the rendering options.
    public init(reading reader: inout PluginOptions) throws {
        let format = try reader.choice("format", default: ImageFormat.jpeg)
        let quality = try reader.int("quality", default: 90, in: EncodeOptions.qualityRange)
        let optimize = try reader.bool("optimize", default: false)
        encoding = try EncodeOptions(format: format, quality: quality, optimizeCoding: optimize)
        var side: Int?, planner: ModelPlanner?, usesItemModel = false
        // One sentence for every bad `resize` (the key the user wrote, all valid forms).
        let expected = "an integer side in \(Self.sideRange.lowerBound)...\(Self.sideRange.upperBound), \"model\" or a model name ("
            + VisionModel.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        switch reader.raw("resize") {
        case nil: break
        case .number(let number)?:
            guard number == number.rounded(), number >= Double(Self.sideRange.lowerBound), number <= Double(Self.sideRange.upperBound) else {
                throw PluginError.invalidParameter(plugin: reader.plugin, expected: expected, name: "resize", received: JSONValue.number(number))
            }
            side = Int(number)
        case .string(let name)? where name == "model":
            usesItemModel = true
        case .string(let name)?:
            guard let model = VisionModel(rawValue: name) else {
                throw PluginError.invalidParameter(plugin: reader.plugin, expected: expected, name: "resize", received: JSONValue.string(name))
            }
            do { planner = try ModelPlanner(model: model) } catch { throw reader.wrap(error) }
        case let other?:
            throw PluginError.invalidParameter(plugin: reader.plugin, expected: expected, name: "resize", received: other)
        }
        self.side = side
        self.planner = planner
        self.usesItemModel = usesItemModel
        let defaultFilter: ResampleFilter = planner?.model == .gemma3 ? .bilinear : .bicubic
        explicitFilter = reader.has("filter")
        filter = try reader.choice("filter", default: defaultFilter)
        resampler = try reader.choice("resampler", default: Resampler.pillow)
    }

    /// The planner that decides the size, if any (`resize: "model"` reads the item's).
    private func activePlanner(_ item: PreparedItem) throws -> ModelPlanner? {
        guard usesItemModel else { return planner }
        guard let model = item.model else {
            throw OutputError.missingInput("resize \"model\" needs a model adapter step in \"prepare\"")
        }
        return model.planner
    }

    /// The size a frame of `size` is resized to, or nil for no resize.
    public func targetSize(for size: PixelSize, item: PreparedItem) throws -> PixelSize? {
        if let side { return PixelSize(width: side, height: side) }
        guard let planner = try activePlanner(item) else { return nil }
        let first = try planner.plan(for: size).inputs[0]
        return PixelSize(width: first.width, height: first.height)
    }

    /// The frame resized as configured and encoded.
    public func encoded(_ frame: Frame, of item: PreparedItem) throws -> Data {
        guard let target = try targetSize(for: frame.image.size, item: item) else { return try frame.image.encode(encoding) }
        if resampler == .libvips {
            return try frame.image.resize(to: target, kernel: .lanczos3).encode(encoding)
        }
        let filter = usesItemModel && item.model?.planner.model == .gemma3 && !explicitFilter ? ResampleFilter.bilinear : self.filter
        let pixels = PillowResampler(filter: filter).resize(try frame.image.pixelBuffer(), to: target)
        return try Image(pixels: pixels).encode(encoding)
    }
}
