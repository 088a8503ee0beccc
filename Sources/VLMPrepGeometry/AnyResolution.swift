/// LLaVA-OneVision `anyres_max_9` (DESIGN §3.7; `reference/models.md` §5), single image, as
/// transformers' `LlavaOnevisionImageProcessor` and `LlavaOnevisionProcessor` (4.57).
///
/// 1. **Best resolution**: over the pinpoints `(tileSize * a) x (tileSize * b)` for `a, b` in
///    `1...maxTilesPerSide` (heights-major list), `scale = min(Wc / W, Hc / H)`,
///    `effective = min(int(W * scale) * int(H * scale), W * H)`, `wasted = Wc * Hc - effective`; a
///    candidate wins with strictly more `effective`, or equal `effective` and strictly less `wasted`.
/// 2. **Resize for patching**: if `Wc / W < Hc / H`: `w = Wc`, `h = min(ceil(H * Wc / W), Hc)`; else
///    `h = Hc`, `w = min(ceil(W * Hc / H), Wc)` (ratios in doubles).
/// 3. **Pad** to the canvas `Wc x Hc` with black, centred: `top = (Hc - h) // 2`, the odd pixel at the
///    bottom; likewise left / right.
/// 4. Cut the canvas into `tileSize` tiles, row-major; a **base** image (the original resized to
///    `tileSize x tileSize`) comes first.
///
/// Tokens (`_get_unpadded_features`): with `ch, cw = featuresPerSide * rows, featuresPerSide * columns`,
/// remove the padding rows or columns using Python's `int(round(x, 7))`; then if
/// `ratio = sqrt(ch * cw / (maxPatches * featuresPerSide²)) > 1.1` the map is pooled to
/// `int(ch // ratio) x int(cw // ratio)` (Python float floor division); one newline token per row;
/// plus `featuresPerSide²` base tokens. Examples (W x H): 100x100 → 1485; 600x800 → 4744.
public struct AnyResolution: Hashable, Sendable {
    /// Valid values of ``tileSize``, in pixels.
    public static let tileSizeRange: ClosedRange<Int> = 1...4_096
    /// Valid values of ``maxTilesPerSide``.
    public static let maxTilesPerSideRange: ClosedRange<Int> = 1...16
    /// Valid values of ``featuresPerSide``.
    public static let featuresPerSideRange: ClosedRange<Int> = 1...256
    /// Valid values of ``maxPatches``.
    public static let maxPatchesRange: ClosedRange<Int> = 1...256
    /// llava-hf LLaVA-OneVision checkpoints: 384-pixel tiles, 1…6 per side, 27x27 = 729 features
    /// per tile (SigLIP 384 / 14), `anyres_max_9`.
    public static let llavaOneVision = AnyResolution(validatedTileSize: 384, maxTilesPerSide: 6, featuresPerSide: 27, maxPatches: 9)

    /// Side of a tile and of the base image, in pixels.
    public let tileSize: Int
    /// Most tiles along one side of the canvas (`image_grid_pinpoints` go up to this).
    public let maxTilesPerSide: Int
    /// Vision features along one side of a tile (`sqrt(num_image_tokens)`).
    public let featuresPerSide: Int
    /// The `N` of `anyres_max_N`: the unpadded feature map is pooled above about `N` tiles' worth.
    public let maxPatches: Int

    /// Creates a layout.
    /// - Parameters:
    ///   - tileSize: tile side in pixels, in ``tileSizeRange``; default 384.
    ///   - maxTilesPerSide: largest canvas side in tiles, in ``maxTilesPerSideRange``; default 6.
    ///   - featuresPerSide: features per tile side, in ``featuresPerSideRange``; default 27.
    ///   - maxPatches: the `anyres_max_N` value, in ``maxPatchesRange``; default 9.
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form naming the first bad option.
    public init(tileSize: Int = 384, maxTilesPerSide: Int = 6, featuresPerSide: Int = 27, maxPatches: Int = 9) throws(GeometryError) {
        try requireInteger(tileSize, in: Self.tileSizeRange, name: "tileSize")
        try requireInteger(maxTilesPerSide, in: Self.maxTilesPerSideRange, name: "maxTilesPerSide")
        try requireInteger(featuresPerSide, in: Self.featuresPerSideRange, name: "featuresPerSide")
        try requireInteger(maxPatches, in: Self.maxPatchesRange, name: "maxPatches")
        self.init(validatedTileSize: tileSize, maxTilesPerSide: maxTilesPerSide, featuresPerSide: featuresPerSide, maxPatches: maxPatches)
    }

    private init(validatedTileSize tileSize: Int, maxTilesPerSide: Int, featuresPerSide: Int, maxPatches: Int) {
        self.tileSize = tileSize
        self.maxTilesPerSide = maxTilesPerSide
        self.featuresPerSide = featuresPerSide
        self.maxPatches = maxPatches
    }

    /// The candidate canvases in the order they are tried: heights-major
    /// (`384x384, 768x384, …` as width x height; `image_grid_pinpoints` lists `[height, width]`).
    public var pinpoints: [PixelSize] {
        (1...maxTilesPerSide).flatMap { rows in
            (1...maxTilesPerSide).map { PixelSize(width: $0 * tileSize, height: rows * tileSize) }
        }
    }

