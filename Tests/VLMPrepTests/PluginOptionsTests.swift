import Foundation
import Testing
import VLMPrep

@Suite("PluginOptions")
struct PluginOptionsTests {
    private func options(_ json: String, plugin: String = "p") throws -> PluginOptions {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        return PluginOptions(plugin: plugin, values: value.objectValue ?? [:])
    }

    /// The `<plugin>: <message>` text of what `body` throws (nil when it does not throw).
    private func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    // MARK: - Accessors

    @Test func defaultsWhenAbsent() throws {
        var reader = try options("{}")
        #expect(try reader.double("a", default: 0.5, in: 0...1) == 0.5)
        #expect(try reader.int("b", default: 3, in: 1...9) == 3)
        #expect(try reader.optionalInt("c", in: 1...9) == nil)
        #expect(try reader.bool("d", default: true) == true)
        #expect(try reader.string("e", default: "x") == "x")
        #expect(try reader.optionalString("f") == nil)
        #expect(try reader.choice("g", default: EnclosingSquare.Mode.each) == .each)
        #expect(try reader.colour("h", default: .black) == .black)
        let hasI = reader.has("i")
        #expect(!hasI)
        try reader.finish()
    }

    @Test func valuesWhenPresent() throws {
        var reader = try options(##"{"a":0.25,"b":9,"c":1,"d":false,"e":"y","f":"z","g":"all","h":"#102030","i":null,"j":[1,2,3],"k":"4, 5, 6"}"##)
        #expect(try reader.double("a", default: 0.5, in: 0...1) == 0.25)
        #expect(try reader.int("b", default: 3, in: 1...9) == 9)
        #expect(try reader.optionalInt("c", in: 1...9) == 1)
        #expect(try reader.bool("d", default: true) == false)
        #expect(try reader.string("e", default: "x") == "y")
        #expect(try reader.optionalString("f") == "z")
        #expect(try reader.choice("g", default: EnclosingSquare.Mode.each) == .all)
        #expect(try reader.colour("h", default: .black) == RGBColor(red: 16, green: 32, blue: 48))
        let hasI = reader.has("i")
        #expect(hasI)
        #expect(try reader.colour("j", default: .black) == RGBColor(red: 1, green: 2, blue: 3))
        #expect(try reader.colour("k", default: .black) == RGBColor(red: 4, green: 5, blue: 6))
        try reader.finish()
    }

    @Test func wrongTypesAndRanges() throws {
        var reader = try options(#"{"a":2,"b":2.5,"c":"3","d":"yes","e":5,"g":"some","h":"pink","j":[1,2,300],"k":10}"#)
        #expect(message { _ = try reader.double("a", default: 0, in: 0...1) } == "p: Expected a number between 0 and 1 for a but received 2")
        #expect(message { _ = try reader.int("b", default: 0, in: 0...9) } == "p: Expected an integer between 0 and 9 for b but received 2.5")
        #expect(message { _ = try reader.int("c", default: 0, in: 0...9) } == #"p: Expected an integer between 0 and 9 for c but received "3""#)
        #expect(message { _ = try reader.bool("d", default: false) } == #"p: Expected true or false for d but received "yes""#)
        #expect(message { _ = try reader.string("e", default: "") } == "p: Expected a string for e but received 5")
        #expect(message { _ = try reader.choice("g", default: EnclosingSquare.Mode.all) } == #"p: Expected one of: all, each for g but received "some""#)
        #expect(message { _ = try reader.colour("h", default: .white) } == ##"p: Expected a colour (white, black, #rrggbb or r,g,b) for h but received "pink""##)
        #expect(message { _ = try reader.colour("j", default: .white) } == "p: Expected a colour (white, black, #rrggbb or r,g,b) for j but received [1,2,300]")
        #expect(message { _ = try reader.double("k", default: 0, in: 0.5...1.5) } == "p: Expected a number between 0.5 and 1.5 for k but received 10")
    }

    @Test func unknownKeysListTheValidOnes() throws {
        var reader = try options(#"{"fraction":0.1,"fractoin":0.2}"#, plugin: "expand-boxes")
        _ = try reader.double("fraction", default: 0.1, in: 0...10)
        _ = try reader.double("minPixels", default: 8, in: 0...100)
        #expect(message { try reader.finish() } == #"expand-boxes: Expected one of: fraction, minPixels for option name but received "fractoin""#)
        let none = try options(#"{"x":1}"#, plugin: "safetensors")
        #expect(message { try none.finish() } == #"safetensors: Expected no options for option name but received "x""#)
    }

    // MARK: - Every built-in plugin, from {} and from a full options object

    static let fullOptions: [String: String] = [
        "load": ##"{"alpha":"drop","background":"#102030","maxInputPixels":1000000,"lenient":true}"##,
        "regions": #"{"minScore":0.5}"#,
        "expand-boxes": #"{"fraction":0.2,"minPixels":4,"minSide":32}"#,
        "merge-boxes": #"{"gap":5}"#,
        "square-crop": #"{"mode":"each","minSide":64,"fill":[0,0,0],"replace":true}"#,
        "dedupe": #"{"maxDistance":0,"keep":"largest"}"#,
        "pan-and-scan": #"{"minCropSize":128,"maxCrops":3,"minRatioToActivate":1.5}"#,
        "tiles": #"{"size":64,"overlap":0.25,"replace":true}"#,
        "gemma3": #"{"panAndScan":true}"#,
        "qwen2.5-vl": #"{"minPixels":3136,"maxPixels":1003520}"#,
        "qwen3-vl": #"{"minPixels":4096,"maxPixels":16777216}"#,
        "llava-onevision": "{}",
        "internvl": "{}",
        "files": #"{"format":"png","quality":80,"optimize":true,"resize":224,"filter":"lanczos"}"#,
        "openai-batch": #"{"model":"m","prompt":"p {id}","system":"s","url":"/v1/x","maxTokens":10,"detail":"low","format":"webp","quality":70,"resize":"qwen2.5-vl","filter":"bicubic"}"#,
        "safetensors": "{}",
    ]

    @Test func registryListsEveryBuiltIn() {
        #expect(PluginRegistry.builtIn.names == ["dedupe", "expand-boxes", "files", "gemma3", "internvl", "llava-onevision", "load",
                                                 "merge-boxes", "openai-batch", "pan-and-scan", "qwen2.5-vl", "qwen3-vl", "regions",
                                                 "safetensors", "square-crop", "tiles"])
        #expect(Set(Self.fullOptions.keys) == Set(PluginRegistry.builtIn.names))
    }

    @Test(arguments: PluginRegistry.builtIn.names)
    func builtInFromEmptyAndFullOptions(name: String) throws {
        let empty = try PluginRegistry.builtIn.step(from: .object(["plugin": .string(name)]), field: "prepare[0]")
        #expect(empty.name == name)
        #expect(type(of: empty.plugin).name == name)
        let byName = try PluginRegistry.builtIn.step(from: .string(name), field: "prepare[0]")
        #expect(type(of: byName.plugin).name == name)
        var full = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(Self.fullOptions[name]).utf8)).objectValue ?? [:]
        full["plugin"] = .string(name)
        let step = try PluginRegistry.builtIn.step(from: .object(full), field: "prepare[0]")
        #expect(step.name == name)
        // Any extra key is rejected by every plugin.
        full["noSuchOption"] = .number(1)
        #expect(throws: PluginError.self) { try PluginRegistry.builtIn.step(from: .object(full), field: "prepare[0]") }
    }

