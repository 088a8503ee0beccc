import Foundation
import Testing
import TestSupport

/// Inputs and checks shared by the `run` and `crop` command tests.
enum RunFixtures {
    static let samples = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples")

    /// Samples/items.jsonl lines with absolute image paths.
    static func sampleLines() throws -> [String] {
        try String(contentsOf: samples.appendingPathComponent("items.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { $0.replacingOccurrences(of: "\"images/", with: "\"\(samples.path)/images/") }
    }

    /// `copies` x the 8 sample items, ids suffixed `-<copy>`.
    static func manyLines(copies: Int) throws -> [String] {
        let lines = try sampleLines()
        return (0..<copies).flatMap { copy in
            lines.map { $0.replacingOccurrences(of: #"","images""#, with: #"-\#(copy)","images""#) }
        }
    }

    /// A recipe small enough for debug builds: requests and files at 48 px.
    static let recipe = """
        {"name":"cli","prepare":["load","regions","expand-boxes","merge-boxes","square-crop","dedupe"],
         "emit":{"annotation":{"plugin":"openai-batch","resize":48,"format":"png"},
                 "inference":{"plugin":"files","resize":48,"format":"jpeg","quality":85}}}
        """

    static func write(_ text: String, to url: URL) throws -> URL {
        try Data(text.utf8).write(to: url)
        return url
    }

    static func lines(_ url: URL) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// Every manifest line is complete JSON and every file it lists exists.
    static func expectConsistent(_ out: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = lines(out.appendingPathComponent("items.jsonl"))
        #expect(lines.last == "", "items.jsonl ends with a newline", sourceLocation: sourceLocation)
        for line in lines.dropLast() {
            let object = try json(line)
            for files in (object["outputs"] as? [String: [String]] ?? [:]).values {
                for file in files {
                    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// Starts `vlmprep` with output discarded.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `file` has at least one complete line (or the process ended, or 120 s).
    static func waitForFirstLine(_ file: URL, of process: Process) async throws -> Bool {
        for _ in 0..<12_000 {
            if let data = FileManager.default.contents(atPath: file.path), data.contains(0x0A) { return true }
            if !process.isRunning { return false }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return false
    }
}

@Suite("vlmprep run", .serialized)
struct RunCommandTests {
    @Test func badLinesExitTwoAndEverythingElseIsWritten() throws {
        let folder = try Fixtures.temporaryDirectory()
        let samples = try RunFixtures.sampleLines()
        let manifest = try RunFixtures.write([
            samples[1],
            "{oops",
            #"{"id":"nothing"}"#,
            #"{"id":"typed","images":[1,2]}"#,
            #"{"id":"gone","images":["missing.jpg"]}"#,
            #"{"id":"cut","images":["\#(Fixtures.url("loader/truncated.jpg").path)"]}"#,
            samples[3],
        ].joined(separator: "\n") + "\n", to: folder.appendingPathComponent("items.jsonl"))
        let recipe = try RunFixtures.write(RunFixtures.recipe, to: folder.appendingPathComponent("recipe.json"))
        let out = folder.appendingPathComponent("out")
        let result = try CommandRunner.run(["run", "--recipe", recipe.path, "--items", manifest.path, "--out", out.path, "--jobs", "2"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        // stderr is not a terminal: the summary as a plain line.
        #expect(result.stderr.contains("7 items (2 ok, 5 failed, 0 skipped)"))
        #expect(result.stderr.contains("results: \(out.path)/items.jsonl"))

        let records = try RunFixtures.lines(out.appendingPathComponent("items.jsonl")).dropLast().map(RunFixtures.json)
            .sorted { ($0["line"] as? Int ?? 0) < ($1["line"] as? Int ?? 0) }
        #expect(records.map { $0["line"] as? Int } == [1, 2, 3, 4, 5, 6, 7])
        #expect(records.map { $0["status"] as? String } == ["ok", "error", "error", "error", "error", "error", "ok"])
        let errors = records.map { $0["error"] as? [String: Any] }
        #expect(errors[1]?["message"] as? String == "line 2: invalid JSON" && errors[1]?["stage"] as? String == "manifest")
        #expect(errors[2]?["message"] as? String == #"line 3: missing field "images""#)
        #expect(errors[3]?["message"] as? String == "line 4: wrong type at .images[0]: expected an image path (a string)")
        #expect(errors[4]?["stage"] as? String == "load" && errors[4]?["image"] as? Int == 0)
        #expect(errors[4]?["path"] as? String == folder.appendingPathComponent("missing.jpg").path && errors[4]?["message"] as? String == "no such file")
        #expect(errors[5]?["stage"] as? String == "load" && errors[5]?["path"] as? String == Fixtures.url("loader/truncated.jpg").path)
        #expect((errors[5]?["message"] as? String)?.hasPrefix("corrupt or truncated image data") == true)
        #expect(records[4]["id"] as? String == "gone" && records[1]["id"] == nil)
        let errorLines = RunFixtures.lines(out.appendingPathComponent("errors.jsonl")).dropLast()
        #expect(errorLines.count == 5 && errorLines.allSatisfy { $0.contains(#""status":"error""#) })
        // forest-poster-004 (EXIF 6, upright 600x960): box [170,0,330,700] + 16/70 px →
        // [154, 0, 346, 770]; square 770 > 600: x clamped into [-170, 0] → 250 - 385 = -135.
        let forest = try #require(records.last)
        let frames = try #require(forest["frames"] as? [[String: Any]])
        #expect(frames.map { $0["rect"] as? [Int] } == [[0, 0, 600, 960], [-135, 0, 770, 770]])
        #expect(frames.map { $0["file"] as? String } == ["inference/forest-poster-004/00-original.jpg", "inference/forest-poster-004/01-crop.jpg"])
        let requests = RunFixtures.lines(out.appendingPathComponent("annotation/requests.jsonl")).dropLast()
        #expect(Set(try requests.map { try RunFixtures.json($0)["custom_id"] as? String }) == ["greek-coins-002", "forest-poster-004"])
        try RunFixtures.expectConsistent(out)
    }

    @Test func emitOneRoleAndQuiet() throws {
        let folder = try Fixtures.temporaryDirectory()
        let manifest = try RunFixtures.write(try RunFixtures.sampleLines()[1], to: folder.appendingPathComponent("items.jsonl"))
        let recipe = try RunFixtures.write(RunFixtures.recipe, to: folder.appendingPathComponent("recipe.json"))
        let out = folder.appendingPathComponent("out")
        let result = try CommandRunner.run(["run", "--recipe", recipe.path, "--items", manifest.path, "--out", out.path, "--emit", "inference", "--quiet"])
        #expect(result.status == 0 && result.stderr.isEmpty && result.stdout.isEmpty)
        #expect(try OutputTree.files(out).keys.sorted() == ["inference/greek-coins-002/00-original.jpg", "inference/greek-coins-002/01-crop.jpg", "items.jsonl"])
    }

    @Test func standardInputToStandardOutput() throws {
        let folder = try Fixtures.temporaryDirectory()
        let recipe = try RunFixtures.write(RunFixtures.recipe, to: folder.appendingPathComponent("recipe.json"))
        let out = folder.appendingPathComponent("out")
        // Relative image paths ("images/...") are taken from the working folder.
        let input = try String(contentsOf: RunFixtures.samples.appendingPathComponent("items.jsonl"), encoding: .utf8)
        let result = try CommandRunner.run(["run", "--recipe", recipe.path, "--items", "-", "--out", out.path, "--jobs", "3", "--quiet"],
                                           stdin: input, directory: RunFixtures.samples)
        #expect(result.status == 0)
        let manifest = RunFixtures.lines(out.appendingPathComponent("items.jsonl")).dropLast()
        #expect(result.stdoutLines.count == 8)
        #expect(result.stdoutLines.sorted() == manifest.sorted())
        #expect(Set(try result.stdoutLines.map { try RunFixtures.json($0)["id"] as? String }).count == 8)
        #expect(try result.stdoutLines.allSatisfy { try RunFixtures.json($0)["status"] as? String == "ok" })
    }

    @Test func usageErrors() throws {
        let folder = try Fixtures.temporaryDirectory()
        let manifest = try RunFixtures.write(try RunFixtures.sampleLines()[1], to: folder.appendingPathComponent("items.jsonl"))
        let recipe = try RunFixtures.write(RunFixtures.recipe, to: folder.appendingPathComponent("recipe.json"))
        let out = folder.appendingPathComponent("out").path
        for (jobs, text) in [("0", "0"), ("257", "257")] {
            let result = try CommandRunner.run(["run", "--recipe", recipe.path, "--items", manifest.path, "--out", out, "--jobs", jobs])
            #expect(result.status == 64)
            #expect(result.stderr.contains("Expected an integer between 1 and 256 for --jobs but received \(text)"))
        }
        let missing = try CommandRunner.run(["run", "--recipe", recipe.path, "--items", "/no/items.jsonl", "--out", out])
        #expect(missing.status == 64 && missing.stderr.contains("The items manifest /no/items.jsonl does not exist."))
        let badRecipe = try RunFixtures.write(#"{"prepare":["load"],"emit":{"training":"files"}}"#, to: folder.appendingPathComponent("bad.json"))
        let bad = try CommandRunner.run(["run", "--recipe", badRecipe.path, "--items", manifest.path, "--out", out])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains(#"recipe: Expected one of: annotation, inference for emit key but received "training""#))
        let emit = try CommandRunner.run(["run", "--recipe", recipe.path, "--items", manifest.path, "--out", out, "--emit", "training"])
        #expect(emit.status == 64)
        #expect(!FileManager.default.fileExists(atPath: out))   // nothing written on usage errors
    }

    /// `kill -9` mid-run, then `--resume`: the same outputs as an uninterrupted run.
    @Test func resumeAfterKill() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let manifest = try RunFixtures.write(try RunFixtures.manyLines(copies: 5).joined(separator: "\n") + "\n", to: folder.appendingPathComponent("items.jsonl"))
        let recipe = try RunFixtures.write(RunFixtures.recipe, to: folder.appendingPathComponent("recipe.json"))
        let reference = folder.appendingPathComponent("reference"), killed = folder.appendingPathComponent("killed")
        let arguments = { (out: URL) in ["run", "--recipe", recipe.path, "--items", manifest.path, "--out", out.path, "--jobs", "1", "--quiet"] }

        let process = try RunFixtures.start(arguments(killed))
        let started = try await RunFixtures.waitForFirstLine(killed.appendingPathComponent("items.jsonl"), of: process)
        #expect(started)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        let done = RunFixtures.lines(killed.appendingPathComponent("items.jsonl")).count - 1
        #expect(done >= 1 && done < 40, "killed after \(done) items")

        let resumed = try CommandRunner.run(arguments(killed) + ["--resume"])
        #expect(resumed.status == 0)
        let full = try CommandRunner.run(arguments(reference))
        #expect(full.status == 0)
        #expect(RunFixtures.lines(reference.appendingPathComponent("items.jsonl")).count == 41)
        try OutputTree.expectSame(reference, killed)
    }

    /// SIGINT: no new items, in-flight ones finish, the manifest stays consistent, exit 130;
    /// `--resume` then completes the run as if nothing happened.
    @Test func interruptStopsCleanly() async throws {
        let folder = try Fixtures.temporaryDirectory()
        // A bad first line: a stopped run exits 130 even when some items failed.
        let manifest = try RunFixtures.write((["{broken"] + (try RunFixtures.manyLines(copies: 5))).joined(separator: "\n"), to: folder.appendingPathComponent("items.jsonl"))
        let recipe = try RunFixtures.write(RunFixtures.recipe, to: folder.appendingPathComponent("recipe.json"))
        let out = folder.appendingPathComponent("out"), reference = folder.appendingPathComponent("reference")
        let arguments = { (out: URL) in ["run", "--recipe", recipe.path, "--items", manifest.path, "--out", out.path, "--jobs", "2", "--quiet"] }

        let process = try RunFixtures.start(arguments(out))
        let started = try await RunFixtures.waitForFirstLine(out.appendingPathComponent("items.jsonl"), of: process)
        #expect(started)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        let lines = RunFixtures.lines(out.appendingPathComponent("items.jsonl"))
        #expect(lines.count - 1 >= 1 && lines.count - 1 < 41, "stopped after \(lines.count - 1) items")
        try RunFixtures.expectConsistent(out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".tmp").path))

        // The resumed run skips the bad line (already reported) and fails nothing new.
        #expect(try CommandRunner.run(arguments(out) + ["--resume"]).status == 0)
        #expect(try CommandRunner.run(arguments(reference)).status == 2)
        try OutputTree.expectSame(reference, out)
    }
}
