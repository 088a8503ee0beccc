import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep hash`: ImageHash-compatible perceptual hashes of image files.
struct HashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the pHash of each image (16 hex digits, the same string imagehash.phash prints).",
        discussion: "text: \"<16 hex>  <path>\" per line, like sha256sum. jsonl: {\"path\", \"phash\"}. Directories are walked recursively in sorted order; failures are reported per file (exit 2)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @Option(name: .long, help: "exact: bit-identical to imagehash.phash; fast: JPEG shrink-on-load first.")
    var mode: HashMode = .exact

    @Option(name: .long, help: "Output format: text or jsonl.")
    var format: Format = .text

    @Option(name: .long, help: "Files hashed at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Argument(help: "Image files or directories.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one image file or directory.") }
        guard BatchOptions.jobsRange.contains(jobs) else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.integer(between: BatchOptions.jobsRange), name: "--jobs", received: jobs))
        }
    }

    private struct HashLine: Encodable { let path: String; let phash: String }

    func run() async throws {
        let output = LineOutput()
        let mode = self.mode
        await forEachInOrder(InputFiles.expand(paths), jobs: jobs, work: { path in
            Result { () throws(ImageError) in try PerceptualHash(path: path, mode: mode) }
        }, emit: { _, path, result in
            switch result {
            case .success(let hash):
                if format == .text { output.writeLine("\(hash)  \(path)") } else { output.write(HashLine(path: path, phash: hash.description)) }
            case .failure(let error):
                output.fail(path: path, error: error, jsonLine: format == .jsonl)
            }
        })
        try output.finish()
    }
}

extension HashMode: ExpressibleByArgument {}
