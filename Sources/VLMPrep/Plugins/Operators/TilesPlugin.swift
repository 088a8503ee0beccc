import VLMPrepGeometry
import VLMPrepVips

/// `tiles` (DESIGN §3.7): cuts each frame into `size x size` tiles at native pixel density, with
/// overlap fraction `overlap`; the last row and column shift inward to stay inside the image.
/// Tiles follow the frame they came from. Options: `size` (default 896), `overlap` (default 0),
/// `replace` (default false: keep the frame itself before its tiles).
public struct TilesPlugin: Plugin {
    public static let name = "tiles"
    /// The layout.
    public let layout: Tiles
    /// Whether tiled frames are replaced by their tiles.
    public let replace: Bool

    public init(options: PluginOptions) throws {
        var reader = options
        let size = try reader.int("size", default: 896, in: Tiles.sizeRange)
        let overlap = try reader.double("overlap", default: 0, in: Tiles.overlapRange)
        replace = try reader.bool("replace", default: false)
        try reader.finish()
        do { layout = try Tiles(size: size, overlap: overlap) } catch { throw reader.wrap(error) }
    }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        try item.flatMapFrames { frame in
            let tiles = try derivedFrames(of: frame, rects: layout.tiles(for: frame.image.size), kind: .tile)
            return replace ? tiles : [frame] + tiles
        }
    }
}
