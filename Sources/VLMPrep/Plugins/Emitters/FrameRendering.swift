import Foundation
import VLMPrepGeometry
import VLMPrepPixels
import VLMPrepVips

/// How emitters turn a frame into an encoded image: optional Pillow-exact resize (to a square
/// side, or to what a model's processor would resize the frame to), then encoding.
///
/// Options (shared by `files` and `openai-batch`): `format` (`jpeg` | `png` | `webp`, default
/// `jpeg`), `quality` (1...100, default 90), `resize` (an integer side, or a model name:
/// `gemma3` → 896x896, `qwen2.5-vl` / `qwen3-vl` → the smart-resized size, `llava-onevision` →
/// 384x384, `internvl` → 448x448; default none), `filter` (Pillow filter for `resize`; default
/// the model's, else `bicubic`).
public struct FrameRendering: Sendable {
    /// Encoding.
    public let encoding: EncodeOptions
    /// Target side for square resizing, if any.
    public let side: Int?
    /// Model whose processor size is the target, if any.
    public let planner: ModelPlanner?
    /// The Pillow filter used for resizing.
    public let filter: ResampleFilter
    /// Valid square sides.
    public static let sideRange = 1...16384

    /// Reads the rendering options.
    public init(reading reader: inout PluginOptions) throws {
        let format = try reader.choice("format", default: ImageFormat.jpeg)
        let quality = try reader.int("quality", default: 90, in: EncodeOptions.qualityRange)
        encoding = try EncodeOptions(format: format, quality: quality)
        var side: Int?, planner: ModelPlanner?
        switch reader.raw("resize") {
        case nil: break
        case .number?:
            side = try reader.optionalInt("resize", in: Self.sideRange)
        case .string(let name)?:
            do { planner = try ModelPlanner(modelName: name) } catch { throw reader.wrap(error) }
        case let other?:
            throw PluginError.invalidParameter(plugin: reader.plugin, expected: "an integer side or a model name (\(VisionModel.allCases.map(\.rawValue).joined(separator: ", ")))", name: "resize", received: other)
        }
        self.side = side
        self.planner = planner
        let defaultFilter: ResampleFilter = planner?.model == .gemma3 ? .bilinear : .bicubic
        filter = try reader.choice("filter", default: defaultFilter)
    }

    /// The frame's pixels, resized as configured.
    public func pixels(of frame: Frame) throws -> PixelBuffer {
        let pixels = try frame.image.pixelBuffer()
        guard let target = try targetSize(for: pixels.size) else { return pixels }
        return PillowResampler(filter: filter).resize(pixels, to: target)
    }

    /// The size a frame of `size` is resized to, or nil for no resize.
    public func targetSize(for size: PixelSize) throws -> PixelSize? {
        if let side { return PixelSize(width: side, height: side) }
        guard let planner else { return nil }
        let first = try planner.plan(for: size).inputs[0]
        return PixelSize(width: first.width, height: first.height)
    }

    /// The frame encoded.
    public func encoded(_ frame: Frame) throws -> Data {
        guard side != nil || planner != nil else { return try frame.image.encode(encoding) }
        return try Image(pixels: try pixels(of: frame)).encode(encoding)
    }
}
