import Testing
import TestSupport
import VLMPrepGeometry
#if canImport(VLMPrepHashing)
@testable import VLMPrepHashing
#else
@testable import VLMPrep
#endif

@Suite struct DedupeTests {
    static let a = PerceptualHash(bits: 0)
    static let b = flipping(a, [0, 1, 2])            // 3 from a
    static let c = PerceptualHash(bits: .max)         // far from everything
    static let d = flipping(b, [10, 11, 12])         // 6 from a, 3 from b

    func entries(_ hashes: [PerceptualHash], areas: [Int]? = nil) -> [Dedupe.Entry] {
        hashes.enumerated().map { Dedupe.Entry(index: $0.offset * 10, hash: $0.element, sourcePixels: areas?[$0.offset] ?? 100) }
    }

    @Test func dropsAgainstEarlierKeptEntriesOnly() throws {
        let decisions = try Dedupe(maxDistance: 4).apply(to: entries([Self.a, Self.b, Self.c, Self.d]))
        #expect(decisions == [
            Dedupe.Decision(index: 0, duplicateOf: nil, distance: nil),
            Dedupe.Decision(index: 10, duplicateOf: 0, distance: 3),
            Dedupe.Decision(index: 20, duplicateOf: nil, distance: nil),
            // 3 from b, but b was dropped: compared with kept a (6) and c (58) only → kept.
            Dedupe.Decision(index: 30, duplicateOf: nil, distance: nil),
        ])
    }

    @Test func firstMatchingLeaderWins() throws {
        let near = flipping(Self.a, [40, 41])                 // leader 2: 2 from a
        let between = flipping(Self.a, [40])                  // 1 from a, 1 from near
        let decisions = try Dedupe(maxDistance: 1).apply(to: entries([Self.a, flipping(near, [50]), between]))
        // near+1 is 3 from a → second leader; `between` is 1 from a (first leader) and 2 from the second.
        #expect(decisions.map(\.duplicateOf) == [nil, nil, 0])
        #expect(decisions.map(\.distance) == [nil, nil, 1])
    }

    @Test func keepLargestKeepsTheBiggestMemberOfEachGroup() throws {
        let dedupe = try Dedupe(maxDistance: 4, keep: .largest)
        let decisions = dedupe.apply(to: entries([Self.a, Self.b, Self.c, Self.d], areas: [100, 400, 50, 900]))
        // Groups are the same as for `.first`: {a, b}, {c}, {d}. In {a, b} b is larger.
        #expect(decisions == [
            Dedupe.Decision(index: 0, duplicateOf: 10, distance: 3),
            Dedupe.Decision(index: 10, duplicateOf: nil, distance: nil),
            Dedupe.Decision(index: 20, duplicateOf: nil, distance: nil),
            Dedupe.Decision(index: 30, duplicateOf: nil, distance: nil),
        ])
    }

    @Test func keepLargestTiesGoToTheEarliest() throws {
        let decisions = try Dedupe(maxDistance: 4, keep: .largest)
            .apply(to: entries([Self.a, Self.b, flipping(Self.a, [7])], areas: [10, 30, 30]))
        #expect(decisions.map(\.duplicateOf) == [10, nil, 10])
        #expect(decisions.map(\.distance) == [3, nil, 4])
    }

    /// Members are judged against the leader, so the kept largest member may be farther than
    /// maxDistance from another member (documented; here 6 > 4).
    @Test func keepLargestDistanceMayExceedMaxDistance() throws {
        let other = flipping(Self.a, [20, 21, 22])
        let decisions = try Dedupe(maxDistance: 4, keep: .largest)
            .apply(to: entries([Self.a, Self.b, other], areas: [1, 2, 3]))
        #expect(decisions.map(\.duplicateOf) == [20, 20, nil])
        #expect(decisions.map(\.distance) == [3, 6, nil])
    }

    @Test func extremeDistances() throws {
        let hashes = [Self.a, Self.a, Self.b, Self.c]
        #expect(try Dedupe(maxDistance: 0).apply(to: entries(hashes)).map(\.duplicateOf) == [nil, 0, nil, nil])
        #expect(try Dedupe(maxDistance: 64).apply(to: entries(hashes)).map(\.duplicateOf) == [nil, 0, 0, 0])
        #expect(try Dedupe().apply(to: []) == [])
        #expect(try Dedupe().maxDistance == Dedupe.defaultMaxDistance && Dedupe.defaultMaxDistance == 8)
        #expect(try Dedupe().keep == .first)
    }

    /// Independent characterisation of `.first` on seeded clustered sets: every kept entry is more
    /// than maxDistance from all earlier kept ones; every dropped one names the first earlier kept
    /// entry within maxDistance. `.largest` forms the same groups with one kept member each, the
    /// largest (earliest on ties).
    @Test(arguments: [0, 1, 3, 4, 6, 10])
    func sweep(_ maxDistance: Int) throws {
        for seed: UInt64 in 1...8 {
            let hashes = clusteredHashes(count: 120, clusters: 15, maxFlips: 5, seed: seed)
            var generator = SeededGenerator(seed: seed + 100)
            let list = hashes.enumerated().map {
                Dedupe.Entry(index: $0.offset, hash: $0.element, sourcePixels: Int(generator.next() % 5))
            }
            let first = try Dedupe(maxDistance: maxDistance).apply(to: list)
            var kept: [Int] = []
            for (position, decision) in first.enumerated() {
                let match = kept.first { list[$0].hash.distance(to: list[position].hash) <= maxDistance }
                #expect(decision.duplicateOf == match, "seed \(seed) entry \(position)")
                if let match { #expect(decision.distance == list[match].hash.distance(to: list[position].hash)) } else { kept.append(position) }
            }
            let largest = try Dedupe(maxDistance: maxDistance, keep: .largest).apply(to: list)
            var groups: [Int: [Int]] = [:]   // leader → members
            for (position, decision) in first.enumerated() { groups[decision.duplicateOf ?? position, default: []].append(position) }
            for members in groups.values {
                let winner = members.max { list[$0].sourcePixels < list[$1].sourcePixels || (list[$0].sourcePixels == list[$1].sourcePixels && $0 > $1) }!
                for member in members {
                    #expect(largest[member].duplicateOf == (member == winner ? nil : winner), "seed \(seed) entry \(member)")
                }
            }
        }
    }

    // MARK: Invalid parameters

    @Test func rejectsBadOptions() {
        #expect(throws: GeometryError("Expected an integer in 0...64 for maxDistance but received 65")) {
            try Dedupe(maxDistance: 65)
        }
        #expect(throws: GeometryError("Expected an integer in 0...64 for maxDistance but received -1")) {
            try Dedupe(maxDistance: -1, keep: .largest)
        }
        #expect(throws: GeometryError("Expected one of: first, largest for keep but received \"last\"")) {
            try Dedupe.Keep(parsing: "last")
        }
        #expect(throws: GeometryError("Expected one of: first, largest for --keep but received \"First\"")) {
            try Dedupe.Keep(parsing: "First", parameterName: "--keep")
        }
        #expect(throws: Never.self) { try Dedupe.Keep(parsing: "largest") }
    }
}
