import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct ExpandBoxesTests {
    let image = PixelSize(width: 1000, height: 800)

    // MARK: Hand-computed examples

    @Test func defaultsUseTheLargerOfFractionAndMinPixels() throws {
        // 200 x 50 box: x moves max(0.1 * 200, 8) = 20, y moves max(0.1 * 50, 8) = 8.
        let expand = try ExpandBoxes()
        #expect(expand.expanded(Box(x1: 100, y1: 100, x2: 300, y2: 150), in: image) == Box(x1: 80, y1: 92, x2: 320, y2: 158))
    }

    @Test func minSideGrowsAboutTheCentre() throws {
        // 10 x 10 box with no margin grows to 64 x 64 about its centre (505, 405).
        let expand = try ExpandBoxes(fraction: 0, minPixels: 0, minSide: 64)
        #expect(expand.expanded(Box(x1: 500, y1: 400, x2: 510, y2: 410), in: image) == Box(x1: 473, y1: 373, x2: 537, y2: 437))
        // minSide applies after the margin: 10 + 2 * 8 = 26 < 30 -> 30.
        let both = try ExpandBoxes(fraction: 0, minPixels: 8, minSide: 30)
        #expect(both.expanded(Box(x1: 500, y1: 400, x2: 510, y2: 500), in: image) == Box(x1: 490, y1: 392, x2: 520, y2: 508))
    }

    @Test func clampedNotShiftedAtTheEdges() throws {
        // Near the top-left corner the box only grows inward; it is not moved to keep its size.
        let expand = try ExpandBoxes(fraction: 0.5, minPixels: 0)
        #expect(expand.expanded(Box(x1: 2, y1: 790, x2: 22, y2: 800), in: image) == Box(x1: 0, y1: 785, x2: 32, y2: 800))
    }

    @Test func invalidAndOutsideBoxesAreDroppedWithTheirIndex() throws {
        let regions = [
            Region(box: Box(x1: 10, y1: 10, x2: 20, y2: 20), label: "ok", score: 0.9),
            Region(box: Box(x1: .nan, y1: 0, x2: 5, y2: 5), label: "nan"),
            Region(box: Box(x1: 30, y1: 30, x2: 30, y2: 40)),
            Region(box: Box(x1: 1000, y1: 10, x2: 1100, y2: 20), label: "right of the image"),
            Region(box: Box(x1: 50, y1: 50, x2: 40, y2: 60)),
            Region(box: Box(x1: -50, y1: -50, x2: 5, y2: 5), label: "partly outside"),
            Region(box: Box(x1: 0, y1: 0, x2: .infinity, y2: 5)),
        ]
        let result = try ExpandBoxes(fraction: 0, minPixels: 1).apply(to: regions, in: image)
        #expect(result.indices == [0, 5])
        #expect(result.regions == [Region(box: Box(x1: 9, y1: 9, x2: 21, y2: 21), label: "ok", score: 0.9),
                                   Region(box: Box(x1: 0, y1: 0, x2: 6, y2: 6), label: "partly outside")])
        #expect(result.dropped.map(\.index) == [1, 2, 3, 4, 6])
        #expect(result.dropped.map(\.problem) == [.notFinite, .empty, .outsideImage, .empty, .notFinite])
        #expect(result.dropped[2].region == regions[3])
    }

    // MARK: Properties

    /// Expanded boxes contain the input (clamped), lie in the image, keep labels, and reach the
    /// margin wherever the image allows.
    @Test func sweepExpandedBoxesContainTheirInput() throws {
        var random = SeededGenerator(seed: 17)
        for _ in 0..<3_000 {
            let image = random.imageSize()
            let expand = try ExpandBoxes(fraction: Double.random(in: 0...1, using: &random),
                                         minPixels: Double(Int.random(in: 0...20, using: &random)),
                                         minSide: Double(Int.random(in: 0...100, using: &random)))
            let regions = random.regions(Int.random(in: 0...6, using: &random), in: image)
            let result = expand.apply(to: regions, in: image)
            #expect(result.dropped.isEmpty && result.indices == Array(regions.indices), "\(regions) on \(image)")
            for (region, expanded) in zip(regions, result.regions) {
                let label = "\(expand) \(region.box) on \(image) -> \(expanded.box)"
                let bounds = Box(x1: 0, y1: 0, x2: Double(image.width), y2: Double(image.height))
                #expect(expanded.box.contains(region.box.clamped(to: image)), "\(label)")
                #expect(bounds.contains(expanded.box) && expanded.box.width > 0 && expanded.box.height > 0, "\(label)")
                #expect(expanded.label == region.label, "\(label)")
                let margin = max(expand.fraction * region.box.width, expand.minPixels)
                #expect(expanded.box.x1 == max(0, min(region.box.x1 - margin, (region.box.x1 + region.box.x2 - expand.minSide) / 2)), "\(label)")
            }
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected a number in 0.0...10.0 for fraction but received -0.1")) {
            try ExpandBoxes(fraction: -0.1)
        }
        #expect(throws: GeometryError("Expected a number in 0.0...10.0 for fraction but received nan")) {
            try ExpandBoxes(fraction: .nan)
        }
        #expect(throws: GeometryError("Expected a number in 0.0...100000.0 for minPixels but received inf")) {
            try ExpandBoxes(minPixels: .infinity)
        }
        #expect(throws: GeometryError("Expected a number in 0.0...100000.0 for minSide but received -1.0")) {
            try ExpandBoxes(minSide: -1)
        }
    }
}
