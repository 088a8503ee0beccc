import Foundation
import Testing
import TestSupport
import VLMPrep

/// Manifests and output folders for batch tests.
enum BatchFixtures {
    /// Samples/items.jsonl with absolute image paths (so the manifest can live anywhere).
    static func sampleLines() throws -> [String] {
        try String(contentsOf: PipelineFixtures.samples.appendingPathComponent("items.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { $0.replacingOccurrences(of: "\"images/", with: "\"\(PipelineFixtures.samples.path)/images/") }
    }

    /// A small but complete recipe: regions, crops, dedupe; requests and files.
    static let recipeJSON = """
        {"name":"batch","prepare":["load","regions","expand-boxes","merge-boxes","square-crop","dedupe"],
         "emit":{"annotation":{"plugin":"openai-batch","resize":48,"format":"png","maxTokens":64},
                 "inference":{"plugin":"files","resize":40,"format":"jpeg","quality":80}}}
        """

    static func recipe() throws -> Recipe { try Recipe(json: Data(recipeJSON.utf8)) }

    /// Writes `lines` (joined by newlines) as a manifest in `folder`.
    @discardableResult
    static func manifest(_ lines: [String], in folder: URL, name: String = "items.jsonl") throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        return url
    }

    /// Runs the recipe over a manifest into `out`.
    @discardableResult
    static func run(_ manifest: URL, out: URL, jobs: Int = 1, resume: Bool = false, recipe: Recipe? = nil,
                    shouldStop: @escaping @Sendable () -> Bool = { false },
                    onItem: @escaping @Sendable (ItemRecord) -> Void = { _ in }) async throws -> BatchRunner.Summary {
        let output = try OutputDirectory(root: out)
        let runner = BatchRunner(recipe: try recipe ?? self.recipe(), output: output, configuration: .init(jobs: jobs, resume: resume))
        let summary = try await runner.run(try ManifestSource(path: manifest.path), shouldStop: shouldStop, onItem: onItem)
        try output.close()
        return summary
    }

    /// The lines of a text file (empty when missing).
    static func lines(_ url: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The manifest records by line number.
    static func records(_ out: URL, file: String = "items.jsonl") throws -> [ItemRecord] {
        try lines(out.appendingPathComponent(file)).filter { !$0.isEmpty }.map { try JSONDecoder().decode(ItemRecord.self, from: Data($0.utf8)) }
    }
}

@Suite("BatchRunner")
struct BatchRunnerTests {
    private let coins = PipelineFixtures.image("coins-gray.jpg")
    private let truncated = Fixtures.url("loader/truncated.jpg").path

    /// One manifest with every kind of bad line (line numbers in the comments).
    private func mixedManifest(in folder: URL) throws -> URL {
        let samples = try BatchFixtures.sampleLines()
        return try BatchFixtures.manifest([
            samples[1],                                                                         // 1 greek-coins-002
            "{not json",                                                                        // 2
            #"{"id":"no-images"}"#,                                                             // 3
            #"{"id":"wrong","images":"a.jpg"}"#,                                                // 4
            "",                                                                                 // 5 blank: skipped
            #"{"id":"missing","images":["\#(coins)","/nonexistent/x.jpg"]}"#,                   // 6
            #"{"id":"trunc","images":["\#(truncated)"]}"#,                                      // 7
            #"{"id":"range","images":["a.jpg"],"regions":[{"image":2,"box":[1,2,3,4]}]}"#,      // 8
            samples[2],                                                                         // 9 rowing-boat-003
        ], in: folder)
    }

    @Test func badLinesAreReportedAndTheRestProcessed() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let out = folder.appendingPathComponent("out")
        let seen = Collected<[Int]>([])
        let summary = try await BatchFixtures.run(try mixedManifest(in: folder), out: out, onItem: { record in seen.update { $0.append(record.line ?? -1) } })
        #expect(summary.items == 8 && summary.succeeded == 2 && summary.failed == 6 && summary.skipped == 0 && !summary.interrupted)
        #expect(seen.value == [1, 2, 3, 4, 6, 7, 8, 9])   // jobs 1: manifest order

        let records = try BatchFixtures.records(out)
        #expect(records.map(\.line) == [1, 2, 3, 4, 6, 7, 8, 9])
        #expect(records.map(\.status) == ["ok", "error", "error", "error", "error", "error", "error", "ok"])
        #expect(records.map(\.id) == ["greek-coins-002", nil, nil, nil, "missing", "trunc", "range", "rowing-boat-003"])
        let errors = records.compactMap(\.error)
        #expect(errors[0] == .init(stage: "manifest", image: nil, path: nil, message: "line 2: invalid JSON"))
        #expect(errors[1] == .init(stage: "manifest", image: nil, path: nil, message: #"line 3: missing field "images""#))
        #expect(errors[2] == .init(stage: "manifest", image: nil, path: nil, message: "line 4: wrong type at .images: expected a list of image paths"))
        #expect(errors[3] == .init(stage: "load", image: 1, path: "/nonexistent/x.jpg", message: "no such file"))
        #expect(errors[4].stage == "load" && errors[4].image == 0 && errors[4].path == truncated)
        #expect(errors[4].message.hasPrefix("corrupt or truncated image data: "))
        #expect(errors[5] == .init(stage: "manifest", image: nil, path: nil, message: "line 8: region image index 2 is outside the gallery (0..<1)"))
        // errors.jsonl repeats exactly the failed lines, in the same order.
        let manifestLines = try BatchFixtures.lines(out.appendingPathComponent("items.jsonl"))
        #expect(try BatchFixtures.lines(out.appendingPathComponent("errors.jsonl")) == manifestLines.filter { $0.contains(#""status":"error""#) } + [""])

