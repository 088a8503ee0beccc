import Foundation
import Testing
import TestSupport

@Suite("vlmprep hash")
struct HashCommandTests {
    private let diagonal = Fixtures.reference.appendingPathComponent("phash_images/gradient_diag_200x150_RGB.png").path
    private let rects = Fixtures.reference.appendingPathComponent("phash_images/rects_200x120_RGB.png").path

    @Test func textLinesLikeSha256sum() throws {
        let result = try CommandRunner.run(["hash", diagonal, rects])
        #expect(result.status == 0)
        let expectedRects = try Self.referenceHash("phash_images/rects_200x120_RGB.png")
        #expect(result.stdoutLines == ["8a6cda6d8747a645  \(diagonal)", "\(expectedRects)  \(rects)"])
    }

    @Test func jsonlAndFastModeOnNonJPEG() throws {
        let result = try CommandRunner.run(["hash", "--format", "jsonl", "--mode", "fast", diagonal])
        #expect(result.status == 0)
        #expect(result.stdoutLines == [#"{"path":"\#(diagonal)","phash":"8a6cda6d8747a645"}"#])   // PNG: fast == exact
    }

    @Test func badFilesAreReportedAndTheRestHashed() throws {
        let missing = Fixtures.url("loader/missing.jpg").path
        let result = try CommandRunner.run(["hash", missing, diagonal, Fixtures.url("loader/empty.jpg").path])
        #expect(result.status == 2)
        #expect(result.stdoutLines == ["8a6cda6d8747a645  \(diagonal)"])   // text format: failures on stderr only
        #expect(result.stderr.contains("missing.jpg: no such file"))
        #expect(result.stderr.contains("empty.jpg: empty file (0 bytes)"))
        let jsonl = try CommandRunner.run(["hash", "--format", "jsonl", missing])
        #expect(jsonl.stdoutLines == [#"{"error":"no such file","path":"\#(missing)"}"#])
    }

    @Test func usageErrors() throws {
        #expect(try CommandRunner.run(["hash"]).status == 64)
        let badMode = try CommandRunner.run(["hash", "--mode", "slow", diagonal])
        #expect(badMode.status == 64)
        #expect(try CommandRunner.run(["hash", "--jobs", "0", diagonal]).status == 64)
    }

    static func referenceHash(_ file: String) throws -> String {
        let object = try Fixtures.referenceObject("phash.json") as? [String: Any]
        let images = object?["images"] as? [[String: Any]] ?? []
        return try #require(images.first { $0["file"] as? String == file }?["phash"] as? String)
    }
}

@Suite("vlmprep dedupe")
struct DedupeCommandTests {
    private func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// A folder with a photo, a smaller re-encoded copy of it, and a different photo.
    private func gallery() throws -> URL {
        let dir = try Fixtures.temporaryDirectory()
        let fm = FileManager.default
        try fm.copyItem(at: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/images/coffee.jpg"), to: dir.appendingPathComponent("a-coffee.jpg"))
        try fm.copyItem(at: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/images/coffee-recompressed.jpg"), to: dir.appendingPathComponent("b-coffee-again.jpg"))
        try fm.copyItem(at: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/images/boats.jpg"), to: dir.appendingPathComponent("c-boats.jpg"))
        return dir
    }

    @Test func groupsAcrossFiles() throws {
        let dir = try gallery()
        let result = try CommandRunner.run(["dedupe", dir.path])
        #expect(result.status == 0)
        let report = try json(try #require(result.stdoutLines.first))
        let a = dir.appendingPathComponent("a-coffee.jpg").path, b = dir.appendingPathComponent("b-coffee-again.jpg").path
        let c = dir.appendingPathComponent("c-boats.jpg").path
        #expect(report["groups"] as? [[String]] == [[a, b]])
        #expect(report["kept"] as? [String] == [a, c])
        let dropped = try #require((report["dropped"] as? [[String: Any]])?.first)
        #expect(dropped["path"] as? String == b && dropped["duplicateOf"] as? String == a && dropped["distance"] as? Int == 0)
        // With a distance of -1 nothing would group; 0 still groups identical hashes. Keep largest:
        // coffee.jpg (600x400) and the recompressed copy (600x400) tie → the first is kept.
        let largest = try json(try #require(try CommandRunner.run(["dedupe", "--keep", "largest", "--max-distance", "0", dir.path]).stdoutLines.first))
        #expect(largest["kept"] as? [String] == [a, c])
    }

    @Test func perItemGalleries() throws {
        let dir = try gallery()
        let manifest = dir.appendingPathComponent("items.jsonl")
        try Data(("""
        {"id":"1","images":["a-coffee.jpg","c-boats.jpg","a-coffee.jpg","b-coffee-again.jpg"]}
        {"id":"2","images":["c-boats.jpg"]}
        """ + "\n").utf8).write(to: manifest)
        let result = try CommandRunner.run(["dedupe", "--items", manifest.path])
        #expect(result.status == 0)
        let lines = try result.stdoutLines.map(json)
        #expect(lines.count == 2)
        #expect(lines[0]["kept"] as? [String] == ["a-coffee.jpg", "c-boats.jpg"])
        let dropped = lines[0]["dropped"] as? [[String: Any]] ?? []
        #expect(dropped.map { $0["image"] as? Int } == [2, 3])
        #expect(dropped.map { $0["duplicateOfImage"] as? Int } == [0, 0])
        #expect(lines[1]["kept"] as? [String] == ["c-boats.jpg"])
    }

    @Test func usageAndBadFiles() throws {
        #expect(try CommandRunner.run(["dedupe"]).status == 64)                                   // neither
        #expect(try CommandRunner.run(["dedupe", "--items", "x.jsonl", "a.jpg"]).status == 64)   // both
        #expect(try CommandRunner.run(["dedupe", "--max-distance", "65", "a.jpg"]).status == 64)
        let dir = try gallery()
        try Data().write(to: dir.appendingPathComponent("d-empty.jpg"))
        let result = try CommandRunner.run(["dedupe", dir.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("d-empty.jpg: empty file (0 bytes)"))
        let report = try json(try #require(result.stdoutLines.first))
        #expect((report["kept"] as? [String])?.count == 2)
    }
}
