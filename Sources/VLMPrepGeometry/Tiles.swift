/// Generic native-resolution tiles (DESIGN §3.7 `tiles`): cuts an image into `size x size` tiles at
/// its own pixel density, for fixed-input models that must read small print without downscaling.
///
/// Per axis of extent `E`: the step between tiles is `stride = size - floor(overlap * size)`
/// (at least 1 because `overlap < 1`). If `E <= size` there is one tile covering the whole axis.
/// Otherwise there are `n = ceil((E - size) / stride) + 1` tiles at `0, stride, 2 * stride, …`, and
/// the last one is shifted inward to `E - size` so it ends at the image edge (it then overlaps its
/// neighbour by more than `overlap`). Tiles are listed row-major.
///
/// **Images smaller than a tile** (an axis with `E < size`): the tile is clamped to the image on that
/// axis, so it is narrower than `size` there. Tiles never leave the image and need no fill; the model
/// adapter resizes them like any other frame.
///
/// Example: `size` 512, `overlap` 0 on 1200x600 → columns at x = 0, 512, 688 (shifted inward from
/// 1024), rows at y = 0, 88 (shifted from 512): 6 tiles, all 512x512.
public struct Tiles: Hashable, Sendable {
    /// Valid values of ``size``, in pixels.
    public static let sizeRange: ClosedRange<Int> = 1...100_000
    /// Valid values of ``overlap`` (a fraction of ``size``).
    public static let overlapRange: ClosedRange<Double> = 0.0...0.9

    /// Side of a tile, in pixels.
    public let size: Int
    /// Overlap between neighbouring tiles as a fraction of ``size`` (before the last-tile shift).
    public let overlap: Double

    /// Creates the layout.
    /// - Parameters:
    ///   - size: tile side in pixels, in ``sizeRange``; default 896 (Gemma 3's input size).
    ///   - overlap: overlap fraction, in ``overlapRange``; default 0.
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form naming the first bad option.
    public init(size: Int = 896, overlap: Double = 0) throws(GeometryError) {
        try requireInteger(size, in: Self.sizeRange, name: "size")
        try requireNumber(overlap, in: Self.overlapRange, name: "overlap")
        self.size = size
        self.overlap = overlap
    }

    /// The step between tile origins, in pixels: `size - floor(overlap * size)`, at least 1.
    public var stride: Int { size - Int((overlap * Double(size)).rounded(.down)) }

    /// The tiles of an image, row-major, in its pixels.
    /// - Parameter image: the upright image size.
    /// - Returns: tiles inside the image, `size x size` except on an axis shorter than `size`.
    /// - Precondition: `image` is not empty (a programmer error).
    public func tiles(for image: PixelSize) -> [PixelRect] {
        precondition(!image.isEmpty, "Tiles on an empty image size \(image)")
        let columns = origins(extent: image.width), rows = origins(extent: image.height)
        let width = min(size, image.width), height = min(size, image.height)
        return rows.flatMap { y in columns.map { x in PixelRect(x: x, y: y, width: width, height: height) } }
    }

    /// How many tile columns and rows an image gets.
    /// - Precondition: `image` is not empty (a programmer error).
    public func grid(for image: PixelSize) -> TileGrid {
        precondition(!image.isEmpty, "Tiles on an empty image size \(image)")
        return TileGrid(columns: origins(extent: image.width).count, rows: origins(extent: image.height).count)
    }

    /// Tile origins along one axis, the last shifted inward to end at the edge.
    private func origins(extent: Int) -> [Int] {
        guard extent > size else { return [0] }
        let count = (extent - size + stride - 1) / stride + 1
        return (0..<count).map { min($0 * stride, extent - size) }
    }
}

/// A grid of tiles: `columns x rows`.
public struct TileGrid: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Tiles across.
    public var columns: Int
    /// Tiles down.
    public var rows: Int

    /// Creates a grid.
    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// `columns * rows`.
    public var count: Int { columns * rows }

    /// `"<columns>x<rows>"`.
    public var description: String { "\(columns)x\(rows)" }

    /// The `cellWidth x cellHeight` cells of the grid, row-major, with the grid's top-left corner at
    /// `origin` (what the reference layouts cut from their resized or padded canvases).
    public func cells(width cellWidth: Int, height cellHeight: Int, origin: (x: Int, y: Int) = (0, 0)) -> [PixelRect] {
        (0..<rows).flatMap { row in
            (0..<columns).map { column in
                PixelRect(x: origin.x + column * cellWidth, y: origin.y + row * cellHeight, width: cellWidth, height: cellHeight)
            }
        }
    }
}
