import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct GroundingTests {
    // MARK: Qwen2.5-VL: absolute pixels of the smart-resized input

    @Test func qwen25VLBoxesScaleBySmartResize() throws {
        // 800 x 600 -> model input 812 x 588 (SmartResizeTests). x' = x / 812 * 800, y' = y / 588 * 600.
        let image = PixelSize(width: 800, height: 600)
        let space = try GroundingSpace.qwen25VL(image: image)
        #expect(space == .modelInput(PixelSize(width: 812, height: 588)))
        let result = try space.sourceRegions(parsing: #"[{"bbox_2d": [203, 147, 406, 294], "label": "tag"}]"#, image: image)
        #expect(result.regions == [Region(box: Box(x1: 203.0 / 812 * 800, y1: 147.0 / 588 * 600, x2: 406.0 / 812 * 800, y2: 294.0 / 588 * 600), label: "tag")])
        #expect(result.regions[0].box == Box(x1: 200, y1: 150, x2: 400, y2: 300))
        #expect(result.indices == [0] && result.reports.isEmpty)
    }

    @Test func otherResizeConfigurationsChangeTheSpace() throws {
        let image = PixelSize(width: 4000, height: 3000)
        // smart_resize.json, (3000, 4000) with the processor class default: 840 x 1148 (H x W).
        #expect(try GroundingSpace.qwen25VL(image: image, resize: .qwen2VLProcessorDefault) == .modelInput(PixelSize(width: 1148, height: 840)))
    }

    // MARK: Qwen3-VL: relative 0-1000

    @Test func qwen3VLBoxesAreRelative() throws {
        let image = PixelSize(width: 1920, height: 1080)
        let result = try GroundingSpace.qwen3VL.sourceRegions(parsing: #"[{"bbox_2d": [250, 500, 750, 1000], "label": "shoe"}]"#, image: image)
        #expect(result.regions == [Region(box: Box(x1: 480, y1: 540, x2: 1440, y2: 1080), label: "shoe")])
    }

    // MARK: Reversed, clipped, dropped

    @Test func reversedCornersAreSwapped() {
        let image = PixelSize(width: 1000, height: 1000)
        let objects = [GroundingObject(index: 0, box: Box(x1: 600, y1: 700, x2: 100, y2: 200), label: nil)]
        #expect(GroundingSpace.qwen3VL.sourceRegions(from: objects, image: image).regions.map(\.box) == [Box(x1: 100, y1: 200, x2: 600, y2: 700)])
    }

    @Test func problemsAreReportedInModelOrder() throws {
        let image = PixelSize(width: 100, height: 50)
        let text = #"""
        [{"bbox_2d": [-100, 0, 500, 500], "label": "clipped"},
         {"bbox_2d": [1200, 0, 1300, 100], "label": "outside"},
         {"bbox_2d": [10, 10, 10, 20], "label": "flat"},
         {"point_2d": [500, 500], "label": "point"},
         {"label": "nothing"},
         {"bbox_2d": [0, 0, 1000, 1000], "label": "whole"}]
        """#
        let result = try GroundingSpace.qwen3VL.sourceRegions(parsing: text, image: image)
        #expect(result.regions == [Region(box: Box(x1: 0, y1: 0, x2: 50, y2: 25), label: "clipped"),
                                   Region(box: Box(x1: 0, y1: 0, x2: 100, y2: 50), label: "whole")])
        #expect(result.indices == [0, 5])
        #expect(result.reports == [
            GroundingReport(index: 0, label: "clipped", box: Box(x1: -10, y1: 0, x2: 50, y2: 25), point: nil, issue: .clipped),
            GroundingReport(index: 1, label: "outside", box: Box(x1: 120, y1: 0, x2: 130, y2: 5), point: nil, issue: .outsideImage),
            GroundingReport(index: 2, label: "flat", box: Box(x1: 1, y1: 0.5, x2: 1, y2: 1), point: nil, issue: .empty),
            GroundingReport(index: 3, label: "point", box: nil, point: ImagePoint(x: 50, y: 25), issue: .pointOnly),
            GroundingReport(index: 4, label: "nothing", box: nil, point: nil, issue: .noBox),
        ])
    }

    @Test func nonFiniteCornersAreReportedAsSuch() {
        // JSON5 allows NaN and Infinity; min/max must not hide them.
        let objects = [GroundingObject(index: 0, box: Box(x1: 5, y1: 0, x2: .nan, y2: 10), label: nil)]
        let result = GroundingSpace.qwen3VL.sourceRegions(from: objects, image: PixelSize(width: 10, height: 10))
        #expect(result.regions.isEmpty && result.reports.map(\.issue) == [.notFinite])
    }

    @Test func issuesMirrorBoxProblems() {
        #expect(GroundingReport.Issue(.notFinite).rawValue == BoxProblem.notFinite.rawValue)
        #expect(GroundingReport.Issue(.empty).rawValue == BoxProblem.empty.rawValue)
        #expect(GroundingReport.Issue(.outsideImage).rawValue == BoxProblem.outsideImage.rawValue)
    }

    // MARK: Properties

    /// Mapping a source box into the Qwen2.5-VL space and back returns it (up to rounding); kept
    /// regions always lie inside the image.
    @Test func sweepRoundTripAndClipping() throws {
        var random = SeededGenerator(seed: 37)
        for _ in 0..<2_000 {
            let image = random.imageSize(sides: 30...3_000)
            let space = try GroundingSpace.qwen25VL(image: image)
            guard case .modelInput(let input) = space else { Issue.record("not a model-input space"); continue }
            let box = random.box(in: image, maxSide: 500)
            let modelBox = Box(x1: box.x1 * Double(input.width) / Double(image.width), y1: box.y1 * Double(input.height) / Double(image.height),
                               x2: box.x2 * Double(input.width) / Double(image.width), y2: box.y2 * Double(input.height) / Double(image.height))
            let result = space.sourceRegions(from: [GroundingObject(index: 0, box: modelBox, label: "x")], image: image)
            let label = "\(box) on \(image) via \(input)"
            let region = try #require(result.regions.first, "\(label)")
            let expected = box.clamped(to: image)
            #expect(abs(region.box.x1 - expected.x1) < 1e-9 && abs(region.box.y2 - expected.y2) < 1e-9, "\(label) -> \(region.box)")
            #expect(Box(x1: 0, y1: 0, x2: Double(image.width), y2: Double(image.height)).contains(region.box), "\(label)")
            #expect((result.reports.first?.issue == .clipped) == (box != expected), "\(label)")
        }
    }
}
