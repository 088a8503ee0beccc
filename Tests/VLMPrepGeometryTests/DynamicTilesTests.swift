import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct DynamicTilesTests {
    // MARK: Reference vectors

    @Test func candidateOrderMatchesTransformers() throws {
        let vectors = try InternVLVectors.load()
        #expect(DynamicTiles.internVL.candidates.map { [$0.columns, $0.rows] } == vectors.candidate_order)
        #expect(try DynamicTiles() == DynamicTiles.internVL)
    }

    /// All 42 sizes of internvl.json: grid, resized size, tiles, thumbnail, patches, tokens.
    @Test func everyVectorIsReproduced() throws {
        let vectors = try InternVLVectors.load()
        #expect(vectors.cases.count == 42)
        for testCase in vectors.cases {
            let layout = DynamicTiles.internVL.layout(for: testCase.size)
            let label = "H=\(testCase.height) W=\(testCase.width)"
            #expect([layout.grid.columns, layout.grid.rows] == testCase.grid, "\(label)")
            #expect([layout.resized.height, layout.resized.width] == testCase.resized, "\(label)")
            #expect(layout.grid.count == testCase.tiles, "\(label)")
            #expect(layout.thumbnail == testCase.thumbnail, "\(label)")
            #expect(layout.inputCount == testCase.num_patches, "\(label)")
            #expect(layout.inputCount * ModelPlanner.internVLTokensPerTile == testCase.image_tokens, "\(label)")
            #expect(layout.inputCount * ModelPlanner.internVLTokensPerTile + 2 == testCase.tokens_with_img_tags, "\(label)")
        }
    }

    @Test func preprocessChecksCountTheSamePatches() throws {
        for check in try InternVLVectors.load().preprocess_checks {
            let layout = DynamicTiles.internVL.layout(for: PixelSize(width: check.width, height: check.height))
            #expect([layout.inputCount] == check.num_patches, "H=\(check.height) W=\(check.width)")
        }
    }

    // MARK: Hand-computed examples (models.md §6)

    @Test func tieRuleTakesMoreTilesWhileTheImageFillsHalfTheCanvas() {
        // 700 x 800 (W x H): 1:1, 2:2, 3:3, 3:4 tie at diff 0.125; 560 000 > 401 408 (2x2) but not
        // > 903 168 (3x3) -> 2x2.
        let layout = DynamicTiles.internVL.layout(for: PixelSize(width: 700, height: 800))
        #expect(layout.grid == TileGrid(columns: 2, rows: 2))
        #expect(layout.thumbnail && layout.inputCount == 5)
        #expect(layout.resized == PixelSize(width: 896, height: 896))
        #expect(layout.tiles.map(\.array) == [[0, 0, 448, 448], [448, 0, 448, 448], [0, 448, 448, 448], [448, 448, 448, 448]])
        #expect(layout.sourceTiles.map(\.array) == [[0, 0, 350, 400], [350, 0, 350, 400], [0, 400, 350, 400], [350, 400, 350, 400]])
    }

    @Test func singleTileHasNoThumbnail() {
        let layout = DynamicTiles.internVL.layout(for: PixelSize(width: 100, height: 100))
        #expect(layout.grid == TileGrid(columns: 1, rows: 1) && !layout.thumbnail && layout.inputCount == 1)
        #expect(layout.sourceTiles == [PixelRect(x: 0, y: 0, width: 100, height: 100)])
    }

    @Test func thumbnailCanBeTurnedOff() throws {
        let layout = try DynamicTiles(thumbnail: false).layout(for: PixelSize(width: 900, height: 300))
        #expect(layout.grid == TileGrid(columns: 3, rows: 1) && !layout.thumbnail && layout.inputCount == 3)
    }

    /// The grid is a candidate with the smallest aspect difference; source tiles cover the image
    /// and only share edge pixels.
    @Test func sweepGridsAreBestAndTilesCoverTheImage() throws {
        var random = SeededGenerator(seed: 9)
        for _ in 0..<2_000 {
            let image = random.imageSize(sides: 1...4_000)
            let layouts = try DynamicTiles(minTiles: Int.random(in: 1...3, using: &random), maxTiles: Int.random(in: 3...16, using: &random))
            let layout = layouts.layout(for: image)
            let label = "\(layouts) on \(image): \(layout.grid)"
            let aspect = Double(image.width) / Double(image.height)
            let difference = { (grid: TileGrid) in abs(aspect - Double(grid.columns) / Double(grid.rows)) }
            #expect(layouts.candidates.contains(layout.grid), "\(label)")
            #expect(layouts.candidates.allSatisfy { difference($0) >= difference(layout.grid) }, "\(label)")
            let sources = layout.sourceTiles
            #expect(sources.allSatisfy { $0.isInside(image) && !$0.isEmpty }, "\(label)")
            #expect(sources.map(\.area).reduce(0, +) >= image.area, "\(label)")
            #expect(sources.first?.x == 0 && sources.first?.y == 0, "\(label)")
            #expect(sources.last?.maxX == image.width && sources.last?.maxY == image.height, "\(label)")
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected an integer in 1...4096 for tileSize but received 0")) {
            try DynamicTiles(tileSize: 0)
        }
        #expect(throws: GeometryError("Expected an integer in 1...64 for minTiles but received 0")) {
            try DynamicTiles(minTiles: 0)
        }
        #expect(throws: GeometryError("Expected an integer in 6...64 for maxTiles but received 4")) {
            try DynamicTiles(minTiles: 6, maxTiles: 4)
        }
    }
}
