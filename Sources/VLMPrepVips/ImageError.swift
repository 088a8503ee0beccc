import VLMPrepGeometry

/// A bad input image: names the file and the reason (never a crash, never a grey half-image).
public struct ImageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why an image could not be used.
    public enum Reason: Hashable, Sendable, CustomStringConvertible {
        /// No file at the path.
        case notFound
        /// The path is a directory.
        case isDirectory
        /// The file exists but cannot be read (permissions).
        case notReadable
        /// The file has zero bytes.
        case empty
        /// No permitted libvips loader recognises the bytes (e.g. text named `.jpg`).
        case unsupportedFormat
        /// The header declares more pixels than ``LoadOptions/maxInputPixels`` (checked before decoding).
        case tooManyPixels(width: Int, height: Int, limit: Int)
        /// The data is truncated or corrupt (the decoder's message).
        case corrupt(String)
        /// An operation on the image failed.
        case operationFailed(VipsError)

        /// A short machine-friendly name: `not-found`, `is-directory`, `not-readable`, `empty`,
        /// `unsupported-format`, `too-many-pixels`, `corrupt`, `operation-failed`.
        public var code: String {
            switch self {
            case .notFound: "not-found"
            case .isDirectory: "is-directory"
            case .notReadable: "not-readable"
            case .empty: "empty"
            case .unsupportedFormat: "unsupported-format"
            case .tooManyPixels: "too-many-pixels"
            case .corrupt: "corrupt"
            case .operationFailed: "operation-failed"
            }
        }

        public var description: String {
            switch self {
            case .notFound: "no such file"
            case .isDirectory: "is a directory, not an image"
            case .notReadable: "permission denied"
            case .empty: "empty file (0 bytes)"
            case .unsupportedFormat: "not a supported image format"
            case let .tooManyPixels(width, height, limit):
                "\(width)x\(height) = \(width * height) pixels exceeds maxInputPixels \(limit)"
            case let .corrupt(message): "corrupt or truncated image data: \(message)"
            case let .operationFailed(error): "image operation failed: \(error)"
            }
        }
    }

    /// The file the image came from, or `"<memory>"` for images built from pixels.
    public let path: String
    /// What went wrong.
    public let reason: Reason

    /// Creates an error for a file and a reason.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// `"<path>: <reason>"`.
    public var description: String { "\(path): \(reason)" }
}
