import Foundation
import Testing
import TestSupport
import VLMPrep

/// An emitter that tries to change what the other emitter sees or wrote: it drops every frame
/// but the first, replaces its pixels and provenance, forgets the sources and regions, and tries
/// to rewrite every queued line and erase every output record; then it queues one line of its own.
struct VandalEmitter: Plugin {
    static let name = "vandal"
    init(options: PluginOptions) throws { try options.finish() }

    func run(_ item: inout PreparedItem, context: PluginContext) throws {
        item.frames = Array(item.frames.prefix(1))
        item.frames[0].image = try item.frames[0].image.extractArea(PixelRect(x: 0, y: 0, width: 4, height: 4))
        item.frames[0].rect = PixelRect(x: 0, y: 0, width: 4, height: 4)
        item.frames[0].kind = .thumbnail
        item.sources = []
        item.regions = []
        item.duplicates = []
        for file in item.pendingLines.keys { item.pendingLines[file] = ["tampered"] }
        for role in item.outputs.keys { item.outputs[role] = [] }
        item.pendingLines["\(context.roleFolder)/vandal.jsonl"] = ["{}"]
        item.outputs[context.roleFolder] = [OutputRecord(file: "\(context.roleFolder)/vandal.jsonl", frame: nil)]
    }
}

@Suite("Annotation/inference identity")
struct AnnotationInferenceIdentityTests {
    static let prepare = #""prepare":["load","regions","expand-boxes","merge-boxes",{"plugin":"square-crop","mode":"each"},"dedupe"]"#

