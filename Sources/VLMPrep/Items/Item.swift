import Foundation
import VLMPrepGeometry

/// One listing (DESIGN §2, §5): an id, its ordered gallery, optional text and detector regions.
///
/// Image paths are relative to the manifest's folder or absolute; ``resolvedImagePath(_:relativeTo:)``
/// resolves them.
public struct Item: Hashable, Sendable, Codable {
    /// The listing id (any string; sanitised before it names files).
    public var id: String
    /// Gallery image paths, in gallery order.
    public var images: [String]
    /// Listing title, if any (used by prompt templates as `{title}`).
    public var title: String?
    /// Listing category, if any (`{category}`).
    public var category: String?
    /// Detector regions, each on one gallery image.
    public var regions: [ItemRegion]

    /// Creates an item.
    public init(id: String, images: [String], title: String? = nil, category: String? = nil, regions: [ItemRegion] = []) {
        self.id = id
        self.images = images
        self.title = title
        self.category = category
        self.regions = regions
    }

    enum CodingKeys: String, CodingKey { case id, images, title, category, regions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.id) else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: container.codingPath, debugDescription: ""))
        }
        if let text = try? container.decode(String.self, forKey: .id) {
            id = text
        } else if let number = try? container.decode(Int64.self, forKey: .id) {
            id = String(number)   // numeric ids are common in marketplace exports
        } else {
            throw DecodingError.typeMismatch(String.self, .init(codingPath: container.codingPath + [CodingKeys.id], debugDescription: ""))
        }
        images = try container.decode([String].self, forKey: .images)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        category = try container.decodeIfPresent(String.self, forKey: .category)
        regions = try container.decodeIfPresent([ItemRegion].self, forKey: .regions) ?? []
    }

    /// An image path made absolute: relative paths are taken from `directory` (the manifest's folder).
    public static func resolvedImagePath(_ path: String, relativeTo directory: URL) -> String {
        path.hasPrefix("/") ? path : directory.appendingPathComponent(path).standardizedFileURL.path
    }
}

/// A region of one gallery image: a box in upright source pixels, or raw detector text in a
/// model's coordinate space (DESIGN §5).
public struct ItemRegion: Hashable, Sendable, Codable {
    /// Where the region's coordinates come from.
    public enum Source: Hashable, Sendable {
        /// `[x1, y1, x2, y2]` in upright source pixels.
        case box(Box)
        /// Qwen2.5-VL grounding text: boxes in the model's smart-resized input pixels.
        case qwen25VL(String)
        /// Qwen3-VL grounding text: boxes on a 0–1000 relative grid.
        case qwen3VL(String)
    }

    /// Index of the gallery image (0-based).
    public var image: Int
    /// The coordinates.
    public var source: Source
    /// Optional label (e.g. `"barcode"`).
    public var label: String?
    /// Optional detector score.
    public var score: Double?

    /// Creates a region.
    public init(image: Int, source: Source, label: String? = nil, score: Double? = nil) {
        self.image = image
        self.source = source
        self.label = label
        self.score = score
    }

    enum CodingKeys: String, CodingKey { case image, box, label, score, qwen25vl, qwen3vl }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decode(Int.self, forKey: .image)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        score = try container.decodeIfPresent(Double.self, forKey: .score)
        if let corners = try container.decodeIfPresent([Double?].self, forKey: .box) {
            // null corners (NaN written by some tools) become NaN: dropped and reported later.
            let values = corners.map { $0 ?? .nan }
            guard let box = Box(values) else {
                throw DecodingError.dataCorruptedError(forKey: .box, in: container, debugDescription: "a box has 4 numbers [x1, y1, x2, y2], got \(values.count)")
            }
            source = .box(box)
        } else if let text = try container.decodeIfPresent(String.self, forKey: .qwen25vl) {
            source = .qwen25VL(text)
        } else if let text = try container.decodeIfPresent(String.self, forKey: .qwen3vl) {
            source = .qwen3VL(text)
        } else {
            throw DecodingError.keyNotFound(CodingKeys.box, .init(codingPath: container.codingPath, debugDescription: "a region needs \"box\", \"qwen25vl\" or \"qwen3vl\""))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(image, forKey: .image)
        switch source {
        case .box(let box): try container.encode(box.array, forKey: .box)
        case .qwen25VL(let text): try container.encode(text, forKey: .qwen25vl)
        case .qwen3VL(let text): try container.encode(text, forKey: .qwen3vl)
        }
        try container.encodeIfPresent(label, forKey: .label)
        try container.encodeIfPresent(score, forKey: .score)
    }
}

