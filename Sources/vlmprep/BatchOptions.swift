import ArgumentParser
import Foundation
import VLMPrep

/// Options shared by `run` and `crop`.
struct BatchOptions: ParsableArguments {
    @Option(name: .long, help: "Items manifest (JSONL), or - for standard input (result lines then go to standard output).")
    var items: String

    @Option(name: .long, help: "Output folder (created if needed).")
    var out: String

    @Option(name: .long, help: "Items processed at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Skip items already in OUT/items.jsonl (after a crash or a stop).")
    var resume = false

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    /// Valid job counts.
    static let jobsRange = 1...256

    func validate() throws {
        guard Self.jobsRange.contains(jobs) else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.integer(between: Self.jobsRange),
                                                           name: "--jobs", received: jobs))
        }
        guard items == "-" || FileManager.default.fileExists(atPath: items) else {
            throw ValidationError("The items manifest \(items) does not exist.")
        }
    }

    /// Runs a recipe with these options; exits 2 when some items failed.
    func run(recipe: Recipe, roles: [String]) async throws {
        let output = try OutputDirectory(root: URL(fileURLWithPath: out))
        let manifest = items == "-" ? ManifestSource(standardInputRelativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                                    : try ManifestSource(path: items)
        let runner = BatchRunner(recipe: recipe, output: output,
                                 configuration: .init(jobs: jobs, resume: resume, roles: roles, echoResults: items == "-"))
        let progress = BatchProgress(quiet: quiet)
        let stop = StopSignal()
        let summary = try await runner.run(manifest, shouldStop: { stop.isStopped }, onItem: progress.record)
        try output.close()
        progress.finish(summary, output: output.root)
        // A stopped run did not finish: 130 (128 + SIGINT) even when some items failed.
        if summary.interrupted { throw ExitCode(130) }
        if summary.failed > 0 { throw ExitCode(LineOutput.someInputsFailed) }
    }
}
