import Foundation
import Testing
import TestSupport

/// A safetensors file read back: 8-byte little-endian header length, JSON header, data.
struct SafetensorsFile {
    struct Entry {
        let dtype: String
        let shape: [Int]
        let offsets: [Int]
    }

    let tensors: [String: Entry]
    let metadata: [String: String]
    let headerLength: Int
    let data: Data

    init(url: URL) throws {
        let file = try Data(contentsOf: url)
        try #require(file.count >= 8)
        let length = file.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        try #require(8 + length <= file.count)
        headerLength = length
        let header = try #require(try JSONSerialization.jsonObject(with: file.subdata(in: 8..<8 + length)) as? [String: Any])
        var tensors: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = try #require(value as? [String: String])
                continue
            }
            let fields = try #require(value as? [String: Any])
            tensors[name] = Entry(dtype: try #require(fields["dtype"] as? String),
                                  shape: try #require(fields["shape"] as? [Int]),
                                  offsets: try #require(fields["data_offsets"] as? [Int]))
        }
        self.tensors = tensors
        self.metadata = metadata
        data = file.subdata(in: (8 + length)..<file.count)
    }

    /// The little-endian int64 values of a tensor.
    func integers(_ name: String) -> [Int64]? {
        guard let entry = tensors[name], entry.dtype == "I64" else { return nil }
        let bytes = [UInt8](data[entry.offsets[0]..<entry.offsets[1]])
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            Int64(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) })
        }
    }

    /// The first `count` little-endian float32 values of a tensor.
    func floats(_ name: String, count: Int) -> [Float]? {
        guard let entry = tensors[name], entry.dtype == "F32" else { return nil }
        let bytes = [UInt8](data[entry.offsets[0]..<min(entry.offsets[1], entry.offsets[0] + 4 * count)])
        return stride(from: 0, to: bytes.count, by: 4).map { start in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + $1]) << (8 * UInt32($1)) })
        }
    }

    /// The float64 sum of a float32 tensor.
    func sum(_ name: String) -> Double? {
        guard let entry = tensors[name], entry.dtype == "F32" else { return nil }
        return data[entry.offsets[0]..<entry.offsets[1]].withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: 4).reduce(0.0) { total, offset in
                total + Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
            }
        }
    }
}

@Suite("vlmprep tensors")
struct TensorsCommandTests {
    static let repositoryRoot = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
    static let coffee = Fixtures.url("photos/coffee-249x166.jpg").path
    static let chelsea = Fixtures.url("photos/chelsea-exif6.jpg").path
    static let cups = Fixtures.url("photos/cups-alpha-160x100.png").path
    static let boats = repositoryRoot.appendingPathComponent("Samples/images/boats.jpg").path

