import Foundation
import Testing
import VLMPrepGeometry

@Suite struct ModelPlanTests {
    private func json(_ plan: ModelPlan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(plan), as: UTF8.self)
    }

    @Test func qwenPlanJSONShape() throws {
        let plan = try ModelPlanner(model: .qwen25VL).plan(for: PixelSize(width: 800, height: 600))
        #expect(try json(plan) == #"{"height":600,"inputs":[{"grid_thw":[1,42,58],"height":588,"kind":"original","rect":[0,0,800,600],"tokens":609,"width":812}],"model":"qwen2.5-vl","tokens":609,"width":800}"#)
    }

    @Test func llavaOneVisionPlanJSONShape() throws {
        // 300 x 200: canvas 384 x 384, image placed at y 64 (256 high), one tile.
        let plan = try ModelPlanner(model: .llavaOneVision).plan(for: PixelSize(width: 300, height: 200))
        #expect(try json(plan) == #"{"canvas":{"height":384,"image":[0,64,384,256],"tokens":532,"width":384},"height":200,"inputs":[{"height":384,"kind":"base","rect":[0,0,300,200],"tokens":729,"width":384},{"height":384,"kind":"tile","rect":[0,-50,300,300],"width":384}],"model":"llava-onevision","tokens":1261,"width":300}"#)
    }

    @Test func gemmaPanAndScanKindIsSpelledWithHyphens() throws {
        let plan = try ModelPlanner(model: .gemma3, panAndScan: true).plan(for: PixelSize(width: 1000, height: 400))
        #expect(try json(plan).contains(#""kind":"pan-and-scan","rect":[334,0,334,400],"tokens":256"#))
        #expect(ModelInput.Kind.allCases.map(\.rawValue) == ["original", "pan-and-scan", "tile", "thumbnail", "base"])
    }

    @Test func plansRoundTripThroughJSON() throws {
        for model in VisionModel.allCases {
            let plan = try ModelPlanner(model: model).plan(for: PixelSize(width: 1_234, height: 567))
            let decoded = try JSONDecoder().decode(ModelPlan.self, from: Data(try json(plan).utf8))
            #expect(decoded == plan, "\(model)")
        }
    }

    @Test func malformedRectanglesAreRejected() {
        let text = #"{"model":"gemma3","width":10,"height":10,"tokens":256,"inputs":[{"kind":"original","rect":[0,0,10],"width":896,"height":896,"tokens":256}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ModelPlan.self, from: Data(text.utf8)) }
    }

    @Test func totalTokensAddInputsAndCanvas() {
        let input = ModelInput(kind: .base, rect: PixelRect(x: 0, y: 0, width: 10, height: 10), size: PixelSize(width: 384, height: 384), tokens: 729)
        let tile = ModelInput(kind: .tile, rect: PixelRect(x: 0, y: 0, width: 10, height: 10), size: PixelSize(width: 384, height: 384), tokens: nil)
        let canvas = PaddedCanvas(size: PixelSize(width: 384, height: 384), image: PixelRect(x: 0, y: 0, width: 384, height: 384), tokens: 756)
        #expect(ModelPlan(model: .llavaOneVision, source: PixelSize(width: 10, height: 10), inputs: [input, tile], canvas: canvas).tokens == 1_485)
    }
}
