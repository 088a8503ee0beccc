import Foundation

/// The output folder of a run: every write goes through here, so nothing lands outside it and
/// every file appears complete or not at all.
///
/// - ``write(_:to:)`` writes to a temporary name in the target folder and renames (atomic on
///   POSIX file systems).
/// - ``appendLine(_:to:)`` appends one line to a shared JSONL file under a lock (the batch runner
///   calls it only after an item's files are complete).
public final class OutputDirectory: @unchecked Sendable {
    /// The folder (absolute, standardised).
    public let root: URL
    private let lock = NSLock()
    private var handles: [String: FileHandle] = [:]

    /// Opens (creating if needed) an output folder.
    /// - Throws: a file-system error when the folder cannot be created.
    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
    }

    deinit { try? close() }

    /// The absolute URL of a path relative to the root.
    /// - Throws: ``OutputError/outsideRoot`` for absolute paths, `..` components, or anything that
    ///   would resolve outside the root.
    public func url(for relative: String) throws -> URL {
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0"),
              !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw OutputError.outsideRoot(relative)
        }
        let url = root.appendingPathComponent(relative).standardizedFileURL
        guard url.path.hasPrefix(root.path + "/") else { throw OutputError.outsideRoot(relative) }
        return url
    }

    /// Writes a file atomically (temporary name, then rename), creating folders as needed.
    /// - Returns: the relative path written.
    @discardableResult
    public func write(_ data: Data, to relative: String) throws -> String {
        let target = try url(for: relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target, options: .atomic)
        return relative
    }

    /// Appends `line` and a newline to a shared file (created if needed); thread-safe.
    public func appendLine(_ line: String, to relative: String) throws {
        let target = try url(for: relative)
        try lock.withLock {
            let handle = try handles[relative] ?? openForAppend(target)
            handles[relative] = handle
            try handle.write(contentsOf: Data((line + "\n").utf8))
        }
    }

    /// Flushes appended files to disk.
    public func synchronize() throws {
        try lock.withLock { for handle in handles.values { try handle.synchronize() } }
    }

    /// Closes appended files.
    public func close() throws {
        try lock.withLock {
            for handle in handles.values { try handle.close() }
            handles.removeAll()
        }
    }

    private func openForAppend(_ target: URL) throws -> FileHandle {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: target.path) {
            FileManager.default.createFile(atPath: target.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: target)
        try handle.seekToEnd()
        return handle
    }
}

/// Output path errors.
public enum OutputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A path that would leave the output folder.
    case outsideRoot(String)
    /// An emitter needs something an earlier step did not produce.
    case missingInput(String)

    public var description: String {
        switch self {
        case .outsideRoot(let path): "refusing to write outside the output folder: \(path.debugDescription)"
        case .missingInput(let what): what
        }
    }
}