        // The good items: frames, files and requests.
        let boat = try #require(records.last)
        #expect(boat.droppedRegions == [DroppedRegionRecord(image: 0, box: [437, 315, 318, 487], label: "boat", reason: "empty-or-inverted", step: "expand-boxes")])
        #expect(boat.frames?.map(\.rect) == [[0, 0, 1024, 640], [0, 295, 335, 335]])
        #expect(boat.frames?.map(\.file) == ["inference/rowing-boat-003/00-original.jpg", "inference/rowing-boat-003/01-crop.jpg"])
        #expect(boat.outputs == ["annotation": ["annotation/requests.jsonl"], "inference": ["inference/rowing-boat-003/00-original.jpg", "inference/rowing-boat-003/01-crop.jpg"]])
        #expect(boat.frames?.allSatisfy { $0.phash?.count == 16 } == true)
        let coins = try #require(records.first)
        #expect(coins.frames?.map(\.rect) == [[0, 0, 384, 303], [12, -60, 372, 372]])
        let requests = try BatchFixtures.lines(out.appendingPathComponent("annotation/requests.jsonl")).filter { !$0.isEmpty }
        #expect(requests.count == 2)
        #expect(requests[0].contains(#""custom_id":"greek-coins-002""#) && requests[1].contains(#""custom_id":"rowing-boat-003""#))
        for file in ["inference/greek-coins-002/00-original.jpg", "inference/greek-coins-002/01-crop.jpg", "inference/rowing-boat-003/01-crop.jpg"] {
            #expect(try Image.load(path: out.appendingPathComponent(file).path).size == PixelSize(width: 40, height: 40))
        }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("inference/missing").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".tmp").path))
    }

    @Test func nullCornersKeepTheManifestLineValid() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let out = folder.appendingPathComponent("out")
        let manifest = try BatchFixtures.manifest([#"{"id":"nan","images":["\#(coins)"],"regions":[{"image":0,"box":[null,1,50,50],"label":"x"},{"image":0,"box":[10,10,60,60]}]}"#], in: folder)
        let summary = try await BatchFixtures.run(manifest, out: out)
        #expect(summary.succeeded == 1)
        let line = try BatchFixtures.lines(out.appendingPathComponent("items.jsonl"))[0]
        #expect(line.contains(#""droppedRegions":[{"box":[null,1,50,50],"image":0,"label":"x","reason":"not-finite","step":"expand-boxes"}]"#))
        let record = try JSONDecoder().decode(ItemRecord.self, from: Data(line.utf8))
        #expect(record.droppedRegions?.first?.box?.first?.isNaN == true)
    }

    @Test func concurrentRunMatchesSequentialRun() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let manifest = try mixedManifest(in: folder)
        try await BatchFixtures.run(manifest, out: folder.appendingPathComponent("one"), jobs: 1)
        let summary = try await BatchFixtures.run(manifest, out: folder.appendingPathComponent("four"), jobs: 4)
        #expect(summary.items == 8 && summary.failed == 6)
        try OutputTree.expectSame(folder.appendingPathComponent("one"), folder.appendingPathComponent("four"))
    }

    /// A crash simulated by hand: the first k manifest lines done, then the debris of the item
    /// in flight: half a manifest line, half an error line, a request line for an item without
    /// a manifest line, a file left by an interrupted write. Resuming with the full manifest
    /// must give exactly the outputs of an uninterrupted run.
    @Test(arguments: [0, 1, 4, 7])
    func resumeAfterSimulatedCrash(k: Int) async throws {
        let folder = try Fixtures.temporaryDirectory()
        let manifest = try mixedManifest(in: folder)
        let reference = folder.appendingPathComponent("reference")
        try await BatchFixtures.run(manifest, out: reference)

        let allLines = try BatchFixtures.lines(manifest)
        let partialManifest = try BatchFixtures.manifest(Array(allLines.prefix(k)), in: folder, name: "partial.jsonl")
        let crashed = folder.appendingPathComponent("crashed")
        let partial = try await BatchFixtures.run(partialManifest, out: crashed)
        #expect(partial.items == allLines.prefix(k).filter { !$0.isEmpty }.count)
        // Debris: a stray request for rowing-boat-003 (line 9, never finished), cut-off lines.
        let stray = try #require(try BatchFixtures.lines(reference.appendingPathComponent("annotation/requests.jsonl")).first { $0.contains(#""custom_id":"rowing-boat-003""#) })
        let requestsFile = try FileHandle(forUpdating: crashed.appendingPathComponent("annotation/requests.jsonl").creatingParent())
        try requestsFile.seekToEnd()
        try requestsFile.write(contentsOf: Data((stray + "\n" + String(stray.prefix(100))).utf8))
        try requestsFile.close()
        for name in ["items.jsonl", "errors.jsonl"] where k > 0 {   // k = 0: killed before the first manifest line
            let handle = try FileHandle(forUpdating: crashed.appendingPathComponent(name).creatingParent())
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"error":{"message":"line 9: inv"#.utf8))
            try handle.close()
        }
        try FileManager.default.createDirectory(at: crashed.appendingPathComponent(".tmp"), withIntermediateDirectories: true)
        try Data("half a jpeg".utf8).write(to: crashed.appendingPathComponent(".tmp/5F1C"))

        let resumed = try await BatchFixtures.run(manifest, out: crashed, resume: true)
        #expect(resumed.skipped == partial.items && resumed.items == 8 - partial.items)
        try OutputTree.expectSame(reference, crashed)
        // Resuming a finished run does nothing.
        let again = try await BatchFixtures.run(manifest, out: crashed, resume: true)
        #expect(again.items == 0 && again.skipped == 8)   // ok and load failures by id; unreadable lines by line number
        try OutputTree.expectSame(reference, crashed)
    }

    @Test func resumeKeysUnreadableLinesByLineNumber() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let manifest = try mixedManifest(in: folder)
        let out = folder.appendingPathComponent("out")
        try await BatchFixtures.run(manifest, out: out)
        let summary = try await BatchFixtures.run(manifest, out: out, resume: true)
        #expect(summary.items == 0)
        #expect(try BatchFixtures.records(out).count == 8)
        #expect(try BatchFixtures.records(out, file: "errors.jsonl").count == 6)
    }

    @Test func stopTakesNoNewItems() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let samples = try BatchFixtures.sampleLines()
        let manifest = try BatchFixtures.manifest(samples + samples.map { $0.replacingOccurrences(of: #""id":""#, with: #""id":"again-"#) }, in: folder)
        let out = folder.appendingPathComponent("out")
        let finished = Collected(0)
        let summary = try await BatchFixtures.run(manifest, out: out, jobs: 2, shouldStop: { finished.value >= 3 },
                                                  onItem: { _ in finished.update { $0 += 1 } })
        #expect(summary.interrupted)
        #expect(summary.items >= 3 && summary.items <= 5)   // at most the 2 in flight finish after the stop
        let lines = try BatchFixtures.lines(out.appendingPathComponent("items.jsonl"))
        #expect(lines.last == "" && lines.count == summary.items + 1)
        for record in try BatchFixtures.records(out) {
            for file in (record.outputs ?? [:]).values.flatMap({ $0 }) {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
            }
        }
        // Every request line belongs to an item with a manifest line.
        let ids = Set(try BatchFixtures.records(out).compactMap(\.id))
        for line in try BatchFixtures.lines(out.appendingPathComponent("annotation/requests.jsonl")) where !line.isEmpty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(ids.contains(object["custom_id"] as? String ?? ""))
        }
    }

    /// Many items through few jobs: every item recorded once, with its own files (the runner
    /// keeps no per-item state beyond the items in flight; see the report).
    @Test func manyItemsFewJobs() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let quadrants = Fixtures.url("loader/quadrants_rgb.png").path
        let lines = (0..<120).map { #"{"id":"q\#($0)","images":["\#(quadrants)"],"regions":[{"image":0,"box":[\#($0 % 20),2,\#($0 % 20 + 8),12]}]}"# }
        let recipe = try Recipe(json: Data(#"{"prepare":["load","regions","square-crop"],"emit":{"inference":{"plugin":"files","format":"png"}}}"#.utf8))
        let out = folder.appendingPathComponent("out")
        let summary = try await BatchFixtures.run(try BatchFixtures.manifest(lines, in: folder), out: out, jobs: 3, recipe: recipe)
        #expect(summary.items == 120 && summary.succeeded == 120 && summary.framesOut == 240)
        let records = try BatchFixtures.records(out)
        #expect(Set(records.compactMap(\.id)).count == 120)
        for record in records {
            let index = try #require(Int(record.id?.dropFirst() ?? ""))
            // box [i % 20, 2, +8, 12]: 8x10 → square side 10 starting one pixel left (clamped at 0).
            #expect(record.frames?.last?.rect == [max(index % 20 - 1, 0), 2, 10, 10], "\(record.id ?? "")")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("inference").path).count == 120)
    }
}

extension URL {
    /// The URL itself, after creating its folder and an empty file when missing.
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        return self
    }
}

/// Values collected from `@Sendable` callbacks.
final class Collected<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
    var value: Value { lock.withLock { stored } }
}
