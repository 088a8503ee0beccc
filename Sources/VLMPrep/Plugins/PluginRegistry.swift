import VLMPrepGeometry

/// Plugin types by registry name (DESIGN §4). ``builtIn`` holds vlmprep's own; copy it and
/// ``register(_:)`` yours.
public struct PluginRegistry: Sendable {
    private var types: [String: any Plugin.Type] = [:]

    /// An empty registry.
    public init() {}

    /// Every built-in plugin.
    public static let builtIn: PluginRegistry = {
        var registry = PluginRegistry()
        for type in builtInPluginTypes { registry.register(type) }
        return registry
    }()

    /// Adds (or replaces) a plugin type under its `name`.
    public mutating func register(_ type: any Plugin.Type) {
        types[type.name] = type
    }

    /// Registered names, sorted.
    public var names: [String] { types.keys.sorted() }

    /// Builds a step from a recipe entry: `"name"` or `{"plugin": "name", ...options}`.
    /// - Throws: ``PluginError`` for an unknown plugin (listing the valid names) or bad options.
    public func step(from entry: JSONValue, field: String) throws -> RecipeStep {
        var values: [String: JSONValue] = [:]
        let name: String
        switch entry {
        case .string(let text):
            name = text
        case .object(var object):
            guard case .string(let text)? = object.removeValue(forKey: "plugin") else {
                throw PluginError.invalidParameter(plugin: "recipe", expected: "an object with a \"plugin\" name", name: field, received: entry)
            }
            name = text
            values = object
        default:
            throw PluginError.invalidParameter(plugin: "recipe", expected: "a plugin name or an object with a \"plugin\" name", name: field, received: entry)
        }
        guard let type = types[name] else {
            throw PluginError.invalidParameter(plugin: "recipe", expected: InvalidParameter.oneOf(names), name: field, received: "\"\(name)\"")
        }
        return RecipeStep(name: name, plugin: try type.init(options: PluginOptions(plugin: name, values: values)))
    }
}
