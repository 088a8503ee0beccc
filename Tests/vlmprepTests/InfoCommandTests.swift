import Foundation
import Testing
import TestSupport

@Suite("vlmprep info")
struct InfoCommandTests {
    private func json(_ line: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
    }

    @Test func goodFilesAndAFolderWithBadOnes() throws {
        let dir = try Fixtures.temporaryDirectory()
        let fm = FileManager.default
        try fm.copyItem(atPath: Fixtures.url("loader/quadrants.jpg").path, toPath: dir.appendingPathComponent("a.jpg").path)
        try Data().write(to: dir.appendingPathComponent("b-empty.jpg"))
        try fm.copyItem(atPath: Fixtures.url("loader/truncated.jpg").path, toPath: dir.appendingPathComponent("c-truncated.jpg").path)
        try fm.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: Fixtures.reference.appendingPathComponent("exif_images/orientation_6.jpg").path,
                        toPath: dir.appendingPathComponent("sub/d.jpg").path)
        try Data("notes".utf8).write(to: dir.appendingPathComponent("notes.txt"))

        let result = try CommandRunner.run(["info", dir.path])
        #expect(result.status == 2)
        let lines = try result.stdoutLines.map(json)
        #expect(lines.count == 4)   // notes.txt is not an image extension: not walked
        #expect((lines[0]["path"] as? String)?.hasSuffix("/a.jpg") == true)
        #expect(lines[0]["width"] as? Int == 32 && lines[0]["format"] as? String == "jpeg")
        #expect(lines[1]["error"] as? String == "empty file (0 bytes)")
        #expect((lines[2]["error"] as? String)?.contains("truncated") == true)
        #expect(lines[3]["orientation"] as? Int == 6)
        #expect(lines[3]["width"] as? Int == 32 && lines[3]["height"] as? Int == 48)   // upright
        #expect(result.stderr.contains("b-empty.jpg: empty file"))
        #expect(result.stderr.contains("c-truncated.jpg: corrupt or truncated"))
    }

    @Test func allGoodExitsZero() throws {
        let result = try CommandRunner.run(["info", Fixtures.url("loader/quadrants_rgb.png").path, Fixtures.url("loader/rgba.png").path])
        #expect(result.status == 0)
        let lines = try result.stdoutLines.map(json)
        #expect(lines.count == 2)
        #expect(lines[1]["hasAlpha"] as? Bool == true && lines[1]["bands"] as? Int == 4)
    }

    @Test func usageErrorExits64() throws {
        #expect(try CommandRunner.run(["info"]).status == 64)
        #expect(try CommandRunner.run(["info", "--no-such-flag", "x"]).status == 64)
    }
}
