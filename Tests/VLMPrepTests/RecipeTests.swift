import Foundation
import Testing
import TestSupport
import VLMPrep

/// A user-defined plugin, registered from Swift (DESIGN §4): drops frames narrower than
/// `minWidth` pixels.
struct DropNarrowFrames: Plugin {
    static let name = "drop-narrow"
    static let minWidthRange = 1...100_000
    let minWidth: Int

    init(options: PluginOptions) throws {
        var reader = options
        minWidth = try reader.int("minWidth", default: 64, in: Self.minWidthRange)
        try reader.finish()
    }

    func run(_ item: inout PreparedItem, context: PluginContext) throws {
        item.frames.removeAll { $0.image.width < minWidth }
    }
}

@Suite("Recipe")
struct RecipeTests {
    private func recipe(_ json: String, registry: PluginRegistry = .builtIn) throws -> Recipe {
        try Recipe(json: Data(json.utf8), registry: registry)
    }

    private func message(_ json: String, registry: PluginRegistry = .builtIn) -> String? {
        do { _ = try recipe(json, registry: registry); return nil } catch { return "\(error)" }
    }

    @Test func sampleRecipesParse() throws {
        let folder = PipelineFixtures.samples.appendingPathComponent("recipes")
        let gemma = try Recipe(contentsOf: folder.appendingPathComponent("item-intelligence-gemma3.json"))
        #expect(gemma.name == "item-intelligence-gemma3")
        #expect(gemma.prepare.map(\.name) == ["load", "regions", "expand-boxes", "merge-boxes", "square-crop", "dedupe", "gemma3"])
        #expect(gemma.emit["annotation"]?.name == "openai-batch" && gemma.emit["inference"]?.name == "files")
        let qwen = try Recipe(contentsOf: folder.appendingPathComponent("qwen2.5-vl-native.json"))
        #expect(qwen.prepare.map(\.name) == ["load", "regions", "expand-boxes", "merge-boxes", "square-crop", "dedupe", "qwen2.5-vl"])
        #expect(qwen.emit["inference"]?.name == "safetensors")
        let pan = try Recipe(contentsOf: folder.appendingPathComponent("gemma3-pan-and-scan.json"))
        #expect(pan.prepare.map(\.name) == ["load", "dedupe", "gemma3"])
        #expect(pan.emit["annotation"]?.name == "files")
    }

    @Test func minimalRecipes() throws {
        let empty = try recipe("{}")
        #expect(empty.name == "recipe" && empty.prepare.isEmpty && empty.emit.isEmpty)
        let one = try recipe(#"{"name":"x","prepare":["load"],"emit":{"inference":"files"}}"#)
        #expect(one.name == "x" && one.prepare.map(\.name) == ["load"] && one.emit.keys.sorted() == ["inference"])
    }

    @Test func recipeErrors() {
        #expect(message("{") == "recipe: invalid JSON")
        #expect(message("[]") == "recipe: Expected a JSON object for recipe but received []")
        #expect(message(#"{"name":"x","steps":[]}"#) == #"recipe: Expected one of: name, prepare, emit for recipe key but received "steps""#)
        #expect(message(#"{"name":3}"#) == "recipe: Expected a string for name but received 3")
        #expect(message(#"{"prepare":"load"}"#) == #"recipe: Expected a list of steps for prepare but received "load""#)
        #expect(message(#"{"emit":["files"]}"#) == #"recipe: Expected an object {"annotation": step, "inference": step} for emit but received ["files"]"#)
        #expect(message(#"{"emit":{"training":"files"}}"#) == #"recipe: Expected one of: annotation, inference for emit key but received "training""#)
        let names = PluginRegistry.builtIn.names.joined(separator: ", ")
        #expect(message(#"{"prepare":["load","crop"]}"#) == #"recipe: Expected one of: \#(names) for prepare[1] but received "crop""#)
        #expect(message(#"{"emit":{"annotation":{"plugin":"files","size":3}}}"#)
            == #"files: Expected one of: filter, format, optimize, quality, resampler, resize for option name but received "size""#)
        #expect(message(#"{"prepare":[{"plugin":"dedupe","maxDistance":-1}]}"#)
            == "dedupe: Expected an integer between 0 and 64 for maxDistance but received -1")
        #expect(message(#"{"emit":{"inference":"nope"}}"#) == #"recipe: Expected one of: \#(names) for emit.inference but received "nope""#)
    }