/// A line of an items manifest that could not be read.
public struct ItemError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line number in the manifest.
    public let line: Int
    /// The item id when it could be read.
    public let id: String?
    /// Why the line was rejected.
    public let message: String

    /// Creates an error for a manifest line.
    public init(line: Int, id: String? = nil, message: String) {
        self.line = line
        self.id = id
        self.message = message
    }

    /// `"line 12: <message>"`.
    public var description: String { "line \(line): \(message)" }
}

/// Parses manifest lines into items.
public enum ItemParser {
    /// Parses one JSONL line (1-based `line` for messages).
    /// - Throws: ``ItemError`` naming the line and what is wrong (invalid JSON, missing field, wrong type).
    public static func parse(_ text: String, line: Int) throws(ItemError) -> Item {
        let data = Data(text.utf8)
        do {
            let item = try JSONDecoder().decode(Item.self, from: data)
            guard !item.images.isEmpty else { throw ItemError(line: line, id: item.id, message: "item has no images") }
            for region in item.regions where !item.images.indices.contains(region.image) {
                throw ItemError(line: line, id: item.id, message: "region image index \(region.image) is outside the gallery (0..<\(item.images.count))")
            }
            return item
        } catch let error as ItemError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            // Foundation's own text ("No value associated with key CodingKeys(...)") says nothing more.
            let detail = context.debugDescription.isEmpty || context.debugDescription.hasPrefix("No value associated") ? "" : "; \(context.debugDescription)"
            throw ItemError(line: line, message: "missing field \"\(key.stringValue)\"\(path(context.codingPath))\(detail)")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ItemError(line: line, message: "wrong type at \(path(context.codingPath, prefix: ""))\(expectation(context.codingPath))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw ItemError(line: line, message: "null at \(path(context.codingPath, prefix: ""))\(expectation(context.codingPath))")
        } catch let DecodingError.dataCorrupted(context) {
            if context.codingPath.isEmpty {
                throw ItemError(line: line, message: "invalid JSON")
            }
            throw ItemError(line: line, message: "\(context.debugDescription) at \(path(context.codingPath, prefix: ""))")
        } catch {
            throw ItemError(line: line, message: "invalid item: \(error)")
        }
    }

    /// `": expected <what>"` for a field of the manifest format (DESIGN §5), by its position.
    private static func expectation(_ keys: [any CodingKey]) -> String {
        let names = keys.map { $0.intValue == nil ? $0.stringValue : "[]" }
        let what: String? = switch names {
        case []: "a JSON object"
        case ["id"]: "a string or an integer"
        case ["images"]: "a list of image paths"
        case ["images", "[]"]: "an image path (a string)"
        case ["title"], ["category"]: "a string"
        case ["regions"]: "a list of regions"
        case ["regions", "[]"]: "a region object"
        case ["regions", "[]", "image"]: "an integer gallery index"
        case ["regions", "[]", "box"]: "[x1, y1, x2, y2]"
        case ["regions", "[]", "box", "[]"]: "a number"
        case ["regions", "[]", "label"], ["regions", "[]", "qwen25vl"], ["regions", "[]", "qwen3vl"]: "a string"
        case ["regions", "[]", "score"]: "a number"
        default: nil
        }
        return what.map { ": expected \($0)" } ?? ""
    }

    private static func path(_ keys: [any CodingKey], prefix: String = " in ") -> String {
        guard !keys.isEmpty else { return prefix.isEmpty ? "the top level" : "" }
        return prefix + keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
