import Foundation
import Testing
import TestSupport

@Suite("vlmprep plan")
struct PlanCommandTests {
    /// `Tests/Fixtures/reference/exif_images/orientation_6.jpg`: stored 48x32, upright 32x48.
    static let rotated = Fixtures.reference.appendingPathComponent("exif_images/orientation_6.jpg").path
    /// `Samples/images/boats.jpg`: 1024x640, wide enough for Gemma 3 pan-and-scan.
    static let boats = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples/images/boats.jpg").path

    // MARK: - Exact lines

    @Test func qwenPlanUsesTheUprightSize() throws {
        let result = try CommandRunner.run(["plan", "--model", "qwen2.5-vl", Self.rotated])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        // 32x48 → round to 28: 28x56 = 1568 < 3136 → β = sqrt(3136/1536): ceil → 56x84, grid 4x6.
        #expect(result.stdoutLines == [
            #"{"height":48,"inputs":[{"grid_thw":[1,6,4],"height":84,"kind":"original","rect":[0,0,32,48],"tokens":6,"width":56}],"model":"qwen2.5-vl","path":"\#(Self.rotated)","tokens":6,"width":32}"#,
        ])
    }

    @Test func qwenPixelBudgets() throws {
        let result = try CommandRunner.run(["plan", "--model", "qwen2.5-vl", "--min-pixels", "100000", "--max-pixels", "200000", Self.boats])
        #expect(result.status == 0)
        #expect(result.stdoutLines == [
            #"{"height":640,"inputs":[{"grid_thw":[1,24,40],"height":336,"kind":"original","rect":[0,0,1024,640],"tokens":240,"width":560}],"model":"qwen2.5-vl","path":"\#(Self.boats)","tokens":240,"width":1024}"#,
        ])
    }

    @Test func qwen3UsesItsCheckpointMinimum() throws {
        let result = try CommandRunner.run(["plan", "--model", "qwen3-vl", Self.rotated])
        #expect(result.status == 0)
        // 65 536 pixels minimum: 224x320, 14x20 patches of 16, 70 tokens.
        #expect(result.stdoutLines == [
            #"{"height":48,"inputs":[{"grid_thw":[1,20,14],"height":320,"kind":"original","rect":[0,0,32,48],"tokens":70,"width":224}],"model":"qwen3-vl","path":"\#(Self.rotated)","tokens":70,"width":32}"#,
        ])
    }

    @Test func gemmaPanAndScanOnAndOff() throws {
        let on = try CommandRunner.run(["plan", "--model", "gemma3", "--pan-and-scan", Self.boats])
        #expect(on.status == 0)
        #expect(on.stdoutLines == [
            #"{"height":640,"inputs":[{"height":896,"kind":"original","rect":[0,0,1024,640],"tokens":256,"width":896},{"height":896,"kind":"pan-and-scan","rect":[0,0,512,640],"tokens":256,"width":896},{"height":896,"kind":"pan-and-scan","rect":[512,0,512,640],"tokens":256,"width":896}],"model":"gemma3","path":"\#(Self.boats)","tokens":768,"width":1024}"#,
        ])
        let off = try CommandRunner.run(["plan", "--model", "gemma3", Self.boats])
        #expect(off.stdoutLines == [
            #"{"height":640,"inputs":[{"height":896,"kind":"original","rect":[0,0,1024,640],"tokens":256,"width":896}],"model":"gemma3","path":"\#(Self.boats)","tokens":256,"width":1024}"#,
        ])
    }

    @Test func llavaOneVisionHasACanvas() throws {
        let result = try CommandRunner.run(["plan", "--model", "llava-onevision", Self.rotated])
        #expect(result.status == 0)
        #expect(result.stdoutLines == [
            #"{"canvas":{"height":384,"image":[64,0,256,384],"tokens":540,"width":384},"height":48,"inputs":[{"height":384,"kind":"base","rect":[0,0,32,48],"tokens":729,"width":384},{"height":384,"kind":"tile","rect":[-8,0,48,48],"width":384}],"model":"llava-onevision","path":"\#(Self.rotated)","tokens":1269,"width":32}"#,
        ])
    }

    @Test func internVLTilesThenThumbnail() throws {
        let result = try CommandRunner.run(["plan", "--model", "internvl", Self.rotated])
        #expect(result.status == 0)
        let line = try #require(result.stdoutLines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        // aspect 2/3 → 2 columns x 3 rows, plus the thumbnail: 7 inputs of 256 tokens.
        #expect(inputs.map { $0["kind"] as? String } == Array(repeating: "tile", count: 6) + ["thumbnail"])
        #expect(inputs[1]["rect"] as? [Int] == [16, 0, 16, 16])
        #expect(object["tokens"] as? Int == 7 * 256)
    }

    // MARK: - Files

    @Test func badFilesAreReportedAndTheOthersPlanned() throws {
        let dir = try Fixtures.temporaryDirectory()
        let fm = FileManager.default
        try fm.copyItem(atPath: Self.rotated, toPath: dir.appendingPathComponent("a.jpg").path)
        try Data().write(to: dir.appendingPathComponent("b-empty.jpg"))
        try Data("not an image".utf8).write(to: dir.appendingPathComponent("c-text.png"))
        try fm.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: Fixtures.url("loader/quadrants_rgb.png").path, toPath: dir.appendingPathComponent("sub/d.png").path)

        let result = try CommandRunner.run(["plan", "--model", "gemma3", dir.path])
        #expect(result.status == 2)
        let lines = try result.stdoutLines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(lines.count == 4)
        #expect(lines.map { ($0["path"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } } == ["a.jpg", "b-empty.jpg", "c-text.png", "d.png"])
        #expect(lines[0]["tokens"] as? Int == 256 && lines[0]["width"] as? Int == 32)
        #expect(lines[1]["error"] as? String == "empty file (0 bytes)")
        #expect(lines[2]["error"] as? String == "not a supported image format")
        #expect(lines[3]["tokens"] as? Int == 256 && lines[3]["height"] as? Int == 32)
        #expect(result.stderr.contains("b-empty.jpg: empty file (0 bytes)"))
        #expect(result.stderr.contains("c-text.png: not a supported image format"))
    }

    @Test func onlyHeadersAreRead() throws {
        // The header declares 20000x20000; its pixels are never decoded.
        let result = try CommandRunner.run(["plan", "--model", "qwen2.5-vl", Fixtures.url("loader/huge_header.png").path])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["width"] as? Int == 20_000)
        #expect(object["tokens"] as? Int == 16_129)   // 3556x3556 at the 12 845 056-pixel cap
    }

    // MARK: - Invalid parameters

    @Test func unknownModelIsAUsageErrorNamingTheModels() throws {
        let result = try CommandRunner.run(["plan", "--model", "llava", Self.rotated])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(#"Expected one of: gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl for model but received "llava""#))
    }

    @Test func optionsForOtherModelsAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["--model", "gemma3", "--min-pixels", "1000"], "Expected no value with model gemma3 (only qwen2.5-vl, qwen3-vl use it) for minPixels but received 1000"),
            (["--model", "internvl", "--max-pixels", "1000"], "Expected no value with model internvl (only qwen2.5-vl, qwen3-vl use it) for maxPixels but received 1000"),
            (["--model", "qwen3-vl", "--pan-and-scan"], "Expected no value with model qwen3-vl (only gemma3 uses it) for panAndScan but received true"),
            (["--model", "qwen2.5-vl", "--min-pixels", "0"], "Expected an integer in 1...17179869184 for minPixels but received 0"),
            (["--model", "qwen2.5-vl", "--min-pixels", "5000", "--max-pixels", "4000"], "Expected an integer in 5000...17179869184 for maxPixels but received 4000"),
        ]
        for (options, message) in cases {
            let result = try CommandRunner.run(["plan"] + options + [Self.rotated])
            #expect(result.status == 64, "\(options)")
            #expect(result.stderr.contains(message), "\(options): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(options)")
        }
    }

    @Test func missingArgumentsAreUsageErrors() throws {
        #expect(try CommandRunner.run(["plan", "--model", "gemma3"]).status == 64)
        #expect(try CommandRunner.run(["plan", Self.rotated]).status == 64)
        #expect(try CommandRunner.run(["plan", "--model", "gemma3", "--min-pixels", "many", Self.rotated]).status == 64)
    }

    // MARK: - Help

    @Test func helpSnapshot() throws {
        let result = try CommandRunner.run(["plan", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            OVERVIEW: Print the inputs and token count each image becomes for a model, as
            JSONL (headers only).

            One line per image: {"path", "model", "width", "height", "inputs", "tokens"}
            (LLaVA-OneVision adds "canvas"); sizes are upright (after EXIF orientation).
            Directories are walked recursively in sorted order. A file that cannot be read
            or planned gives {"path", "error"} and exit status 2.

            USAGE: vlmprep plan --model <model> [--min-pixels <pixels>] [--max-pixels <pixels>] [--pan-and-scan] <paths> ...

            ARGUMENTS:
              <paths>                 Image files or directories.

            OPTIONS:
              --model <model>         The model: gemma3, qwen2.5-vl, qwen3-vl,
                                      llava-onevision, internvl.
              --min-pixels <pixels>   Qwen models: lower pixel budget of the resized image
                                      (default: the checkpoint's, 3136 for qwen2.5-vl,
                                      65536 for qwen3-vl).
              --max-pixels <pixels>   Qwen models: upper pixel budget of the resized image
                                      (default: the checkpoint's, 12845056 for qwen2.5-vl,
                                      16777216 for qwen3-vl).
              --pan-and-scan          Gemma 3: add the pan-and-scan crops after each image
                                      (the processor's do_pan_and_scan).
              --version               Show the version.
              -h, --help              Show help information.


            """)
    }
}
