import Foundation
import VLMPrepGeometry
import VLMPrepPixels
import VLMPrepVips

/// An item in the middle of a recipe: its gallery, regions per image, frames, and what the
/// emitters wrote. Plugins transform it in recipe order.
public struct PreparedItem: Sendable {
    /// The listing as read from the manifest.
    public var item: Item
    /// Absolute paths of the gallery images (resolved against the manifest's folder).
    public var imagePaths: [String]
    /// Loaded gallery images (upright sRGB), by gallery index; empty until the `load` step.
    public var sources: [Image]
    /// Regions per gallery image, boxes in upright source pixels; filled by the `regions` step.
    public var regions: [[PreparedRegion]]
    /// Regions that were dropped, with the gallery image and the reason.
    public var droppedRegions: [DroppedRegionRecord]
    /// The frames: originals in gallery order, then derived frames in the order produced.
    public var frames: [Frame]
    /// Frames removed as duplicates, with what they duplicate.
    public var duplicates: [DroppedFrame]
    /// The model chosen by a model adapter step (nil until one runs). Tensors are built from it
    /// only when an emitter needs them (``modelInputs()``).
    public var model: ModelTensorBuilder?
    /// What each emitter wrote, by role (`annotation`, `inference`).
    public var outputs: [String: [OutputRecord]]
    /// Lines for shared JSONL files (e.g. `annotation/requests.jsonl`), by relative path; the
    /// batch runner appends them after the item's files are complete, just before its manifest line.
    public var pendingLines: [String: [String]]

    /// Starts an item: paths resolved, nothing loaded yet.
    public init(item: Item, manifestDirectory: URL) {
        self.item = item
        self.imagePaths = item.images.map { Item.resolvedImagePath($0, relativeTo: manifestDirectory) }
        self.sources = []
        self.regions = Array(repeating: [], count: item.images.count)
        self.droppedRegions = []
        self.frames = []
        self.duplicates = []
        self.model = nil
        self.outputs = [:]
        self.pendingLines = [:]
    }

    /// Replaces each frame by what `transform` returns for it (the frame itself or its replacement
    /// first, then frames derived from it), keeping provenance of dropped duplicates: each
    /// `duplicateOf` then points at the new position of the frame it pointed at (or, when that
    /// frame was replaced, at the first frame of its replacement).
    public mutating func flatMapFrames(_ transform: (Frame) throws -> [Frame]) rethrows {
        var newFrames: [Frame] = []
        var newPosition: [Int] = []
        for frame in frames {
            newPosition.append(newFrames.count)
            newFrames += try transform(frame)
        }
        for index in duplicates.indices where newPosition.indices.contains(duplicates[index].duplicateOf) {
            duplicates[index].duplicateOf = newPosition[duplicates[index].duplicateOf]
        }
        frames = newFrames
    }

    /// The model tensors of the current frames.
    /// - Throws: ``OutputError/missingInput(_:)`` when no model adapter ran; planning and decoding errors.
    public func modelInputs() throws -> ModelInputs {
        let (builder, pixels) = try modelPixels()
        return try builder.build(pixels)
    }

    /// The chosen model's tensor builder and the current frames' pixels — for building the
    /// tensors or streaming them to a file (``ModelTensorBuilder/writeSafetensors(_:layout:metadata:to:)``).
    /// - Throws: ``OutputError/missingInput(_:)`` when no model adapter ran; decoding errors.
    public func modelPixels() throws -> (builder: ModelTensorBuilder, images: [PixelBuffer]) {
        guard let model else {
            throw OutputError.missingInput("no model tensors; put a model adapter step (gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl) in \"prepare\"")
        }
        var pixels: [PixelBuffer] = []
        for frame in frames { pixels.append(try frame.image.pixelBuffer()) }
        return (model, pixels)
    }

    /// LLM tokens of the current frames for the chosen model (nil without a model adapter).
    public func modelTokens() -> Int? {
        guard let model else { return nil }
        return try? frames.reduce(0) { $0 + (try model.planner.plan(for: $1.image.size)).tokens }
    }

    /// The size of gallery image `index`.
    /// - Precondition: the `load` step ran.
    public func sourceSize(_ index: Int) -> PixelSize {
        precondition(sources.indices.contains(index), "sourceSize(\(index)): the load step has not run")
        return sources[index].size
    }
}

/// A region of one gallery image during preparation: a box in upright source pixels and the
/// labels of every detector region merged into it (input order).
public struct PreparedRegion: Hashable, Sendable {
    /// The box, in upright source pixels.
    public var box: Box
    /// Labels of the regions it stands for (several after merging).
    public var labels: [String]
    /// Highest detector score among them, if any had one.
    public var score: Double?

    /// Creates a region.
    public init(box: Box, labels: [String] = [], score: Double? = nil) {
        self.box = box
        self.labels = labels
        self.score = score
    }

    /// The geometry operators' view (labels travel separately, by index).
    var geometryRegion: Region { Region(box: box, label: labels.first, score: score) }
}

/// A dropped region as reported in the output manifest (`droppedRegions`).
public struct DroppedRegionRecord: Hashable, Sendable, Codable {
    /// Gallery image index.
    public var image: Int
    /// The region as given (box in source pixels when known).
    public var box: [Double]?
    /// Its label, if any.
    public var label: String?
    /// Why it was dropped (`not-finite`, `empty-or-inverted`, `outside-image`, or a grounding issue).
    public var reason: String
    /// The step that dropped it (`regions`, `expand-boxes`, `merge-boxes`, `square-crop`).
    public var step: String

    /// A record for a region a geometry operator dropped.
    init(image: Int, dropped: DroppedRegion, labels: [String], step: String) {
        self.init(image: image, box: dropped.region.box.array, label: labels.isEmpty ? nil : labels.joined(separator: ","),
                  reason: dropped.problem.rawValue, step: step)
    }

    /// Creates a record.
    public init(image: Int, box: [Double]?, label: String?, reason: String, step: String) {
        self.image = image
        self.box = box
        self.label = label
        self.reason = reason
        self.step = step
    }

    enum CodingKeys: String, CodingKey { case image, box, label, reason, step }

    /// Non-finite corners (the `not-finite` drops) are written as `null`, as the manifest reads
    /// them: JSON has no NaN, and the encoder would otherwise reject the whole manifest line.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(image, forKey: .image)
        try container.encodeIfPresent(box.map { $0.map { $0.isFinite ? $0 : nil } }, forKey: .box)
        try container.encodeIfPresent(label, forKey: .label)
        try container.encode(reason, forKey: .reason)
        try container.encode(step, forKey: .step)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decode(Int.self, forKey: .image)
        box = try container.decodeIfPresent([Double?].self, forKey: .box).map { $0.map { $0 ?? .nan } }
        label = try container.decodeIfPresent(String.self, forKey: .label)
        reason = try container.decode(String.self, forKey: .reason)
        step = try container.decode(String.self, forKey: .step)
    }
}

/// One file (or request line) an emitter produced for a frame, as listed in the output manifest.
public struct OutputRecord: Hashable, Sendable, Codable {
    /// File name relative to the output folder.
    public var file: String
    /// Index of the frame in the prepared frames (nil for per-item files such as tensors).
    public var frame: Int?

    /// Creates a record.
    public init(file: String, frame: Int?) {
        self.file = file
        self.frame = frame
    }
}
