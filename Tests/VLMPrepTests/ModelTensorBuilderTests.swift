import Foundation
import Testing
import TestSupport
import VLMPrep

/// Golden tests: ``ModelTensorBuilder`` against the real transformers 4.57.6 slow image processors
/// (Pillow 13.0.0), bit for bit.
///
/// Two reference sets:
/// - `Tests/Fixtures/reference/pipeline.json` (`generate.py`): 3 synthetic PNGs × 5 models.
/// - `Tests/Fixtures/golden/pixel_values.json` (`Tools/reference/golden.py`): 5 real photos and 2
///   Samples images × 6 configurations, each loaded with transformers' `load_image`
///   (`exif_transpose`, then `convert("RGB")`), which is `PixelDecoder.uprightRGB` with
///   `LoadOptions(alpha: .drop)`.
///
/// The processor configurations of both scripts, mapped onto ``ModelPlanner``:
/// - `qwen2.5-vl` / `qwen2_5_vl`: `Qwen2VLImageProcessor(min_pixels=3136, max_pixels=12845056)`,
///   patch 14 → `.qwen25VL`, minPixels 3 136, maxPixels 12 845 056 (the defaults).
/// - `qwen3-vl` / `qwen3_vl`: `min_pixels=65536, max_pixels=16777216, patch_size=16`, mean = std = 0.5
///   → `.qwen3VL`, minPixels 65 536, maxPixels 16 777 216 (the defaults).
/// - `gemma3`: 896x896 BILINEAR, no pan-and-scan → `.gemma3`, panAndScan false.
/// - `gemma3-pan-and-scan` / `gemma3_pan_and_scan`: called with `do_pan_and_scan=True`, 256 / 4 / 1.2
///   → `.gemma3`, panAndScan true.
/// - `llava-onevision` / `llava_onevision`: 384, BICUBIC, class-default pinpoints 1…6 → `.llavaOneVision`.
/// - `internvl`: `GotOcr2ImageProcessor(crop_to_patches=True, min_patches=1, max_patches=12)` →
///   `.internVL` (``DynamicTiles/internVL``: 1…12 tiles, thumbnail).
///
/// What is compared, per image and model: the shape, SHA-256 of `pixel_values` as float32
/// little-endian (C order), every side tensor the processor returned, and the sizes the reference
/// recorded (resize targets, crops, grids) against the ``ModelPlan``. No tolerance anywhere.
@Suite("ModelTensorBuilder")
struct ModelTensorBuilderTests {
    // MARK: - Reference files

    /// One model's processor output for one image (fields shared by both files; optional ones are
    /// recorded for some models only).
    struct Expected: Decodable {
        let shape: [Int]
        let sha256_f32le: String
        let sum: Double
        let first8: [Double]
        let image_grid_thw: [[Int]]?
        let num_crops: [Int]?
        let image_sizes: [[Int]]?
        let num_patches: [Int]?
        let batch_num_images: [Int]?
        let row0: [Double]?
        let row_sums: [Double]?
        let resized: [Int]?
        let pan_and_scan_crops_xywh: [[Int]]?
        let best_resolution: [Int]?
        let grid_cols_rows: [Int]?
        let thumbnail: Bool?

        /// The side tensors the processor returned, by name: (shape, values C order).
        var sideTensors: [String: (shape: [Int], values: [Int64])] {
            var sides: [String: (shape: [Int], values: [Int64])] = [:]
            func matrix(_ rows: [[Int]]) -> (shape: [Int], values: [Int64]) {
                ([rows.count, rows.first?.count ?? 0], rows.flatMap { $0.map(Int64.init) })
            }
            func vector(_ values: [Int]) -> (shape: [Int], values: [Int64]) { ([values.count], values.map(Int64.init)) }
            if let image_grid_thw { sides["image_grid_thw"] = matrix(image_grid_thw) }
            if let image_sizes { sides["image_sizes"] = matrix(image_sizes) }
            if let num_crops { sides["num_crops"] = vector(num_crops) }
            if let num_patches { sides["num_patches"] = vector(num_patches) }
            if let batch_num_images { sides["batch_num_images"] = vector(batch_num_images) }
            return sides
        }
    }

