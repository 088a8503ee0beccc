import TestSupport
#if canImport(VLMPrepHashing)
import VLMPrepHashing
#else
import VLMPrep
#endif

/// Seeded clustered hash sets: `clusters` random centres, each with members at up to `maxFlips`
/// flipped bits (exact copies included), shuffled.
func clusteredHashes(count: Int, clusters: Int, maxFlips: Int, seed: UInt64) -> [PerceptualHash] {
    var generator = SeededGenerator(seed: seed)
    let centres = (0..<clusters).map { _ in generator.next() }
    return (0..<count).map { _ in
        var bits = centres[Int(generator.next() % UInt64(clusters))]
        for _ in 0..<Int(generator.next() % UInt64(maxFlips + 1)) {
            bits ^= 1 << (generator.next() % 64)
        }
        return PerceptualHash(bits: bits)
    }
}

/// `hash` with the given bit positions (0 = least significant) flipped.
func flipping(_ hash: PerceptualHash, _ positions: [Int]) -> PerceptualHash {
    PerceptualHash(bits: positions.reduce(hash.bits) { $0 ^ (1 << UInt64($1)) })
}
