import Foundation
import Testing
import TestSupport
import VLMPrep

@Suite("Emitters")
struct EmitterTests {
    /// greek-coins-002 prepared: the original (384x303) and its padded square crop (372x372).
    private func coins(_ extra: [JSONValue] = []) throws -> PreparedItem {
        try PipelineFixtures.prepare(try PipelineFixtures.sampleItem("greek-coins-002"),
                                     ["load", "regions", "expand-boxes", "merge-boxes", "square-crop"] + extra)
    }

    private func emitter(_ options: [String: JSONValue], name: String) throws -> any Plugin {
        var object = options
        object["plugin"] = .string(name)
        return try PluginRegistry.builtIn.step(from: .object(object), field: "emit.x").plugin
    }

    private func context(_ output: OutputDirectory?, role: String = "inference", stem: String = "greek-coins-002") -> PluginContext {
        PluginContext(role: role, output: output, fileStem: stem)
    }

    // MARK: - files

    @Test func filesLayoutAndRecords() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        var item = try coins()
        try emitter([:], name: "files").run(&item, context: context(output))
        #expect(item.outputs["inference"] == [OutputRecord(file: "inference/greek-coins-002/00-original.jpg", frame: 0),
                                              OutputRecord(file: "inference/greek-coins-002/01-crop.jpg", frame: 1)])
        let folder = output.root.appendingPathComponent("inference/greek-coins-002")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["00-original.jpg", "01-crop.jpg"])
        let crop = try Image.load(path: folder.appendingPathComponent("01-crop.jpg").path)
        #expect(crop.size == PixelSize(width: 372, height: 372))
        let data = try Data(contentsOf: folder.appendingPathComponent("00-original.jpg"))
        #expect(Array(data.prefix(3)) == [0xFF, 0xD8, 0xFF])
    }

    @Test func filesPNGIsLossless() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        var item = try coins()
        try emitter(["format": "png"], name: "files").run(&item, context: context(output, role: "annotation", stem: "s"))
        #expect(item.outputs["annotation"]?.map(\.file) == ["annotation/s/00-original.png", "annotation/s/01-crop.png"])
        for (index, record) in (item.outputs["annotation"] ?? []).enumerated() {
            let decoded = try Image.load(path: output.root.appendingPathComponent(record.file).path).pixelBuffer()
            #expect(decoded == (try item.frames[index].image.pixelBuffer()))
        }
    }

    @Test func filesResize() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        var item = try coins()
        try emitter(["resize": 224, "format": "webp"], name: "files").run(&item, context: context(output))
        for record in item.outputs["inference"] ?? [] {
            #expect(record.file.hasSuffix(".webp"))
            #expect(try Image.load(path: output.root.appendingPathComponent(record.file).path).size == PixelSize(width: 224, height: 224))
        }
        // resize to a model: gemma3 is 896x896 whatever the frame.
        var gemma = try coins()
        try emitter(["resize": "gemma3", "format": "png"], name: "files").run(&gemma, context: context(output, stem: "g"))
        #expect(try Image.load(path: output.root.appendingPathComponent("inference/g/00-original.png").path).size == PixelSize(width: 896, height: 896))
        // resize "model" follows the item's model adapter (qwen2.5-vl: 384x303 → 392x308).
        var qwen = try coins(["qwen2.5-vl"])
        try emitter(["resize": "model", "format": "png"], name: "files").run(&qwen, context: context(output, stem: "q"))
        #expect(try Image.load(path: output.root.appendingPathComponent("inference/q/00-original.png").path).size == PixelSize(width: 392, height: 308))
    }

    @Test func resamplerChoice() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        var exact = try coins(), fast = try coins()
        try emitter(["resize": 100, "format": "png"], name: "files").run(&exact, context: context(output, stem: "p"))
        try emitter(["resize": 100, "format": "png", "resampler": "libvips"], name: "files").run(&fast, context: context(output, stem: "v"))
        let pillow = try Image.load(path: output.root.appendingPathComponent("inference/p/00-original.png").path).pixelBuffer()
        let libvips = try Image.load(path: output.root.appendingPathComponent("inference/v/00-original.png").path).pixelBuffer()
        #expect(pillow.size == PixelSize(width: 100, height: 100) && libvips.size == pillow.size)
        // The default is the Pillow port: the same bytes as resizing the frame's pixels directly.
        let frame = try exact.frames[0].image.pixelBuffer()
        #expect(pillow == PillowResampler(filter: .bicubic).resize(frame, to: PixelSize(width: 100, height: 100)))
        #expect(pillow != libvips)   // libvips lanczos3 is close, not equal
        #expect(throws: PluginError.self) { _ = try emitter(["resampler": "magic"], name: "files") }
    }

    @Test func emitterErrors() throws {
        var item = try coins()
        #expect(throws: OutputError.missingInput("files: no output folder (emitters run only in `vlmprep run`)")) {
            try emitter([:], name: "files").run(&item, context: context(nil))
        }
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        #expect(throws: OutputError.missingInput(#"resize "model" needs a model adapter step in "prepare""#)) {
            try emitter(["resize": "model"], name: "files").run(&item, context: context(output))
        }
        #expect(throws: OutputError.missingInput("no model tensors; put a model adapter step (gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl) in \"prepare\"")) {
            try emitter([:], name: "safetensors").run(&item, context: context(output))
        }
    }

    // MARK: - openai-batch

    private func requestLine(_ item: PreparedItem, role: String = "annotation") throws -> [String: Any] {
        let lines = try #require(item.pendingLines["\(role)/requests.jsonl"])
        try #require(lines.count == 1)
        #expect(!lines[0].contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    }

    /// The image bytes of each `image_url` data URI of a request, with its MIME type.
    static func images(of request: [String: Any]) throws -> [(mime: String, data: Data, detail: String?)] {
        let body = try #require(request["body"] as? [String: Any])
        let messages = try #require(body["messages"] as? [[String: Any]])
        let content = try #require(messages.last?["content"] as? [[String: Any]])
        return try content.dropFirst().map { part in
            #expect(part["type"] as? String == "image_url")
            let imageURL = try #require(part["image_url"] as? [String: Any])
            let url = try #require(imageURL["url"] as? String)
            let match = try #require(url.firstMatch(of: /^data:(image\/[a-z]+);base64,([A-Za-z0-9+\/=]+)$/))
            return (String(match.1), try #require(Data(base64Encoded: String(match.2))), imageURL["detail"] as? String)
        }
    }

    @Test func openAIBatchLine() throws {
        var item = try coins()
        let plugin = try emitter(["model": "gpt-4o", "system": "You label listings.", "prompt": "Item {id}: {title} / {category} {unknown}",
                                  "maxTokens": 512, "detail": "high", "format": "png"], name: "openai-batch")
        try plugin.run(&item, context: context(nil, role: "annotation"))   // no files: only a pending line
        let request = try requestLine(item)
        #expect(Set(request.keys) == ["custom_id", "method", "url", "body"])
        #expect(request["custom_id"] as? String == "greek-coins-002")
        #expect(request["method"] as? String == "POST")
        #expect(request["url"] as? String == "/v1/chat/completions")
        let body = try #require(request["body"] as? [String: Any])
        #expect(Set(body.keys) == ["model", "messages", "max_tokens"])
        #expect(body["model"] as? String == "gpt-4o" && body["max_tokens"] as? Int == 512)
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.count == 2)
        #expect(messages[0]["role"] as? String == "system" && messages[0]["content"] as? String == "You label listings.")
        #expect(messages[1]["role"] as? String == "user")
        let content = try #require(messages[1]["content"] as? [[String: Any]])
        #expect(content.count == 3)   // text + one image per frame
        #expect(content[0]["type"] as? String == "text")
        #expect(content[0]["text"] as? String == "Item greek-coins-002: Lot of 24 ancient Greek silver coins (Pompeii finds) / Collectibles > Coins > Ancient {unknown}")
        let images = try Self.images(of: request)
        #expect(images.map(\.mime) == ["image/png", "image/png"] && images.map(\.detail) == ["high", "high"])
        for (index, image) in images.enumerated() {
            #expect(try Image.decodePNG(image.data) == (try item.frames[index].image.pixelBuffer()))
        }
        #expect(item.outputs["annotation"] == [OutputRecord(file: "annotation/requests.jsonl", frame: nil)])
        // The raw line: slashes unescaped, keys sorted (stable bytes for the same input).
        let line = try #require(item.pendingLines["annotation/requests.jsonl"]?.first)
        #expect(line.hasPrefix(#"{"body":{"max_tokens":512,"messages":[{"content":"You label listings.","role":"system"},"#))
        #expect(line.hasSuffix(#""custom_id":"greek-coins-002","method":"POST","url":"/v1/chat/completions"}"#))
    }

    @Test func openAIBatchDefaults() throws {
        var item = try coins()
        try emitter([:], name: "openai-batch").run(&item, context: context(nil, role: "inference"))
        let request = try requestLine(item, role: "inference")
        let body = try #require(request["body"] as? [String: Any])
        #expect(Set(body.keys) == ["model", "messages"])   // no max_tokens unless set
        #expect(body["model"] as? String == "gpt-4o-mini")
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.count == 1)   // no system message unless set
        let content = try #require(messages[0]["content"] as? [[String: Any]])
        #expect(content[0]["text"] as? String == "Here are the photos of a marketplace listing. Title: Lot of 24 ancient Greek silver coins (Pompeii finds). Category: Collectibles > Coins > Ancient. Describe the product and read any text, labels and numbers visible in the photos.")
        let images = try Self.images(of: request)
        #expect(images.map(\.mime) == ["image/jpeg", "image/jpeg"] && images.map(\.detail) == [nil, nil])
        #expect(Array(images[0].data.prefix(3)) == [0xFF, 0xD8, 0xFF])
    }

    @Test func promptTemplateIsRenderedOnce() throws {
        let plugin = try #require(try emitter(["prompt": "[{id}] {title} ({category})"], name: "openai-batch") as? OpenAIBatchEmitter)
        #expect(plugin.renderedPrompt(for: Item(id: "7", images: ["a"], title: "Has {category} and {id} in it", category: "C")) == "[7] Has {category} and {id} in it (C)")
        #expect(plugin.renderedPrompt(for: Item(id: "{title}", images: ["a"])) == "[{title}]  ()")
        #expect(plugin.renderedPrompt(for: Item(id: "x", images: ["a"], title: "{")) == "[x] { ()")
    }

    // MARK: - safetensors

    @Test func safetensorsFileReadBack() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        var item = try coins(["qwen2.5-vl"])
        try emitter([:], name: "safetensors").run(&item, context: context(output))
        #expect(item.outputs["inference"] == [OutputRecord(file: "inference/greek-coins-002.safetensors", frame: nil)])
        let bytes = try Data(contentsOf: output.root.appendingPathComponent("inference/greek-coins-002.safetensors"))
        let file = try SafetensorsFile(bytes)
        #expect(file.headerLength % 8 == 0)
        #expect(file.tensorNames == ["image_grid_thw", "pixel_values"])
        // Same values as the tensor builder gives for the same frames.
        let inputs = try item.modelInputs()
        #expect(try file.floats("pixel_values") == inputs["pixel_values"]?.floats)
        #expect(try file.integers("image_grid_thw") == inputs["image_grid_thw"]?.integers)
        // 384x303 → 392x308 (grid 1 x 22 x 28); 372x372 → 364x364 (grid 1 x 26 x 26).
        #expect(try file.integers("image_grid_thw") == [1, 22, 28, 1, 26, 26])
        #expect(try file.entry("pixel_values").shape == [22 * 28 + 26 * 26, 1176])
        #expect(try file.entry("pixel_values").dtype == "F32" && file.entry("image_grid_thw").dtype == "I64")
        let metadata = try #require(file.metadata)
        #expect(metadata["id"] == "greek-coins-002" && metadata["model"] == "qwen2.5-vl" && metadata["vlmprep"] == "1")
        #expect(metadata["frames"] == #"[{"kind":"original","rect":[0,0,384,303],"source":0},{"kind":"crop","rect":[12,-60,372,372],"source":0}]"#)
        #expect(metadata["tokens"] == String((22 * 28 + 26 * 26) / 4))
        let plansText = try #require(metadata["plans"])
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(plansText.utf8)) as? [[String: Any]])
        #expect(plans.count == 2)
    }
}

extension Image {
    /// Decodes PNG bytes exactly (through a temporary file and the loader).
    static func decodePNG(_ data: Data) throws -> PixelBuffer {
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("x.png")
        try data.write(to: file)
        return try Image.load(path: file.path).pixelBuffer()
    }
}
