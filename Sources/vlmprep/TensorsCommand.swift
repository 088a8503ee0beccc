import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep tensors --model M --out F.safetensors PATH...`: the model's input tensors for all
/// images as one batch, bit-identical to the transformers 4.57 slow image processor given the same
/// paths, in one safetensors file.
struct TensorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tensors",
        abstract: "Write the model's input tensors for the images, as one batch, to a safetensors file.",
        discussion: """
        Each image is loaded as transformers' load_image does (EXIF orientation applied, then \
        convert("RGB"): alpha dropped) and processed as the transformers 4.57 slow image processor \
        does (Pillow 13 resampling): pixel_values (float32) plus the model's side tensors (int64), \
        with the paths, model, options and plans in __metadata__. The file is written atomically. \
        Images are decoded and built --jobs at a time, each written straight to its place in the \
        file, so memory stays at a few images whatever the batch size. --out /dev/null computes \
        without storing. stdout gets one {"path", "model", "width", "height", "inputs", "tokens"} \
        line per image, in order. A file that cannot be read or planned gives {"path", "error"} and \
        exit status 2; the tensors of the other images are still written.
        """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: ArgumentHelp("The safetensors file to write (replaced if it exists), or a character device such as /dev/null (the computation only).", valueName: "file"))
    var out: String

    @Option(name: .long, help: "Images decoded and built at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Argument(help: "Image files or directories.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one image file or directory.") }
        guard !out.isEmpty else { throw ValidationError("Give the output file with --out.") }
        guard BatchOptions.jobsRange.contains(jobs) else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.integer(between: BatchOptions.jobsRange), name: "--jobs", received: jobs))
        }
        guard out != "-" else {
            throw ValidationError("--out - is not supported: images are written at their offsets in the file as they finish; give a file, or /dev/null to compute without storing.")
        }
        if TensorFile.isCharacterDevice(out) { return }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("The folder of --out does not exist: \(folder)")
        }
    }

    func run() async throws {
        // Per-image buffers (decoded image, resize passes: ~6 MB each) reused, not faulted in anew.
        MallocArenas.keepFreedMemory(upTo: 128 << 20)
        let planner = try modelOptions.planner()
        let files = InputFiles.expand(paths)
        guard !files.isEmpty else { throw ValidationError("No image files in: \(paths.joined(separator: " "))") }
        let inputs: [TensorFile.Input]
        do {
            inputs = try await TensorFile.write(paths: files, builder: ModelTensorBuilder(planner: planner),
                                                to: URL(fileURLWithPath: out), jobs: jobs)
        } catch {
            FileHandle.standardError.write(Data("vlmprep: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let output = LineOutput()
        for input in inputs {
            switch input.outcome {
            case .success(let plan): output.write(PathPlan(path: input.path, plan: plan))
            case .failure(let error): output.fail(path: input.path, error: error)
            }
        }
        if !inputs.contains(where: { (try? $0.outcome.get()) != nil }) {
            FileHandle.standardError.write(Data("vlmprep: no image could be used; \(out) not written\n".utf8))
        }
        try output.finish()
    }
}