    @Test func fullOptionsAreRead() throws {
        func plugin<T>(_ name: String, as: T.Type) throws -> T {
            var object = try JSONDecoder().decode(JSONValue.self, from: Data(Self.fullOptions[name]!.utf8)).objectValue!
            object["plugin"] = .string(name)
            return try #require(try PluginRegistry.builtIn.step(from: .object(object), field: "x").plugin as? T)
        }
        let load = try plugin("load", as: LoadPlugin.self)
        #expect(load.options == LoadOptions(alpha: .drop, maxInputPixels: 1_000_000, lenient: true))
        #expect(try plugin("regions", as: RegionsPlugin.self).minScore == 0.5)
        let expand = try plugin("expand-boxes", as: ExpandBoxesPlugin.self).operation
        #expect([expand.fraction, expand.minPixels, expand.minSide] == [0.2, 4, 32])
        #expect(try plugin("merge-boxes", as: MergeBoxesPlugin.self).operation.gap == 5)
        #expect(try plugin("square-crop", as: SquareCropPlugin.self).replace)
        let square = try plugin("square-crop", as: SquareCropPlugin.self).operation
        #expect(square.mode == .each && square.minSide == 64 && square.fill == .black)
        let dedupe = try plugin("dedupe", as: DedupePlugin.self).operation
        #expect(dedupe.maxDistance == 0 && dedupe.keep == .largest)
        let pan = try plugin("pan-and-scan", as: PanAndScanPlugin.self).layout
        #expect(pan.minCropSize == 128 && pan.maxCrops == 3 && pan.minRatioToActivate == 1.5)
        let tiles = try plugin("tiles", as: TilesPlugin.self)
        #expect(tiles.layout.size == 64 && tiles.layout.overlap == 0.25 && tiles.replace)
        let qwen = try plugin("qwen2.5-vl", as: ModelAdapterPlugin.Qwen25VL.self)
        #expect(qwen.builder.planner.smartResize?.minPixels == 3136 && qwen.builder.planner.smartResize?.maxPixels == 1_003_520)
        let files = try plugin("files", as: FilesEmitter.self).rendering
        #expect(files.encoding.format == .png && files.encoding.quality == 80 && files.side == 224 && files.filter == .lanczos && files.explicitFilter)
        #expect(files.encoding.optimizeCoding)
        let batch = try plugin("openai-batch", as: OpenAIBatchEmitter.self)
        #expect(batch.model == "m" && batch.prompt == "p {id}" && batch.system == "s" && batch.url == "/v1/x")
        #expect(batch.maxTokens == 10 && batch.detail == .low)
        #expect(batch.rendering.encoding.format == .webp && batch.rendering.encoding.quality == 70 && !batch.rendering.encoding.optimizeCoding)
        #expect(batch.rendering.planner?.model == .qwen25VL && batch.rendering.filter == .bicubic)
    }

