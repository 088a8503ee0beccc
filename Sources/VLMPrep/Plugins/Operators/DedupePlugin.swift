import VLMPrepGeometry
import VLMPrepVips

/// `dedupe` (DESIGN §3.5): hashes every frame (ImageHash-compatible pHash of the frame's
/// pixels) and removes near-duplicates: a frame is dropped when its distance to an earlier kept
/// frame is `<= maxDistance`. Frames are visited in order (originals in gallery order, then
/// derived frames in the order produced). Dropped frames are listed in the output with
/// `duplicateOf` and `distance`.
/// Options: `maxDistance` (0...64, default ``Dedupe/defaultMaxDistance``), `keep` (`first` | `largest`).
public struct DedupePlugin: Plugin {
    public static let name = "dedupe"
    /// The dedupe operator.
    public let operation: Dedupe

    public init(options: PluginOptions) throws {
        var reader = options
        let maxDistance = try reader.int("maxDistance", default: Dedupe.defaultMaxDistance, in: Dedupe.maxDistanceRange)
        let keep = try reader.choice("keep", default: Dedupe.Keep.first)
        try reader.finish()
        do { operation = try Dedupe(maxDistance: maxDistance, keep: keep) } catch { throw reader.wrap(error) }
    }

    /// A dedupe step with a given operator.
    public init(operation: Dedupe) { self.operation = operation }

    public func run(_ item: inout PreparedItem, context: PluginContext) throws {
        for index in item.frames.indices where item.frames[index].perceptualHash == nil {
            item.frames[index].perceptualHash = PerceptualHash(pixels: try item.frames[index].image.pixelBuffer())
        }
        let entries = item.frames.enumerated().map { index, frame in
            // keep: largest counts source pixels: the padding of an overhanging crop is not the source's.
            let pixels = item.sources.indices.contains(frame.source) ? frame.sourcePixelArea(inside: item.sources[frame.source].size)
                                                                      : frame.sourcePixelArea
            return Dedupe.Entry(index: index, hash: frame.perceptualHash!, sourcePixels: pixels)
        }
        let decisions = operation.apply(to: entries)
        // Positions of kept frames in the new list, so duplicateOf points into it.
        var newIndex: [Int: Int] = [:]
        var keptFor: [Int: Int] = [:]   // old position → old position of the kept frame it stands for
        var kept: [Frame] = []
        for decision in decisions {
            keptFor[decision.index] = decision.duplicateOf ?? decision.index
            if decision.isKept {
                newIndex[decision.index] = kept.count
                kept.append(item.frames[decision.index])
            }
        }
        // Duplicates found by an earlier dedupe step point into the old list: follow them to the
        // kept frame that now stands for their target.
        for index in item.duplicates.indices {
            guard let target = keptFor[item.duplicates[index].duplicateOf], let position = newIndex[target] else { continue }
            item.duplicates[index].duplicateOf = position
            if let hash = item.duplicates[index].frame.perceptualHash, let keptHash = item.frames[target].perceptualHash {
                item.duplicates[index].distance = hash.distance(to: keptHash)
            }
        }
        for decision in decisions {
            guard let original = decision.duplicateOf, let distance = decision.distance, let target = newIndex[original] else { continue }
            item.duplicates.append(DroppedFrame(frame: item.frames[decision.index], duplicateOf: target, distance: distance))
        }
        item.frames = kept
    }
}
