import Foundation

/// One object a grounding model named, still in the model's coordinates (`reference/models.md` §7).
public struct GroundingObject: Hashable, Sendable {
    /// Position in the model's list (0-based), used to report problems.
    public var index: Int
    /// `bbox_2d` as written, `[x1, y1, x2, y2]` in model coordinates (corners may be reversed); nil
    /// when absent or not four numbers.
    public var box: Box?
    /// `point_2d` as written, in model coordinates; nil when absent or not two numbers.
    public var point: ImagePoint?
    /// `label`, when it is a string.
    public var label: String?

    /// Creates an object.
    /// - Parameters:
    ///   - index: its 0-based position in the model's list.
    ///   - box: `bbox_2d`, if present.
    ///   - point: `point_2d`, if present.
    ///   - label: `label`, if present.
    public init(index: Int, box: Box?, point: ImagePoint? = nil, label: String?) {
        self.index = index
        self.box = box
        self.label = label
        self.point = point
    }
}

/// Reads Qwen grounding answers: a JSON list of `{"bbox_2d": [x1, y1, x2, y2], "label": "…"}`
/// (points: `"point_2d": [x, y]`), as the model writes them.
///
/// Tolerated: a ```` ```json ```` fence (or a plain ```` ``` ```` one, also unterminated) — only its
/// content is read; prose before and after the JSON; a single object instead of a list, or several
/// objects not wrapped in a list; trailing commas, single quotes and other JSON5 forms; missing
/// labels; a list cut off by the token limit (complete objects are kept). Numbers written as strings
/// (`"12"`) are read as numbers.
public enum GroundingText {
    /// Parses a model answer into objects in model coordinates.
    /// - Parameter text: the model's full answer.
    /// - Returns: one object per JSON object in the list, in order; an empty list (`[]`) gives none.
    ///   Entries that are not objects still get an index (with no box, no point and no label), so
    ///   indices match the model's list.
    /// - Throws: ``GeometryError`` when the text holds no JSON list or object:
    ///   `no JSON boxes in the model output: "…"` (the first 80 characters).
    public static func parse(_ text: String) throws(GeometryError) -> [GroundingObject] {
        // Try from each opening bracket in turn, so bracketed prose before the JSON ("[see below]")
        // or a list broken by a missing comma (then its objects are read one by one) still parses.
        var rest = fencedContent(of: text) ?? Substring(text)
        var found: JSONValue?
        while found == nil, let start = rest.firstIndex(where: { $0 == "[" || $0 == "{" }) {
            found = JSONSpan.extract(from: rest[start...]).flatMap(decode).flatMap { $0.isObjectOrListOfObjects ? $0 : nil }
            rest = rest[rest.index(after: start)...]
        }
        guard let value = found else {
            throw GeometryError("no JSON boxes in the model output: \"\(text.prefix(80))\"")
        }
        let entries: [JSONValue]
        switch value {
        case .array(let list): entries = list
        default: entries = [value]
        }
        return entries.enumerated().map { index, entry in
            guard case .object(let fields) = entry else { return GroundingObject(index: index, box: nil, label: nil) }
            let box = numbers(fields["bbox_2d"], count: 4).flatMap(Box.init)
            let point = numbers(fields["point_2d"], count: 2).map { ImagePoint(x: $0[0], y: $0[1]) }
            var label: String?
            if case .string(let text) = fields["label"] { label = text }
            return GroundingObject(index: index, box: box, point: point, label: label)
        }
    }

    /// The content of the first ```` ``` ```` fence (after its language tag), or nil without a fence.
    static func fencedContent(of text: String) -> Substring? {
        guard let open = text.range(of: "```") else { return nil }
        let afterTag = text[open.upperBound...].firstIndex(of: "\n").map { text.index(after: $0) } ?? open.upperBound
        let end = text[afterTag...].range(of: "```")?.lowerBound ?? text.endIndex
        return text[afterTag..<end]
    }

    private static func decode(_ json: String) -> JSONValue? {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return try? decoder.decode(JSONValue.self, from: Data(json.utf8))
    }

    /// Exactly `count` numbers (or numeric strings), else nil.
    private static func numbers(_ value: JSONValue?, count: Int) -> [Double]? {
        guard case .array(let items)? = value, items.count == count else { return nil }
        let values = items.compactMap { item -> Double? in
            switch item {
            case .number(let number): number
            case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
            default: nil
            }
        }
        return values.count == count ? values : nil
    }
}

/// A JSON value as JSON5 decoding yields it (pure Swift; no `NSNumber` bridging questions).
enum JSONValue: Decodable, Hashable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    /// An object, an empty list, or a list with at least one object: what a grounding answer is
    /// (so bracketed prose such as `[1]` is skipped).
    var isObjectOrListOfObjects: Bool {
        switch self {
        case .object: true
        case .array(let items): items.isEmpty || items.contains { if case .object = $0 { true } else { false } }
        default: false
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

/// Finds the JSON in a model answer by matching brackets (strings and escapes respected).
enum JSONSpan {
    /// The JSON text to decode: the first top-level `[…]` span; or, when the first span is an object,
    /// every top-level `{…}` span wrapped in a list. A list cut off before its end keeps the objects
    /// completed so far. Nil when there is no bracket at all.
    static func extract(from text: Substring) -> String? {
        var spans: [Substring] = []
        var index = text.startIndex
        while let start = text[index...].firstIndex(where: { $0 == "[" || $0 == "{" }) {
            let (end, lastObjectEnd) = scan(text, from: start)
            if text[start] == "[" {
                guard spans.isEmpty else { break }
                if let end { return String(text[start...end]) }
                // Cut off: keep the objects completed at depth 1.
                guard let lastObjectEnd else { return "[]" }
                return String(text[start...lastObjectEnd]) + "]"
            }
            guard let end else { break }
            spans.append(text[start...end])
            index = text.index(after: end)
        }
        return spans.isEmpty ? nil : "[" + spans.joined(separator: ",") + "]"
    }

    /// From an opening bracket: the index of its matching close (nil if the text ends first), and
    /// the last `}` that closed an object directly inside it.
    private static func scan(_ text: Substring, from start: Substring.Index) -> (end: Substring.Index?, lastObjectEnd: Substring.Index?) {
        var depth = 0
        var quote: Character?
        var escaped = false
        var lastObjectEnd: Substring.Index?
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
                if depth == 0 { return (index, lastObjectEnd) }
                if depth == 1 && character == "}" { lastObjectEnd = index }
            }
            index = text.index(after: index)
        }
        return (nil, lastObjectEnd)
    }
}
