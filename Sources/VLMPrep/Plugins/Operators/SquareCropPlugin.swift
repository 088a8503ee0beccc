import VLMPrepGeometry
import VLMPrepVips

/// `square-crop` (DESIGN §3.4): the smallest enclosing square of each image's boxes (`mode`
/// `all`), or of each merged box (`each`), becomes a `crop` frame; overhang beyond the image is
/// filled with `fill`. Images without boxes get no crop. Options: `mode` (default `all`),
/// `minSide` (default 0), `fill` (default white), `replace` (default false: crops follow all
/// frames; true: an image's crops take the place of its original frame, images without crops keep
/// theirs — only the informative parts reach the model).
public struct SquareCropPlugin: Plugin {
    public static let name = "square-crop"
    /// The geometry operator.
    public let operation: EnclosingSquare
    /// Whether an image's crops replace its original frame.
    public let replace: Bool

    public init(options: PluginOptions) throws {
        var reader = options
        let mode = try reader.choice("mode", default: EnclosingSquare.Mode.all)
        let minSide = try reader.double("minSide", default: 0, in: EnclosingSquare.minSideRange)
        let fill = try reader.colour("fill", default: .white)
        replace = try reader.bool("replace", default: false)
        try reader.finish()
        do { operation = try EnclosingSquare(mode: mode, minSide: minSide, fill: fill) } catch { throw reader.wrap(error) }
    }

    /// A square-crop step with a given operator.
    public init(operation: EnclosingSquare, replace: Bool = false) {
        self.operation = operation
        self.replace = replace
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        var crops: [Int: [Frame]] = [:]
        for image in item.regions.indices {
            let regions = item.regions[image]
            let result = operation.apply(to: regions.map(\.geometryRegion), in: item.sourceSize(image))
            for square in result.squares {
                let pixels = try item.sources[image].extractArea(square, fill: operation.fill)
                let labels = operation.mode == .all ? regions.flatMap(\.labels) : labelsInside(square, regions)
                crops[image, default: []].append(Frame(image: pixels, source: image, rect: square, kind: .crop, labels: labels))
            }
            item.droppedRegions += result.dropped.map {
                DroppedRegionRecord(image: image, dropped: $0, labels: regions[$0.index].labels, step: Self.name)
            }
        }
        if replace {
            item.flatMapFrames { frame in frame.kind == .original ? crops[frame.source] ?? [frame] : [frame] }
        } else {
            for image in item.regions.indices { item.frames += crops[image] ?? [] }
        }
    }

    /// Labels of the regions inside a square (mode `each`).
    private func labelsInside(_ square: PixelRect, _ regions: [PreparedRegion]) -> [String] {
        let area = Box(square)
        return regions.filter { area.contains($0.box) }.flatMap(\.labels)
    }
}
