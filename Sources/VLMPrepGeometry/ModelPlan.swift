/// The inputs one image becomes for a vision-language model, with their token cost
/// (what `vlmprep plan` prints, one JSON object per image).
///
/// JSON shape (keys as below; optional keys are left out when absent):
/// ```json
/// {"model": "qwen2.5-vl", "width": 800, "height": 600,
///  "inputs": [{"kind": "original", "rect": [0, 0, 800, 600], "width": 812, "height": 588,
///              "grid_thw": [1, 42, 58], "tokens": 609}],
///  "tokens": 609}
/// ```
/// LLaVA-OneVision adds `"canvas": {"width", "height", "image": [x, y, w, h], "tokens"}`: the padded
/// canvas, where the resized image sits on it, and the tokens of the whole tile grid.
/// `tokens` (top level) = the inputs' tokens + the canvas's tokens.
public struct ModelPlan: Hashable, Sendable, Codable {
    /// The model planned for.
    public var model: VisionModel
    /// Source image width, in pixels (upright).
    public var width: Int
    /// Source image height, in pixels (upright).
    public var height: Int
    /// The model inputs in the order the processor stacks them.
    public var inputs: [ModelInput]
    /// LLaVA-OneVision's padded tile canvas; nil for other models.
    public var canvas: PaddedCanvas?
    /// All LLM tokens of the image (placeholder tokens; wrapper tokens such as `<img>` excluded).
    public var tokens: Int

    /// Creates a plan; `tokens` is computed from the inputs and the canvas.
    /// - Parameters:
    ///   - model: the model.
    ///   - source: the upright source image size.
    ///   - inputs: the inputs, in processor order.
    ///   - canvas: the padded canvas, if the model has one.
    public init(model: VisionModel, source: PixelSize, inputs: [ModelInput], canvas: PaddedCanvas? = nil) {
        self.model = model
        self.width = source.width
        self.height = source.height
        self.inputs = inputs
        self.canvas = canvas
        self.tokens = inputs.reduce(canvas?.tokens ?? 0) { $0 + ($1.tokens ?? 0) }
    }

    /// The upright source image size.
    public var source: PixelSize { PixelSize(width: width, height: height) }
}

/// One image the model receives.
public struct ModelInput: Hashable, Sendable, Codable {
    /// What the input is.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The whole image (Gemma 3, Qwen).
        case original
        /// A Gemma 3 pan-and-scan crop of the original pixels.
        case panAndScan = "pan-and-scan"
        /// A tile (InternVL: of the resized image; LLaVA-OneVision: of the padded canvas).
        case tile
        /// InternVL's whole-image thumbnail, after the tiles.
        case thumbnail
        /// LLaVA-OneVision's whole-image base input, before the tiles.
        case base
    }

    /// What the input is.
    public var kind: Kind
    /// The source pixels it shows, `[x, y, width, height]` in JSON; may extend beyond the image
    /// where the input holds padding.
    public var rect: PixelRect
    /// Width the model sees, in pixels (after resizing).
    public var width: Int
    /// Height the model sees, in pixels (after resizing).
    public var height: Int
    /// The vision patch grid (`grid_thw`), for models that report one (Qwen).
    public var grid: PatchGrid?
    /// LLM tokens of this input; nil when the model counts them for a group (LLaVA-OneVision tiles:
    /// see ``PaddedCanvas/tokens``).
    public var tokens: Int?

    /// Creates an input.
    /// - Parameters:
    ///   - kind: what the input is.
    ///   - rect: the source pixels it shows.
    ///   - size: the size the model sees.
    ///   - grid: the patch grid, if any.
    ///   - tokens: its LLM tokens, if counted per input.
    public init(kind: Kind, rect: PixelRect, size: PixelSize, grid: PatchGrid? = nil, tokens: Int?) {
        self.kind = kind
        self.rect = rect
        self.width = size.width
        self.height = size.height
        self.grid = grid
        self.tokens = tokens
    }

    private enum CodingKeys: String, CodingKey {
        case kind, rect, width, height, grid = "grid_thw", tokens
    }

    /// Decodes the JSON form (`rect` and `grid_thw` as integer arrays).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        rect = try container.decodeRectangle(forKey: .rect)
        width = try container.decode(Int.self, forKey: .width)
        height = try container.decode(Int.self, forKey: .height)
        grid = try container.decodeIfPresent([Int].self, forKey: .grid).map { thw in
            guard thw.count == 3 else {
                throw DecodingError.dataCorruptedError(forKey: .grid, in: container, debugDescription: "grid_thw needs [t, h, w]")
            }
            return PatchGrid(temporal: thw[0], height: thw[1], width: thw[2])
        }
        tokens = try container.decodeIfPresent(Int.self, forKey: .tokens)
    }

    /// Encodes the JSON form; `grid_thw` and `tokens` are left out when nil.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(rect.array, forKey: .rect)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encodeIfPresent(grid?.array, forKey: .grid)
        try container.encodeIfPresent(tokens, forKey: .tokens)
    }
}

/// LLaVA-OneVision's tile canvas: the best-resolution size the resized image is padded to.
public struct PaddedCanvas: Hashable, Sendable, Codable {
    /// Canvas width, in pixels.
    public var width: Int
    /// Canvas height, in pixels.
    public var height: Int
    /// Where the resized image sits on the canvas (`[x, y, width, height]` in JSON); the rest is
    /// black padding.
    public var image: PixelRect
    /// Tokens of the whole tile grid (unpadded feature map + one newline per row).
    public var tokens: Int

    /// Creates a canvas description.
    /// - Parameters:
    ///   - size: the canvas size in pixels.
    ///   - image: the resized image's place on it.
    ///   - tokens: the grid's tokens.
    public init(size: PixelSize, image: PixelRect, tokens: Int) {
        self.width = size.width
        self.height = size.height
        self.image = image
        self.tokens = tokens
    }

    private enum CodingKeys: String, CodingKey { case width, height, image, tokens }

    /// Decodes the JSON form (`image` as an integer array).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        width = try container.decode(Int.self, forKey: .width)
        height = try container.decode(Int.self, forKey: .height)
        image = try container.decodeRectangle(forKey: .image)
        tokens = try container.decode(Int.self, forKey: .tokens)
    }

    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(image.array, forKey: .image)
        try container.encode(tokens, forKey: .tokens)
    }
}

extension KeyedDecodingContainer {
    /// A rectangle stored as `[x, y, width, height]`.
    fileprivate func decodeRectangle(forKey key: Key) throws -> PixelRect {
        let corners = try decode([Int].self, forKey: key)
        guard corners.count == 4 else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(key.stringValue) needs [x, y, width, height]")
        }
        return PixelRect(x: corners[0], y: corners[1], width: corners[2], height: corners[3])
    }
}

/// One `vlmprep plan` line: the image's path beside the fields of its ``ModelPlan`` (one flat JSON
/// object, DESIGN §6).
public struct PathPlan: Encodable, Sendable {
    /// The image file.
    public let path: String
    /// Its plan.
    public let plan: ModelPlan

    /// A line for a path and its plan.
    public init(path: String, plan: ModelPlan) {
        self.path = path
        self.plan = plan
    }

    private enum CodingKeys: String, CodingKey { case path }

    public func encode(to encoder: any Encoder) throws {
        try plan.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
    }
}
