import Foundation
import Logging

/// Every step of a recipe — loader, region source, operator, model adapter, emitter — is a
/// plugin (DESIGN §4): it has a registry ``name``, is built from a JSON options object (unknown
/// keys and bad values are ``PluginError``s naming the key and the valid choices), and transforms
/// an item (or writes it).
///
/// Plugins are values: build them once per recipe and share them across concurrent items.
/// To add your own, conform and register the type:
/// ```swift
/// struct Grayscale: Plugin {
///     static let name = "my-grayscale"
///     init(options: PluginOptions) throws { var o = options; try o.finish() }
///     func run(_ item: inout PreparedItem, context: PluginContext) throws { ... }
/// }
/// var registry = PluginRegistry.builtIn
/// registry.register(Grayscale.self)
/// ```
public protocol Plugin: Sendable {
    /// The registry name used in recipes (`"expand-boxes"`).
    static var name: String { get }
    /// Builds the plugin from its options; must call `options.finish()` after reading them.
    /// - Throws: ``PluginError`` for unknown keys and bad values.
    init(options: PluginOptions) throws
    /// Transforms (or writes) one item.
    /// - Throws: any error; the batch runner records it on the item (`status: error`) and goes on.
    func run(_ item: inout PreparedItem, context: PluginContext) throws
}

/// What a running plugin may use besides the item: where outputs go and how to log.
public struct PluginContext: Sendable {
    /// The emission role when running an emitter (`annotation` or `inference`), nil in `prepare`.
    public var role: String?
    /// The output folder; emitters write only through it (nil when not emitting).
    public var output: OutputDirectory?
    /// The item's file-name stem (sanitised id), unique within the run.
    public var fileStem: String
    /// Logger for diagnostics (not results).
    public var logger: Logger

    /// Creates a context.
    public init(role: String? = nil, output: OutputDirectory? = nil, fileStem: String, logger: Logger = Logger(label: "vlmprep")) {
        self.role = role
        self.output = output
        self.fileStem = fileStem
        self.logger = logger
    }
}

extension PluginContext {
    /// The output folder, or an error naming the emitter when there is none (for emitters,
    /// built-in or user-defined).
    public func requireOutput(_ emitter: String) throws -> OutputDirectory {
        guard let output else { throw OutputError.missingInput("\(emitter): no output folder (emitters run only in `vlmprep run`)") }
        return output
    }

    /// The role's folder name (`annotation`, `inference`), `prepare` outside emission.
    public var roleFolder: String { role ?? "prepare" }
}

/// A step with its registry name, ready to run.
public struct RecipeStep: Sendable {
    /// The registry name.
    public let name: String
    /// The built plugin.
    public let plugin: any Plugin
}
