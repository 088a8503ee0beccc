import Foundation
import Testing
import TestSupport
import VLMPrep

/// Shared inputs of the pipeline tests: `Samples/` (real photos, DESIGN §5 manifest) and small
/// synthetic images.
enum PipelineFixtures {
    /// The repository's `Samples` folder.
    static let samples = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples")

    /// Absolute path of `Samples/images/<name>`.
    static func image(_ name: String) -> String { samples.appendingPathComponent("images/\(name)").path }

    /// The `Samples/items.jsonl` item with `id`.
    static func sampleItem(_ id: String) throws -> Item {
        let text = try String(contentsOf: samples.appendingPathComponent("items.jsonl"), encoding: .utf8)
        for (index, line) in text.split(separator: "\n").enumerated() {
            let item = try ItemParser.parse(String(line), line: index + 1)
            if item.id == id { return item }
        }
        throw ItemError(line: 0, message: "no sample item \(id)")
    }

    /// Runs plugins (built from JSON steps) on an item, as `prepare` does.
    static func prepare(_ item: Item, _ steps: [JSONValue], directory: URL = samples) throws -> PreparedItem {
        var prepared = PreparedItem(item: item, manifestDirectory: directory)
        for (index, entry) in steps.enumerated() {
            try PluginRegistry.builtIn.step(from: entry, field: "prepare[\(index)]").plugin.run(&prepared, context: PluginContext(fileStem: "t"))
        }
        return prepared
    }

    /// An RGB quadrants image (red TL, green TR, blue BL, white BR) of `side` x `side`, as PNG bytes.
    static func quadrantsPNG(side: Int) throws -> Data {
        var bytes: [UInt8] = []
        for y in 0..<side {
            for x in 0..<side {
                switch (x < side / 2, y < side / 2) {
                case (true, true): bytes += [255, 0, 0]
                case (false, true): bytes += [0, 255, 0]
                case (true, false): bytes += [0, 0, 255]
                case (false, false): bytes += [255, 255, 255]
                }
            }
        }
        return try Image(pixels: PixelBuffer(width: side, height: side, bands: 3, bytes: bytes)).encode(.png)
    }

    /// The RGB pixel at (x, y).
    static func pixel(_ buffer: PixelBuffer, _ x: Int, _ y: Int) -> [UInt8] {
        (0..<3).map { buffer[x, y, $0] }
    }
}

@Suite("Operator plugins")
struct OperatorPluginTests {
    private let quadrants = Fixtures.url("loader/quadrants_rgb.png").path

    private func box(_ corners: [Double], image: Int = 0, label: String? = nil, score: Double? = nil) -> ItemRegion {
        ItemRegion(image: image, source: .box(Box(corners)!), label: label, score: score)
    }

    // MARK: - load

