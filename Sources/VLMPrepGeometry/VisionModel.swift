/// The vision-language models whose input layouts vlmprep plans (DESIGN §6 `--model`).
///
/// Raw values are the command-line names.
public enum VisionModel: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Gemma 3: 896x896 inputs, optional pan-and-scan crops.
    case gemma3
    /// Qwen2.5-VL: smart resize with 14-pixel patches (checkpoint bounds).
    case qwen25VL = "qwen2.5-vl"
    /// Qwen3-VL: smart resize with 16-pixel patches (checkpoint bounds).
    case qwen3VL = "qwen3-vl"
    /// LLaVA-OneVision: `anyres_max_9` base image plus 384-pixel tiles.
    case llavaOneVision = "llava-onevision"
    /// InternVL 2.5 / 3: dynamic 448-pixel tiles plus a thumbnail.
    case internVL = "internvl"

    /// The command-line name.
    public var description: String { rawValue }

    /// Parses a command-line model name.
    /// - Parameter name: one of `gemma3`, `qwen2.5-vl`, `qwen3-vl`, `llava-onevision`, `internvl`.
    /// - Throws: ``GeometryError``:
    ///   `Expected one of: gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl for model but received "x"`.
    public init(parsing name: String) throws(GeometryError) {
        guard let model = VisionModel(rawValue: name) else {
            throw .invalidParameter(expected: InvalidParameter.oneOf(Self.allCases), name: "model", received: "\"\(name)\"")
        }
        self = model
    }

    /// Whether the model's input size comes from ``SmartResize`` (so `minPixels` / `maxPixels` apply).
    public var usesSmartResize: Bool { self == .qwen25VL || self == .qwen3VL }
}
