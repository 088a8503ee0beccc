import Foundation
import VLMPrepGeometry
import VLMPrepPixels

/// One safetensors file with the model tensors of a list of image files, as `vlmprep tensors`
/// writes it (DESIGN §4 `safetensors`, §6): the tensors of ``ModelTensorBuilder`` for all images
/// as one batch, with provenance in `__metadata__`, written atomically.
///
/// `__metadata__` (all values strings, as the format requires; JSON where structured):
/// - `model`: the CLI model name (`qwen2.5-vl`);
/// - `options`: the planner's effective options as JSON (`{"maxPixels":12845056,"minPixels":3136}`
///   for Qwen, `{"panAndScan":false}` for Gemma 3, `{}` otherwise);
/// - `paths`: JSON array of the image paths, in batch order (failed files are not listed);
/// - `plans`: JSON array of each image's ``ModelPlan`` (keys sorted), in the same order;
/// - `tokens`: total LLM tokens of all images;
/// - `reference`: what the tensors are bit-identical to;
/// - `vlmprep`: format version `1` (as the `safetensors` emitter).
public enum TensorFile {
    /// The `reference` metadata value.
    public static let reference = "transformers 4.57 slow image processors (Pillow 13.0.0), images loaded as load_image"

    /// The `__metadata__` strings for tensors built from `paths`.
    /// - Precondition: `paths.count == layout.plans.count` (one path per built image).
    public static func metadata(paths: [String], layout: ModelTensorLayout, planner: ModelPlanner) -> [String: String] {
        precondition(paths.count == layout.plans.count, "TensorFile: \(paths.count) paths for \(layout.plans.count) plans")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        }
        var options: [String: JSONValue] = [:]
        if let smartResize = planner.smartResize {
            options["minPixels"] = .number(Double(smartResize.minPixels))
            options["maxPixels"] = .number(Double(smartResize.maxPixels))
        }
        if planner.model == .gemma3 { options["panAndScan"] = .bool(planner.panAndScan != nil) }
        return [
            "model": layout.model.rawValue,
            "options": JSONValue.object(options).description,
            "paths": json(paths),
            "plans": json(layout.plans),
            "tokens": String(layout.tokens),
            "reference": reference,
            "vlmprep": "1",
        ]
    }

    /// Writes the safetensors file of the tensors of `images` (decoded from `paths`, in order) to
    /// `url` atomically, `pixel_values` streamed (``ModelTensorBuilder/writeSafetensors(_:layout:metadata:to:)``):
    /// first to a hidden temporary file in the same folder (`.<name>.<uuid>.partial`), then
    /// `rename(2)` over the target, so readers see the old file or the complete new one, never a
    /// partial file. The temporary file is removed on failure.
    /// - Precondition: one path per image; `layout` is `builder.layout(for:)` of the images' sizes.
    /// - Throws: ``TensorFileError`` naming the file and the reason (folder missing, permission, …).
    public static func write(paths: [String], images: [PixelBuffer], builder: ModelTensorBuilder, layout: ModelTensorLayout,
                             to url: URL) throws(TensorFileError) {
        let target = url.standardizedFileURL
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        let metadata = metadata(paths: paths, layout: layout, planner: builder.planner)
        do {
            try StreamedFile.create(at: temporary) { try builder.writeSafetensors(images, layout: layout, metadata: metadata, to: $0) }
        } catch {
            throw TensorFileError(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TensorFileError(path: url.path, reason: "cannot rename the temporary file into place: \(reason)")
        }
    }
}

/// The tensor file could not be written.
public struct TensorFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file that was to be written.
    public let path: String
    /// Why it failed.
    public let reason: String

    /// Creates an error for a file and a reason.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `"<path>: <reason>"`.
    public var description: String { "\(path): \(reason)" }
}
