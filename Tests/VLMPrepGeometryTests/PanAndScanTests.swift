import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct PanAndScanTests {
    // MARK: Reference vectors

    @Test func gemma3PresetMatchesTheProcessorDefaults() throws {
        let parameters = try PanAndScanVectors.load().params
        #expect(PanAndScan.gemma3.minCropSize == parameters.pan_and_scan_min_crop_size)
        #expect(PanAndScan.gemma3.maxCrops == parameters.pan_and_scan_max_num_crops)
        #expect(PanAndScan.gemma3.minRatioToActivate == parameters.pan_and_scan_min_ratio_to_activate)
        #expect(try PanAndScan() == PanAndScan.gemma3)
    }

    /// All 48 sizes of pan_and_scan.json: the exact crop rectangles, in order.
    @Test func everyVectorIsReproduced() throws {
        let vectors = try PanAndScanVectors.load()
        #expect(vectors.cases.count == 48)
        for testCase in vectors.cases {
            let crops = PanAndScan.gemma3.crops(for: testCase.size)
            #expect(crops.map(\.array) == testCase.crops, "H=\(testCase.height) W=\(testCase.width)")
            #expect(crops.count == testCase.num_crops, "H=\(testCase.height) W=\(testCase.width)")
        }
    }

    @Test func preprocessChecksCountTheSameCrops() throws {
        for check in try PanAndScanVectors.load().preprocess_checks {
            let crops = PanAndScan.gemma3.crops(for: PixelSize(width: check.width, height: check.height))
            #expect([crops.count] == check.num_crops, "H=\(check.height) W=\(check.width)")
            #expect(1 + crops.count == check.pixel_values_shape[0], "H=\(check.height) W=\(check.width)")
        }
    }

    // MARK: Hand-computed examples (models.md §4.1)

    @Test func examplesFromTheSpecification() {
        let layout = PanAndScan.gemma3
        // H x W = 400 x 1000: ratio 2.5 -> floor(3.0) = 3 columns of ceil(1000 / 3) = 334.
        #expect(layout.crops(for: PixelSize(width: 1000, height: 400)).map(\.array) == [[0, 0, 334, 400], [334, 0, 334, 400], [668, 0, 332, 400]])
        // 1000 x 1200: ratio exactly 1.2 activates; 2 crops 600 wide.
        #expect(layout.crops(for: PixelSize(width: 1200, height: 1000)).map(\.array) == [[0, 0, 600, 1000], [600, 0, 600, 1000]])
        // 300 x 400: crop 200 < 256; 200 x 2000: 4 crops of 500 x 200, short side 200 < 256.
        #expect(layout.crops(for: PixelSize(width: 400, height: 300)).isEmpty)
        #expect(layout.crops(for: PixelSize(width: 2000, height: 200)).isEmpty)
        // Square: ratio 1 < 1.2.
        #expect(layout.crops(for: PixelSize(width: 896, height: 896)).isEmpty)
        // Portrait 1200 x 1000 (H x W): 2 rows.
        #expect(layout.crops(for: PixelSize(width: 1000, height: 1200)).map(\.array) == [[0, 0, 1000, 600], [0, 600, 1000, 600]])
    }

    @Test func cropsThatWouldStartPastTheEdgeAreLeftOut() throws {
        // minCropSize 1, ratio 1: 5 x 1 -> 4 columns of ceil(5 / 4) = 2 at x = 0, 2, 4, 6; x = 6 is
        // past the edge (numpy would give an empty crop).
        let tiny = try PanAndScan(minCropSize: 1, maxCrops: 4, minRatioToActivate: 1)
        #expect(tiny.crops(for: PixelSize(width: 5, height: 1)).map(\.array) == [[0, 0, 2, 1], [2, 0, 2, 1], [4, 0, 1, 1]])
    }

    /// Crops are inside the image, pairwise disjoint, cover it exactly, number at most maxCrops,
    /// appear only from the activation ratio on, and all but the last column / row have the full
    /// crop size, at least minCropSize.
    @Test func sweepCropsTileTheImage() throws {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<3_000 {
            let image = random.imageSize(sides: 1...5_000)
            let layout = try PanAndScan(minCropSize: Int.random(in: 1...400, using: &random),
                                        maxCrops: Int.random(in: 2...8, using: &random),
                                        minRatioToActivate: Double.random(in: 1...3, using: &random))
            let crops = layout.crops(for: image)
            let label = "\(layout) on \(image): \(crops)"
            guard let first = crops.first else { continue }
            let ratio = Double(max(image.width, image.height)) / Double(min(image.width, image.height))
            #expect(ratio >= layout.minRatioToActivate && crops.count <= layout.maxCrops, "\(label)")
            #expect(crops.allSatisfy { $0.isInside(image) && !$0.isEmpty }, "\(label)")
            #expect(crops.map(\.area).reduce(0, +) == image.area, "\(label)")
            for (index, crop) in crops.enumerated() {
                #expect(crops[(index + 1)...].allSatisfy { !overlap(crop, $0) }, "\(label)")
                #expect(crop.maxX == image.width || crop.width == first.width, "\(label)")
                #expect(crop.maxY == image.height || crop.height == first.height, "\(label)")
            }
            #expect(min(first.width, first.height) >= layout.minCropSize, "\(label)")
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected an integer in 1...100000 for minCropSize but received 0")) {
            try PanAndScan(minCropSize: 0)
        }
        #expect(throws: GeometryError("Expected an integer in 2...64 for maxCrops but received 1")) {
            try PanAndScan(maxCrops: 1)
        }
        #expect(throws: GeometryError("Expected a number in 1.0...1000.0 for minRatioToActivate but received 0.5")) {
            try PanAndScan(minRatioToActivate: 0.5)
        }
        #expect(throws: GeometryError("Expected a number in 1.0...1000.0 for minRatioToActivate but received nan")) {
            try PanAndScan(minRatioToActivate: .nan)
        }
    }

    private func overlap(_ a: PixelRect, _ b: PixelRect) -> Bool {
        a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
    }
}
