import Foundation
import VLMPrepGeometry

/// `openai-batch` emitter (DESIGN §4): one line per item in the OpenAI Batch API request form,
/// appended to `<role>/requests.jsonl`:
/// `{"custom_id": <id>, "method": "POST", "url": <url>, "body": {"model": <model>, "messages":
/// [{"role": "system", ...}?, {"role": "user", "content": [{"type": "text", "text": <prompt>},
/// {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,..."}}, ...]}],
/// "max_tokens": <n>?}}`. The same file runs on vLLM's batch runner.
///
/// Options: `model` (default `"gpt-4o-mini"`), `prompt` (template with `{title}`, `{category}`,
/// `{id}`; missing values become empty), `system` (optional system message), `url` (default
/// `/v1/chat/completions`), `maxTokens` (optional), `detail` (`auto` | `low` | `high`, optional),
/// and the ``FrameRendering`` options for the images.
public struct OpenAIBatchEmitter: Plugin {
    public static let name = "openai-batch"
    /// Default prompt template.
    public static let defaultPrompt = "Here are the photos of a marketplace listing. Title: {title}. Category: {category}. Describe the product and read any text, labels and numbers visible in the photos."
    /// Image detail choices.
    public enum Detail: String, CaseIterable, Sendable { case auto, low, high }

    public let model: String
    public let prompt: String
    public let system: String?
    public let url: String
    public let maxTokens: Int?
    public let detail: Detail?
    public let rendering: FrameRendering

    public init(options: PluginOptions) throws {
        var reader = options
        model = try reader.string("model", default: "gpt-4o-mini")
        prompt = try reader.string("prompt", default: Self.defaultPrompt)
        system = try reader.optionalString("system")
        url = try reader.string("url", default: "/v1/chat/completions")
        maxTokens = try reader.optionalInt("maxTokens", in: 1...1_000_000)
        detail = reader.has("detail") ? try reader.choice("detail", default: Detail.auto) : nil
        rendering = try FrameRendering(reading: &reader)
        try reader.finish()
    }

    /// The prompt with `{title}`, `{category}` and `{id}` filled in, in one pass: a title that
    /// itself contains `{id}` stays as written. Other braces are kept as they are.
    public func renderedPrompt(for item: Item) -> String {
        let values = ["{title}": item.title ?? "", "{category}": item.category ?? "", "{id}": item.id]
        var result = ""
        var rest = prompt[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            if let (placeholder, value) = values.first(where: { rest[open...].hasPrefix($0.key) }) {
                result += value
                rest = rest[rest.index(open, offsetBy: placeholder.count)...]
            } else {
                result += "{"
                rest = rest[rest.index(after: open)...]
            }
        }
        return result + rest
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        var content: [JSONValue] = [.object(["type": .string("text"), "text": .string(renderedPrompt(for: item.item))])]
        for frame in item.frames {
            let data = try rendering.encoded(frame, of: item)
            var imageURL: [String: JSONValue] = ["url": .string("data:\(rendering.encoding.format.mimeType);base64,\(data.base64EncodedString())")]
            if let detail { imageURL["detail"] = .string(detail.rawValue) }
            content.append(.object(["type": .string("image_url"), "image_url": .object(imageURL)]))
        }
        var messages: [JSONValue] = []
        if let system { messages.append(.object(["role": .string("system"), "content": .string(system)])) }
        messages.append(.object(["role": .string("user"), "content": .array(content)]))
        var body: [String: JSONValue] = ["model": .string(model), "messages": .array(messages)]
        if let maxTokens { body["max_tokens"] = .number(Double(maxTokens)) }
        let request: JSONValue = .object([
            "custom_id": .string(item.item.id), "method": .string("POST"), "url": .string(url), "body": .object(body),
        ])
        let file = "\(context.roleFolder)/requests.jsonl"
        item.pendingLines[file, default: []].append(request.description)
        item.outputs[context.roleFolder, default: []].append(OutputRecord(file: file, frame: nil))
    }
}