    private func runBatch(_ recipeJSON: String, ids: [String], registry: PluginRegistry = .builtIn) async throws -> (OutputDirectory, [ItemRecord]) {
        let recipe = try Recipe(json: Data(recipeJSON.utf8), registry: registry)
        let folder = try Fixtures.temporaryDirectory()
        let all = try String(contentsOf: PipelineFixtures.samples.appendingPathComponent("items.jsonl"), encoding: .utf8).split(separator: "\n")
        let lines = all.filter { line in ids.contains { line.contains("\"id\":\"\($0)\"") } }
            .map { $0.replacingOccurrences(of: "\"images/", with: "\"\(PipelineFixtures.samples.path)/images/") }   // absolute paths
        let manifest = folder.appendingPathComponent("items.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: manifest)
        let output = try OutputDirectory(root: folder.appendingPathComponent("out"))
        let summary = try await BatchRunner(recipe: recipe, output: output, configuration: .init(jobs: 2)).run(try ManifestSource(path: manifest.path))
        try output.close()
        #expect(summary.failed == 0 && summary.succeeded == ids.count)
        let records = try String(contentsOf: output.root.appendingPathComponent("items.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(ItemRecord.self, from: Data($0.utf8)) }
        return (output, records.sorted { ($0.id ?? "") < ($1.id ?? "") })
    }

    private let ids = ["espresso-cup-001", "greek-coins-002", "space-memorabilia-007", "party-cups-008"]

    /// Both roles emit PNG files: the same file list, and byte-identical files.
    @Test func filesBothWaysAreIdentical() async throws {
        let (output, records) = try await runBatch(#"{"name":"id",\#(Self.prepare),"emit":{"annotation":{"plugin":"files","format":"png"},"inference":{"plugin":"files","format":"png"}}}"#, ids: ids)
        #expect(records.map(\.id) == ids.sorted())
        for record in records {
            let annotation = try #require(record.outputs?["annotation"])
            let inference = try #require(record.outputs?["inference"])
            #expect(annotation.map { $0.replacingOccurrences(of: "annotation/", with: "") } == inference.map { $0.replacingOccurrences(of: "inference/", with: "") })
            let kept = try #require(record.frames).filter { $0.duplicateOf == nil }
            #expect(kept.map(\.file) == annotation)   // the manifest names annotation's file for each frame
            #expect(annotation.count == kept.count)
            for (a, i) in zip(annotation, inference) {
                let left = try Data(contentsOf: output.root.appendingPathComponent(a))
                let right = try Data(contentsOf: output.root.appendingPathComponent(i))
                #expect(left == right, "\(a) vs \(i)")
            }
        }
        // space-memorabilia-007: crops for helmet+patch... on image 0 and the rocket on image 1; every file exists.
        let space = try #require(records.first { $0.id == "space-memorabilia-007" })
        #expect(space.frames?.filter { $0.duplicateOf == nil }.count == (space.outputs?["inference"]?.count ?? -1))
    }

    /// Annotation as OpenAI batch requests (data URIs), inference as PNG files: the request's
    /// images decode to exactly the inference files' pixels, in the same order.
    @Test func openAIBatchImagesMatchInferenceFiles() async throws {
        let recipe = #"{"name":"id",\#(Self.prepare),"emit":{"annotation":{"plugin":"openai-batch","format":"png"},"inference":{"plugin":"files","format":"png"}}}"#
        let (output, records) = try await runBatch(recipe, ids: ids)
        let requests = try String(contentsOf: output.root.appendingPathComponent("annotation/requests.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(Set(requests.compactMap { $0["custom_id"] as? String }) == Set(ids))
        #expect(requests.count == ids.count)
        for record in records {
            let request = try #require(requests.first { $0["custom_id"] as? String == record.id })
            let images = try EmitterTests.images(of: request)
            let files = try #require(record.outputs?["inference"])
            #expect(images.count == files.count)
            for (image, file) in zip(images, files) {
                #expect(image.data == (try Data(contentsOf: output.root.appendingPathComponent(file))), "\(file)")
            }
            #expect(record.outputs?["annotation"] == ["annotation/requests.jsonl"])
        }
    }

    /// The same recipe run as annotation only and as inference only gives the same manifest
    /// frames (rects, kinds, sources, hashes) as a run with both.
    @Test func emitChoiceDoesNotChangeFrames() async throws {
        let recipe = try Recipe(json: Data(#"{"name":"id",\#(Self.prepare),"emit":{"annotation":{"plugin":"files","format":"png"},"inference":{"plugin":"files","format":"png"}}}"#.utf8))
        let item = try PipelineFixtures.sampleItem("espresso-cup-001")
        var frames: [[String]] = []
        for roles in [["annotation"], ["inference"], Recipe.roles] {
            let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
            var prepared = PreparedItem(item: item, manifestDirectory: PipelineFixtures.samples)
            let context = PluginContext(output: output, fileStem: "e")
            try recipe.prepare(&prepared, context: context)
            for role in roles { try recipe.emit(&prepared, role: role, context: context) }
            frames.append(prepared.frames.map { "\($0.source) \($0.kind.rawValue) \($0.rect) \($0.perceptualHash?.description ?? "-")" })
        }
        #expect(frames[0] == frames[1] && frames[1] == frames[2])
        // coffee.jpg (its copy and re-encode are duplicates), the cutout, then the crop of the
        // merged cup + spoon boxes on image 0 and the cup crop on image 3.
        #expect(frames[0].map { $0.components(separatedBy: " ").prefix(2).joined(separator: " ") } == ["0 original", "3 original", "0 crop", "3 crop"])
    }

    /// Emitters run on copies: what one does to the item never reaches the other.
    @Test func emittersRunOnCopies() throws {
        var registry = PluginRegistry.builtIn
        registry.register(VandalEmitter.self)
        let item = try PipelineFixtures.sampleItem("greek-coins-002")
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        let context = PluginContext(output: output, fileStem: "g")

        // Annotation vandalises; inference (files) still sees every frame as prepared.
        let first = try Recipe(json: Data(#"{\#(Self.prepare),"emit":{"annotation":"vandal","inference":{"plugin":"files","format":"png"}}}"#.utf8), registry: registry)
        var prepared = PreparedItem(item: item, manifestDirectory: PipelineFixtures.samples)
        try first.prepare(&prepared, context: context)
        let before = prepared.frames.map { "\($0.source) \($0.kind.rawValue) \($0.rect)" }
        let pixels = try prepared.frames.map { try $0.image.pixelBuffer() }
        try first.emit(&prepared, role: "annotation", context: context)
        #expect(prepared.frames.map { "\($0.source) \($0.kind.rawValue) \($0.rect)" } == before)
        #expect(try prepared.frames.map { try $0.image.pixelBuffer() } == pixels)
        #expect(prepared.sources.count == 1 && prepared.regions.count == 1)
        try first.emit(&prepared, role: "inference", context: context)
        #expect(prepared.outputs["inference"]?.map(\.file) == ["inference/g/00-original.png", "inference/g/01-crop.png", "inference/g/02-crop.png"])
        for (index, record) in (prepared.outputs["inference"] ?? []).enumerated() {
            #expect(try Image.decodePNG(try Data(contentsOf: output.root.appendingPathComponent(record.file))) == pixels[index])
        }
        #expect(prepared.outputs["annotation"] == [OutputRecord(file: "annotation/vandal.jsonl", frame: nil)])

        // Inference vandalises after annotation queued its request: the request line stays.
        let second = try Recipe(json: Data(#"{\#(Self.prepare),"emit":{"annotation":"openai-batch","inference":"vandal"}}"#.utf8), registry: registry)
        var again = PreparedItem(item: item, manifestDirectory: PipelineFixtures.samples)
        try second.prepare(&again, context: context)
        try second.emit(&again, role: "annotation", context: context)
        let request = again.pendingLines["annotation/requests.jsonl"]
        #expect(request?.count == 1)
        try second.emit(&again, role: "inference", context: context)
        #expect(again.pendingLines["annotation/requests.jsonl"] == request)
        #expect(again.pendingLines["inference/vandal.jsonl"] == ["{}"])
        #expect(again.outputs["annotation"] == [OutputRecord(file: "annotation/requests.jsonl", frame: nil)])
        #expect(again.frames.count == 3)
    }
}
