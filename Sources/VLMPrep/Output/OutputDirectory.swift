import Foundation

/// The output folder of a run: every write goes through here, so nothing lands outside it and
/// every file appears complete or not at all.
///
/// - ``write(_:to:)`` writes to a temporary file in ``temporaryFolder`` (`OUT/.tmp`) and renames it
///   into place (atomic on POSIX file systems: same file system). A process killed mid-write leaves
///   at most a file in `.tmp`, which a resumed run empties; no output name is ever half-written.
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

    /// Name of the folder (inside the root) that holds files being written.
    public static let temporaryFolderName = ".tmp"

    /// Where files are written before they are renamed into place.
    public var temporaryFolder: URL { root.appendingPathComponent(Self.temporaryFolderName, isDirectory: true) }

    /// Writes a file atomically (temporary file in ``temporaryFolder``, then rename), creating
    /// folders as needed.
    /// - Returns: the relative path written.
    @discardableResult
    public func write(_ data: Data, to relative: String) throws -> String {
        try write(to: relative) { try $0.write(contentsOf: data) }
    }

    /// Writes a file atomically like ``write(_:to:)``, streaming: `fill` writes the contents to a
    /// handle on the temporary file (large outputs need no copy in memory).
    /// - Returns: the relative path written.
    @discardableResult
    public func write(to relative: String, _ fill: (FileHandle) throws -> Void) throws -> String {
        let temporary = try temporaryFile()
        try StreamedFile.create(at: temporary, fill)
        do {
            try moveIntoPlace(temporary, as: relative)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return relative
    }

    /// A new empty file in ``temporaryFolder``, to fill and then ``moveIntoPlace(_:as:)``.
    public func temporaryFile() throws -> URL {
        try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
        let temporary = temporaryFolder.appendingPathComponent(UUID().uuidString)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        return temporary
    }

    /// Renames a finished temporary file to `relative` (atomically replacing any file there),
    /// creating folders as needed.
    public func moveIntoPlace(_ temporary: URL, as relative: String) throws {
        let target = try url(for: relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(temporary.path, target.path) == 0 else {
            let code = POSIXErrorCode(rawValue: errno) ?? .EIO
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path, NSUnderlyingErrorKey: POSIXError(code)])
        }
    }

    /// Removes what interrupted writes left in ``temporaryFolder`` (a resumed run calls it first).
    public func removeTemporaryFiles() throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: temporaryFolder.path) else { return }
        for name in try fileManager.contentsOfDirectory(atPath: temporaryFolder.path) {
            try fileManager.removeItem(at: temporaryFolder.appendingPathComponent(name))
        }
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

    /// Closes appended files (and removes ``temporaryFolder`` when nothing is left in it).
    public func close() throws {
        try lock.withLock {
            for handle in handles.values { try handle.close() }
            handles.removeAll()
        }
        _ = rmdir(temporaryFolder.path)   // fails (harmlessly) unless it exists and is empty
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
