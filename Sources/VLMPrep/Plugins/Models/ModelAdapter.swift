import VLMPrepGeometry
import VLMPrepVips

/// A model adapter step (DESIGN §3.6–3.7, §4): chooses the model whose input tensors the item's
/// frames become — exactly as the transformers 4.57 slow processor would build them from the same
/// pixels (``ModelTensorBuilder``) — for the `safetensors` emitter and `resize: "model"`.
///
/// Options: Qwen models take `minPixels` and `maxPixels` (default the checkpoint's); Gemma 3 takes
/// `panAndScan` (default false, then 256 / 4 / 1.2). The registry name is the model's CLI name.
public protocol ModelAdapter: Plugin {
    /// The model this adapter feeds.
    static var model: VisionModel { get }
    /// The tensor builder (planner and options).
    var builder: ModelTensorBuilder { get }
    /// Creates the adapter around a builder.
    init(builder: ModelTensorBuilder)
}

extension ModelAdapter {
    public static var name: String { model.rawValue }

    public init(options: PluginOptions) throws {
        var reader = options
        var minPixels: Int?, maxPixels: Int?, panAndScan = false
        if Self.model.usesSmartResize {
            minPixels = try reader.optionalInt("minPixels", in: SmartResize.pixelsRange)
            maxPixels = try reader.optionalInt("maxPixels", in: SmartResize.pixelsRange)
        }
        if Self.model == .gemma3 {
            panAndScan = try reader.bool("panAndScan", default: false)
        }
        try reader.finish()
        do {
            self.init(builder: ModelTensorBuilder(planner: try ModelPlanner(model: Self.model, minPixels: minPixels, maxPixels: maxPixels, panAndScan: panAndScan)))
        } catch {
            throw reader.wrap(error)
        }
    }

    /// Chooses the model for the item; tensors are built by the emitter that needs them
    /// (`safetensors`), from the frames as they are then.
    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        for frame in item.frames { _ = try builder.planner.plan(for: frame.image.size) }   // fail early on impossible sizes
        item.model = builder
    }
}

/// The built-in model adapters, one per supported model.
public enum ModelAdapterPlugin {
    /// `gemma3`: 896x896 BILINEAR, optional pan-and-scan, `num_crops`.
    public struct Gemma3: ModelAdapter {
        public static let model = VisionModel.gemma3
        public let builder: ModelTensorBuilder
        public init(builder: ModelTensorBuilder) { self.builder = builder }
    }

    /// `qwen2.5-vl`: smart resize (patch 14), CLIP normalisation, `image_grid_thw`.
    public struct Qwen25VL: ModelAdapter {
        public static let model = VisionModel.qwen25VL
        public let builder: ModelTensorBuilder
        public init(builder: ModelTensorBuilder) { self.builder = builder }
    }

    /// `qwen3-vl`: smart resize (patch 16), 0.5 normalisation, `image_grid_thw`.
    public struct Qwen3VL: ModelAdapter {
        public static let model = VisionModel.qwen3VL
        public let builder: ModelTensorBuilder
        public init(builder: ModelTensorBuilder) { self.builder = builder }
    }

    /// `llava-onevision`: anyres_max_9 tiles after the base image, `image_sizes`.
    public struct LlavaOneVision: ModelAdapter {
        public static let model = VisionModel.llavaOneVision
        public let builder: ModelTensorBuilder
        public init(builder: ModelTensorBuilder) { self.builder = builder }
    }

    /// `internvl`: dynamic 448 tiles and thumbnail, ImageNet normalisation.
    public struct InternVL: ModelAdapter {
        public static let model = VisionModel.internVL
        public let builder: ModelTensorBuilder
        public init(builder: ModelTensorBuilder) { self.builder = builder }
    }
}
