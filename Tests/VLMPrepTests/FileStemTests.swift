import Foundation
import Testing
import TestSupport
import VLMPrep

@Suite("FileStem")
struct FileStemTests {
    /// `-` and the 16-hex FNV-1a 64 hash of the id's UTF-8 bytes.
    private func suffix(_ id: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test func safeIdsAreKept() {
        for id in ["123", "espresso-cup-001", "A_b.C-9", "x.jpg", "a..b"] {
            #expect(FileStem.make(id) == id)
        }
    }

    @Test func hostileIds() {
        #expect(FileStem.make("") == "item-cbf29ce484222325")   // FNV-1a offset basis: the hash of no bytes
        #expect(FileStem.make("../x") == "_._x" + suffix("../x"))
        #expect(FileStem.make("..") == "_." + suffix(".."))
        #expect(FileStem.make(".") == "_" + suffix("."))
        #expect(FileStem.make(".hidden") == "_hidden" + suffix(".hidden"))
        #expect(FileStem.make("/abs/path") == "_abs_path" + suffix("/abs/path"))
        #expect(FileStem.make("a/b") == "a_b" + suffix("a/b"))
        #expect(FileStem.make("a\u{0}b") == "a_b" + suffix("a\u{0}b"))
        #expect(FileStem.make("tab\there") == "tab_here" + suffix("tab\there"))
        #expect(FileStem.make("café") == "caf_" + suffix("café"))
        #expect(FileStem.make("日本") == "__" + suffix("日本"))
        #expect(FileStem.make("👍🏽") == "__" + suffix("👍🏽"))   // two scalars
        #expect(FileStem.make("a\\b") == "a_b" + suffix("a\\b"))
    }

    @Test func longIdsAreCut() {
        let long = String(repeating: "x", count: 10_240)
        #expect(FileStem.make(long) == String(repeating: "x", count: 80) + suffix(long))
        let exactly80 = String(repeating: "y", count: 80)
        #expect(FileStem.make(exactly80) == exactly80)
        // Two long ids sharing their first 80 characters still differ.
        #expect(FileStem.make(long + "a") != FileStem.make(long + "b"))
    }

    @Test func distinctIdsGetDistinctStems() {
        #expect(FileStem.make("a/b") != FileStem.make("a_b"))
        #expect(FileStem.make("a/b") != FileStem.make("a\\b"))
        #expect(FileStem.make("") != FileStem.make("item"))
        // An id that spells out another id's stem does not take it.
        let stem = FileStem.make("a/b")
        #expect(FileStem.make(stem) != stem)
        #expect(FileStem.make(stem) == stem + suffix(stem))
        let emptyStem = FileStem.make("")
        #expect(FileStem.make(emptyStem) != emptyStem)
        // Ends that only look similar stay as they are.
        #expect(FileStem.make("sku-0123456789abcdeF") == "sku-0123456789abcdeF")
        #expect(FileStem.make("sku-0123456789abcde") == "sku-0123456789abcde")
    }

    @Test func hostileSweepStaysInsideOneFolder() {
        var generator = SeededGenerator(seed: 42)
        let alphabet: [Character] = ["a", "Z", "0", ".", "/", "\\", "_", "-", " ", "\u{0}", "é", "\n", ":", "*"]
        var stems: [String: String] = [:]
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let id = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let stem = FileStem.make(id)
            #expect(FileStem.make(id) == stem)   // deterministic
            #expect(!stem.isEmpty && !stem.hasPrefix(".") && stem.utf8.count <= 97, "\(id.debugDescription) → \(stem)")
            #expect(stem.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) },
                    "\(id.debugDescription) → \(stem)")
            if let other = stems[stem], other != id { Issue.record("\(id.debugDescription) and \(other.debugDescription) share \(stem)") }
            stems[stem] = id
        }
    }

    @Test func stemsNeverEscapeTheOutputFolder() throws {
        let output = try OutputDirectory(root: Fixtures.temporaryDirectory())
        for id in ["../x", "/abs", "a/b", "", String(repeating: "z", count: 10_240), "a\u{0}b", ".hidden", "..", "日本/../..", "~"] {
            let stem = FileStem.make(id)
            let url = try output.url(for: "inference/\(stem)/00-original.jpg")
            #expect(url.deletingLastPathComponent().deletingLastPathComponent().path == output.root.path + "/inference", "\(id.debugDescription)")
            try output.write(Data("x".utf8), to: "inference/\(stem).txt")
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: output.root.appendingPathComponent("inference").path)
        #expect(written.count == 10)
    }
}
