import Foundation
import Testing

/// Comparing output folders of batch runs (resume and crash tests).
public enum OutputTree {
    /// Every regular file below `root` (relative path → bytes).
    public static func files(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    /// Expects two output folders to hold the same files with the same bytes; JSONL files are
    /// compared as sorted lines (concurrent items may finish in any order) and must end with a
    /// newline (no cut-off last line).
    public static func expectSame(_ reference: URL, _ other: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let left = try files(reference), right = try files(other)
        #expect(left.keys.sorted() == right.keys.sorted(), sourceLocation: sourceLocation)
        for (name, bytes) in left {
            guard let theirs = right[name] else { continue }
            if name.hasSuffix(".jsonl") {
                let sortedLines = { (data: Data) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).sorted() }
                #expect(sortedLines(bytes) == sortedLines(theirs), "\(name)", sourceLocation: sourceLocation)
                #expect(bytes.last == 0x0A && theirs.last == 0x0A, "\(name) ends with a newline", sourceLocation: sourceLocation)
            } else {
                #expect(bytes == theirs, "\(name)", sourceLocation: sourceLocation)
            }
        }
    }
}
