import VLMPrepGeometry
import VLMPrepVips

/// `pan-and-scan` (DESIGN §3.6): Gemma 3's crop layout on each frame; the crops (kind
/// `pan-and-scan`, cut from the frame's own pixels) follow the frame they came from, so the
/// original stays first. Options: `minCropSize` (default 256), `maxCrops` (default 4),
/// `minRatioToActivate` (default 1.2).
public struct PanAndScanPlugin: Plugin {
    public static let name = "pan-and-scan"
    /// The layout.
    public let layout: PanAndScan

    public init(options: PluginOptions) throws {
        var reader = options
        let minCropSize = try reader.int("minCropSize", default: 256, in: PanAndScan.minCropSizeRange)
        let maxCrops = try reader.int("maxCrops", default: 4, in: PanAndScan.maxCropsRange)
        let ratio = try reader.double("minRatioToActivate", default: 1.2, in: PanAndScan.minRatioToActivateRange)
        try reader.finish()
        do { layout = try PanAndScan(minCropSize: minCropSize, maxCrops: maxCrops, minRatioToActivate: ratio) } catch { throw reader.wrap(error) }
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        try item.flatMapFrames { frame in
            try [frame] + derivedFrames(of: frame, rects: layout.crops(for: frame.image.size), kind: .panAndScan)
        }
    }
}

/// Frames cut from `frame` at `rects` (in the frame's own pixels), with provenance mapped back to
/// the gallery image.
func derivedFrames(of frame: Frame, rects: [PixelRect], kind: Frame.Kind) throws -> [Frame] {
    try rects.map { rect in
        Frame(image: try frame.image.extractArea(rect),
              source: frame.source,
              rect: PixelRect(x: frame.rect.x + rect.x, y: frame.rect.y + rect.y, width: rect.width, height: rect.height),
              kind: kind, labels: frame.labels)
    }
}
