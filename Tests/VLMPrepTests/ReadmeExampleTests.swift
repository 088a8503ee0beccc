import Foundation
import Testing
import TestSupport
import VLMPrep

/// The README's library example, kept compiling and correct.
@Suite("README example")
struct ReadmeExampleTests {
    struct DropSmallFrames: Plugin {
        static let name = "drop-small-frames"
        let minSide: Int
        init(options: PluginOptions) throws {
            var reader = options
            minSide = try reader.int("minSide", default: 64, in: 1...10_000)
            try reader.finish()
        }
        func run(_ item: inout PreparedItem, context: PluginContext) throws {
            item.frames.removeAll { min($0.rect.width, $0.rect.height) < minSide }
        }
    }

    private let samples = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples")

    @Test func libraryExample() throws {
        let photo = samples.appendingPathComponent("images/coffee.jpg").path   // 600x400
        let pixels = try PixelDecoder.uprightRGB(path: photo, options: LoadOptions(alpha: .drop))
        let builder = ModelTensorBuilder(planner: try ModelPlanner(model: .qwen25VL))
        let inputs = try builder.build([pixels])
        // 600x400 → smart resize 588x392 → grid 28x42 patches of 14 px, 1176 values per row.
        #expect(inputs["pixel_values"]?.shape == [28 * 42, 1176])
        #expect(inputs["image_grid_thw"]?.integers == [1, 28, 42])
        let layout = try builder.layout(for: [pixels.size])
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("photo.safetensors")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let file = try FileHandle(forWritingTo: url)
        try builder.writeSafetensors([pixels], layout: layout, metadata: ["source": "photo.jpg"], to: file)
        try file.close()
        #expect(try Data(contentsOf: url) == SafetensorsWriter.encode(inputs.tensors, metadata: ["source": "photo.jpg"]))
        #expect(try PerceptualHash(path: photo).description == "bb8320376c0f3637")   // golden/phash.json

        var registry = PluginRegistry.builtIn
        registry.register(DropSmallFrames.self)
        let steps = #"["load", "regions", "expand-boxes", "merge-boxes", "square-crop", {"plugin": "drop-small-frames", "minSide": 128}, "dedupe"]"#
        let recipe = try Recipe(json: Data(#"{"prepare": \#(steps)}"#.utf8), registry: registry)
        let withoutPlugin = try Recipe(json: Data(#"{"prepare": ["load", "regions", "expand-boxes", "merge-boxes", "square-crop", "dedupe"]}"#.utf8))
        // One small label: expanded by 8 px a side to [2, 2, 28, 28] → a 26x26 square crop.
        let item = Item(id: "1", images: ["images/coffee.jpg"],
                        regions: [ItemRegion(image: 0, source: .box(Box(x1: 10, y1: 10, x2: 20, y2: 20)), label: "label")])
        var plain = PreparedItem(item: item, manifestDirectory: samples)
        try withoutPlugin.prepare(&plain, context: PluginContext(fileStem: FileStem.make("1")))
        #expect(plain.frames.map(\.kind) == [.original, .crop])
        #expect(plain.frames.last?.rect == PixelRect(x: 2, y: 2, width: 26, height: 26))
        var prepared = PreparedItem(item: item, manifestDirectory: samples)
        try recipe.prepare(&prepared, context: PluginContext(fileStem: FileStem.make("1")))
        #expect(prepared.frames.map(\.kind) == [.original])   // the 26-pixel crop is dropped
    }
}
