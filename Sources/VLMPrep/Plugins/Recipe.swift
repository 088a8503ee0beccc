import Foundation

/// A recipe (DESIGN §4): `{"name", "prepare": [steps], "emit": {"annotation": step, "inference": step}}`.
///
/// `prepare` runs once per item; both emitters then receive the identical prepared item, so
/// annotation requests and inference inputs cannot drift apart.
public struct Recipe: Sendable {
    /// Emission roles, in the order they run.
    public static let roles = ["annotation", "inference"]

    /// The recipe's name.
    public let name: String
    /// Steps run in order on every item.
    public let prepare: [RecipeStep]
    /// Emitters by role.
    public let emit: [String: RecipeStep]

    /// Builds a recipe from its steps.
    public init(name: String, prepare: [RecipeStep], emit: [String: RecipeStep]) {
        self.name = name
        self.prepare = prepare
        self.emit = emit
    }

    /// Parses a recipe file.
    /// - Throws: ``PluginError`` (`recipe: ...`) naming the field, or the plugin's own error.
    public init(contentsOf url: URL, registry: PluginRegistry = .builtIn) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PluginError(plugin: "recipe", message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        try self.init(json: data, registry: registry)
    }

    /// Parses recipe JSON.
    /// - Throws: ``PluginError`` naming the field.
    public init(json data: Data, registry: PluginRegistry = .builtIn) throws {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw PluginError(plugin: "recipe", message: "invalid JSON")
        }
        guard var object = value.objectValue else {
            throw PluginError.invalidParameter(plugin: "recipe", expected: "a JSON object", name: "recipe", received: value)
        }
        let name: String
        switch object.removeValue(forKey: "name") {
        case nil: name = "recipe"
        case .string(let text)?: name = text
        case let other?: throw PluginError.invalidParameter(plugin: "recipe", expected: "a string", name: "name", received: other)
        }
        var prepare: [RecipeStep] = []
        switch object.removeValue(forKey: "prepare") {
        case .array(let entries)?:
            for (index, entry) in entries.enumerated() {
                prepare.append(try registry.step(from: entry, field: "prepare[\(index)]"))
            }
        case nil:
            break
        case let other?:
            throw PluginError.invalidParameter(plugin: "recipe", expected: "a list of steps", name: "prepare", received: other)
        }
        var emit: [String: RecipeStep] = [:]
        switch object.removeValue(forKey: "emit") {
        case .object(let roles)?:
            for (role, entry) in roles.sorted(by: { $0.key < $1.key }) {
                guard Self.roles.contains(role) else {
                    throw PluginError.invalidParameter(plugin: "recipe", expected: "one of: " + Self.roles.joined(separator: ", "), name: "emit key", received: "\"\(role)\"")
                }
                emit[role] = try registry.step(from: entry, field: "emit.\(role)")
            }
        case nil:
            break
        case let other?:
            throw PluginError.invalidParameter(plugin: "recipe", expected: "an object {\"annotation\": step, \"inference\": step}", name: "emit", received: other)
        }
        if let unknown = object.keys.sorted().first {
            throw PluginError.invalidParameter(plugin: "recipe", expected: "one of: name, prepare, emit", name: "recipe key", received: "\"\(unknown)\"")
        }
        self.init(name: name, prepare: prepare, emit: emit)
    }

    /// Runs `prepare` on an item.
    public func prepare(_ item: inout PreparedItem, context: PluginContext) throws {
        for step in prepare {
            try step.plugin.run(&item, context: context)
        }
    }

    /// Runs the emitter of `role` (if the recipe has one) on a prepared item.
    public func emit(_ item: inout PreparedItem, role: String, context: PluginContext) throws {
        guard let step = emit[role] else { return }
        var roleContext = context
        roleContext.role = role
        // Each emitter runs on its own copy of the prepared item and only what it adds comes back
        // (its role's output records and the lines it queued): no emitter can change what another
        // one sees, nor drop or rewrite what another one wrote.
        var copy = item
        copy.outputs = [:]
        copy.pendingLines = [:]
        try step.plugin.run(&copy, context: roleContext)
        if let added = copy.outputs[role] { item.outputs[role, default: []] += added }
        for (file, lines) in copy.pendingLines.sorted(by: { $0.key < $1.key }) {
            item.pendingLines[file, default: []] += lines
        }
    }
}