    @Test func loadMakesOneOriginalPerImage() throws {
        let item = Item(id: "l", images: ["images/coins-gray.jpg", "images/forest-path-exif6.jpg", quadrants])
        let prepared = try PipelineFixtures.prepare(item, ["load"])
        #expect(prepared.frames.map(\.kind) == [.original, .original, .original])
        #expect(prepared.frames.map(\.source) == [0, 1, 2])
        // Upright sizes: the EXIF-6 forest is stored 960x600 and stands 600x960.
        #expect(prepared.frames.map(\.rect) == [PixelRect(x: 0, y: 0, width: 384, height: 303), PixelRect(x: 0, y: 0, width: 600, height: 960),
                                                PixelRect(x: 0, y: 0, width: 32, height: 32)])
        #expect(prepared.frames.allSatisfy { $0.image.bands == 3 })   // greyscale JPEG → RGB
        #expect(prepared.imagePaths[0] == PipelineFixtures.image("coins-gray.jpg"))
    }

    @Test func loadFailsWithTheImagePath() throws {
        let item = Item(id: "m", images: [quadrants, "/no/such/file.jpg"])
        #expect(throws: ImageError(path: "/no/such/file.jpg", reason: .notFound)) { try PipelineFixtures.prepare(item, ["load"]) }
        let truncated = Item(id: "t", images: [Fixtures.url("loader/truncated.jpg").path])
        do {
            _ = try PipelineFixtures.prepare(truncated, ["load"])
            Issue.record("a truncated JPEG loaded")
        } catch let error as ImageError {
            #expect(error.path == Fixtures.url("loader/truncated.jpg").path)
            #expect(error.reason.code == "corrupt")
        }
    }

    // MARK: - expand → merge → square-crop on greek-coins-002 (coins-gray.jpg, 384x303)

    // Hand computation (DESIGN §3.2–3.4), boxes [20,28,74,78] [72,34,125,80] [312,152,382,224]:
    // expand 0.1 / min 8 px: every margin is 8 (10% of 46..72 px < 8) →
    //   [12,20,82,86] [64,26,133,88] [304,144,390→384,232] (clamped to W = 384).
    // merge gap 0: the first two overlap → [12,20,133,88]; the third stays. Sorted by (y1, x1).
    // square all: union [12,20,384,232]: w 372, h 212, s 372; x = 12; y = 20 - 80 = -60;
    //   x in [0, 12] → 12; s > H = 303 → y in [-69, 0] → -60. Square (12, -60, 372, 372).
    // square each: [12,20,133,88] → s 121, y = 20 - 26 = -6 → 0: (12, 0, 121, 121);
    //   [304,144,384,232] → s 88, x = 304 - 4 = 300 → [0, 296] → 296: (296, 144, 88, 88).
    @Test func expandMergeSquareOnGreekCoins() throws {
        let item = try PipelineFixtures.sampleItem("greek-coins-002")
        var prepared = try PipelineFixtures.prepare(item, ["load", "regions", "expand-boxes"])
        #expect(prepared.regions[0].map(\.box) == [Box(x1: 12, y1: 20, x2: 82, y2: 86), Box(x1: 64, y1: 26, x2: 133, y2: 88),
                                                   Box(x1: 304, y1: 144, x2: 384, y2: 232)])
        try MergeBoxesPlugin(options: PluginOptions(plugin: "merge-boxes")).run(&prepared, context: PluginContext(fileStem: "t"))
        #expect(prepared.regions[0] == [PreparedRegion(box: Box(x1: 12, y1: 20, x2: 133, y2: 88), labels: ["coin", "coin"], score: 0.9),
                                        PreparedRegion(box: Box(x1: 304, y1: 144, x2: 384, y2: 232), labels: ["coin"], score: 0.95)])
        var all = prepared
        try SquareCropPlugin(options: PluginOptions(plugin: "square-crop")).run(&all, context: PluginContext(fileStem: "t"))
        #expect(all.frames.map(\.kind) == [.original, .crop])
        #expect(all.frames[1].rect == PixelRect(x: 12, y: -60, width: 372, height: 372))
        #expect(all.frames[1].labels == ["coin", "coin", "coin"])
        #expect(all.droppedRegions.isEmpty)

        // Pixels: 60 rows of white fill on top, then the source from (12, 0); 9 rows of fill below.
        let crop = try all.frames[1].image.pixelBuffer()
        let source = try all.sources[0].pixelBuffer()
        #expect(crop.width == 372 && crop.height == 372)
        #expect(PipelineFixtures.pixel(crop, 0, 59) == [255, 255, 255] && PipelineFixtures.pixel(crop, 371, 363) == [255, 255, 255])
        for (x, y) in [(0, 60), (100, 200), (371, 362), (200, 100)] {
            #expect(PipelineFixtures.pixel(crop, x, y) == PipelineFixtures.pixel(source, x + 12, y - 60), "pixel \(x),\(y)")
        }

        var each = prepared
        try SquareCropPlugin(options: PluginOptions(plugin: "square-crop", values: ["mode": "each"])).run(&each, context: PluginContext(fileStem: "t"))
        #expect(each.frames.dropFirst().map(\.rect) == [PixelRect(x: 12, y: 0, width: 121, height: 121), PixelRect(x: 296, y: 144, width: 88, height: 88)])
        #expect(each.frames.dropFirst().map(\.labels) == [["coin", "coin"], ["coin"]])
    }

    /// `replace`: an image's crops take its original's place (in gallery order); images without
    /// boxes keep their original; without `replace` the crops follow every original.
    @Test func replacePutsCropsInPlaceOfTheirOriginals() throws {
        let item = Item(id: "r", images: [quadrants, quadrants, quadrants], regions: [
            box([2, 2, 6, 6], image: 0, label: "a"), box([20, 20, 30, 24], image: 2, label: "b"), box([1, 1, 3, 3], image: 2, label: "c"),
        ])
        let replaced = try PipelineFixtures.prepare(item, ["load", "regions", .object(["plugin": "square-crop", "mode": "each", "replace": true])])
        #expect(replaced.frames.map(\.kind) == [.crop, .original, .crop, .crop])
        #expect(replaced.frames.map(\.source) == [0, 1, 2, 2])
        #expect(replaced.frames.map(\.labels) == [["a"], [], ["c"], ["b"]])
        let appended = try PipelineFixtures.prepare(item, ["load", "regions", .object(["plugin": "square-crop", "mode": "each"])])
        #expect(appended.frames.map(\.kind) == [.original, .original, .original, .crop, .crop, .crop])
        #expect(Array(appended.frames.suffix(3).map(\.rect)) == replaced.frames.filter { $0.kind == .crop }.map(\.rect))
    }

    /// rowing-boat-003: the inverted box is dropped by expand-boxes (reason and step), the valid
    /// one [14,325,305,600] expands by 29.1 / 27.5 px to [0, 297.5, 334.1, 627.5] (clamped at 0),
    /// square: pixel rect (0, 297, 335x331) → s 335, y = 297 - 2 = 295 → (0, 295, 335, 335).
    @Test func invalidBoxIsDroppedAndReported() throws {
        let item = try PipelineFixtures.sampleItem("rowing-boat-003")
        let prepared = try PipelineFixtures.prepare(item, ["load", "regions", "expand-boxes", "merge-boxes", "square-crop"])
        #expect(prepared.droppedRegions == [DroppedRegionRecord(image: 0, box: [437, 315, 318, 487], label: "boat", reason: "empty-or-inverted", step: "expand-boxes")])
        #expect(prepared.frames.map(\.rect) == [PixelRect(x: 0, y: 0, width: 1024, height: 640), PixelRect(x: 0, y: 295, width: 335, height: 335)])
        #expect(prepared.frames[1].labels == ["boat"])
    }

    /// Synthetic: quadrants_rgb.png (32x32) with one good box and three bad ones.
    @Test func everyKindOfBadBoxIsReported() throws {
        let item = Item(id: "bad", images: [quadrants], regions: [
            box([2, 2, 6, 6], label: "good"), box([.nan, 1, 5, 5], label: "nan"),
            box([40, 40, 50, 50], label: "outside"), box([10, 10, 8, 20], label: "inverted"),
        ])
        let prepared = try PipelineFixtures.prepare(item, ["load", "regions", "expand-boxes", "merge-boxes",
                                                           .object(["plugin": "square-crop", "fill": "black", "minSide": 40])])
        let dropped = prepared.droppedRegions
        #expect(dropped.map(\.reason) == ["not-finite", "outside-image", "empty-or-inverted"])
        #expect(dropped.map(\.label) == ["nan", "outside", "inverted"])
        #expect(dropped.map(\.step) == ["expand-boxes", "expand-boxes", "expand-boxes"])
        #expect(dropped[0].box?[0].isNaN == true && dropped[0].box?[1...] == [1, 5, 5])
        #expect(dropped[1].box == [40, 40, 50, 50] && dropped[2].box == [10, 10, 8, 20])
        // [2,2,6,6] + 8 px → [-6,-6,14,14] → clamped [0,0,14,14]; minSide 40 > 32: the square
        // overhangs: x = 0 - 13 → clamped into [-8, 0] → -8. Square (-8, -8, 40, 40), black fill.
        #expect(prepared.regions[0].map(\.box) == [Box(x1: 0, y1: 0, x2: 14, y2: 14)])
        #expect(prepared.frames[1].rect == PixelRect(x: -8, y: -8, width: 40, height: 40))
        let crop = try prepared.frames[1].image.pixelBuffer()
        #expect(PipelineFixtures.pixel(crop, 7, 20) == [0, 0, 0] && PipelineFixtures.pixel(crop, 20, 7) == [0, 0, 0])
        #expect(PipelineFixtures.pixel(crop, 8, 8) == [255, 0, 0])          // source (0, 0): red
        #expect(PipelineFixtures.pixel(crop, 39, 8) == [0, 255, 0])         // source (31, 0): green
        #expect(PipelineFixtures.pixel(crop, 8, 39) == [0, 0, 255])         // source (0, 31): blue
        #expect(PipelineFixtures.pixel(crop, 39, 39) == [255, 255, 255])    // source (31, 31): white
    }

    @Test func badBoxesWithoutExpandAreDroppedByTheNextStep() throws {
        let item = Item(id: "bad", images: [quadrants], regions: [box([.nan, 1, 5, 5], label: "nan"), box([1, 1, 5, 5])])
        let merged = try PipelineFixtures.prepare(item, ["load", "regions", "merge-boxes"])
        #expect(merged.droppedRegions.map(\.step) == ["merge-boxes"] && merged.droppedRegions.map(\.reason) == ["not-finite"])
        let squared = try PipelineFixtures.prepare(item, ["load", "regions", "square-crop"])
        #expect(squared.droppedRegions.map(\.step) == ["square-crop"])
        #expect(squared.frames.map(\.rect) == [PixelRect(x: 0, y: 0, width: 32, height: 32), PixelRect(x: 1, y: 1, width: 4, height: 4)])
    }

    @Test func imageWithoutBoxesGetsNoCrop() throws {
        let item = try PipelineFixtures.sampleItem("autumn-prints-005")
        let prepared = try PipelineFixtures.prepare(item, ["load", "regions", "expand-boxes", "merge-boxes", "square-crop"])
        #expect(prepared.frames.map(\.kind) == [.original, .original])
    }

    // MARK: - regions

    /// coins-gray.jpg is 384x303. Qwen2.5-VL's checkpoint smart resize makes it 392x308 (factor
    /// 28: round(384/28) = 14, round(303/28) = 11), so the model box [196,154,392,308] is the
    /// lower-right quarter: [192, 151.5, 384, 303]. Qwen3-VL: 0–1000 relative.
    @Test func groundingTextBecomesSourceBoxes() throws {
        let item = Item(id: "g", images: ["images/coins-gray.jpg"], regions: [
            ItemRegion(image: 0, source: .qwen25VL(#"```json\#n[{"bbox_2d": [196, 154, 392, 308], "label": "coin"}]\#n```"#), score: 0.5),
            ItemRegion(image: 0, source: .qwen3VL(#"[{"bbox_2d": [0, 0, 500, 500]}, {"bbox_2d": [900, 900, 1200, 1000], "label": "edge"}, {"point_2d": [5, 5]}]"#), label: "fallback"),
            ItemRegion(image: 0, source: .qwen3VL("I cannot see any coins."), label: "none"),
        ])
        let prepared = try PipelineFixtures.prepare(item, ["regions"])   // regions loads the gallery itself
        #expect(prepared.sources.count == 1)
        #expect(prepared.regions[0] == [
            PreparedRegion(box: Box(x1: 192, y1: 151.5, x2: 384, y2: 303), labels: ["coin"], score: 0.5),
            PreparedRegion(box: Box(x1: 0, y1: 0, x2: 192, y2: 151.5), labels: ["fallback"]),
            PreparedRegion(box: Box(x1: 900.0 / 1000 * 384, y1: 900.0 / 1000 * 303, x2: 384, y2: 303), labels: ["edge"]),   // clipped, kept
        ])
        #expect(prepared.droppedRegions == [
            DroppedRegionRecord(image: 0, box: nil, label: nil, reason: "point-only", step: "regions"),
            DroppedRegionRecord(image: 0, box: nil, label: "none", reason: "no-boxes-in-text", step: "regions"),
        ])
    }

    @Test func minScoreDropsLowScores() throws {
        let item = Item(id: "s", images: [quadrants], regions: [box([1, 1, 5, 5], label: "low", score: 0.2), box([1, 1, 9, 9], label: "high", score: 0.8),
                                                               box([2, 2, 4, 4], label: "unscored")])
        let prepared = try PipelineFixtures.prepare(item, [.object(["plugin": "regions", "minScore": 0.5])])
        #expect(prepared.regions[0].map(\.labels) == [["high"], ["unscored"]])
        #expect(prepared.droppedRegions == [DroppedRegionRecord(image: 0, box: [1, 1, 5, 5], label: "low", reason: "score-below-minimum", step: "regions")])
    }

    // MARK: - dedupe

    /// espresso-cup-001: coffee.jpg twice, its q75 re-encode (pHash distance 0), the RGBA cutout.
    @Test func dedupeRemovesRepeatedImages() throws {
        let item = try PipelineFixtures.sampleItem("espresso-cup-001")
        let prepared = try PipelineFixtures.prepare(item, ["load", "dedupe"])
        #expect(prepared.frames.map(\.source) == [0, 3])
        #expect(prepared.duplicates.map(\.frame.source) == [1, 2])
        #expect(prepared.duplicates.map(\.duplicateOf) == [0, 0])
        #expect(prepared.duplicates.map(\.distance) == [0, 0])
        #expect(prepared.frames.allSatisfy { $0.perceptualHash != nil })
        #expect(prepared.duplicates[0].frame.perceptualHash == prepared.frames[0].perceptualHash)
    }

    @Test func dedupeKeepLargest() throws {
        // chelsea.jpg (451x300) and the same photo at 300x200: one near-duplicate group.
        let folder = try Fixtures.temporaryDirectory()
        let photo = try Image.load(path: PipelineFixtures.image("chelsea.jpg")).decoded()
        try photo.resize(to: PixelSize(width: 300, height: 200)).encode(.png).write(to: folder.appendingPathComponent("small.png"))
        try photo.encode(.png).write(to: folder.appendingPathComponent("big.png"))
        let item = Item(id: "k", images: ["small.png", "big.png", "small.png"])
        let first = try PipelineFixtures.prepare(item, ["load", "dedupe"], directory: folder)
        #expect(first.frames.map(\.source) == [0])
        #expect(first.duplicates.map(\.frame.source) == [1, 2] && first.duplicates.map(\.duplicateOf) == [0, 0])
        let largest = try PipelineFixtures.prepare(item, ["load", .object(["plugin": "dedupe", "keep": "largest"])], directory: folder)
        #expect(largest.frames.map(\.source) == [1])
        #expect(largest.frames[0].rect == PixelRect(x: 0, y: 0, width: 451, height: 300))
        #expect(largest.duplicates.map(\.frame.source) == [0, 2] && largest.duplicates.map(\.duplicateOf) == [0, 0])
        #expect(largest.duplicates[0].distance == largest.duplicates[1].distance)
        #expect(largest.duplicates[0].distance == first.duplicates[0].distance)
    }

    /// `keep: largest` counts source pixels: a padded crop (rect 40x40 on a 32x32 image) covers
    /// 1024 source pixels, the same as the original, so the tie goes to the first (the original).
    @Test func dedupeLargestIgnoresPadding() throws {
        let item = Item(id: "p", images: [quadrants], regions: [box([0, 0, 32, 32])])
        let prepared = try PipelineFixtures.prepare(item, ["load", "regions", .object(["plugin": "square-crop", "minSide": 40]),
                                                           .object(["plugin": "dedupe", "maxDistance": 64, "keep": "largest"])])
        #expect(prepared.frames.map(\.kind) == [.original])
        #expect(prepared.duplicates.map(\.frame.kind) == [.crop])
        #expect(prepared.duplicates.map(\.frame.rect) == [PixelRect(x: -4, y: -4, width: 40, height: 40)])
    }

    /// Dedupe, then pan-and-scan: the duplicate's `duplicateOf` follows its kept frame to its new
    /// position (after the coins' crops). coins 384x303 with minCropSize 128: ratio 1.27 → 2 crops
    /// of 192x303.
    @Test func duplicateOfFollowsLaterSteps() throws {
        let item = Item(id: "d", images: ["images/coins-gray.jpg", "images/chelsea.jpg", "images/chelsea.jpg"])
        let prepared = try PipelineFixtures.prepare(item, ["load", "dedupe", .object(["plugin": "pan-and-scan", "minCropSize": 128])])
        #expect(prepared.frames.map(\.kind) == [.original, .panAndScan, .panAndScan, .original, .panAndScan, .panAndScan])
        #expect(prepared.duplicates.map(\.frame.source) == [2])
        #expect(prepared.duplicates.map(\.duplicateOf) == [3])
        #expect(prepared.frames[3].source == 1 && prepared.frames[3].kind == .original)
        // A second dedupe keeps pointing at the same kept frame.
        var again = prepared
        try DedupePlugin(options: PluginOptions(plugin: "dedupe", values: ["maxDistance": 0])).run(&again, context: PluginContext(fileStem: "t"))
        let target = again.duplicates[0].duplicateOf
        #expect(again.frames[target].source == 1 && again.frames[target].kind == .original)
    }

    // MARK: - pan-and-scan and tiles provenance

    @Test func panAndScanRects() throws {
        let item = Item(id: "ps", images: ["images/coins-gray.jpg", "images/forest-path-exif6.jpg", quadrants])
        let prepared = try PipelineFixtures.prepare(item, ["load", .object(["plugin": "pan-and-scan", "minCropSize": 128])])
        // coins 384x303: 2 crops 192x303. forest 600x960 (portrait, ratio 1.6): round(1.6) = 2,
        // 960/128 = 7 → 2 crops of 600x480. quadrants 32x32: square, no crops.
        #expect(prepared.frames.map(\.kind) == [.original, .panAndScan, .panAndScan, .original, .panAndScan, .panAndScan, .original])
        #expect(prepared.frames.map(\.source) == [0, 0, 0, 1, 1, 1, 2])
        #expect(prepared.frames.map(\.rect) == [
            PixelRect(x: 0, y: 0, width: 384, height: 303), PixelRect(x: 0, y: 0, width: 192, height: 303), PixelRect(x: 192, y: 0, width: 192, height: 303),
            PixelRect(x: 0, y: 0, width: 600, height: 960), PixelRect(x: 0, y: 0, width: 600, height: 480), PixelRect(x: 0, y: 480, width: 600, height: 480),
            PixelRect(x: 0, y: 0, width: 32, height: 32),
        ])
        try expectPixelsMatchProvenance(prepared)
        // Default Gemma 3 settings (256): 384 px wide gives crops of 192 < 256: none.
        let defaults = try PipelineFixtures.prepare(Item(id: "x", images: ["images/coins-gray.jpg"]), ["load", "pan-and-scan"])
        #expect(defaults.frames.map(\.kind) == [.original])
    }

    @Test func tilesRects() throws {
        let item = Item(id: "t", images: ["images/coins-gray.jpg"])
        let prepared = try PipelineFixtures.prepare(item, ["load", .object(["plugin": "tiles", "size": 128])])
        // x origins 0, 128, 256; y origins 0, 128, 175 (last row shifted inward: 303 - 128).
        let expected = [0, 128, 175].flatMap { y in [0, 128, 256].map { x in PixelRect(x: x, y: y, width: 128, height: 128) } }
        #expect(prepared.frames.map(\.rect) == [PixelRect(x: 0, y: 0, width: 384, height: 303)] + expected)
        #expect(prepared.frames.dropFirst().allSatisfy { $0.kind == .tile && $0.source == 0 })
        try expectPixelsMatchProvenance(prepared)

        let overlapped = try PipelineFixtures.prepare(item, ["load", .object(["plugin": "tiles", "size": 128, "overlap": 0.25, "replace": true])])
        // stride 96: x 0, 96, 192, 256; y 0, 96, 175.
        #expect(overlapped.frames.map(\.rect) == [0, 96, 175].flatMap { y in [0, 96, 192, 256].map { x in PixelRect(x: x, y: y, width: 128, height: 128) } })
    }

    /// Tiles of a padded crop keep source coordinates (the crop starts at (12, -60)).
    @Test func tilesOfACropMapBackToTheSource() throws {
        let item = try PipelineFixtures.sampleItem("greek-coins-002")
        let prepared = try PipelineFixtures.prepare(item, ["load", "regions", "expand-boxes", "merge-boxes", "square-crop",
                                                           .object(["plugin": "tiles", "size": 128, "replace": true])])
        // The original 384x303 → 9 tiles; the 372 px crop → origins 0, 128, 244 on each axis.
        #expect(prepared.frames.count == 18)
        let cropTiles = prepared.frames[9...].map(\.rect)
        #expect(cropTiles == [-60, 68, 184].flatMap { y in [12, 140, 256].map { x in PixelRect(x: x, y: y, width: 128, height: 128) } })
        try expectPixelsMatchProvenance(prepared)
    }

    /// Every frame's pixels equal its provenance rectangle cut from its source (white fill).
    private func expectPixelsMatchProvenance(_ prepared: PreparedItem, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (index, frame) in prepared.frames.enumerated() {
            let expected = try prepared.sources[frame.source].extractArea(frame.rect, fill: .white).pixelBuffer()
            #expect(try frame.image.pixelBuffer() == expected, "frame \(index) \(frame.rect)", sourceLocation: sourceLocation)
        }
    }
}
