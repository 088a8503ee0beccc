import ArgumentParser
import Foundation
import VLMPrep

/// `vlmprep crop`: the seed recipe (regions → expand → merge → square → dedupe → resize → JPEG)
/// with its main knobs as flags.
struct CropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crop",
        abstract: "Square crops around each item's regions, deduplicated, resized for the model (the seed recipe).",
        discussion: "Writes OUT/inference/<item>/<nn>-<kind>.jpg and OUT/items.jsonl. Same as `run` with the steps load, regions, expand-boxes, merge-boxes, square-crop, dedupe and a files emitter."
    )

    @Option(name: .long, help: "Fraction each box side grows by (min 8 px).")
    var expand: Double = 0.1

    @Option(name: .long, help: "Boxes closer than this many pixels merge.")
    var gap: Double = 0

    @Option(name: .long, help: "all: one square per image; each: one per merged box.")
    var square: String = "all"

    @Option(name: .long, help: "Output side in pixels (Pillow-exact bicubic).")
    var size: Int = 896

    @Option(name: .customLong("max-distance"), help: "pHash distance at or below which frames are duplicates.")
    var maxDistance: Int = Dedupe.defaultMaxDistance

    @Option(name: .long, help: "Output format: jpeg, png or webp.")
    var format: String = "jpeg"

    @Option(name: .long, help: "JPEG/WebP quality.")
    var quality: Int = 90

    @Flag(name: .long, help: "Emit an image's square crop instead of its original (images without regions keep the original).")
    var replaceOriginals = false

    @Flag(name: .long, help: "Optimise JPEG Huffman tables per image (~3% smaller, slower encoding).")
    var optimize = false

    @Option(name: .long, help: "Resizer: pillow (bit-identical to Pillow's bicubic) or libvips (faster lanczos3, not Pillow-exact).")
    var resampler: String = "pillow"

    @OptionGroup var batch: BatchOptions

    /// The recipe these flags describe.
    func recipe() throws -> Recipe {
        let json: JSONValue = .object([
            "name": .string("crop"),
            "prepare": .array([
                .string("load"), .string("regions"),
                .object(["plugin": .string("expand-boxes"), "fraction": .number(expand)]),
                .object(["plugin": .string("merge-boxes"), "gap": .number(gap)]),
                .object(["plugin": .string("square-crop"), "mode": .string(square), "replace": .bool(replaceOriginals)]),
                .object(["plugin": .string("dedupe"), "maxDistance": .number(Double(maxDistance))]),
            ]),
            "emit": .object(["inference": .object([
                "plugin": .string("files"), "resize": .number(Double(size)),
                "format": .string(format), "quality": .number(Double(quality)), "optimize": .bool(optimize),
                "resampler": .string(resampler),
            ])]),
        ])
        return try Recipe(json: Data(json.description.utf8))
    }

    func validate() throws {
        // Flags are checked under their own names (the recipe's option names would confuse).
        let number = InvalidParameter.number(between:), integer = InvalidParameter.integer(between:)
        guard ExpandBoxes.fractionRange.contains(expand) else {
            throw ValidationError(InvalidParameter.message(expected: number(ExpandBoxes.fractionRange), name: "--expand", received: expand))
        }
        guard MergeBoxes.gapRange.contains(gap) else {
            throw ValidationError(InvalidParameter.message(expected: number(MergeBoxes.gapRange), name: "--gap", received: gap))
        }
        guard EnclosingSquare.Mode(rawValue: square) != nil else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.oneOf(EnclosingSquare.Mode.allCases), name: "--square", received: "\"\(square)\""))
        }
        guard FrameRendering.sideRange.contains(size) else {
            throw ValidationError(InvalidParameter.message(expected: integer(FrameRendering.sideRange), name: "--size", received: size))
        }
        guard Dedupe.maxDistanceRange.contains(maxDistance) else {
            throw ValidationError(InvalidParameter.message(expected: integer(Dedupe.maxDistanceRange), name: "--max-distance", received: maxDistance))
        }
        guard ImageFormat(rawValue: format) != nil else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.oneOf(ImageFormat.allCases.map(\.rawValue)), name: "--format", received: "\"\(format)\""))
        }
        guard EncodeOptions.qualityRange.contains(quality) else {
            throw ValidationError(InvalidParameter.message(expected: integer(EncodeOptions.qualityRange), name: "--quality", received: quality))
        }
        guard FrameRendering.Resampler(rawValue: resampler) != nil else {
            throw ValidationError(InvalidParameter.message(expected: InvalidParameter.oneOf(FrameRendering.Resampler.allCases.map(\.rawValue)), name: "--resampler", received: "\"\(resampler)\""))
        }
        do { _ = try recipe() } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        try await batch.run(recipe: try recipe(), roles: ["inference"])
    }
}
