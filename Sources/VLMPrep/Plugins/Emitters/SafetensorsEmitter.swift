import Foundation
import VLMPrepGeometry

/// `safetensors` emitter (DESIGN §4): the item's model tensors (from the model adapter step) as
/// `<role>/<stem>.safetensors`: `pixel_values` float32 plus the model's side tensors (int64), with
/// provenance in `__metadata__`: `id`, `model`, `frames` (JSON list of `{source, kind, rect}`),
/// `plans` (JSON of the per-frame plans), `vlmprep` (format version).
///
/// Options: none. Errors when no model adapter ran before it.
public struct SafetensorsEmitter: Plugin {
    public static let name = "safetensors"

    public init(options: PluginOptions) throws {
        try options.finish()
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        let output = try context.requireOutput(Self.name)
        let inputs = try item.modelInputs()
        let file = "\(context.roleFolder)/\(context.fileStem).safetensors"
        try output.write(SafetensorsWriter.encode(inputs.tensors, metadata: Self.metadata(item: item, inputs: inputs)), to: file)
        item.outputs[context.roleFolder, default: []].append(OutputRecord(file: file, frame: nil))
    }

    /// Provenance strings for `__metadata__`.
    static func metadata(item: PreparedItem, inputs: ModelInputs) -> [String: String] {
        let frames: JSONValue = .array(item.frames.map { frame in
            .object(["source": .number(Double(frame.source)), "kind": .string(frame.kind.rawValue),
                     "rect": .array(frame.rect.array.map { .number(Double($0)) })])
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plans = (try? encoder.encode(inputs.plans)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return ["id": item.item.id, "model": inputs.model.rawValue, "frames": frames.description,
                "plans": plans, "tokens": String(inputs.tokens), "vlmprep": "1"]
    }
}
