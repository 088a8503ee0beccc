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
        stdout gets one {"path", "model", "width", "height", "inputs", "tokens"} line per image. A file \
        that cannot be read or planned gives {"path", "error"} and exit status 2; the tensors of the \
        other images are still written.
        """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: ArgumentHelp("The safetensors file to write (replaced if it exists).", valueName: "file"))
    var out: String

    @Argument(help: "Image files or directories.")
    var paths: [String]

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one image file or directory.") }
        guard !out.isEmpty else { throw ValidationError("Give the output file with --out.") }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("The folder of --out does not exist: \(folder)")
        }
    }

    func run() async throws {
        let planner = try modelOptions.planner()
        let output = LineOutput()
        // Decode and plan each file on its own, so one bad file costs only its own tensors.
        var images: [PixelBuffer] = []
        var goodPaths: [String] = []
        let files = InputFiles.expand(paths)
        guard !files.isEmpty else { throw ValidationError("No image files in: \(paths.joined(separator: " "))") }
        for path in files {
            do {
                let image = try PixelDecoder.uprightRGB(path: path, options: LoadOptions(alpha: .drop))
                let plan = try planner.plan(for: image.size)
                images.append(image)
                goodPaths.append(path)
                output.write(PathPlan(path: path, plan: plan))
            } catch {
                output.fail(path: path, error: error)
            }
        }
        guard !images.isEmpty else {
            FileHandle.standardError.write(Data("vlmprep: no image could be used; \(out) not written\n".utf8))
            try output.finish()
            return
        }
        let builder = ModelTensorBuilder(planner: planner)
        let layout = try builder.layout(for: images.map(\.size))   // every image planned above
        do {
            try TensorFile.write(paths: goodPaths, images: images, builder: builder, layout: layout, to: URL(fileURLWithPath: out))
        } catch {
            FileHandle.standardError.write(Data("vlmprep: \(error)\n".utf8))
            throw ExitCode.failure
        }
        try output.finish()
    }
}
