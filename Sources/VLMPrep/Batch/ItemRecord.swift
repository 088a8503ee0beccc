import Foundation
import VLMPrepGeometry

/// One line of the output manifest `OUT/items.jsonl` (DESIGN §5).
public struct ItemRecord: Codable, Sendable, Hashable {
    /// One frame: kept frames first (in prepared order), then dropped duplicates.
    public struct FrameRecord: Codable, Sendable, Hashable {
        /// The file written for it (first emitter that wrote per-frame files), if any.
        public var file: String?
        /// Gallery image index.
        public var source: Int
        /// `original`, `crop`, `tile`, `pan-and-scan`, `thumbnail`.
        public var kind: String
        /// `[x, y, width, height]` in the source's upright pixels.
        public var rect: [Int]
        /// pHash as 16 hex digits, when hashed.
        public var phash: String?
        /// For a dropped duplicate: index (in this list) of the kept frame it duplicates.
        public var duplicateOf: Int?
        /// For a dropped duplicate: Hamming distance to that frame.
        public var distance: Int?
        /// Labels of the regions the frame was cut for.
        public var labels: [String]?
    }

    /// Where an item failed.
    public struct Failure: Codable, Sendable, Hashable {
        /// The step (`load`, `square-crop`, ... or `manifest` for unreadable lines).
        public var stage: String
        /// The gallery image index, when one image caused it.
        public var image: Int?
        /// The image path, when one image caused it.
        public var path: String?
        /// The reason.
        public var message: String

        /// Creates a failure record.
        public init(stage: String, image: Int? = nil, path: String? = nil, message: String) {
            self.stage = stage
            self.image = image
            self.path = path
            self.message = message
        }
    }

    /// The item id (or `null` when the manifest line could not be read).
    public var id: String?
    /// `ok` or `error`.
    public var status: String
    /// Why the item failed (status `error`).
    public var error: Failure?
    /// Manifest line number (1-based) the item came from.
    public var line: Int?
    /// Frames, kept then dropped.
    public var frames: [FrameRecord]?
    /// Regions dropped on the way, with reasons.
    public var droppedRegions: [DroppedRegionRecord]?
    /// Files written per role (`annotation`, `inference`).
    public var outputs: [String: [String]]?
    /// LLM tokens of the model inputs, when a model adapter ran.
    public var tokens: Int?

    /// The record of a prepared item.
    init(prepared item: PreparedItem, line: Int) {
        id = item.item.id
        status = "ok"
        self.line = line
        var fileOfFrame: [Int: String] = [:]
        for role in Recipe.roles.reversed() {   // prefer annotation's file when both wrote one
            for record in item.outputs[role] ?? [] {
                if let frame = record.frame { fileOfFrame[frame] = record.file }
            }
        }
        var frames = item.frames.enumerated().map { index, frame in
            FrameRecord(file: fileOfFrame[index], source: frame.source, kind: frame.kind.rawValue, rect: frame.rect.array,
                        phash: frame.perceptualHash?.description, duplicateOf: nil, distance: nil,
                        labels: frame.labels.isEmpty ? nil : frame.labels)
        }
        frames += item.duplicates.map { dropped in
            FrameRecord(file: nil, source: dropped.frame.source, kind: dropped.frame.kind.rawValue, rect: dropped.frame.rect.array,
                        phash: dropped.frame.perceptualHash?.description, duplicateOf: dropped.duplicateOf, distance: dropped.distance,
                        labels: dropped.frame.labels.isEmpty ? nil : dropped.frame.labels)
        }
        self.frames = frames
        droppedRegions = item.droppedRegions
        var outputs: [String: [String]] = [:]
        for (role, records) in item.outputs {
            var seen = Set<String>()
            outputs[role] = records.map(\.file).filter { seen.insert($0).inserted }
        }
        self.outputs = outputs.isEmpty ? nil : outputs
        tokens = item.modelTokens()
    }

    /// The record of a failed item.
    init(id: String?, line: Int, failure: Failure) {
        self.id = id
        status = "error"
        error = failure
        self.line = line
    }

    /// The JSON line (keys sorted, no slashes escaped).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
