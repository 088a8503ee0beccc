import Foundation

/// What a resumed run skips, and the repairs it makes first (after `kill -9` mid-run):
/// - a manifest line cut short (no trailing newline) is removed;
/// - lines of shared JSONL files (e.g. `requests.jsonl`) whose `custom_id` has no manifest line
///   are removed: their items run again and would otherwise appear twice;
/// - temporary files of interrupted atomic writes are left to the file system (they have
///   names no output uses).
/// Ids are kept as 64-bit hashes (8 bytes each), so even millions of done items cost little.
struct ResumeState: Sendable {
    private let done: Set<UInt64>

    static let empty = ResumeState(done: [])

    func contains(_ id: String) -> Bool { done.contains(Self.key(id)) }

    static func key(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// Reads (and repairs) the output folder of an earlier run.
    static func prepare(output: OutputDirectory) throws -> ResumeState {
        let manifest = try output.url(for: BatchRunner.manifestName)
        guard let data = FileManager.default.contents(atPath: manifest.path) else { return .empty }
        var complete = data
        if let last = data.last, last != 0x0A {
            let cut = data.lastIndex(of: 0x0A).map { data.index(after: $0) } ?? data.startIndex
            complete = data[data.startIndex..<cut]
            try complete.write(to: manifest, options: .atomic)
        }
        var done = Set<UInt64>()
        for line in complete.split(separator: 0x0A) {
            if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], let id = object["id"] as? String {
                done.insert(key(id))
            }
        }
        try repairSharedFiles(in: output.root, done: done)
        return ResumeState(done: done)
    }

    /// Drops request lines of items without a manifest line (see above).
    private static func repairSharedFiles(in root: URL, done: Set<UInt64>) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        for role in names.sorted() {
            let file = root.appendingPathComponent(role).appendingPathComponent("requests.jsonl")
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            let kept = data.split(separator: 0x0A).filter { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let id = object["custom_id"] as? String else { return false }
                return done.contains(key(id))
            }
            let repaired = kept.map { Data($0) + Data([0x0A]) }.reduce(Data(), +)
            if repaired != data { try repaired.write(to: file, options: .atomic) }
        }
    }
}