    /// The canvas chosen for an image (`select_best_resolution`, step 1).
    /// - Precondition: `image` is not empty (a programmer error).
    public func bestResolution(for image: PixelSize) -> PixelSize {
        precondition(!image.isEmpty, "AnyResolution on an empty image size \(image)")
        let width = Double(image.width), height = Double(image.height)
        var best = pinpoints[0]
        var bestEffective = 0, bestWasted = Int.max
        for candidate in pinpoints {
            let scale = min(Double(candidate.width) / width, Double(candidate.height) / height)
            let effective = min(Int(width * scale) * Int(height * scale), image.area)
            let wasted = candidate.area - effective
            if effective > bestEffective || (effective == bestEffective && wasted < bestWasted) {
                (best, bestEffective, bestWasted) = (candidate, effective, wasted)
            }
        }
        return best
    }

    /// The full layout of an image: canvas, resized image and its place, tiles, tokens.
    /// - Parameter image: the upright image size.
    /// - Precondition: `image` is not empty (a programmer error).
    public func layout(for image: PixelSize) -> AnyResolutionLayout {
        let canvas = bestResolution(for: image)
        let scaleX = Double(canvas.width) / Double(image.width)
        let scaleY = Double(canvas.height) / Double(image.height)
        let resized = scaleX < scaleY
            ? PixelSize(width: canvas.width, height: min(Int((Double(image.height) * scaleX).rounded(.up)), canvas.height))
            : PixelSize(width: min(Int((Double(image.width) * scaleY).rounded(.up)), canvas.width), height: canvas.height)
        let placement = PixelRect(x: (canvas.width - resized.width) / 2, y: (canvas.height - resized.height) / 2,
                                  width: resized.width, height: resized.height)
        let grid = TileGrid(columns: canvas.width / tileSize, rows: canvas.height / tileSize)
        let (unpadded, newline) = gridTokens(for: image, grid: grid)
        return AnyResolutionLayout(
            source: image, canvas: canvas, placement: placement, grid: grid, tileSize: tileSize,
            baseTokens: featuresPerSide * featuresPerSide, unpaddedTokens: unpadded, newlineTokens: newline)
    }

    /// `_get_unpadded_features`: feature-map tokens after unpadding and pooling, and newline tokens.
    private func gridTokens(for image: PixelSize, grid: TileGrid) -> (unpadded: Int, newline: Int) {
        let width = Double(image.width), height = Double(image.height)
        var currentHeight = featuresPerSide * grid.rows
        var currentWidth = featuresPerSide * grid.columns
        if width / height > Double(currentWidth) / Double(currentHeight) {
            let newHeight = Int((height * (Double(currentWidth) / width)).roundedHalfToEven(decimalPlaces: 7))
            currentHeight -= 2 * (currentHeight - newHeight).floorDivided(by: 2)
        } else {
            let newWidth = Int((width * (Double(currentHeight) / height)).roundedHalfToEven(decimalPlaces: 7))
            currentWidth -= 2 * (currentWidth - newWidth).floorDivided(by: 2)
        }
        let ratio = (Double(currentHeight * currentWidth) / Double(maxPatches * featuresPerSide * featuresPerSide)).squareRoot()
        guard ratio > 1.1 else { return (currentHeight * currentWidth, currentHeight) }
        let pooledHeight = Int(Double(currentHeight).floorDivided(by: ratio))
        let pooledWidth = Int(Double(currentWidth).floorDivided(by: ratio))
        return (pooledHeight * pooledWidth, pooledHeight)
    }
}

/// What ``AnyResolution`` plans for one image.
public struct AnyResolutionLayout: Hashable, Sendable {
    /// The source image size.
    public var source: PixelSize
    /// The chosen canvas (best resolution), in pixels.
    public var canvas: PixelSize
    /// Where the resized image sits on the canvas: its size is the resize-for-patching size; the
    /// rest of the canvas is black padding.
    public var placement: PixelRect
    /// Tiles across and down the canvas.
    public var grid: TileGrid
    /// Side of a tile, in pixels.
    public var tileSize: Int
    /// Tokens of the base image (`featuresPerSide²`, 729).
    public var baseTokens: Int
    /// Tokens of the tile grid's feature map after unpadding (and pooling when large).
    public var unpaddedTokens: Int
    /// One newline token per feature row of the grid.
    public var newlineTokens: Int

    /// All LLM tokens for the image: base + unpadded + newline.
    public var tokens: Int { baseTokens + unpaddedTokens + newlineTokens }
    /// Model inputs: the base image plus the tiles.
    public var inputCount: Int { 1 + grid.count }
    /// The resize-for-patching size.
    public var resized: PixelSize { placement.size }
    /// Padding in canvas pixels: top, bottom, left, right.
    public var padding: (top: Int, bottom: Int, left: Int, right: Int) {
        (placement.y, canvas.height - placement.maxY, placement.x, canvas.width - placement.maxX)
    }
    /// The tiles on the canvas, row-major.
    public var tiles: [PixelRect] { grid.cells(width: tileSize, height: tileSize) }

    /// The source pixels each tile shows, row-major, approximately: a tile's canvas edges are mapped
    /// back through the placement (`x_source = (x_canvas - left) * W / w`) and rounded outward. Tiles
    /// that hold padding extend beyond the image by the padding's source-pixel equivalent (DESIGN
    /// §2: a padded frame's rectangle may extend beyond its image).
    public var sourceTiles: [PixelRect] {
        let scaleX = Double(source.width) / Double(placement.width)
        let scaleY = Double(source.height) / Double(placement.height)
        return tiles.map { tile in
            Box(x1: Double(tile.x - placement.x) * scaleX, y1: Double(tile.y - placement.y) * scaleY,
                x2: Double(tile.maxX - placement.x) * scaleX, y2: Double(tile.maxY - placement.y) * scaleY).pixelRect
        }
    }
}
