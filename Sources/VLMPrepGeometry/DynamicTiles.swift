/// InternVL 2.5 / 3 dynamic tiling (DESIGN §3.7; `reference/models.md` §6), as transformers'
/// `GotOcr2ImageProcessor` with `crop_to_patches=True` (and OpenGVLab's `dynamic_preprocess`).
///
/// 1. Candidates: every grid `(columns, rows)` with `minTiles <= columns * rows <= maxTiles`,
///    listed columns-major (`(1,1), (1,2), …`) and stably sorted by `columns * rows`.
/// 2. With `aspect = W / H`, walk the candidates: `diff = |aspect - columns / rows|`; a smaller diff
///    takes the candidate; an exactly equal diff takes it when `W * H > 0.5 * S² * columns * rows`
///    (more tiles while the image covers more than half of the tile canvas). Start `(1, 1)`, diff ∞.
/// 3. The whole image is resized (aspect not kept, no padding) to `columns * S x rows * S` and cut
///    into `S x S` tiles, row-major.
/// 4. With more than one tile, a thumbnail (the whole image resized to `S x S`) follows the tiles.
///
/// Example: 700x800 (W x H), aspect 0.875: grids 1:1, 2:2, 3:3 and 3:4 tie (diff 0.125); the area
/// 560 000 exceeds half the 2x2 canvas (401 408) but not half the 3x3 one → `(2, 2)` plus a
/// thumbnail, 5 inputs.
public struct DynamicTiles: Hashable, Sendable {
    /// Valid values of ``tileSize``, in pixels.
    public static let tileSizeRange: ClosedRange<Int> = 1...4_096
    /// Valid values of ``minTiles`` and ``maxTiles``.
    public static let tileCountRange: ClosedRange<Int> = 1...64
    /// The InternVL model-card and transformers setting: 448-pixel tiles, 1 … 12 tiles, thumbnail.
    public static let internVL = DynamicTiles(validatedTileSize: 448, minTiles: 1, maxTiles: 12, thumbnail: true)

    /// Side of a tile, in pixels (`S`).
    public let tileSize: Int
    /// Fewest tiles of a grid.
    public let minTiles: Int
    /// Most tiles of a grid.
    public let maxTiles: Int
    /// Whether a thumbnail follows the tiles when there is more than one tile.
    public let thumbnail: Bool

    /// Creates a layout.
    /// - Parameters:
    ///   - tileSize: tile side in pixels, in ``tileSizeRange``; default 448.
    ///   - minTiles: fewest tiles, in ``tileCountRange``; default 1.
    ///   - maxTiles: most tiles, from `minTiles` to the top of ``tileCountRange``; default 12.
    ///   - thumbnail: append a thumbnail to multi-tile layouts; default true.
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form naming the first bad option.
    public init(tileSize: Int = 448, minTiles: Int = 1, maxTiles: Int = 12, thumbnail: Bool = true) throws(GeometryError) {
        try requireInteger(tileSize, in: Self.tileSizeRange, name: "tileSize")
        try requireInteger(minTiles, in: Self.tileCountRange, name: "minTiles")
        try requireInteger(maxTiles, in: minTiles...Self.tileCountRange.upperBound, name: "maxTiles")
        self.init(validatedTileSize: tileSize, minTiles: minTiles, maxTiles: maxTiles, thumbnail: thumbnail)
    }

    private init(validatedTileSize tileSize: Int, minTiles: Int, maxTiles: Int, thumbnail: Bool) {
        self.tileSize = tileSize
        self.minTiles = minTiles
        self.maxTiles = maxTiles
        self.thumbnail = thumbnail
        self.candidates = Self.candidates(minTiles: minTiles, maxTiles: maxTiles)
    }

    /// The candidate grids in the order they are tried (transformers' order), computed once.
    public let candidates: [TileGrid]

    private static func candidates(minTiles: Int, maxTiles: Int) -> [TileGrid] {
        let all = (1...maxTiles).flatMap { columns in
            (1...maxTiles).map { TileGrid(columns: columns, rows: $0) }
        }.filter { (minTiles...maxTiles).contains($0.count) }
        return all.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
    }

    /// The chosen grid for an image (steps 1–2).
    /// - Precondition: `image` is not empty (a programmer error).
    public func grid(for image: PixelSize) -> TileGrid {
        precondition(!image.isEmpty, "DynamicTiles on an empty image size \(image)")
        let aspect = Double(image.width) / Double(image.height)
        let area = Double(image.area)
        let tileArea = Double(tileSize * tileSize)
        var best = TileGrid(columns: 1, rows: 1)
        var bestDifference = Double.infinity
        for candidate in candidates {
            let difference = abs(aspect - Double(candidate.columns) / Double(candidate.rows))
            if difference < bestDifference {
                (best, bestDifference) = (candidate, difference)
            } else if difference == bestDifference && area > 0.5 * tileArea * Double(candidate.count) {
                best = candidate
            }
        }
        return best
    }

    /// The full layout of an image.
    /// - Parameter image: the upright image size.
    /// - Returns: grid, resized size, tiles and thumbnail flag.
    /// - Precondition: `image` is not empty (a programmer error).
    public func layout(for image: PixelSize) -> DynamicTilesLayout {
        let grid = grid(for: image)
        return DynamicTilesLayout(
            source: image, grid: grid, tileSize: tileSize,
            thumbnail: thumbnail && grid.count > 1)
    }
}

/// What ``DynamicTiles`` plans for one image.
public struct DynamicTilesLayout: Hashable, Sendable {
    /// The source image size.
    public var source: PixelSize
    /// The chosen grid.
    public var grid: TileGrid
    /// Side of a tile, in pixels.
    public var tileSize: Int
    /// Whether a thumbnail follows the tiles.
    public var thumbnail: Bool

    /// The size the whole image is resized to: `columns * S x rows * S`.
    public var resized: PixelSize { PixelSize(width: grid.columns * tileSize, height: grid.rows * tileSize) }
    /// Model inputs: tiles plus the thumbnail, if any (`num_patches`).
    public var inputCount: Int { grid.count + (thumbnail ? 1 : 0) }
    /// The tiles in the resized image, row-major.
    public var tiles: [PixelRect] { grid.cells(width: tileSize, height: tileSize) }

    /// The source pixels each tile shows, row-major: tile `(column, row)` covers
    /// `[column * W / columns, (column + 1) * W / columns)` (likewise y), rounded outward to whole
    /// pixels; exact when `W` and `H` divide evenly.
    public var sourceTiles: [PixelRect] {
        grid.cells(width: 1, height: 1).map { cell in
            let columns = Double(grid.columns), rows = Double(grid.rows)
            let width = Double(source.width), height = Double(source.height)
            return Box(x1: Double(cell.x) * width / columns, y1: Double(cell.y) * height / rows,
                       x2: Double(cell.maxX) * width / columns, y2: Double(cell.maxY) * height / rows).pixelRect
        }
    }
}
