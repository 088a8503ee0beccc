import Foundation

/// Reads an items manifest line by line without holding it in memory: a file, or standard input.
public final class ManifestSource: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false
    private(set) var lineNumber = 0
    private static let chunkSize = 1 << 16

    /// The folder relative image paths are resolved against.
    public let directory: URL

    /// A manifest file.
    /// - Throws: when the file cannot be opened.
    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ItemError(line: 0, message: "cannot open items manifest \(path)")
        }
        self.handle = handle
        self.directory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
    }

    /// Standard input; relative image paths are resolved against the current folder.
    public init(standardInputRelativeTo directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.handle = FileHandle.standardInput
        self.directory = directory
    }

    /// The next non-blank line with its 1-based number, or nil at the end.
    public func nextLine() -> (number: Int, text: String)? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let lineData = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                lineNumber += 1
                let text = String(decoding: lineData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty { continue }
                return (lineNumber, text)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                lineNumber += 1
                let text = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                buffer.removeAll()
                if text.isEmpty { return nil }
                return (lineNumber, text)
            }
            let chunk = handle.readData(ofLength: Self.chunkSize)
            if chunk.isEmpty { atEnd = true } else { buffer.append(chunk) }
        }
    }
}
