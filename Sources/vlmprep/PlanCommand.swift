import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep plan --model M PATH...`: each image's model inputs and tokens as JSONL, from the file
/// headers only (no pixels decoded).
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the inputs and token count each image becomes for a model, as JSONL (headers only).",
        discussion: """
        One line per image: {"path", "model", "width", "height", "inputs", "tokens"} (LLaVA-OneVision \
        adds "canvas"); sizes are upright (after EXIF orientation). Directories are walked recursively \
        in sorted order. A file that cannot be read or planned gives {"path", "error"} and exit status 2.
        """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "Image files or directories.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one image file or directory.") }
    }

    func run() async throws {
        let planner = try modelOptions.planner()
        let output = LineOutput()
        for path in InputFiles.expand(paths) {
            do {
                let header = try ImageLoader.probe(path: path)
                let plan = try planner.plan(for: PixelSize(width: header.width, height: header.height))
                output.write(PathPlan(path: path, plan: plan))
            } catch {
                output.fail(path: path, error: error)
            }
        }
        try output.finish()
    }
}

/// `--model`, `--min-pixels`, `--max-pixels`, `--pan-and-scan`: the model options shared by
/// `plan` and `tensors`, checked by ``ModelPlanner`` (its messages become usage errors).
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The model: \(VisionModel.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "model"))
    var model: String

    @Option(name: .customLong("min-pixels"), help: ArgumentHelp(
        "Qwen models: lower pixel budget of the resized image (default: the checkpoint's, \(SmartResize.qwen25VLCheckpoint.minPixels) for qwen2.5-vl, \(SmartResize.qwen3VLCheckpoint.minPixels) for qwen3-vl).",
        valueName: "pixels"))
    var minPixels: Int?

    @Option(name: .customLong("max-pixels"), help: ArgumentHelp(
        "Qwen models: upper pixel budget of the resized image (default: the checkpoint's, \(SmartResize.qwen25VLCheckpoint.maxPixels) for qwen2.5-vl, \(SmartResize.qwen3VLCheckpoint.maxPixels) for qwen3-vl).",
        valueName: "pixels"))
    var maxPixels: Int?

    @Flag(name: .customLong("pan-and-scan"), help: "Gemma 3: add the pan-and-scan crops after each image (the processor's do_pan_and_scan).")
    var panAndScan = false

    /// The planner these options describe.
    /// - Throws: `ValidationError` (exit status 64) with ``ModelPlanner``'s message, e.g.
    ///   `Expected one of: gemma3, qwen2.5-vl, qwen3-vl, llava-onevision, internvl for model but received "x"`.
    func planner() throws -> ModelPlanner {
        do {
            return try ModelPlanner(modelName: model, minPixels: minPixels, maxPixels: maxPixels, panAndScan: panAndScan)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func validate() throws {
        _ = try planner()
    }
}