    struct PipelineFile: Decodable {
        struct Entry: Decodable {
            struct ResizedUInt8: Decodable { let height: Int; let width: Int; let sha256: String }
            let file: String
            let width: Int
            let height: Int
            let input_sha256: String
            let qwen2_5_vl_resized_uint8: ResizedUInt8
            let results: [String: Expected]
        }
        let images: [Entry]
    }

    struct GoldenFile: Decodable {
        struct Entry: Decodable {
            struct Loaded: Decodable { let height: Int; let width: Int; let rgb_sha256: String }
            let path: String
            let loaded: Loaded
            let results: [String: Expected]
        }
        let images: [Entry]
    }

    /// The repository root (paths in `golden/pixel_values.json` are relative to it).
    static let repositoryRoot = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()

    static func pipelineFile() throws -> PipelineFile { try Fixtures.referenceJSON("pipeline.json") }

    static func goldenFile() throws -> GoldenFile {
        try JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: Fixtures.url("golden/pixel_values.json")))
    }

    /// transformers' `load_image`: upright (EXIF), `convert("RGB")` (alpha dropped).
    static func loadLikeTransformers(_ path: String) throws -> PixelBuffer {
        try PixelDecoder.uprightRGB(path: path, options: LoadOptions(alpha: .drop))
    }

    /// The planner for a configuration name of either file (see the type's documentation).
    static func planner(_ key: String) throws -> ModelPlanner {
        switch key {
        case "qwen2.5-vl", "qwen2_5_vl": try ModelPlanner(model: .qwen25VL, minPixels: 3_136, maxPixels: 12_845_056)
        case "qwen3-vl", "qwen3_vl": try ModelPlanner(model: .qwen3VL, minPixels: 65_536, maxPixels: 16_777_216)
        case "gemma3": try ModelPlanner(model: .gemma3, panAndScan: false)
        case "gemma3-pan-and-scan", "gemma3_pan_and_scan": try ModelPlanner(model: .gemma3, panAndScan: true)
        case "llava-onevision", "llava_onevision": try ModelPlanner(model: .llavaOneVision)
        case "internvl": try ModelPlanner(model: .internVL)
        default: throw GeometryError("no planner for reference configuration \(key)")
        }
    }

    // MARK: - Comparison

    /// Compares built tensors with a reference entry; on a pixel mismatch the message carries the
    /// first values and sums of both sides, to tell a resize difference from a layout one.
    static func compare(_ inputs: ModelInputs, _ expected: Expected, label: String, exactSideTensorSet: Bool) {
        guard let pixels = inputs["pixel_values"], let floats = pixels.floats else {
            Issue.record("\(label): no float32 pixel_values")
            return
        }
        #expect(pixels.shape == expected.shape, "\(label): shape")
        let hash = SHA256.hexFloat32LE(floats)
        if hash != expected.sha256_f32le {
            let sum = floats.reduce(0.0) { $0 + Double($1) }
            let firstDifference = zip(floats.prefix(8), expected.first8).enumerated().first { Float($0.element.1) != $0.element.0 }?.offset
            Issue.record("""
                \(label): pixel_values differ (sha256 \(hash) != \(expected.sha256_f32le)); \
                sum \(sum) vs \(expected.sum); first8 \(Array(floats.prefix(8))) vs \(expected.first8.map(Float.init)); \
                first differing of the first 8: \(firstDifference.map(String.init) ?? "none")
                """)
        }
        let sides = expected.sideTensors
        for (name, reference) in sides.sorted(by: { $0.key < $1.key }) {
            guard let ours = inputs[name] else {
                Issue.record("\(label): missing side tensor \(name)")
                continue
            }
            #expect(ours.dtype == "I64", "\(label): \(name) dtype")
            #expect(ours.shape == reference.shape, "\(label): \(name) shape")
            #expect(ours.integers == reference.values, "\(label): \(name) values")
        }
        if exactSideTensorSet {
            #expect(Set(inputs.tensors.map(\.name)) == Set(["pixel_values"] + sides.keys), "\(label): tensor names")
        }
        #expect(inputs.tensors.first?.name == "pixel_values", "\(label): pixel_values first")
    }

    /// Checks the sizes golden.py recorded from the libraries' own helpers against the plan.
    static func compareGeometry(_ plan: ModelPlan, _ expected: Expected, model: VisionModel, label: String) {
        switch model {
        case .qwen25VL, .qwen3VL:
            #expect(expected.resized.map { [$0[1], $0[0]] } == plan.inputs.first.map { [$0.width, $0.height] }, "\(label): resized")
        case .gemma3:
            let crops = plan.inputs.filter { $0.kind == .panAndScan }.map(\.rect.array)
            #expect(crops == (expected.pan_and_scan_crops_xywh ?? []), "\(label): pan-and-scan crops")
        case .llavaOneVision:
            if let best = expected.best_resolution, let canvas = plan.canvas {
                #expect([canvas.height, canvas.width] == best, "\(label): best resolution")
                #expect(expected.resized == [canvas.image.height, canvas.image.width], "\(label): resize for patching")
            } else {
                Issue.record("\(label): no canvas or no best_resolution")
            }
        case .internVL:
            let layout = DynamicTiles.internVL.layout(for: plan.source)
            #expect(expected.grid_cols_rows == [layout.grid.columns, layout.grid.rows], "\(label): grid")
            #expect(expected.thumbnail == layout.thumbnail, "\(label): thumbnail")
            #expect(expected.resized == [layout.resized.height, layout.resized.width], "\(label): resized")
        }
    }

    // MARK: - Test helper

    @Test func sha256MatchesFIPSExamples() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // numpy: hashlib.sha256(np.array([1.0, -0.5], "<f4").tobytes())
        #expect(SHA256.hexFloat32LE([1.0, -0.5]) == SHA256.hex([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xbf]))
    }

    // MARK: - pipeline.json (generate.py, synthetic PNGs)

    static let pipelineKeys = ["qwen2_5_vl", "qwen3_vl", "gemma3_pan_and_scan", "llava_onevision", "internvl"]

    @Test func pipelineInputsDecodeToTheReferencePixels() throws {
        let file = try Self.pipelineFile()
        #expect(file.images.count == 3)
        for entry in file.images {
            let image = try Self.loadLikeTransformers(Fixtures.reference.appendingPathComponent(entry.file).path)
            #expect(image.size == PixelSize(width: entry.width, height: entry.height), "\(entry.file)")
            #expect(SHA256.hex(image.bytes) == entry.input_sha256, "\(entry.file): decoded RGB")
            // Per-stage check of the Qwen2.5-VL resize alone (Pillow BICUBIC to the smart-resize size).
            let resizedSize = PixelSize(width: entry.qwen2_5_vl_resized_uint8.width, height: entry.qwen2_5_vl_resized_uint8.height)
            let resized = PillowResampler(filter: .bicubic).resize(image, to: resizedSize)
            #expect(SHA256.hex(resized.bytes) == entry.qwen2_5_vl_resized_uint8.sha256, "\(entry.file): Qwen2.5-VL resized uint8")
        }
    }

    @Test(arguments: pipelineKeys)
    func pipelineReference(_ key: String) throws {
        let file = try Self.pipelineFile()
        let builder = ModelTensorBuilder(planner: try Self.planner(key))
        var compared = 0
        for entry in file.images {
            guard let expected = entry.results[key] else {
                Issue.record("\(entry.file): no \(key) result")
                continue
            }
            let image = try Self.loadLikeTransformers(Fixtures.reference.appendingPathComponent(entry.file).path)
            let inputs = try builder.build([image])
            let label = "\(entry.file) \(key)"
            // pipeline.json records only four side tensor names (not `batch_num_images`).
            Self.compare(inputs, expected, label: label, exactSideTensorSet: false)
            if let row0 = expected.row0, let rowSums = expected.row_sums, let floats = inputs["pixel_values"]?.floats {
                let rowLength = expected.shape[1]
                #expect(Array(floats.prefix(rowLength)) == row0.map(Float.init), "\(label): row 0")
                let sums = (0..<expected.shape[0]).map { row in
                    floats[row * rowLength..<(row + 1) * rowLength].reduce(0.0) { $0 + Double($1) }
                }
                // float64 sums of the same float32 values; only the summation order may differ.
                for (row, (ours, reference)) in zip(sums, rowSums).enumerated() {
                    #expect(abs(ours - reference) <= 1e-9 * max(1, abs(reference)), "\(label): row \(row) sum \(ours) vs \(reference)")
                }
            }
            compared += 1
        }
        #expect(compared == 3)
    }

    // MARK: - golden/pixel_values.json (golden.py, real photos)

    static let goldenKeys = ["qwen2.5-vl", "qwen3-vl", "gemma3", "gemma3-pan-and-scan", "llava-onevision", "internvl"]

    /// Decode first: isolates decode + EXIF + mode conversion from the processors.
    @Test func goldenPhotosDecodeLikeLoadImage() throws {
        let file = try Self.goldenFile()
        #expect(file.images.count == 7)
        for entry in file.images {
            let image = try Self.loadLikeTransformers(Self.repositoryRoot.appendingPathComponent(entry.path).path)
            #expect(image.size == PixelSize(width: entry.loaded.width, height: entry.loaded.height), "\(entry.path)")
            #expect(SHA256.hex(image.bytes) == entry.loaded.rgb_sha256, "\(entry.path): loaded RGB")
        }
    }

    @Test(arguments: goldenKeys)
    func goldenPhotos(_ key: String) throws {
        let file = try Self.goldenFile()
        let planner = try Self.planner(key)
        let builder = ModelTensorBuilder(planner: planner)
        var compared = 0
        for entry in file.images {
            guard let expected = entry.results[key] else {
                Issue.record("\(entry.path): no \(key) result")
                continue
            }
            let image = try Self.loadLikeTransformers(Self.repositoryRoot.appendingPathComponent(entry.path).path)
            let inputs = try builder.build([image])
            let label = "\(entry.path) \(key)"
            Self.compare(inputs, expected, label: label, exactSideTensorSet: true)
            Self.compareGeometry(inputs.plans[0], expected, model: planner.model, label: label)
            compared += 1
        }
        #expect(compared == 7)
    }

    // MARK: - Batches (several images in one call, as `vlmprep tensors` builds them)

    /// A deterministic RGB test pattern.
    static func pattern(width: Int, height: Int, seed: Int) -> PixelBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                bytes += [UInt8((x * 7 + seed) % 256), UInt8((y * 5 + seed * 3) % 256), UInt8((x * y + seed) % 256)]
            }
        }
        return PixelBuffer(width: width, height: height, bands: 3, bytes: bytes)
    }

    /// A batch is the images' single results stacked in order, as the processors do for a flat list
    /// of images; LLaVA-OneVision pads shorter patch lists with all-zero patches (`do_pad`) and
    /// reports `batch_num_images = [1, 1, …]`.
    @Test(arguments: VisionModel.allCases)
    func batchStacksSingleImageResults(_ model: VisionModel) throws {
        let images = [Self.pattern(width: 90, height: 60, seed: 1), Self.pattern(width: 40, height: 130, seed: 2)]
        let builder = ModelTensorBuilder(planner: try ModelPlanner(model: model))
        let batch = try builder.build(images)
        let singles = try images.map { try builder.build([$0]) }
        #expect(batch.plans == singles.flatMap(\.plans))
        let batchPixels = try #require(batch["pixel_values"]?.floats)
        let singlePixels = try singles.map { try #require($0["pixel_values"]?.floats) }
        switch model {
        case .llavaOneVision:
            let perPatch = 3 * 384 * 384
            let counts = singles.map { $0["pixel_values"]!.shape[1] }
            let most = counts.max()!
            #expect(batch["pixel_values"]?.shape == [2, most, 3, 384, 384])
            for (index, single) in singlePixels.enumerated() {
                let start = index * most * perPatch
                #expect(Array(batchPixels[start..<start + single.count]) == single, "image \(index)")
                let padding = batchPixels[(start + single.count)..<(start + most * perPatch)]
                #expect(padding.allSatisfy { $0 == 0 }, "image \(index) padding")
            }
            #expect(batch["batch_num_images"]?.integers == [1, 1])
        default:
            #expect(batchPixels == singlePixels.flatMap { $0 })
            let first = singles[0]["pixel_values"]!.shape, second = singles[1]["pixel_values"]!.shape
            #expect(batch["pixel_values"]?.shape == [first[0] + second[0]] + first.dropFirst())
        }
        for side in batch.tensors.dropFirst() where side.name != "batch_num_images" {
            #expect(side.integers == singles.flatMap { $0[side.name]?.integers ?? [] }, "\(side.name)")
        }
        #expect(batch.tokens == singles.reduce(0) { $0 + $1.tokens })
    }

    /// Streaming writes the bytes of building then encoding: the same header, the same
    /// `pixel_values` (pieces in tensor order), the same side tensors — for every model, Gemma 3
    /// with pan-and-scan, a multi-image batch (LLaVA-OneVision padding) and an empty one.
    @Test(arguments: [
        try ModelPlanner(model: .gemma3), try ModelPlanner(model: .gemma3, panAndScan: true),
        try ModelPlanner(model: .qwen25VL), try ModelPlanner(model: .qwen3VL),
        try ModelPlanner(model: .llavaOneVision), try ModelPlanner(model: .internVL),
    ])
    func streamedFileEqualsEncodedBuild(_ planner: ModelPlanner) throws {
        let builder = ModelTensorBuilder(planner: planner)
        for images in [[Self.pattern(width: 900, height: 300, seed: 1), Self.pattern(width: 40, height: 130, seed: 2)], []] {
            let built = try builder.build(images)
            let layout = try builder.layout(for: images.map(\.size))
            #expect(layout.plans == built.plans && layout.tokens == built.tokens)
            #expect(layout.pixelValuesShape == built["pixel_values"]?.shape)
            #expect(layout.sideTensors == Array(built.tensors.dropFirst()))
            var pieces: [[Float]] = []
            builder.streamPixelValues(images, layout: layout) { pieces.append($0) }
            #expect(pieces.flatMap { $0 } == built["pixel_values"]?.floats)
            // Pieces: one per Qwen row of merge blocks, one per model input otherwise.
            let expectedPieces = planner.smartResize != nil
                ? layout.plans.reduce(0) { $0 + $1.inputs[0].grid!.height / 2 }
                : layout.pixelValuesShape.count == 5 ? layout.pixelValuesShape[0] * layout.pixelValuesShape[1] : layout.pixelValuesShape[0]
            #expect(pieces.count == expectedPieces)
            // Each image alone, its pieces placed at its offset (the parallel writer's way), in
            // reverse order: the same tensor.
            let values = built["pixel_values"]?.floats ?? []
            #expect(layout.valueOffsets.count == images.count && layout.valueOffsets.first ?? 0 == 0)
            var placed = [Float](repeating: .nan, count: values.count)
            for index in images.indices.reversed() {
                var position = layout.valueOffsets[index]
                builder.streamPixelValues(of: images[index], at: index, layout: layout) { piece in
                    placed.replaceSubrange(position..<position + piece.count, with: piece)
                    position += piece.count
                }
                #expect(position == (index + 1 < images.count ? layout.valueOffsets[index + 1] : values.count), "image \(index)")
            }
            #expect(placed == values)
            let metadata = ["id": "x", "model": planner.model.rawValue]
            let file = try Fixtures.temporaryDirectory().appendingPathComponent("s.safetensors")
            #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
            let handle = try FileHandle(forWritingTo: file)
            try builder.writeSafetensors(images, layout: layout, metadata: metadata, to: handle)
            try handle.close()
            #expect(try Data(contentsOf: file) == SafetensorsWriter.encode(built.tensors, metadata: metadata), "\(images.count) images")
        }
    }

    @Test func emptyBatchThrowsNothingAndHasNoPixels() throws {
        for model in VisionModel.allCases {
            let inputs = try ModelTensorBuilder(planner: try ModelPlanner(model: model)).build([])
            #expect(inputs.plans.isEmpty, "\(model)")
            #expect(inputs["pixel_values"]?.floats?.isEmpty == true, "\(model)")
        }
    }

    // MARK: - Invalid parameters

    @Test func qwenAspectRatioAbove200Throws() throws {
        let builder = ModelTensorBuilder(planner: try ModelPlanner(model: .qwen25VL))
        #expect(throws: GeometryError("absolute aspect ratio must be smaller than 200, got 201.0")) {
            try builder.build([PixelBuffer(width: 201, height: 1, bands: 3, repeating: 0)])
        }
    }
}
