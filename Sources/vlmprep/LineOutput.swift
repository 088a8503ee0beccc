import ArgumentParser
import Foundation
import VLMPrep

/// Writes JSONL results to stdout and per-input failures to stderr (and as `{"path","error"}`
/// lines), and turns "some inputs failed" into exit status 2 (DESIGN §6).
final class LineOutput: @unchecked Sendable {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private let lock = NSLock()
    private(set) var failures = 0

    /// Exit status when some inputs failed.
    static let someInputsFailed: Int32 = 2

    /// One JSON line on stdout.
    func write<T: Encodable>(_ value: T) {
        guard let data = try? encoder.encode(value) else { return }
        lock.withLock {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    /// A plain text line on stdout.
    func writeLine(_ line: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }

    /// Reports one failed input on stderr and as a JSON line on stdout.
    func fail(path: String, error: any Error, jsonLine: Bool = true) {
        let reason = (error as? ImageError)?.reason.description ?? "\(error)"
        lock.withLock {
            failures += 1
            FileHandle.standardError.write(Data("vlmprep: \(path): \(reason)\n".utf8))
        }
        if jsonLine { write(FailureLine(path: path, error: reason)) }
    }

    /// Exits with status 2 when any input failed.
    func finish() throws {
        if failures > 0 { throw ExitCode(Self.someInputsFailed) }
    }

    private struct FailureLine: Encodable {
        let path: String
        let error: String
    }
}
