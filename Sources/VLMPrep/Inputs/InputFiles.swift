import Foundation

/// Expands command-line paths into image files (DESIGN §6): files are kept as given; directories
/// are walked recursively in sorted order and contribute files with an image extension.
public enum InputFiles {
    /// File extensions picked up when walking directories (lowercase, no dot).
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "webp", "gif", "tif", "tiff", "heic", "heif", "avif"]

    /// The files for `paths`, in order: each argument's files in sorted path order.
    /// A path that does not exist is kept (the loader reports it as a per-file error).
    public static func expand(_ paths: [String]) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                files += walk(path)
            } else {
                files.append(path)
            }
        }
        return files
    }

    private static func walk(_ directory: String) -> [String] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let ext = (relative as NSString).pathExtension.lowercased()
            guard imageExtensions.contains(ext) else { continue }
            let full = base + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(full)
            }
        }
        return found.sorted()
    }
}
