import Foundation
import Synchronization
import VLMPrepGeometry
import VLMPrepPixels
import VLMPrepVips

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

    /// What ``write(paths:options:builder:to:jobs:)`` did with one input path.
    public struct Input: Sendable {
        /// The path as given.
        public let path: String
        /// Its plan when its tensors are in the file; why not otherwise (``ImageError`` for
        /// unreadable files, ``GeometryError`` for images the model cannot take).
        public let outcome: Result<ModelPlan, any Error>
    }

    /// Writes the model tensors of the image files `paths`, as one batch in path order, to `url`
    /// and reports each path's plan or failure (in path order).
    ///
    /// - Headers first (in parallel): size, orientation and pixel limit, then the model's plan;
    ///   files that fail are left out and the layout (shapes, side tensors) is fixed.
    /// - Then `jobs` tasks decode and build the images' tensors at once (images loaded as
    ///   transformers' `load_image`: EXIF orientation applied, `options.alpha` usually `.drop`),
    ///   each writing its `pixel_values` pieces straight to their offsets in the file
    ///   (``ModelTensorBuilder/streamPixelValues(of:at:layout:_:)``): memory stays at a few decoded
    ///   images whatever the batch size.
    /// - A file that passes its header but fails to decode (truncated data) is reported and the
    ///   file is written again without it.
    ///
    /// The file is written atomically: a hidden temporary file in the same folder
    /// (`.<name>.<uuid>.partial`), renamed over the target at the end, removed on failure. An
    /// existing character device (`/dev/null`: the computation without storage) is written in place.
    /// Nothing is written when no image can be used.
    /// - Precondition: `jobs >= 1`.
    /// - Throws: ``TensorFileError`` naming the file and the reason (folder missing, disk full, …).
    public static func write(paths: [String], options: LoadOptions = LoadOptions(alpha: .drop), builder: ModelTensorBuilder,
                             to url: URL, jobs: Int) async throws(TensorFileError) -> [Input] {
        precondition(jobs >= 1, "TensorFile.write: jobs must be at least 1")
        let planner = builder.planner
        let planned = SharedMutex([Result<ModelPlan, any Error>](repeating: .failure(CancellationError()), count: paths.count))
        await forEachIndex(paths.count, jobs: jobs) { index in
            let outcome = Result<ModelPlan, any Error> { try plan(path: paths[index], options: options, planner: planner) }
            planned.mutex.withLock { $0[index] = outcome }
        }
        var outcomes = planned.mutex.withLock { $0 }
        while true {
            let chosen = outcomes.enumerated().compactMap { index, outcome in (try? outcome.get()).map { (index: index, plan: $0) } }
            guard !chosen.isEmpty else { break }
            let failures = try await writeOnce(paths: chosen.map { paths[$0.index] }, plans: chosen.map(\.plan),
                                               options: options, builder: builder, to: url, jobs: jobs)
            if failures.isEmpty { break }
            for (position, error) in failures { outcomes[chosen[position].index] = .failure(error) }
        }
        return zip(paths, outcomes).map { Input(path: $0, outcome: $1) }
    }

    /// Whether `path` names an existing character device such as `/dev/null`, which
    /// ``write(paths:options:builder:to:jobs:)`` writes in place (no temporary file).
    public static func isCharacterDevice(_ path: String) -> Bool {
        PositionedFile.isCharacterDevice(path)
    }

    /// Size from the header, the pixel limit, the plan.
    private static func plan(path: String, options: LoadOptions, planner: ModelPlanner) throws -> ModelPlan {
        let header = try ImageLoader.probe(path: path)
        guard header.pixelCount <= options.maxInputPixels else {
            throw ImageError(path: path, reason: .tooManyPixels(width: header.width, height: header.height, limit: options.maxInputPixels))
        }
        return try planner.plan(for: PixelSize(width: header.width, height: header.height))
    }

    /// One attempt: the file for these images, or the images that failed to decode (by position)
    /// and no file.
    private static func writeOnce(paths: [String], plans: [ModelPlan], options: LoadOptions, builder: ModelTensorBuilder,
                                  to url: URL, jobs: Int) async throws(TensorFileError) -> [Int: any Error] {
        let target = url.standardizedFileURL
        let inPlace = PositionedFile.isCharacterDevice(target.path)
        let temporary = inPlace ? target : target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).partial")
        let layout: ModelTensorLayout
        do { layout = try builder.layout(for: plans.map(\.source)) } catch {
            throw TensorFileError(path: url.path, reason: "cannot plan the batch: \(error)")   // each image planned alone before
        }
        let entries = layout.safetensorsEntries
        let header = SafetensorsWriter.header(entries, metadata: metadata(paths: paths, layout: layout, planner: builder.planner))
        let state = SharedMutex(WriteState())
        do {
            let file = try PositionedFile(path: temporary.path, create: !inPlace)
            try file.writeBytes(header, at: 0)
            var offset = header.count + entries[0].byteCount
            for (tensor, entry) in zip(layout.sideTensors, entries.dropFirst()) {
                try SafetensorsWriter.withLittleEndianBytes(tensor) { try file.writeBytes(Data($0), at: offset) }
                offset += entry.byteCount
            }
            await forEachIndex(paths.count, jobs: jobs) { index in
                guard state.mutex.withLock({ $0.writeError == nil }) else { return }
                do {
                    let image = try PixelDecoder.uprightRGB(path: paths[index], options: options)
                    guard image.size == plans[index].source else {
                        throw ImageError(path: paths[index], reason: .corrupt(
                            "decoded \(image.width)x\(image.height), the header says \(plans[index].source.width)x\(plans[index].source.height)"))
                    }
                    var position = header.count + 4 * layout.valueOffsets[index]
                    try builder.streamPixelValues(of: image, at: index, layout: layout) { piece in
                        do { try file.write(piece, at: position) } catch { throw WriteFailure(underlying: error) }
                        position += 4 * piece.count
                    }
                } catch let failure as WriteFailure {
                    state.mutex.withLock { $0.writeError = $0.writeError ?? failure.underlying }
                } catch {
                    state.mutex.withLock { $0.failures[index] = error }
                }
            }
            if let writeError = state.mutex.withLock({ $0.writeError }) { throw writeError }
        } catch {
            if !inPlace { try? FileManager.default.removeItem(at: temporary) }
            throw TensorFileError(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
        let failures = state.mutex.withLock { $0.failures }
        guard failures.isEmpty else {
            if !inPlace { try? FileManager.default.removeItem(at: temporary) }
            return failures
        }
        if !inPlace, rename(temporary.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TensorFileError(path: url.path, reason: "cannot rename the temporary file into place: \(reason)")
        }
        return [:]
    }

    private struct WriteState {
        var failures: [Int: any Error] = [:]
        var writeError: (any Error)?
    }

    /// A write to the output failed (as opposed to an image): ends the whole attempt.
    private struct WriteFailure: Error {
        let underlying: any Error
    }

    /// Calls `body` for `0..<count` on `jobs` tasks, each taking the next index when it is free.
    private static func forEachIndex(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Void) async {
        let next = SharedMutex(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<min(jobs, count) {
                group.addTask {
                    while true {
                        let index = next.mutex.withLock { value in
                            defer { value += 1 }
                            return value
                        }
                        guard index < count else { return }
                        body(index)
                    }
                }
            }
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
