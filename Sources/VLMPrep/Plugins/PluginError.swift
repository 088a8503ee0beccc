import VLMPrepGeometry

/// A plugin or recipe is misconfigured (unknown plugin, unknown option, wrong type or range).
/// Messages follow the one factory: `<plugin>: Expected <what> for <name> but received <value>`.
public struct PluginError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The plugin (registry name) or `"recipe"`.
    public let plugin: String
    /// The message without the plugin prefix.
    public let message: String

    /// Creates an error for a plugin.
    public init(plugin: String, message: String) {
        self.plugin = plugin
        self.message = message
    }

    /// An error in the InvalidParameter form.
    public static func invalidParameter(plugin: String, expected: String, name: String, received: Any) -> PluginError {
        PluginError(plugin: plugin, message: InvalidParameter.message(expected: expected, name: name, received: received))
    }

    /// `"<plugin>: <message>"`.
    public var description: String { "\(plugin): \(message)" }
}
