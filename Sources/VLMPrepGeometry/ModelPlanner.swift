/// Plans the inputs one upright image becomes for a vision-language model (DESIGN §3.6–3.7, §6
/// `vlmprep plan`).
///
/// - `gemma3`: the original resized to 896x896 (256 tokens); with `panAndScan`, then the
///   ``PanAndScan/gemma3`` crops of the original pixels, each 896x896 and 256 tokens.
/// - `qwen2.5-vl`, `qwen3-vl`: one input, the whole image, resized by ``SmartResize``
///   (``SmartResize/qwen25VLCheckpoint`` / ``SmartResize/qwen3VLCheckpoint`` with the pixel budget
///   overrides), with its `grid_thw` and tokens.
/// - `llava-onevision`: the base image (384x384, 729 tokens) then the ``AnyResolution`` tiles of
///   the padded canvas (384x384 each, tokens counted for the grid as a whole in
///   ``ModelPlan/canvas``; source rectangles approximate, see ``AnyResolutionLayout/sourceTiles``).
/// - `internvl`: the ``DynamicTiles`` tiles (448x448, 256 tokens each) then, with more than one
///   tile, the thumbnail (448x448, 256 tokens).
public struct ModelPlanner: Hashable, Sendable {
    /// Gemma 3's input side, in pixels.
    public static let gemma3InputSize = 896
    /// Gemma 3's soft tokens per input image (`image_seq_length`).
    public static let gemma3TokensPerInput = 256
    /// InternVL's tokens per 448-pixel tile: `(448 / 14)² * 0.5²`.
    public static let internVLTokensPerTile = 256

    /// The model planned for.
    public let model: VisionModel
    /// The smart-resize configuration (Qwen models only).
    public let smartResize: SmartResize?
    /// The pan-and-scan layout when enabled (Gemma 3 only).
    public let panAndScan: PanAndScan?

    /// Creates a planner.
    /// - Parameters:
    ///   - model: the model.
    ///   - minPixels: Qwen lower pixel budget, in ``SmartResize/pixelsRange``; default the
    ///     checkpoint's (3 136 for Qwen2.5-VL, 65 536 for Qwen3-VL).
    ///   - maxPixels: Qwen upper pixel budget, at least `minPixels`; default the checkpoint's
    ///     (12 845 056, 16 777 216).
    ///   - panAndScan: Gemma 3 pan-and-scan with the processor's parameters; default false (the
    ///     processor's default).
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form when a budget is out of range, or
    ///   when an option is given for a model that does not use it
    ///   (`Expected no value with model gemma3 (only qwen2.5-vl, qwen3-vl use it) for minPixels but
    ///   received 1000`).
    public init(model: VisionModel, minPixels: Int? = nil, maxPixels: Int? = nil, panAndScan: Bool = false) throws(GeometryError) {
        let qwenModels = VisionModel.allCases.filter(\.usesSmartResize)
        for (name, value) in [("minPixels", minPixels), ("maxPixels", maxPixels)] {
            if let value, !model.usesSmartResize {
                throw .invalidParameter(expected: Self.unused(by: model, usedBy: qwenModels), name: name, received: value)
            }
        }
        if panAndScan && model != .gemma3 {
            throw .invalidParameter(expected: Self.unused(by: model, usedBy: [.gemma3]), name: "panAndScan", received: panAndScan)
        }
        self.model = model
        self.panAndScan = panAndScan ? .gemma3 : nil
        switch model {
        case .qwen25VL: smartResize = try SmartResize.qwen25VLCheckpoint.withPixels(min: minPixels, max: maxPixels)
        case .qwen3VL: smartResize = try SmartResize.qwen3VLCheckpoint.withPixels(min: minPixels, max: maxPixels)
        case .gemma3, .llavaOneVision, .internVL: smartResize = nil
        }
    }

    /// Creates a planner from a command-line model name.
    /// - Throws: ``GeometryError`` for an unknown name (listing the valid ones) or a bad option, as
    ///   ``init(model:minPixels:maxPixels:panAndScan:)``.
    public init(modelName: String, minPixels: Int? = nil, maxPixels: Int? = nil, panAndScan: Bool = false) throws(GeometryError) {
        try self.init(model: VisionModel(parsing: modelName), minPixels: minPixels, maxPixels: maxPixels, panAndScan: panAndScan)
    }

    /// `"no value with model <m> (only <a>, <b> use it)"`.
    private static func unused(by model: VisionModel, usedBy users: [VisionModel]) -> String {
        "no value with model \(model) (only \(users.map(\.rawValue).joined(separator: ", ")) \(users.count == 1 ? "uses" : "use") it)"
    }

    /// The plan for one image.
    /// - Parameter image: the upright image size (after EXIF orientation).
    /// - Returns: the inputs in processor order and the token total.
    /// - Throws: ``GeometryError`` when a side is below 1, or for Qwen the ``SmartResize`` errors
    ///   (aspect ratio above 200).
    public func plan(for image: PixelSize) throws(GeometryError) -> ModelPlan {
        try requireNonEmpty(image)
        let whole = PixelRect(size: image)
        switch model {
        case .gemma3:
            let side = PixelSize(width: Self.gemma3InputSize, height: Self.gemma3InputSize)
            let crops = panAndScan?.crops(for: image) ?? []
            let inputs = [ModelInput(kind: .original, rect: whole, size: side, tokens: Self.gemma3TokensPerInput)]
                + crops.map { ModelInput(kind: .panAndScan, rect: $0, size: side, tokens: Self.gemma3TokensPerInput) }
            return ModelPlan(model: model, source: image, inputs: inputs)
        case .qwen25VL, .qwen3VL:
            guard let smartResize else { preconditionFailure("a Qwen planner always has a SmartResize") }
            let result = try smartResize.resized(image)
            let input = ModelInput(kind: .original, rect: whole, size: result.size, grid: result.grid, tokens: result.tokens)
            return ModelPlan(model: model, source: image, inputs: [input])
        case .llavaOneVision:
            let layout = AnyResolution.llavaOneVision.layout(for: image)
            let tile = PixelSize(width: layout.tileSize, height: layout.tileSize)
            let inputs = [ModelInput(kind: .base, rect: whole, size: tile, tokens: layout.baseTokens)]
                + layout.sourceTiles.map { ModelInput(kind: .tile, rect: $0, size: tile, tokens: nil) }
            let canvas = PaddedCanvas(size: layout.canvas, image: layout.placement,
                                      tokens: layout.unpaddedTokens + layout.newlineTokens)
            return ModelPlan(model: model, source: image, inputs: inputs, canvas: canvas)
        case .internVL:
            let layout = DynamicTiles.internVL.layout(for: image)
            let tile = PixelSize(width: layout.tileSize, height: layout.tileSize)
            let inputs = layout.sourceTiles.map { ModelInput(kind: .tile, rect: $0, size: tile, tokens: Self.internVLTokensPerTile) }
                + (layout.thumbnail ? [ModelInput(kind: .thumbnail, rect: whole, size: tile, tokens: Self.internVLTokensPerTile)] : [])
            return ModelPlan(model: model, source: image, inputs: inputs)
        }
    }
}
