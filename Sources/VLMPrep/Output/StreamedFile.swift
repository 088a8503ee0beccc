import Foundation

/// Fills a new file through a handle, all or nothing: the first step of every atomic write
/// (``OutputDirectory/write(to:_:)``, ``TensorFile``), before the caller renames it into place.
enum StreamedFile {
    /// Creates (or truncates) the file at `url`, lets `fill` write to it, and closes it. When
    /// anything fails the file is closed and removed, and the error is rethrown.
    static func create(at url: URL, _ fill: (FileHandle) throws -> Void) throws {
        do {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
            let handle = try FileHandle(forWritingTo: url)
            do {
                try fill(handle)
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }
}