    @Test func unreadableRecipeFile() throws {
        let missing = try Fixtures.temporaryDirectory().appendingPathComponent("none.json")
        #expect(throws: PluginError.self) { try Recipe(contentsOf: missing) }
    }

    @Test func userPluginRunsInARecipe() throws {
        var registry = PluginRegistry.builtIn
        registry.register(DropNarrowFrames.self)
        #expect(registry.names.contains("drop-narrow"))
        #expect(!PluginRegistry.builtIn.names.contains("drop-narrow"))   // the shared registry is untouched
        // Built-in registry does not know it: the message lists the valid names.
        #expect(message(#"{"prepare":["drop-narrow"]}"#)?.hasPrefix("recipe: Expected one of: dedupe, ") == true)
        #expect(message(#"{"prepare":[{"plugin":"drop-narrow","minWidth":0}]}"#, registry: registry)
            == "drop-narrow: Expected an integer between 1 and 100000 for minWidth but received 0")

        let recipe = try recipe(#"{"prepare":["load",{"plugin":"drop-narrow","minWidth":100}]}"#, registry: registry)
        // quadrants_rgb.png is 32 px wide, coins-gray.jpg 384, chelsea.jpg 451.
        let item = Item(id: "u", images: [Fixtures.url("loader/quadrants_rgb.png").path, PipelineFixtures.image("coins-gray.jpg"),
                                         Fixtures.url("loader/quadrants_rgb.png").path, PipelineFixtures.image("chelsea.jpg")])
        var prepared = PreparedItem(item: item, manifestDirectory: PipelineFixtures.samples)
        try recipe.prepare(&prepared, context: PluginContext(fileStem: "u"))
        #expect(prepared.frames.map(\.source) == [1, 3])
        #expect(prepared.frames.map(\.rect) == [PixelRect(x: 0, y: 0, width: 384, height: 303), PixelRect(x: 0, y: 0, width: 451, height: 300)])
        #expect(prepared.sources.count == 4)
    }

    @Test func userPluginRunsInTheBatchRunner() async throws {
        var registry = PluginRegistry.builtIn
        registry.register(DropNarrowFrames.self)
        let recipe = try recipe(#"{"prepare":["load",{"plugin":"drop-narrow","minWidth":400}],"emit":{"inference":{"plugin":"files","format":"png"}}}"#,
                                registry: registry)
        let folder = try Fixtures.temporaryDirectory()
        let manifest = folder.appendingPathComponent("items.jsonl")
        try Data(#"{"id":"w","images":["\#(PipelineFixtures.image("coins-gray.jpg"))","\#(PipelineFixtures.image("chelsea.jpg"))"]}"#.utf8).write(to: manifest)
        let output = try OutputDirectory(root: folder.appendingPathComponent("out"))
        let runner = BatchRunner(recipe: recipe, output: output, configuration: .init(jobs: 1))
        let summary = try await runner.run(try ManifestSource(path: manifest.path))
        #expect(summary.succeeded == 1)
        let record = try JSONDecoder().decode(ItemRecord.self, from: try Data(contentsOf: output.root.appendingPathComponent("items.jsonl")))
        #expect(record.frames?.map(\.file) == ["inference/w/00-original.png"])
        #expect(record.frames?.map(\.source) == [1])
    }

    @Test func laterRegistrationReplaces() throws {
        struct Other: Plugin {
            static let name = "load"
            init(options: PluginOptions) throws { try options.finish() }
            func run(_ item: inout PreparedItem, context: PluginContext) throws {}
        }
        var registry = PluginRegistry.builtIn
        registry.register(Other.self)
        #expect(try registry.step(from: "load", field: "x").plugin is Other)
        #expect(try PluginRegistry.builtIn.step(from: "load", field: "x").plugin is LoadPlugin)
    }
}
