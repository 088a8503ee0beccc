import Testing
import TestSupport
import VLMPrepGeometry
#if canImport(VLMPrepHashing)
@testable import VLMPrepHashing
#else
@testable import VLMPrep
#endif

@Suite struct NearDuplicateGroupsTests {
    /// The definition, computed the slow way: breadth-first search over all pairs; each position
    /// labelled with the smallest position of its component.
    static func bruteForce(_ hashes: [PerceptualHash], maxDistance: Int) -> [Int] {
        var label = [Int](repeating: -1, count: hashes.count)
        for start in hashes.indices where label[start] < 0 {
            label[start] = start
            var queue = [start]
            while let current = queue.popLast() {
                for other in hashes.indices where label[other] < 0 && hashes[current].distance(to: hashes[other]) <= maxDistance {
                    label[other] = start
                    queue.append(other)
                }
            }
        }
        return label
    }

    static func indexed(_ hashes: [PerceptualHash], _ maxDistance: Int) -> [Int] {
        NearDuplicateGroups.components(of: hashes.map(\.bits), maxDistance: maxDistance, strategy: .index)
    }

    @Test(arguments: 0...10)
    func equalsBruteForce(_ maxDistance: Int) throws {
        for seed: UInt64 in 1...3 {
            // Tight and loose clusters, many exact copies, and chains across clusters at larger d.
            let hashes = clusteredHashes(count: 700, clusters: 90, maxFlips: 1 + Int(seed) * 2, seed: seed * 31 + UInt64(maxDistance))
            let expected = Self.bruteForce(hashes, maxDistance: maxDistance)
            #expect(Self.indexed(hashes, maxDistance) == expected, "index, seed \(seed)")
            #expect(try NearDuplicateGroups(hashes: hashes, maxDistance: maxDistance).representatives == expected, "seed \(seed)")
            let pairwise = NearDuplicateGroups.components(of: hashes.map(\.bits), maxDistance: maxDistance, strategy: .pairwise)
            #expect(pairwise == expected, "pairwise, seed \(seed)")
        }
    }

    /// Exhaustive over how a pair's differing bits spread across the four 16-bit substrings: for
    /// every split (k0, k1, k2, k3) of d bits, a pair at distance exactly d is linked by the index,
    /// and the same pairs are not linked at d − 1. All pairs go into one call (far-apart seeds).
    @Test(arguments: 0...12)
    func everySplitOfDifferingBitsIsFound(_ maxDistance: Int) throws {
        var generator = SeededGenerator(seed: UInt64(maxDistance) + 7)
        var hashes: [PerceptualHash] = []
        for k0 in 0...maxDistance { for k1 in 0...(maxDistance - k0) { for k2 in 0...(maxDistance - k0 - k1) {
            let split = [k0, k1, k2, maxDistance - k0 - k1 - k2]
            let a = PerceptualHash(bits: generator.next())
            let positions = split.enumerated().flatMap { substring, count in (0..<count).map { substring * 16 + $0 } }
            hashes += [a, flipping(a, positions)]
        } } }
        let linked = Self.indexed(hashes, maxDistance)
        for pair in stride(from: 0, to: hashes.count, by: 2) {
            #expect(hashes[pair].distance(to: hashes[pair + 1]) == maxDistance)
            #expect(linked[pair + 1] == linked[pair], "pair \(pair / 2)")
        }
        #expect(linked == Self.bruteForce(hashes, maxDistance: maxDistance))
        if maxDistance > 0 {
            #expect(Self.indexed(hashes, maxDistance - 1) == Self.bruteForce(hashes, maxDistance: maxDistance - 1))
        }
    }

    /// Large radii (every substring radius above 1, and the capped all-keys case) stay exact.
    @Test(arguments: [12, 17, 24, 40])
    func equalsBruteForceAtLargeDistances(_ maxDistance: Int) throws {
        let hashes = clusteredHashes(count: 120, clusters: 12, maxFlips: maxDistance / 2, seed: UInt64(maxDistance))
        let expected = Self.bruteForce(hashes, maxDistance: maxDistance)
        #expect(Self.indexed(hashes, maxDistance) == expected)
        #expect(try NearDuplicateGroups(hashes: hashes, maxDistance: maxDistance).representatives == expected)
    }

    @Test func masksAreEveryValueWithinTheRadius() {
        for radius in -1...16 {
            let masks = radius < 0 ? [] : NearDuplicateGroups.masks(radius: radius)
            let expected = (0...Int(UInt16.max)).filter { $0.nonzeroBitCount <= radius }
            #expect(Set(masks.map(Int.init)) == Set(expected) && masks.count == expected.count, "radius \(radius)")
            #expect(NearDuplicateGroups.maskCount(radius: radius) == expected.count)
        }
    }

    /// The generalised pigeonhole budget: radii + 1 add up to maxDistance + 1 (or a substring
    /// covers all 65,536 keys).
    @Test func radiiCoverEveryLinkedPair() {
        for maxDistance in NearDuplicateGroups.maxDistanceRange {
            let radii = NearDuplicateGroups.radii(maxDistance: maxDistance)
            #expect(radii.count == 4 && radii.allSatisfy { (-1...16).contains($0) })
            #expect(radii.reduce(0) { $0 + $1 + 1 } == maxDistance + 1 || radii.contains(16), "d = \(maxDistance)")
        }
        #expect(NearDuplicateGroups.radii(maxDistance: 8) == [2, 1, 1, 1])
        #expect(NearDuplicateGroups.radii(maxDistance: 0) == [0, -1, -1, -1])
    }

    @Test func chainsFormOneGroup() throws {
        let a = PerceptualHash(bits: 0)
        let b = flipping(a, [0, 1, 2])
        let c = flipping(b, [20, 21, 22])          // 6 from a, 3 from b
        let far = PerceptualHash(bits: .max)
        let groups = try NearDuplicateGroups(hashes: [far, c, a, far, b], maxDistance: 3)
        #expect(groups.representatives == [0, 1, 1, 0, 1])
        #expect(groups.groups == [[0, 3], [1, 2, 4]])
        #expect(try NearDuplicateGroups(hashes: [far, c, a, far, b], maxDistance: 2).groups == [[0, 3]])
    }

    @Test func emptyAndSingle() throws {
        #expect(try NearDuplicateGroups(hashes: [], maxDistance: 8).representatives == [])
        #expect(try NearDuplicateGroups(hashes: [], maxDistance: 8).groups == [])
        let one = try NearDuplicateGroups(hashes: [PerceptualHash(bits: 5)], maxDistance: 64)
        #expect(one.representatives == [0] && one.groups == [])
    }

    // MARK: Invalid parameters

    @Test func rejectsBadMaxDistance() {
        #expect(throws: GeometryError("Expected an integer in 0...64 for maxDistance but received -1")) {
            try NearDuplicateGroups(hashes: [], maxDistance: -1)
        }
        #expect(throws: GeometryError("Expected an integer in 0...64 for maxDistance but received 65")) {
            try NearDuplicateGroups(hashes: [PerceptualHash(bits: 0)], maxDistance: 65)
        }
    }
}
