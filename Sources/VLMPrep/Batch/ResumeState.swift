import Foundation

/// What a resumed run skips, and the repairs it makes first (after `kill -9` mid-run):
/// - files left in `OUT/.tmp` by interrupted atomic writes are removed;
/// - a manifest line cut short (no trailing newline) is removed;
/// - `errors.jsonl` is rebuilt from the manifest's `error` lines (a crash can fall between the
///   two appends, or cut an error line short);
/// - lines of shared JSONL files (e.g. `requests.jsonl`) whose `custom_id` has no manifest line
///   are removed: their items run again and would otherwise appear twice.
///
/// Items are done when their id has a manifest line; lines that could not be read as items (stage
/// `manifest`) are done by line number, so they are not reported twice.
/// Files are read line by line (never whole: `requests.jsonl` holds every item's images), and ids
/// are kept as 64-bit hashes (8 bytes each), so even millions of done items cost little.
struct ResumeState: Sendable {
    private let done: Set<UInt64>
    private let doneLines: Set<Int>

    static let empty = ResumeState(done: [], doneLines: [])

    /// True when the item `id` already has a manifest line.
    func contains(_ id: String) -> Bool { done.contains(Self.key(id)) }

    /// True when manifest line `line` was already reported as unreadable.
    func containsLine(_ line: Int) -> Bool { doneLines.contains(line) }

    static func key(_ id: String) -> UInt64 {
        FileStem.fnv1a64(id)
    }

    /// Reads (and repairs) the output folder of an earlier run.
    static func prepare(output: OutputDirectory) throws -> ResumeState {
        try output.removeTemporaryFiles()
        let manifest = try output.url(for: BatchRunner.manifestName)
        let errors = try output.url(for: BatchRunner.errorsName)
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            // Killed before the first manifest line: no item is done, but the item in flight may
            // have queued request lines already.
            try? FileManager.default.removeItem(at: errors)
            try repairSharedFiles(output: output, done: [])
            return .empty
        }
        var done = Set<UInt64>()
        var doneLines = Set<Int>()
        let rebuiltErrors = try output.temporaryFile()
        let errorWriter = try FileHandle(forWritingTo: rebuiltErrors)
        var completeLength: UInt64 = 0
        var errorCount = 0
        try JSONLines.forEach(in: manifest) { line, complete in
            guard complete else { return }   // cut short by the crash: removed below
            completeLength += UInt64(line.count + 1)
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { return }
            let failure = object["error"] as? [String: Any]
            if failure?["stage"] as? String == "manifest" {
                if let number = object["line"] as? Int { doneLines.insert(number) }
            } else if let id = object["id"] as? String {
                done.insert(key(id))
            }
            if object["status"] as? String != "ok" {
                try errorWriter.write(contentsOf: line + Data([0x0A]))
                errorCount += 1
            }
        }
        try errorWriter.close()
        if errorCount > 0 {
            try output.moveIntoPlace(rebuiltErrors, as: BatchRunner.errorsName)
        } else {   // as an uninterrupted run: no errors, no file
            try FileManager.default.removeItem(at: rebuiltErrors)
            try? FileManager.default.removeItem(at: errors)
        }
        let handle = try FileHandle(forUpdating: manifest)
        if try handle.seekToEnd() != completeLength { try handle.truncate(atOffset: completeLength) }
        try handle.close()
        try repairSharedFiles(output: output, done: done)
        return ResumeState(done: done, doneLines: doneLines)
    }

    /// Drops request lines of items without a manifest line (see above).
    private static func repairSharedFiles(output: OutputDirectory, done: Set<UInt64>) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output.root.path)) ?? []
        for role in names.sorted() where !role.hasPrefix(".") {
            let relative = "\(role)/requests.jsonl"
            let file = try output.url(for: relative)
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            func isKept(_ line: Data, _ complete: Bool) -> Bool {
                guard complete, let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                      let id = object["custom_id"] as? String else { return false }
                return done.contains(key(id))
            }
            // First pass only reads: most resumed files need no repair beyond the last line.
            var dropped = 0
            try JSONLines.forEach(in: file) { line, complete in if !isKept(line, complete) { dropped += 1 } }
            guard dropped > 0 else { continue }
            let temporary = try output.temporaryFile()
            let writer = try FileHandle(forWritingTo: temporary)
            try JSONLines.forEach(in: file) { line, complete in
                if isKept(line, complete) { try writer.write(contentsOf: line + Data([0x0A])) }
            }
            try writer.close()
            try output.moveIntoPlace(temporary, as: relative)
        }
    }
}

/// Reads a JSONL file line by line in fixed-size chunks (memory bounded by the longest line).
enum JSONLines {
    static let chunkSize = 1 << 20

    /// Calls `body` with each line (without its newline) and whether it ended with a newline (only
    /// the last line can be incomplete).
    static func forEach(in url: URL, _ body: (Data, Bool) throws -> Void) throws {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var buffer = Data()
        while true {
            let chunk = try handle.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty { break }
            buffer.append(chunk)
            var start = buffer.startIndex
            while let newline = buffer[start...].firstIndex(of: 0x0A) {
                try body(Data(buffer[start..<newline]), true)
                start = buffer.index(after: newline)
            }
            buffer = Data(buffer[start...])
        }
        if !buffer.isEmpty { try body(buffer, false) }
    }
}
