import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep`: prepares marketplace listing images for vision-language models.
@main
struct VLMPrepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vlmprep",
        abstract: "Prepare listing images for vision-language models: crop, dedupe, plan, tensors.",
        discussion: """
        Exit status: 0 all done; 2 finished but some inputs failed (each reported on stderr with \
        file and reason; every other result written); 64 usage error.
        """,
        version: "0.1.0",
        subcommands: [RunCommand.self, CropCommand.self, InfoCommand.self, HashCommand.self, DedupeCommand.self, PlanCommand.self, TensorsCommand.self]
    )

    static func main() async {
        // One malloc arena per core: flat peak RSS over long runs (see MallocArenas).
        MallocArenas.limit(to: ProcessInfo.processInfo.activeProcessorCount)
        await main(nil)
    }
}