    @Test func builtInDefaults() throws {
        func plugin<T>(_ name: String, as: T.Type) throws -> T {
            try #require(try PluginRegistry.builtIn.step(from: .string(name), field: "x").plugin as? T)
        }
        #expect(try plugin("load", as: LoadPlugin.self).options == .default)
        let expand = try plugin("expand-boxes", as: ExpandBoxesPlugin.self).operation
        #expect([expand.fraction, expand.minPixels, expand.minSide] == [0.10, 8, 0])
        let square = try plugin("square-crop", as: SquareCropPlugin.self).operation
        #expect(square.mode == .all && square.minSide == 0 && square.fill == .white)
        let dedupe = try plugin("dedupe", as: DedupePlugin.self).operation
        #expect(dedupe.maxDistance == Dedupe.defaultMaxDistance && dedupe.keep == .first)
        let tiles = try plugin("tiles", as: TilesPlugin.self)
        #expect(tiles.layout.size == 896 && tiles.layout.overlap == 0 && !tiles.replace)
        let files = try plugin("files", as: FilesEmitter.self).rendering
        #expect(files.encoding.format == .jpeg && files.encoding.quality == 90 && files.side == nil && files.planner == nil && files.filter == .bicubic)
        let batch = try plugin("openai-batch", as: OpenAIBatchEmitter.self)
        #expect(batch.model == "gpt-4o-mini" && batch.url == "/v1/chat/completions" && batch.maxTokens == nil && batch.detail == nil && batch.system == nil)
        #expect(batch.prompt == OpenAIBatchEmitter.defaultPrompt)
        // resize to gemma3 follows the model's filter (BILINEAR) unless named.
        let gemma = try PluginRegistry.builtIn.step(from: .object(["plugin": "files", "resize": "gemma3"]), field: "x").plugin as? FilesEmitter
        #expect(gemma?.rendering.filter == .bilinear && gemma?.rendering.explicitFilter == false)
    }

    // MARK: - Invalid parameters, in the one InvalidParameter form

