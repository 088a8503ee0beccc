import VLMPrepGeometry

/// `merge-boxes` (DESIGN §3.3): boxes whose gaps along x and y are both `<= gap` pixels merge
/// into their union, until no two are connected; output sorted by `(y1, x1)`, labels kept in
/// input order. Options: `gap` (pixels, default 0).
public struct MergeBoxesPlugin: Plugin {
    public static let name = "merge-boxes"
    /// The geometry operator.
    public let operation: MergeBoxes

    public init(options: PluginOptions) throws {
        var reader = options
        let gap = try reader.double("gap", default: 0, in: MergeBoxes.gapRange)
        try reader.finish()
        do { operation = try MergeBoxes(gap: gap) } catch { throw reader.wrap(error) }
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        for image in item.regions.indices {
            let regions = item.regions[image]
            let result = operation.apply(to: regions.map(\.geometryRegion))
            item.regions[image] = result.merged.map { merged in
                PreparedRegion(box: merged.box,
                               labels: merged.members.flatMap { regions[$0].labels },
                               score: merged.members.compactMap { regions[$0].score }.max())
            }
            item.droppedRegions += result.dropped.map {
                DroppedRegionRecord(image: image, dropped: $0, labels: regions[$0.index].labels, step: Self.name)
            }
        }
    }
}
