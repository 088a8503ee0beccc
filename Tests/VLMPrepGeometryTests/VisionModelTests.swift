import Testing
import VLMPrepGeometry

@Suite struct VisionModelTests {
    @Test func rawValuesAreTheCommandLineNames() {
        #expect(VisionModel.allCases.map(\.rawValue) == ["gemma3", "qwen2.5-vl", "qwen3-vl", "llava-onevision", "internvl"])
        #expect(VisionModel.allCases.filter(\.usesSmartResize) == [.qwen25VL, .qwen3VL])
    }

    @Test func parsing() throws {
        for model in VisionModel.allCases {
            #expect(try VisionModel(parsing: model.rawValue) == model)
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected one of: gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl for model but received \"Gemma3\"")) {
            try VisionModel(parsing: "Gemma3")
        }
        #expect(throws: GeometryError("Expected one of: gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl for model but received \"\"")) {
            try VisionModel(parsing: "")
        }
    }
}
