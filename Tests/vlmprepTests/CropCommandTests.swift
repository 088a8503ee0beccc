import Foundation
import Testing
import TestSupport

@Suite("vlmprep crop")
struct CropCommandTests {
    private func records(_ out: URL) throws -> [String: [String: Any]] {
        var byID: [String: [String: Any]] = [:]
        for line in RunFixtures.lines(out.appendingPathComponent("items.jsonl")).dropLast() {
            let object = try RunFixtures.json(line)
            byID[object["id"] as? String ?? "?"] = object
        }
        return byID
    }

    private func frames(_ record: [String: Any]?) -> [[String: Any]] { record?["frames"] as? [[String: Any]] ?? [] }

    @Test func samplesWithDefaults() throws {
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("out")
        let result = try CommandRunner.run(["crop", "--items", RunFixtures.samples.appendingPathComponent("items.jsonl").path,
                                            "--out", out.path, "--size", "64", "--jobs", "2", "--quiet"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let records = try records(out)
        #expect(records.count == 8 && records.values.allSatisfy { $0["status"] as? String == "ok" })
        // greek-coins-002: the 372 px square of DESIGN §3.4's example (padded above and below).
        #expect(frames(records["greek-coins-002"]).map { $0["rect"] as? [Int] } == [[0, 0, 384, 303], [12, -60, 372, 372]])
        // party-cups-008 (1024x640): expanded boxes [387.5,343.3,717.5,603.7] and [786.8,164,1024,332];
        // union pixel rect (387, 164, 637x440) → s 637, y = 164 - 98 = 66 → clamped to 640 - 637 = 3.
        #expect(frames(records["party-cups-008"]).map { $0["rect"] as? [Int] } == [[0, 0, 1024, 640], [387, 3, 637, 637]])
        // rowing-boat-003: the inverted box is reported.
        let dropped = records["rowing-boat-003"]?["droppedRegions"] as? [[String: Any]]
        #expect(dropped?.count == 1 && dropped?.first?["reason"] as? String == "empty-or-inverted" && dropped?.first?["step"] as? String == "expand-boxes")
        // espresso-cup-001: the repeated photo and its re-encode are duplicates of image 0.
        let cup = frames(records["espresso-cup-001"])
        #expect(cup.filter { $0["duplicateOf"] != nil }.map { $0["source"] as? Int } == [1, 2])
        #expect(cup.filter { $0["duplicateOf"] != nil }.allSatisfy { $0["duplicateOf"] as? Int == 0 && $0["file"] == nil })
        // autumn-prints-005: no regions, no crops.
        #expect(frames(records["autumn-prints-005"]).map { $0["kind"] as? String } == ["original", "original"])
        // Files: inference/<id>/<nn>-<kind>.jpg at 64x64, one per kept frame.
        let tree = try OutputTree.files(out)
        for (id, record) in records {
            for (index, frame) in frames(record).filter({ $0["duplicateOf"] == nil }).enumerated() {
                let name = "inference/\(id)/\(String(format: "%02d", index))-\(frame["kind"] as? String ?? "?").jpg"
                #expect(frame["file"] as? String == name)
                #expect(tree[name].map { Array($0.prefix(3)) } == [0xFF, 0xD8, 0xFF], "\(name)")
            }
        }
        #expect(tree.keys.filter { $0.hasPrefix("inference/") }.count == records.values.map { frames($0).filter { $0["duplicateOf"] == nil }.count }.reduce(0, +))
        #expect(!tree.keys.contains { $0.hasPrefix("annotation/") })
    }

    /// `--square each` on party-cups-008: one square per merged box, sorted by (y1, x1):
    /// [786,164,1024,332] → s 238, y = 164 - 35 = 129, x clamped to 1024 - 238 = 786;
    /// [387,343,718,604] → s 331, y = 343 - 35 = 308 (inside [0, 309]).
    @Test func squareEachAndGap() throws {
        let folder = try Fixtures.temporaryDirectory()
        let cups = try RunFixtures.sampleLines()[7]
        let manifest = try RunFixtures.write(cups, to: folder.appendingPathComponent("items.jsonl"))
        let each = folder.appendingPathComponent("each")
        #expect(try CommandRunner.run(["crop", "--items", manifest.path, "--out", each.path, "--square", "each", "--size", "32", "--format", "png", "--quiet"]).status == 0)
        let record = try #require(try records(each)["party-cups-008"])
        #expect(frames(record).map { $0["rect"] as? [Int] } == [[0, 0, 1024, 640], [786, 129, 238, 238], [387, 308, 331, 331]])
        #expect(frames(record).map { $0["file"] as? String } == ["inference/party-cups-008/00-original.png", "inference/party-cups-008/01-crop.png",
                                                                 "inference/party-cups-008/02-crop.png"])
        // --gap 100 merges them: the gaps are 786.8 - 717.5 = 69.3 along x and 343.3 - 332 = 11.3 along y.
        let merged = folder.appendingPathComponent("merged")
        #expect(try CommandRunner.run(["crop", "--items", manifest.path, "--out", merged.path, "--square", "each", "--gap", "100", "--size", "32", "--quiet"]).status == 0)
        #expect(frames(try records(merged)["party-cups-008"]).map { $0["rect"] as? [Int] } == [[0, 0, 1024, 640], [387, 3, 637, 637]])
    }

    @Test func badFlagsAreUsageErrors() throws {
        let manifest = RunFixtures.samples.appendingPathComponent("items.jsonl").path
        let out = try Fixtures.temporaryDirectory().appendingPathComponent("out").path
        let cases: [([String], String)] = [
            (["--expand=-1"], "Expected a number between 0 and 10 for --expand but received -1.0"),
            (["--gap=-3"], "Expected a number between 0 and 100000 for --gap but received -3.0"),
            (["--square", "some"], #"Expected one of: all, each for --square but received "some""#),
            (["--size", "0"], "Expected an integer between 1 and 16384 for --size but received 0"),
            (["--max-distance", "65"], "Expected an integer between 0 and 64 for --max-distance but received 65"),
            (["--format", "gif"], #"Expected one of: jpeg, png, webp for --format but received "gif""#),
            (["--quality", "101"], "Expected an integer between 1 and 100 for --quality but received 101"),
            (["--jobs", "0"], "Expected an integer between 1 and 256 for --jobs but received 0"),
        ]
        for (flags, message) in cases {
            let result = try CommandRunner.run(["crop", "--items", manifest, "--out", out] + flags)
            #expect(result.status == 64, "\(flags)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func failuresExitTwo() throws {
        let folder = try Fixtures.temporaryDirectory()
        let manifest = try RunFixtures.write([try RunFixtures.sampleLines()[1], #"{"id":"x","images":["nope.jpg"]}"#, "not json"].joined(separator: "\n"),
                                             to: folder.appendingPathComponent("items.jsonl"))
        let out = folder.appendingPathComponent("out")
        let result = try CommandRunner.run(["crop", "--items", manifest.path, "--out", out.path, "--size", "32"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("3 items (1 ok, 2 failed, 0 skipped)"))
        let errors = RunFixtures.lines(out.appendingPathComponent("errors.jsonl")).dropLast()
        #expect(errors.count == 2)
        #expect(errors.contains { $0.contains(#""line":2"#) && $0.contains(#""stage":"load""#) && $0.contains(#""message":"no such file""#) })
        #expect(errors.contains { $0.contains(#""line":3"#) && $0.contains(#""message":"line 3: invalid JSON""#) })
    }
}
