import VLMPrepGeometry

/// `regions`: turns the item's detector regions into boxes in upright source pixels
/// (DESIGN §5): plain `box`es as given; Qwen2.5-VL grounding text mapped back through the
/// checkpoint smart resize of that image; Qwen3-VL 0–1000 text scaled to the image. Boxes the
/// text parser cannot use, and texts without any JSON boxes (`no-boxes-in-text`), are reported in
/// `droppedRegions` (boxes clipped to the image are kept).
///
/// Options: `minScore` (0...1, default 0: keep all) drops regions whose score is lower.
/// Loads the gallery first when no `load` step ran.
public struct RegionsPlugin: Plugin {
    public static let name = "regions"
    /// `droppedRegions` reason for grounding text without any JSON boxes.
    public static let noBoxesInText = "no-boxes-in-text"
    /// Minimum detector score to keep a region.
    public let minScore: Double

    public init(options: PluginOptions) throws {
        var reader = options
        minScore = try reader.double("minScore", default: 0, in: 0...1)
        try reader.finish()
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        try LoadPlugin(policy: .default).run(&item, context: context)
        var regions = Array(repeating: [PreparedRegion](), count: item.sources.count)
        for region in item.item.regions {
            let size = item.sourceSize(region.image)
            if let score = region.score, score < minScore {
                var box: [Double]?
                if case .box(let given) = region.source { box = given.array }
                item.droppedRegions.append(DroppedRegionRecord(image: region.image, box: box, label: region.label, reason: "score-below-minimum", step: Self.name))
                continue
            }
            switch region.source {
            case .box(let box):
                regions[region.image].append(PreparedRegion(box: box, labels: region.label.map { [$0] } ?? [], score: region.score))
            case .qwen25VL(let text):
                try appendGrounded(text, space: try GroundingSpace.qwen25VL(image: size), region: region, size: size, into: &regions, item: &item)
            case .qwen3VL(let text):
                try appendGrounded(text, space: .qwen3VL, region: region, size: size, into: &regions, item: &item)
            }
        }
        item.regions = regions
    }

    private func appendGrounded(_ text: String, space: GroundingSpace, region: ItemRegion, size: PixelSize,
                                into regions: inout [[PreparedRegion]], item: inout PreparedItem) throws {
        let result: GroundingResult
        do {
            result = try space.sourceRegions(parsing: text, image: size)
        } catch {
            // An answer without JSON boxes ("I see no barcode.") is a detector's bad output: a
            // reported drop, not a failed listing.
            item.droppedRegions.append(DroppedRegionRecord(image: region.image, box: nil, label: region.label,
                                                           reason: Self.noBoxesInText, step: Self.name))
            return
        }
        for found in result.regions {
            let labels = (found.label ?? region.label).map { [$0] } ?? []
            regions[region.image].append(PreparedRegion(box: found.box, labels: labels, score: found.score ?? region.score))
        }
        for report in result.reports where report.issue != .clipped {   // clipped boxes are kept
            item.droppedRegions.append(DroppedRegionRecord(image: region.image, box: report.box?.array, label: report.label,
                                                           reason: report.issue.rawValue, step: Self.name))
        }
    }
}
