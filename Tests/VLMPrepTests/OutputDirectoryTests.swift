import Foundation
import Testing
import TestSupport
import VLMPrep

@Suite("OutputDirectory")
struct OutputDirectoryTests {
    @Test func urlRejectsEverythingOutsideTheRoot() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        for bad in ["", "/etc/passwd", "..", "../x", "a/../../x", "a/..", "a//b", "a/", "/", ".", "./a", "a/./b", "a\u{0}b"] {
            #expect(throws: OutputError.outsideRoot(bad), "\(bad.debugDescription)") { try output.url(for: bad) }
        }
        #expect(try output.url(for: "a/b.jpg").path == output.root.path + "/a/b.jpg")
        #expect(try output.url(for: "items.jsonl").path == output.root.path + "/items.jsonl")
        #expect(try output.url(for: "..a/b..").path == output.root.path + "/..a/b..")   // dots inside names are names
        #expect(OutputError.outsideRoot("../x").description == #"refusing to write outside the output folder: "../x""#)
    }

    @Test func rootIsStandardised() throws {
        let base = try Fixtures.temporaryDirectory()
        let output = try OutputDirectory(root: base.appendingPathComponent("sub/../out"))
        #expect(output.root.path == base.appendingPathComponent("out").path)
        #expect(FileManager.default.fileExists(atPath: output.root.path))
    }

    @Test func writeCreatesFoldersAndReplacesAtomically() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        #expect(try output.write(Data("one".utf8), to: "inference/a/00.png") == "inference/a/00.png")
        try output.write(Data("two".utf8), to: "inference/a/00.png")
        #expect(try Data(contentsOf: output.root.appendingPathComponent("inference/a/00.png")) == Data("two".utf8))
        // Nothing is left in the temporary folder; close removes it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.temporaryFolder.path).isEmpty)
        try output.close()
        #expect(!FileManager.default.fileExists(atPath: output.temporaryFolder.path))
        #expect(throws: OutputError.self) { try output.write(Data(), to: "../escape") }
    }

    /// A streamed write appears whole or not at all: a failing writer leaves neither the target
    /// nor a temporary file, and an existing file is kept.
    @Test func streamedWriteIsAtomic() throws {
        struct WriterFailed: Error {}
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        try output.write(to: "t/x.bin") { handle in
            try handle.write(contentsOf: Data("ab".utf8))
            try handle.write(contentsOf: Data("cd".utf8))
        }
        #expect(try Data(contentsOf: output.root.appendingPathComponent("t/x.bin")) == Data("abcd".utf8))
        #expect(throws: WriterFailed.self) {
            try output.write(to: "t/x.bin") { handle in
                try handle.write(contentsOf: Data("partial".utf8))
                throw WriterFailed()
            }
        }
        #expect(try Data(contentsOf: output.root.appendingPathComponent("t/x.bin")) == Data("abcd".utf8))
        #expect(throws: WriterFailed.self) { try output.write(to: "t/y.bin") { _ in throw WriterFailed() } }
        #expect(!FileManager.default.fileExists(atPath: output.root.appendingPathComponent("t/y.bin").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.temporaryFolder.path).isEmpty)
    }

    @Test func removeTemporaryFilesClearsInterruptedWrites() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        let leftover = try output.temporaryFile()
        try Data("half".utf8).write(to: leftover)
        try output.removeTemporaryFiles()
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.temporaryFolder.path).isEmpty)
    }

    @Test func appendLineIsThreadSafe() async throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 { try? output.appendLine("\(task)-\(index)-" + String(repeating: "x", count: 5_000), to: "log/lines.jsonl") }
                }
            }
        }
        try output.close()
        let text = try String(contentsOf: output.root.appendingPathComponent("log/lines.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1_601 && lines.last == "")
        #expect(Set(lines.dropLast()).count == 1_600)
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix(String(repeating: "x", count: 5_000)) && $0.utf8.count <= 5_008 })
    }

    @Test func appendContinuesAnExistingFile() throws {
        let root = try Fixtures.temporaryDirectory()
        try Data("old\n".utf8).write(to: root.appendingPathComponent("items.jsonl"))
        let output = try OutputDirectory(root: root)
        try output.appendLine("new", to: "items.jsonl")
        try output.close()
        #expect(try String(contentsOf: root.appendingPathComponent("items.jsonl"), encoding: .utf8) == "old\nnew\n")
    }
}
