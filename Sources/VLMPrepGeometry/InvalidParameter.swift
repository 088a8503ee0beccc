/// The one message factory for bad options (STYLE.md §2, after sharp's `invalidParameterError`).
///
/// Every bad option anywhere in vlmprep reads
/// `Expected <what> for <name> but received <value>`; tests pin the exact text. Keep the `what`
/// derived from the same constant the check uses (`"an integer in \(Self.range)"`).
public enum InvalidParameter {
    /// `Expected <expected> for <name> but received <received>`.
    /// - Parameters:
    ///   - expected: what would have been valid, e.g. `"a number between 0 and 1"` or
    ///     `"one of: all, each"`.
    ///   - name: the option's name as the user spelled it (`"fraction"`, `"--max-distance"`).
    ///   - received: the value received, rendered for a human (strings quoted by the caller).
    public static func message(expected: String, name: String, received: Any) -> String {
        "Expected \(expected) for \(name) but received \(received)"
    }

    /// `"an integer between 1 and 256"` for a range (the same constant the check uses).
    public static func integer(between range: ClosedRange<Int>) -> String {
        "an integer between \(range.lowerBound) and \(range.upperBound)"
    }

    /// `"a number between 0 and 10"`: whole bounds without a trailing `.0`.
    public static func number(between range: ClosedRange<Double>) -> String {
        "a number between \(plain(range.lowerBound)) and \(plain(range.upperBound))"
    }

    /// `0.1`, `10`, `1e+20`: integers without a trailing `.0`.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `"one of: a, b, c"` for a list of valid choices.
    public static func oneOf<S: Sequence>(_ choices: S) -> String where S.Element: CustomStringConvertible {
        "one of: " + choices.map(\.description).joined(separator: ", ")
    }
}

/// A user error in geometry parameters or inputs (bad options, impossible sizes).
/// Programmer errors trap instead; the doc of each API says which is which.
public struct GeometryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The full human-readable message (for options: the ``InvalidParameter`` form).
    public let message: String

    /// Creates an error with a complete message.
    public init(_ message: String) { self.message = message }

    /// An ``InvalidParameter`` error.
    public static func invalidParameter(expected: String, name: String, received: Any) -> GeometryError {
        GeometryError(InvalidParameter.message(expected: expected, name: name, received: received))
    }

    /// The message, as the CLI prints it.
    public var description: String { message }
}

// MARK: - Option checks shared by the geometry types

/// Throws the ``InvalidParameter`` error unless `value` is in `range` (NaN never is).
/// The message names the same range the check uses: `Expected a number in 0.0...10.0 for fraction
/// but received -1.0`.
func requireNumber(_ value: Double, in range: ClosedRange<Double>, name: String) throws(GeometryError) {
    guard range.contains(value) else {
        throw .invalidParameter(expected: "a number in \(range)", name: name, received: value)
    }
}

/// Throws the ``InvalidParameter`` error unless `value` is in `range`:
/// `Expected an integer in 1...64 for maxCrops but received 0`.
func requireInteger(_ value: Int, in range: ClosedRange<Int>, name: String) throws(GeometryError) {
    guard range.contains(value) else {
        throw .invalidParameter(expected: "an integer in \(range)", name: name, received: value)
    }
}

/// Throws the ``InvalidParameter`` error unless both sides of `image` are at least 1:
/// `Expected a width and height of at least 1 for image size but received 0x5`.
func requireNonEmpty(_ image: PixelSize) throws(GeometryError) {
    guard !image.isEmpty else {
        throw .invalidParameter(expected: "a width and height of at least 1", name: "image size", received: image)
    }
}
