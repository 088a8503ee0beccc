import VLMPrepGeometry

/// A plugin's JSON options, read with typed accessors that validate and record which keys were
/// used; ``finish()`` rejects the keys nobody read (typos are errors, not silent defaults).
///
/// Every error names the plugin, the key, what was expected and what was received.
public struct PluginOptions: Sendable {
    /// The plugin these options belong to (for messages).
    public let plugin: String
    private let values: [String: JSONValue]
    private var known: [String] = []

    /// Options from a JSON object.
    public init(plugin: String, values: [String: JSONValue] = [:]) {
        self.plugin = plugin
        self.values = values
    }

    /// True when the key is present (and marks it as known).
    public mutating func has(_ key: String) -> Bool {
        known.append(key)
        return values[key] != nil
    }

    /// The raw value of a key, nil when absent (marks it as known).
    public mutating func raw(_ key: String) -> JSONValue? {
        known.append(key)
        return values[key]
    }

    private func invalid(_ expected: String, _ key: String, _ value: JSONValue) -> PluginError {
        .invalidParameter(plugin: plugin, expected: expected, name: key, received: value)
    }

    /// A number in `range`, or `defaultValue` when absent.
    public mutating func double(_ key: String, default defaultValue: Double, in range: ClosedRange<Double>) throws(PluginError) -> Double {
        guard let value = raw(key) else { return defaultValue }
        let expected = InvalidParameter.number(between: range)
        guard case .number(let number) = value, range.contains(number) else { throw invalid(expected, key, value) }
        return number
    }

    /// An integer in `range`, or `defaultValue` when absent.
    public mutating func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(PluginError) -> Int {
        try optionalInt(key, in: range) ?? defaultValue
    }

    /// An integer in `range`, or nil when absent.
    public mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(PluginError) -> Int? {
        guard let value = raw(key) else { return nil }
        guard case .number(let number) = value, number == number.rounded(), number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw invalid(InvalidParameter.integer(between: range), key, value)
        }
        return Int(number)
    }

    /// A boolean, or `defaultValue` when absent.
    public mutating func bool(_ key: String, default defaultValue: Bool) throws(PluginError) -> Bool {
        guard let value = raw(key) else { return defaultValue }
        guard case .bool(let flag) = value else { throw invalid("true or false", key, value) }
        return flag
    }

    /// A string, or `defaultValue` when absent.
    public mutating func string(_ key: String, default defaultValue: String) throws(PluginError) -> String {
        try optionalString(key) ?? defaultValue
    }

    /// A string, or nil when absent.
    public mutating func optionalString(_ key: String) throws(PluginError) -> String? {
        guard let value = raw(key) else { return nil }
        guard case .string(let text) = value else { throw invalid("a string", key, value) }
        return text
    }

    /// One of a fixed set of strings (an enum's raw values), or `defaultValue` when absent.
    public mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: T) throws(PluginError) -> T where T.RawValue == String {
        guard let value = raw(key) else { return defaultValue }
        let choices = T.allCases.map(\.rawValue)
        guard case .string(let text) = value, let choice = T(rawValue: text) else {
            throw invalid(InvalidParameter.oneOf(choices), key, value)
        }
        return choice
    }

    /// An sRGB colour (`"white"`, `"black"`, `"#rrggbb"`, `"r,g,b"` or `[r, g, b]`), or the default.
    public mutating func colour(_ key: String, default defaultValue: RGBColor) throws(PluginError) -> RGBColor {
        guard let value = raw(key) else { return defaultValue }
        let expected = "a colour (white, black, #rrggbb or r,g,b)"
        switch value {
        case .string(let text):
            do { return try RGBColor(parsing: text, name: key) } catch { throw invalid(expected, key, value) }
        case .array(let parts) where parts.count == 3:
            let channels = parts.compactMap { part -> UInt8? in
                if case .number(let n) = part, n == n.rounded(), (0...255).contains(n) { return UInt8(n) }
                return nil
            }
            guard channels.count == 3 else { throw invalid(expected, key, value) }
            return RGBColor(red: channels[0], green: channels[1], blue: channels[2])
        default:
            throw invalid(expected, key, value)
        }
    }

    /// Rejects keys no accessor asked for, naming the valid ones.
    public func finish() throws(PluginError) {
        let validKeys = Set(known)
        for key in values.keys.sorted() where !validKeys.contains(key) {
            let expected = validKeys.isEmpty ? "no options" : InvalidParameter.oneOf(validKeys.sorted())
            throw PluginError.invalidParameter(plugin: plugin, expected: expected, name: "option name", received: "\"\(key)\"")
        }
    }

    /// Converts a geometry option error into this plugin's error.
    public func wrap(_ error: GeometryError) -> PluginError {
        PluginError(plugin: plugin, message: error.message)
    }
}
