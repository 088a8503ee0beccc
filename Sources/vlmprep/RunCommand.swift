import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep run`: a recipe over an items manifest.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a recipe over an items manifest (JSONL) into an output folder.",
        discussion: "Writes OUT/items.jsonl (one line per item, after its files), OUT/errors.jsonl and each emitter's files. Exit status 2 when some items failed."
    )

    /// Which emitters run.
    enum Emit: String, ExpressibleByArgument, CaseIterable {
        case annotation, inference, both
        var roles: [String] { self == .both ? Recipe.roles : [rawValue] }
    }

    @Option(name: .long, help: "Recipe JSON file.")
    var recipe: String

    @Option(name: .long, help: "Emitters to run: annotation, inference or both.")
    var emit: Emit = .both

    @OptionGroup var batch: BatchOptions

    func run() async throws {
        let parsed: Recipe
        do { parsed = try Recipe(contentsOf: URL(fileURLWithPath: recipe)) } catch {
            throw ValidationError("\(error)")
        }
        try await batch.run(recipe: parsed, roles: emit.roles)
    }
}