    /// `golden/pixel_values.json` entries: (first8, sum) per path (relative) and model.
    static func golden(_ relativePath: String, _ model: String) throws -> (first8: [Float], sum: Double) {
        let data = try Data(contentsOf: Fixtures.url("golden/pixel_values.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let images = try #require(root["images"] as? [[String: Any]])
        let image = try #require(images.first { $0["path"] as? String == relativePath })
        let result = try #require((image["results"] as? [String: Any])?[model] as? [String: Any])
        return (try #require(result["first8"] as? [Double]).map(Float.init), try #require(result["sum"] as? Double))
    }

    private func plans(_ file: SafetensorsFile) throws -> [[String: Any]] {
        let text = try #require(file.metadata["plans"])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    private func paths(_ file: SafetensorsFile) throws -> [String] {
        let text = try #require(file.metadata["paths"])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String])
    }

    // MARK: - Files written

    @Test func qwenBatchOfTwoPhotos() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("qwen.safetensors")
        let result = try CommandRunner.run(["tensors", "--model", "qwen2.5-vl", "--out", out.path, Self.coffee, Self.chelsea])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutLines.count == 2)
        let file = try SafetensorsFile(url: out)
        #expect(file.headerLength % 8 == 0)
        #expect(Set(file.tensors.keys) == ["pixel_values", "image_grid_thw"])
        let pixels = try #require(file.tensors["pixel_values"])
        #expect(pixels.dtype == "F32")
        #expect(pixels.shape == [216 + 140, 1176])   // golden: 12x18 and 14x10 patches
        #expect(pixels.offsets == [0, 356 * 1176 * 4])
        let grid = try #require(file.tensors["image_grid_thw"])
        #expect(grid.dtype == "I64" && grid.shape == [2, 3])
        #expect(grid.offsets == [356 * 1176 * 4, 356 * 1176 * 4 + 48])
        #expect(file.data.count == 356 * 1176 * 4 + 48)
        #expect(file.integers("image_grid_thw") == [1, 12, 18, 1, 14, 10])
        // The first image's values are the transformers golden values.
        let golden = try Self.golden("Tests/Fixtures/photos/coffee-249x166.jpg", "qwen2.5-vl")
        #expect(file.floats("pixel_values", count: 8) == golden.first8)
        // Metadata: provenance.
        #expect(file.metadata["model"] == "qwen2.5-vl")
        #expect(file.metadata["options"] == #"{"maxPixels":12845056,"minPixels":3136}"#)
        #expect(try paths(file) == [Self.coffee, Self.chelsea])
        let plans = try plans(file)
        #expect(plans.map { $0["width"] as? Int } == [249, 150])   // chelsea upright: 150x200
        #expect(file.metadata["tokens"] == String((216 + 140) / 4))
        #expect(file.metadata["vlmprep"] == "1")
        // Atomic write: no temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["qwen.safetensors"])
    }

    /// Images are built on `--jobs` tasks and written at their offsets: any number of jobs gives
    /// the same bytes (here with a bad file in the middle, which forces a second attempt).
    @Test func jobsDoNotChangeTheFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let truncated = dir.appendingPathComponent("truncated.jpg")
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.boats))
        try whole.prefix(whole.count / 2).write(to: truncated)
        let inputs = [Self.coffee, Self.boats, truncated.path, Self.chelsea, Self.rotatedQuadrants]
        var files: [Data] = []
        for jobs in ["1", "3"] {
            let out = dir.appendingPathComponent("jobs\(jobs).safetensors")
            let result = try CommandRunner.run(["tensors", "--model", "qwen2.5-vl", "--jobs", jobs, "--out", out.path] + inputs)
            #expect(result.status == 2, "\(result.stderr)")
            let lines = result.stdoutLines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(lines.map { $0["path"] as? String } == inputs)
            #expect(lines.map { $0["error"] != nil } == [false, false, true, false, false])
            let file = try SafetensorsFile(url: out)
            #expect(try paths(file) == [Self.coffee, Self.boats, Self.chelsea, Self.rotatedQuadrants])
            files.append(try Data(contentsOf: out))
        }
        #expect(files[0] == files[1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }.isEmpty)   // no temporary left
    }

    /// `--out /dev/null`: the computation without storage; the same lines on stdout.
    @Test func characterDeviceIsWrittenInPlace() throws {
        let result = try CommandRunner.run(["tensors", "--model", "gemma3", "--pan-and-scan", "--out", "/dev/null", Self.boats, Self.coffee])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdoutLines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.map { $0["path"] as? String } == [Self.boats, Self.coffee])
        #expect(lines.map { ($0["inputs"] as? [Any])?.count } == [3, 1])
        let stdout = try CommandRunner.run(["tensors", "--model", "gemma3", "--out", "-", Self.coffee])
        #expect(stdout.status == 64)
        #expect(stdout.stderr.contains("--out - is not supported"))
        let badJobs = try CommandRunner.run(["tensors", "--model", "gemma3", "--jobs", "0", "--out", "/dev/null", Self.coffee])
        #expect(badJobs.status == 64)
        #expect(badJobs.stderr.contains("--jobs"))
    }

    @Test func llavaOneVisionPadsToTheLongestPatchList() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("llava.safetensors")
        let result = try CommandRunner.run(["tensors", "--model", "llava-onevision", "--out", out.path, Self.coffee, Self.boats])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try SafetensorsFile(url: out)
        #expect(Set(file.tensors.keys) == ["pixel_values", "image_sizes", "batch_num_images"])
        #expect(file.tensors["pixel_values"]?.shape == [2, 7, 3, 384, 384])   // boats: base + 6 tiles
        #expect(file.tensors["image_sizes"]?.shape == [2, 2])
        #expect(file.integers("image_sizes") == [166, 249, 640, 1024])
        #expect(file.integers("batch_num_images") == [1, 1])
        #expect(file.floats("pixel_values", count: 8) == (try Self.golden("Tests/Fixtures/photos/coffee-249x166.jpg", "llava-onevision").first8))
    }

    @Test func gemmaPanAndScanMatchesTheGoldenSum() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("gemma.safetensors")
        let result = try CommandRunner.run(["tensors", "--model", "gemma3", "--pan-and-scan", "--out", out.path, Self.boats])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try SafetensorsFile(url: out)
        #expect(file.tensors["pixel_values"]?.shape == [3, 3, 896, 896])
        #expect(file.integers("num_crops") == [2])
        #expect(file.metadata["options"] == #"{"panAndScan":true}"#)
        let golden = try Self.golden("Samples/images/boats.jpg", "gemma3-pan-and-scan")
        #expect(file.floats("pixel_values", count: 8) == golden.first8)
        let sum = try #require(file.sum("pixel_values"))
        #expect(abs(sum - golden.sum) <= 1e-9 * abs(golden.sum), "sum \(sum) vs \(golden.sum)")
    }

    @Test func alphaIsDroppedLikeLoadImage() throws {
        // cups-alpha: RGBA; load_image keeps the colours under transparent pixels.
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("internvl.safetensors")
        let result = try CommandRunner.run(["tensors", "--model", "internvl", "--out", out.path, Self.cups])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try SafetensorsFile(url: out)
        #expect(file.tensors["pixel_values"]?.shape == [7, 3, 448, 448])
        #expect(file.integers("num_patches") == [7])
        let golden = try Self.golden("Tests/Fixtures/photos/cups-alpha-160x100.png", "internvl")
        let sum = try #require(file.sum("pixel_values"))
        #expect(abs(sum - golden.sum) <= 1e-9 * abs(golden.sum), "sum \(sum) vs \(golden.sum)")
    }

    @Test func replacesAnExistingFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("x.safetensors")
        try Data("old".utf8).write(to: out)
        let result = try CommandRunner.run(["tensors", "--model", "internvl", "--out", out.path, Fixtures.url("loader/quadrants_rgb.png").path])
        #expect(result.status == 0)
        #expect(try SafetensorsFile(url: out).tensors["pixel_values"]?.shape == [1, 3, 448, 448])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.safetensors"])
    }

    // MARK: - Bad files

    @Test func badFilesAreReportedAndTheOthersWritten() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("gemma.safetensors")
        let empty = dir.appendingPathComponent("empty.jpg")
        try Data().write(to: empty)
        let huge = Fixtures.url("loader/huge_header.png").path
        let truncated = Fixtures.url("loader/truncated.jpg").path
        let result = try CommandRunner.run(["tensors", "--model", "gemma3", "--out", out.path, empty.path, Self.coffee, huge, truncated, Self.rotatedQuadrants])
        #expect(result.status == 2)
        let lines = try result.stdoutLines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(lines.map { $0["path"] as? String } == [empty.path, Self.coffee, huge, truncated, Self.rotatedQuadrants])
        #expect(lines[0]["error"] as? String == "empty file (0 bytes)")
        #expect(lines[1]["tokens"] as? Int == 256)
        #expect(lines[2]["error"] as? String == "20000x20000 = 400000000 pixels exceeds maxInputPixels 100000000")
        #expect((lines[3]["error"] as? String)?.hasPrefix("corrupt or truncated image data") == true)
        #expect(lines[4]["tokens"] as? Int == 256)
        #expect(result.stderr.contains("empty.jpg: empty file (0 bytes)"))
        #expect(result.stderr.contains("huge_header.png: 20000x20000"))

        let file = try SafetensorsFile(url: out)
        #expect(file.tensors["pixel_values"]?.shape == [2, 3, 896, 896])
        #expect(file.integers("num_crops") == [0, 0])
        #expect(try paths(file) == [Self.coffee, Self.rotatedQuadrants])
        #expect(try plans(file).count == 2)
    }

    /// `exif_images/orientation_6.jpg` (upright 32x48).
    static let rotatedQuadrants = Fixtures.reference.appendingPathComponent("exif_images/orientation_6.jpg").path

    @Test func nothingUsableWritesNoFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("none.safetensors")
        let result = try CommandRunner.run(["tensors", "--model", "gemma3", "--out", out.path, Fixtures.url("loader/text.jpg").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a supported image format"))
        #expect(result.stderr.contains("not written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    // MARK: - Invalid parameters

    @Test func usageErrors() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("t.safetensors").path
        let unknown = try CommandRunner.run(["tensors", "--model", "qwen", "--out", out, Self.coffee])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains(#"Expected one of: gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl for model but received "qwen""#))
        let wrongOption = try CommandRunner.run(["tensors", "--model", "internvl", "--pan-and-scan", "--out", out, Self.coffee])
        #expect(wrongOption.status == 64)
        #expect(wrongOption.stderr.contains("Expected no value with model internvl (only gemma3 uses it) for panAndScan but received true"))
        #expect(try CommandRunner.run(["tensors", "--model", "gemma3", Self.coffee]).status == 64)   // no --out
        #expect(try CommandRunner.run(["tensors", "--model", "gemma3", "--out", out]).status == 64)   // no paths
        let noFolder = try CommandRunner.run(["tensors", "--model", "gemma3", "--out", dir.appendingPathComponent("missing/t.safetensors").path, Self.coffee])
        #expect(noFolder.status == 64)
        #expect(noFolder.stderr.contains("The folder of --out does not exist"))
        let emptyFolder = dir.appendingPathComponent("empty", isDirectory: true)
        try FileManager.default.createDirectory(at: emptyFolder, withIntermediateDirectories: true)
        let noImages = try CommandRunner.run(["tensors", "--model", "gemma3", "--out", out, emptyFolder.path])
        #expect(noImages.status == 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["empty"])   // nothing written
    }
}