    @Test func invalidParameterMessages() {
        func error(_ object: [String: JSONValue]) -> String? {
            message { _ = try PluginRegistry.builtIn.step(from: .object(object), field: "prepare[2]") }
        }
        #expect(error(["plugin": "expand-boxes", "fraction": -1]) == "expand-boxes: Expected a number between 0 and 10 for fraction but received -1")
        #expect(error(["plugin": "expand-boxes", "fraction": "big"]) == #"expand-boxes: Expected a number between 0 and 10 for fraction but received "big""#)
        #expect(error(["plugin": "expand-boxes", "fractoin": 0.2]) == #"expand-boxes: Expected one of: fraction, minPixels, minSide for option name but received "fractoin""#)
        #expect(error(["plugin": "merge-boxes", "gap": -0.5]) == "merge-boxes: Expected a number between 0 and 100000 for gap but received -0.5")
        #expect(error(["plugin": "square-crop", "mode": "some"]) == #"square-crop: Expected one of: all, each for mode but received "some""#)
        #expect(error(["plugin": "square-crop", "fill": "pink"]) == ##"square-crop: Expected a colour (white, black, #rrggbb or r,g,b) for fill but received "pink""##)
        #expect(error(["plugin": "dedupe", "maxDistance": 65]) == "dedupe: Expected an integer between 0 and 64 for maxDistance but received 65")
        #expect(error(["plugin": "dedupe", "keep": "last"]) == #"dedupe: Expected one of: first, largest for keep but received "last""#)
        #expect(error(["plugin": "tiles", "overlap": 0.95]) == "tiles: Expected a number between 0 and 0.9 for overlap but received 0.95")
        #expect(error(["plugin": "tiles", "size": 0]) == "tiles: Expected an integer between 1 and 100000 for size but received 0")
        #expect(error(["plugin": "pan-and-scan", "maxCrops": 1]) == "pan-and-scan: Expected an integer between 2 and 64 for maxCrops but received 1")
        #expect(error(["plugin": "load", "alpha": "keep"]) == #"load: Expected one of: flatten, drop for alpha but received "keep""#)
        #expect(error(["plugin": "load", "lenient": 1]) == "load: Expected true or false for lenient but received 1")
        #expect(error(["plugin": "regions", "minScore": 2]) == "regions: Expected a number between 0 and 1 for minScore but received 2")
        #expect(error(["plugin": "gemma3", "minPixels": 10]) == #"gemma3: Expected one of: panAndScan for option name but received "minPixels""#)
        #expect(error(["plugin": "internvl", "panAndScan": true]) == #"internvl: Expected no options for option name but received "panAndScan""#)
        #expect(error(["plugin": "files", "quality": 0]) == "files: Expected an integer between 1 and 100 for quality but received 0")
        #expect(error(["plugin": "files", "format": "gif"]) == #"files: Expected one of: jpeg, png, webp for format but received "gif""#)
        let resize = #"an integer side in 1...16384, "model" or a model name (gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl)"#
        #expect(error(["plugin": "files", "resize": "gemma4"]) == #"files: Expected \#(resize) for resize but received "gemma4""#)
        #expect(error(["plugin": "files", "resize": 0]) == "files: Expected \(resize) for resize but received 0")
        #expect(error(["plugin": "files", "resize": true]) == "files: Expected \(resize) for resize but received true")
        #expect(error(["plugin": "files", "filter": "antialias"]) == #"files: Expected one of: nearest, box, bilinear, hamming, bicubic, lanczos for filter but received "antialias""#)
        #expect(error(["plugin": "openai-batch", "detail": "medium"]) == #"openai-batch: Expected one of: auto, low, high for detail but received "medium""#)
        #expect(error(["plugin": "openai-batch", "maxTokens": 0]) == "openai-batch: Expected an integer between 1 and 1000000 for maxTokens but received 0")
        #expect(error(["plugin": "safetensors", "dtype": "F16"]) == #"safetensors: Expected no options for option name but received "dtype""#)
    }

    @Test func unknownPluginListsValidNames() {
        let names = PluginRegistry.builtIn.names.joined(separator: ", ")
        #expect(message { _ = try PluginRegistry.builtIn.step(from: "expand", field: "prepare[1]") }
            == #"recipe: Expected one of: \#(names) for prepare[1] but received "expand""#)
        #expect(message { _ = try PluginRegistry.builtIn.step(from: .object(["fraction": 1]), field: "prepare[0]") }
            == #"recipe: Expected an object with a "plugin" name for prepare[0] but received {"fraction":1}"#)
        #expect(message { _ = try PluginRegistry.builtIn.step(from: 3, field: "emit.annotation") }
            == #"recipe: Expected a plugin name or an object with a "plugin" name for emit.annotation but received 3"#)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
                     ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
