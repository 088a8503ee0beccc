import VLMPrepGeometry

/// `expand-boxes` (DESIGN §3.2): every box grows by `max(fraction * side, minPixels)` per side,
/// then to `minSide`, then is clamped to the image. Invalid or outside boxes are dropped and
/// reported. Options: `fraction` (default 0.10), `minPixels` (default 8), `minSide` (default 0).
public struct ExpandBoxesPlugin: Plugin {
    public static let name = "expand-boxes"
    /// The geometry operator.
    public let operation: ExpandBoxes

    public init(options: PluginOptions) throws {
        var reader = options
        let fraction = try reader.double("fraction", default: 0.10, in: ExpandBoxes.fractionRange)
        let minPixels = try reader.double("minPixels", default: 8, in: ExpandBoxes.minPixelsRange)
        let minSide = try reader.double("minSide", default: 0, in: ExpandBoxes.minSideRange)
        try reader.finish()
        do { operation = try ExpandBoxes(fraction: fraction, minPixels: minPixels, minSide: minSide) } catch { throw reader.wrap(error) }
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        for image in item.regions.indices {
            let regions = item.regions[image]
            let result = operation.apply(to: regions.map(\.geometryRegion), in: item.sourceSize(image))
            item.regions[image] = zip(result.regions, result.indices).map { region, index in
                PreparedRegion(box: region.box, labels: regions[index].labels, score: regions[index].score)
            }
            item.droppedRegions += result.dropped.map {
                DroppedRegionRecord(image: image, dropped: $0, labels: regions[$0.index].labels, step: Self.name)
            }
        }
    }
}
