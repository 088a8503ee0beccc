import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct SmartResizeTests {
    /// The preset for each configuration name of smart_resize.json.
    static let presets: [String: SmartResize] = [
        "qwen2_5_vl_checkpoint": .qwen25VLCheckpoint,
        "qwen2_vl_processor_class_default": .qwen2VLProcessorDefault,
        "qwen_vl_utils_qwen2_5": .qwenVLUtilsQwen25,
        "qwen3_vl_checkpoint": .qwen3VLCheckpoint,
        "qwen_vl_utils_qwen3": .qwenVLUtilsQwen3,
    ]

    // MARK: Reference vectors

    @Test func presetsMatchTheVectorConfigurations() throws {
        let vectors = try SmartResizeVectors.load()
        #expect(vectors.configs.count == Self.presets.count)
        for config in vectors.configs {
            let preset = try #require(Self.presets[config.name], "no preset for \(config.name)")
            #expect(preset.patchSize == config.patch_size, "\(config.name)")
            #expect(preset.mergeSize == config.merge_size, "\(config.name)")
            #expect(preset.factor == config.factor, "\(config.name)")
            #expect(preset.minPixels == config.min_pixels, "\(config.name)")
            #expect(preset.maxPixels == config.max_pixels, "\(config.name)")
            let implementation: SmartResize.Implementation = config.implementation == "transformers" ? .transformers : .qwenVLUtils
            #expect(preset.implementation == implementation, "\(config.name)")
        }
    }

    /// Every size x configuration of smart_resize.json: size, grid, patches, tokens, or the error.
    @Test func everyVectorIsReproduced() throws {
        let vectors = try SmartResizeVectors.load()
        #expect(vectors.cases.count == 83)
        var checked = 0
        for testCase in vectors.cases {
            for (name, preset) in Self.presets {
                let expected = try #require(testCase.outputs[name], "\(testCase.size) has no \(name)")
                let label = "\(name) H=\(testCase.height) W=\(testCase.width)"
                if let error = expected.error {
                    #expect(throws: GeometryError(String(error.dropFirst("ValueError: ".count))), "\(label)") {
                        try preset.resized(testCase.size)
                    }
                } else {
                    let result = try preset.resized(testCase.size)
                    #expect(result.size == PixelSize(width: expected.width!, height: expected.height!), "\(label)")
                    #expect(result.grid == PatchGrid(temporal: 1, height: expected.grid_h!, width: expected.grid_w!), "\(label)")
                    #expect(result.grid.height * result.grid.width == expected.patches, "\(label)")
                    #expect(result.tokens == expected.tokens, "\(label)")
                }
                checked += 1
            }
        }
        #expect(checked == 83 * 5)
    }

    /// The Qwen3-VL double resize: qwen-vl-utils output fed to the processor with `do_resize` on.
    @Test func qwen3ProcessorAfterQwenVLUtilsColumn() throws {
        let vectors = try SmartResizeVectors.load()
        var checked = 0
        for testCase in vectors.cases {
            guard let expected = testCase.outputs["qwen3_processor_after_qwen_vl_utils"] else { continue }
            let first = try SmartResize.qwenVLUtilsQwen3.resized(testCase.size)
            let second = try SmartResize.qwen3VLCheckpoint.resized(first.size)
            #expect(second.size == PixelSize(width: expected.width!, height: expected.height!), "H=\(testCase.height) W=\(testCase.width)")
            #expect(second.tokens == expected.tokens, "H=\(testCase.height) W=\(testCase.width)")
            checked += 1
        }
        // Every case whose qwen-vl-utils column is not an aspect-ratio error has the column.
        #expect(checked == vectors.cases.filter { $0.outputs["qwen_vl_utils_qwen3"]?.error == nil }.count)
        #expect(checked == 80)
    }

    // MARK: Hand-computed examples

    @Test func examplesFromTheSpecification() throws {
        // models.md §2.1: (1, 200) and (13, 2600) (H, W) diverge between the implementations.
        #expect(try SmartResize.qwen25VLCheckpoint.resized(PixelSize(width: 200, height: 1)).size == PixelSize(width: 812, height: 28))
        #expect(try SmartResize.qwenVLUtilsQwen25.resized(PixelSize(width: 200, height: 1)).size == PixelSize(width: 196, height: 28))
        #expect(try SmartResize.qwenVLUtilsQwen25.resized(PixelSize(width: 2600, height: 13)).size == PixelSize(width: 2604, height: 28))
        // §3: 100x100 -> 96x96 (qwen-vl-utils) -> 256x256 (processor).
        let once = try SmartResize.qwenVLUtilsQwen3.resized(PixelSize(width: 100, height: 100))
        #expect(once.size == PixelSize(width: 96, height: 96))
        #expect(try SmartResize.qwen3VLCheckpoint.resized(once.size).size == PixelSize(width: 256, height: 256))
        // 800x600 with the checkpoint: round(800/28)=29 -> 812, round(600/28)=21 -> 588; 812*588 is
        // inside the budget; grid 42x58, tokens 21*29 = 609.
        let result = try SmartResize.qwen25VLCheckpoint.resized(PixelSize(width: 800, height: 600))
        #expect(result == SmartResizeResult(size: PixelSize(width: 812, height: 588), grid: PatchGrid(temporal: 1, height: 42, width: 58), tokens: 609))
    }

    @Test func aspectRatioOfExactly200IsAllowedAndAbove200Throws() throws {
        #expect(try SmartResize.qwen25VLCheckpoint.resized(PixelSize(width: 5600, height: 28)).tokens == 200)
        #expect(throws: GeometryError("absolute aspect ratio must be smaller than 200, got 201.0")) {
            try SmartResize.qwen25VLCheckpoint.resized(PixelSize(width: 1, height: 201))
        }
    }

    @Test func zeroSideThrows() {
        #expect(throws: GeometryError("Expected a width and height of at least 1 for image size but received 0x5")) {
            try SmartResize.qwen3VLCheckpoint.resized(PixelSize(width: 0, height: 5))
        }
    }

    @Test func qwenVLUtilsCanShrinkASideToZero() throws {
        // No lower bound when shrinking: (H, W) = (1, 200) with max 3136 -> floor(3.96 / 28) = 0 rows.
        let tight = try SmartResize(minPixels: 1, maxPixels: 3_136, implementation: .qwenVLUtils)
        #expect(throws: GeometryError("smart resize of 200x1 gives an empty size 784x0")) {
            try tight.resized(PixelSize(width: 200, height: 1))
        }
        // transformers keeps at least one factor.
        let transformers = try SmartResize(minPixels: 1, maxPixels: 3_136)
        #expect(try transformers.resized(PixelSize(width: 200, height: 1)).size.height == 28)
    }

    @Test func withPixelsReplacesOnlyTheGivenBudget() throws {
        let custom = try SmartResize.qwen3VLCheckpoint.withPixels(min: nil, max: 1_000_000)
        #expect(custom.minPixels == 65_536 && custom.maxPixels == 1_000_000 && custom.patchSize == 16)
    }

    // MARK: Properties

    /// Sides are positive multiples of the factor, the grid and tokens follow from the size, and a
    /// result inside the budget (and the aspect limit: rounding can push a 200:1 image past it) is a
    /// fixpoint of the transformers resize.
    @Test func sweepResultsAreConsistent() throws {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<5_000 {
            let image = random.imageSize(sides: 1...6_000)
            guard Double(max(image.width, image.height)) / Double(min(image.width, image.height)) <= 200 else { continue }
            for (name, preset) in Self.presets {
                let result = try preset.resized(image)
                let label = "\(name) \(image) -> \(result.size)"
                #expect(result.size.width % preset.factor == 0 && result.size.height % preset.factor == 0, "\(label)")
                #expect(result.size.width > 0 && result.size.height > 0, "\(label)")
                #expect(result.grid.array == [1, result.size.height / preset.patchSize, result.size.width / preset.patchSize], "\(label)")
                #expect(result.tokens == result.size.area / (preset.factor * preset.factor), "\(label)")
                let resultAspect = Double(max(result.size.width, result.size.height)) / Double(min(result.size.width, result.size.height))
                if preset.implementation == .transformers, (preset.minPixels...preset.maxPixels).contains(result.size.area), resultAspect <= 200 {
                    #expect(try preset.resized(result.size) == result, "\(label) is not a fixpoint")
                }
            }
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected an integer in 1...1024 for patchSize but received 0")) {
            try SmartResize(patchSize: 0)
        }
        #expect(throws: GeometryError("Expected an integer in 1...16 for mergeSize but received 17")) {
            try SmartResize(mergeSize: 17)
        }
        #expect(throws: GeometryError("Expected an integer in 1...17179869184 for minPixels but received 0")) {
            try SmartResize(minPixels: 0)
        }
        #expect(throws: GeometryError("Expected an integer in 3136...17179869184 for maxPixels but received 3135")) {
            try SmartResize(minPixels: 3_136, maxPixels: 3_135)
        }
        #expect(throws: GeometryError("Expected an integer in 65536...17179869184 for maxPixels but received 100")) {
            try SmartResize.qwen3VLCheckpoint.withPixels(min: nil, max: 100)
        }
    }
}
