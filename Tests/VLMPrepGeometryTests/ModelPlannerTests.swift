import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct ModelPlannerTests {
    // MARK: Against the reference vectors

    @Test func gemma3TokensMatchPanAndScanVectors() throws {
        let planner = try ModelPlanner(model: .gemma3, panAndScan: true)
        let plain = try ModelPlanner(model: .gemma3)
        for testCase in try PanAndScanVectors.load().cases {
            let plan = try planner.plan(for: testCase.size)
            let label = "H=\(testCase.height) W=\(testCase.width)"
            #expect(plan.inputs.count == testCase.images_in_pixel_values, "\(label)")
            #expect(plan.tokens == testCase.image_tokens, "\(label)")
            #expect(plan.inputs.first?.kind == .original && plan.inputs.first?.rect == PixelRect(size: testCase.size), "\(label)")
            #expect(plan.inputs.dropFirst().map(\.rect.array) == testCase.crops, "\(label)")
            #expect(plan.inputs.dropFirst().allSatisfy { $0.kind == .panAndScan }, "\(label)")
            #expect(plan.inputs.allSatisfy { $0.width == 896 && $0.height == 896 && $0.tokens == 256 && $0.grid == nil }, "\(label)")
            // Off by default (the processor's default): the original only.
            #expect(try plain.plan(for: testCase.size).tokens == 256, "\(label)")
        }
    }

    @Test func qwenPlansMatchSmartResizeVectors() throws {
        let planners: [(String, ModelPlanner)] = [
            ("qwen2_5_vl_checkpoint", try ModelPlanner(model: .qwen25VL)),
            ("qwen3_vl_checkpoint", try ModelPlanner(model: .qwen3VL)),
        ]
        for testCase in try SmartResizeVectors.load().cases {
            for (name, planner) in planners {
                let expected = try #require(testCase.outputs[name])
                let label = "\(name) H=\(testCase.height) W=\(testCase.width)"
                guard expected.error == nil else {
                    #expect(throws: GeometryError.self, "\(label)") { try planner.plan(for: testCase.size) }
                    continue
                }
                let plan = try planner.plan(for: testCase.size)
                #expect(plan.inputs.count == 1 && plan.tokens == expected.tokens, "\(label)")
                let input = try #require(plan.inputs.first)
                #expect(input.kind == .original && input.rect == PixelRect(size: testCase.size), "\(label)")
                #expect(input.width == expected.width && input.height == expected.height, "\(label)")
                #expect(input.grid?.array == [1, expected.grid_h!, expected.grid_w!], "\(label)")
            }
        }
    }

    @Test func llavaOneVisionTokensMatchVectors() throws {
        let planner = try ModelPlanner(model: .llavaOneVision)
        for testCase in try LlavaOneVisionVectors.load().cases {
            let plan = try planner.plan(for: testCase.size)
            let label = "H=\(testCase.height) W=\(testCase.width)"
            #expect(plan.tokens == testCase.tokens, "\(label)")
            #expect(plan.inputs.count == testCase.num_patches, "\(label)")
            #expect(plan.inputs.first?.kind == .base && plan.inputs.first?.tokens == 729, "\(label)")
            #expect(plan.inputs.dropFirst().allSatisfy { $0.kind == .tile && $0.tokens == nil && $0.width == 384 }, "\(label)")
            let canvas = try #require(plan.canvas)
            #expect([canvas.height, canvas.width] == testCase.best_resolution, "\(label)")
            #expect([canvas.image.height, canvas.image.width] == testCase.resized, "\(label)")
            #expect([canvas.image.y, canvas.image.x] == [testCase.padding[0], testCase.padding[2]], "\(label)")
            #expect(canvas.tokens == testCase.unpadded_tokens + testCase.newline_tokens, "\(label)")
        }
    }

    @Test func internVLTokensMatchVectors() throws {
        let planner = try ModelPlanner(model: .internVL)
        for testCase in try InternVLVectors.load().cases {
            let plan = try planner.plan(for: testCase.size)
            let label = "H=\(testCase.height) W=\(testCase.width)"
            #expect(plan.tokens == testCase.image_tokens, "\(label)")
            #expect(plan.inputs.count == testCase.num_patches, "\(label)")
            #expect(plan.inputs.filter { $0.kind == .tile }.count == testCase.tiles, "\(label)")
            #expect((plan.inputs.last?.kind == .thumbnail) == testCase.thumbnail, "\(label)")
            #expect(plan.inputs.allSatisfy { $0.width == 448 && $0.height == 448 && $0.tokens == 256 }, "\(label)")
        }
    }

    // MARK: Hand-computed examples

    @Test func internVLThumbnailIsTheWholeImage() throws {
        let plan = try ModelPlanner(model: .internVL).plan(for: PixelSize(width: 900, height: 300))
        #expect(plan.inputs.map(\.kind) == [.tile, .tile, .tile, .thumbnail])
        #expect(plan.inputs.map(\.rect.array) == [[0, 0, 300, 300], [300, 0, 300, 300], [600, 0, 300, 300], [0, 0, 900, 300]])
        #expect(plan.tokens == 1_024 && plan.canvas == nil)
    }

    @Test func pixelBudgetsOverrideTheCheckpoint() throws {
        // 1024 x 1024 with at most 256 * 28² pixels: beta = sqrt(1024² / 200704) -> 448 x 448, 256 tokens.
        let planner = try ModelPlanner(model: .qwen25VL, maxPixels: 256 * 28 * 28)
        let plan = try planner.plan(for: PixelSize(width: 1024, height: 1024))
        #expect(plan.inputs[0].width == 448 && plan.inputs[0].height == 448 && plan.tokens == 256)
        #expect(planner.smartResize?.minPixels == 3_136)
        #expect(try ModelPlanner(model: .qwen3VL, minPixels: 4_096).smartResize?.maxPixels == 16_777_216)
    }

    @Test func modelNamesAreParsed() throws {
        #expect(try ModelPlanner(modelName: "llava-onevision").model == .llavaOneVision)
    }

    @Test func dataErrorsThrowFromPlan() throws {
        let planner = try ModelPlanner(model: .internVL)
        #expect(throws: GeometryError("Expected a width and height of at least 1 for image size but received 0x10")) {
            try planner.plan(for: PixelSize(width: 0, height: 10))
        }
        #expect(throws: GeometryError("absolute aspect ratio must be smaller than 200, got 250.0")) {
            try ModelPlanner(model: .qwen3VL).plan(for: PixelSize(width: 2_500, height: 10))
        }
    }

    /// Every model, random sizes: inputs are non-empty, tokens add up, rectangles overlap the image.
    @Test func sweepPlansAreConsistent() throws {
        var random = SeededGenerator(seed: 31)
        let planners = try VisionModel.allCases.map { try ModelPlanner(model: $0, panAndScan: $0 == .gemma3) }
        for _ in 0..<500 {
            let image = random.imageSize(sides: 1...3_000)
            for planner in planners where !(planner.model.usesSmartResize && Double(max(image.width, image.height)) / Double(min(image.width, image.height)) > 200) {
                let plan = try planner.plan(for: image)
                let label = "\(planner.model) \(image)"
                #expect(!plan.inputs.isEmpty && plan.source == image, "\(label)")
                #expect(plan.tokens == plan.inputs.compactMap(\.tokens).reduce(plan.canvas?.tokens ?? 0, +), "\(label)")
                #expect(plan.inputs.allSatisfy { !$0.rect.clamped(to: image).isEmpty && $0.width > 0 && $0.height > 0 }, "\(label)")
            }
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected one of: gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl for model but received \"qwen2-vl\"")) {
            try ModelPlanner(modelName: "qwen2-vl")
        }
        #expect(throws: GeometryError("Expected no value with model gemma3 (only qwen2.5-vl, qwen3-vl use it) for minPixels but received 1000")) {
            try ModelPlanner(model: .gemma3, minPixels: 1_000)
        }
        #expect(throws: GeometryError("Expected no value with model internvl (only qwen2.5-vl, qwen3-vl use it) for maxPixels but received 1000")) {
            try ModelPlanner(model: .internVL, maxPixels: 1_000)
        }
        #expect(throws: GeometryError("Expected no value with model qwen3-vl (only gemma3 uses it) for panAndScan but received true")) {
            try ModelPlanner(model: .qwen3VL, panAndScan: true)
        }
        #expect(throws: GeometryError("Expected an integer in 1...17179869184 for minPixels but received 0")) {
            try ModelPlanner(model: .qwen25VL, minPixels: 0)
        }
        #expect(throws: GeometryError("Expected an integer in 65536...17179869184 for maxPixels but received 1000")) {
            try ModelPlanner(model: .qwen3VL, maxPixels: 1_000)
        }
    }
}
