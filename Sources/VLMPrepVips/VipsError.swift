/// A libvips operation failed: the operation's libvips name and libvips's own message.
public struct VipsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The libvips operation, e.g. `"extract_area"`, `"jpegsave_buffer"`.
    public let operation: String
    /// libvips's error text (copied from its error buffer), trimmed.
    public let message: String

    /// Creates an error for an operation with a message.
    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }
}
