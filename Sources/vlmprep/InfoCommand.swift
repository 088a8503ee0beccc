import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep info PATH...`: one JSONL line per file from its header, without decoding pixels.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print each image's header as JSONL (format, upright size, orientation, bands, alpha, ICC).",
        discussion: "Directories are walked recursively in sorted order. A file that cannot be read gives {\"path\", \"error\"} and exit status 2."
    )

    @Argument(help: "Image files or directories.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one image file or directory.") }
    }

    func run() async throws {
        let output = LineOutput()
        for path in InputFiles.expand(paths) {
            do {
                output.write(try ImageLoader.probe(path: path, checkIntegrity: true))
            } catch {
                output.fail(path: path, error: error)
            }
        }
        try output.finish()
    }
}
