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
        let (builder, images) = try item.modelPixels()
        let layout = try builder.layout(for: images.map(\.size))
        let metadata = Self.metadata(item: item, layout: layout)
        let file = "\(context.roleFolder)/\(context.fileStem).safetensors"
        // pixel_values is streamed to the file: never whole in memory.
        try output.write(to: file) { try builder.writeSafetensors(images, layout: layout, metadata: metadata, to: $0) }
        item.outputs[context.roleFolder, default: []].append(OutputRecord(file: file, frame: nil))
    }

    /// Provenance strings for `__metadata__`.
    static func metadata(item: PreparedItem, layout: ModelTensorLayout) -> [String: String] {
        let frames: JSONValue = .array(item.frames.map { frame in
            .object(["source": .number(Double(frame.source)), "kind": .string(frame.kind.rawValue),
                     "rect": .array(frame.rect.array.map { .number(Double($0)) })])
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plans = (try? encoder.encode(layout.plans)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return ["id": item.item.id, "model": layout.model.rawValue, "frames": frames.description,
                "plans": plans, "tokens": String(layout.tokens), "vlmprep": "1"]
    }
}
