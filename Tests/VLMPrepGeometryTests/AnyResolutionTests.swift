import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct AnyResolutionTests {
    // MARK: Reference vectors

    @Test func pinpointsMatchTheClassDefault() throws {
        let vectors = try LlavaOneVisionVectors.load()
        // The vectors list [height, width].
        #expect(AnyResolution.llavaOneVision.pinpoints.map { [$0.height, $0.width] } == vectors.image_grid_pinpoints)
        #expect(try AnyResolution() == AnyResolution.llavaOneVision)
    }

    /// All 42 sizes of llava_onevision.json: every field.
    @Test func everyVectorIsReproduced() throws {
        let vectors = try LlavaOneVisionVectors.load()
        #expect(vectors.cases.count == 42)
        for testCase in vectors.cases {
            let layout = AnyResolution.llavaOneVision.layout(for: testCase.size)
            let label = "H=\(testCase.height) W=\(testCase.width)"
            #expect([layout.canvas.height, layout.canvas.width] == testCase.best_resolution, "\(label)")
            #expect([layout.resized.height, layout.resized.width] == testCase.resized, "\(label)")
            let padding = layout.padding
            #expect([padding.top, padding.bottom, padding.left, padding.right] == testCase.padding, "\(label)")
            #expect(layout.grid == TileGrid(columns: testCase.grid_cols, rows: testCase.grid_rows), "\(label)")
            #expect(layout.inputCount == testCase.num_patches, "\(label)")
            #expect(layout.baseTokens == testCase.base_tokens, "\(label)")
            #expect(layout.unpaddedTokens == testCase.unpadded_tokens, "\(label)")
            #expect(layout.newlineTokens == testCase.newline_tokens, "\(label)")
            #expect(layout.tokens == testCase.tokens, "\(label)")
            if let modelCount = testCase.model_feature_count {
                #expect(layout.tokens == modelCount, "\(label)")
            }
        }
    }

    @Test func preprocessChecksCountTheSamePatches() throws {
        for check in try LlavaOneVisionVectors.load().preprocess_checks {
            let layout = AnyResolution.llavaOneVision.layout(for: PixelSize(width: check.width, height: check.height))
            #expect(layout.inputCount == check.pixel_values_shape[1], "H=\(check.height) W=\(check.width)")
        }
    }

    // MARK: Hand-computed examples

    @Test func wideImageOnOneTile() {
        // 300 x 200 (W x H): every 1x1 and larger canvas keeps all 60 000 pixels; 384x384 wastes
        // least. Resize: 384 / 300 < 384 / 200 -> 384 x ceil(200 * 1.28) = 256; pad 64 top and bottom.
        let layout = AnyResolution.llavaOneVision.layout(for: PixelSize(width: 300, height: 200))
        #expect(layout.canvas == PixelSize(width: 384, height: 384))
        #expect(layout.placement == PixelRect(x: 0, y: 64, width: 384, height: 256))
        // Tokens: 27x27 map, 300/200 > 27/27 -> new_h = int(round(200 * 27/300, 7)) = 18,
        // pad (27 - 18) // 2 = 4 -> 19 rows: 19 * 27 = 513 + 19 newlines + 729 base = 1261.
        #expect(layout.unpaddedTokens == 513 && layout.newlineTokens == 19 && layout.tokens == 1261)
        #expect(layout.tiles == [PixelRect(x: 0, y: 0, width: 384, height: 384)])
        // The tile maps back to the whole image plus the padding's equivalent: 64 canvas rows are
        // 64 * 200 / 256 = 50 source rows above and below.
        #expect(layout.sourceTiles == [PixelRect(x: 0, y: -50, width: 300, height: 300)])
    }

    @Test func largeImageIsPooled() {
        // 5000 x 5000: canvas 2304 x 2304 (6 x 6 tiles), map 162 x 162, ratio sqrt(162² / (9 * 27²)) = 2
        // > 1.1 -> pooled to int(162 // 2) = 81 per side: 6561 + 81 + 729 = 7371.
        let layout = AnyResolution.llavaOneVision.layout(for: PixelSize(width: 5000, height: 5000))
        #expect(layout.grid == TileGrid(columns: 6, rows: 6))
        #expect(layout.unpaddedTokens == 6_561 && layout.newlineTokens == 81 && layout.tokens == 7_371)
    }

    /// Sizes where `int(round(x, 7))` and plain `int(x)` differ (x = 11.999999999999998 etc.), so
    /// the token count depends on the decimal rounding. Expected counts from a line-by-line Python
    /// transcription of transformers 4.57 `select_best_resolution` + `_get_unpadded_features`
    /// (truncation alone would give 1053, 2025, 3969, 1004).
    @Test(arguments: [(47, 423, 1_161), (188, 423, 2_133), (820, 738, 4_077), (423, 47, 1_114)])
    func tokensNeedPythonDecimalRounding(width: Int, height: Int, tokens: Int) {
        #expect(AnyResolution.llavaOneVision.layout(for: PixelSize(width: width, height: height)).tokens == tokens, "\(width)x\(height)")
    }

    /// Tiles cover the canvas row-major; their source rectangles cover the image (and only overhang
    /// by padding); the placement lies on the canvas; the canvas is one of the pinpoints.
    @Test func sweepLayoutsAreConsistent() {
        var random = SeededGenerator(seed: 5)
        let layouts = AnyResolution.llavaOneVision
        for _ in 0..<2_000 {
            let image = random.imageSize(sides: 1...3_000)
            let layout = layouts.layout(for: image)
            let label = "\(image): \(layout)"
            #expect(layouts.pinpoints.contains(layout.canvas), "\(label)")
            #expect(layout.placement.isInside(layout.canvas), "\(label)")
            #expect(layout.placement.width == layout.canvas.width || layout.placement.height == layout.canvas.height, "\(label)")
            #expect(layout.tiles.count == layout.grid.count && layout.tiles.map(\.area).reduce(0, +) == layout.canvas.area, "\(label)")
            let sources = layout.sourceTiles
            let covered = sources.dropFirst().reduce(sources[0]) { union($0, $1) }
            #expect(covered.contains(PixelRect(size: image)), "\(label)")
            let padding = layout.padding
            #expect(padding.top >= 0 && padding.bottom - padding.top <= 1 && padding.bottom >= padding.top, "\(label)")
            #expect(padding.right - padding.left <= 1 && padding.right >= padding.left, "\(label)")
            #expect(layout.tokens > layout.baseTokens, "\(label)")
        }
    }

    private func union(_ a: PixelRect, _ b: PixelRect) -> PixelRect {
        let x = min(a.x, b.x), y = min(a.y, b.y)
        return PixelRect(x: x, y: y, width: max(a.maxX, b.maxX) - x, height: max(a.maxY, b.maxY) - y)
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected an integer in 1...4096 for tileSize but received 0")) {
            try AnyResolution(tileSize: 0)
        }
        #expect(throws: GeometryError("Expected an integer in 1...16 for maxTilesPerSide but received 17")) {
            try AnyResolution(maxTilesPerSide: 17)
        }
        #expect(throws: GeometryError("Expected an integer in 1...256 for featuresPerSide but received -27")) {
            try AnyResolution(featuresPerSide: -27)
        }
        #expect(throws: GeometryError("Expected an integer in 1...256 for maxPatches but received 0")) {
            try AnyResolution(maxPatches: 0)
        }
    }
}
