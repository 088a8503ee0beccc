import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct MergeBoxesTests {
    // MARK: Hand-computed examples

    @Test func touchingBoxesMergeAndDistantOnesDoNot() throws {
        let regions = [
            Region(box: Box(x1: 0, y1: 0, x2: 10, y2: 10), label: "a"),
            Region(box: Box(x1: 10, y1: 5, x2: 20, y2: 15), label: "b"),  // touches a at x = 10
            Region(box: Box(x1: 30, y1: 0, x2: 40, y2: 10), label: "c"),  // 10 px right of b
        ]
        let merged = try MergeBoxes().apply(to: regions).merged
        #expect(merged == [
            MergedRegion(box: Box(x1: 0, y1: 0, x2: 20, y2: 15), labels: ["a", "b"], members: [0, 1]),
            MergedRegion(box: Box(x1: 30, y1: 0, x2: 40, y2: 10), labels: ["c"], members: [2]),
        ])
        // With gap 10 all three join.
        #expect(try MergeBoxes(gap: 10).apply(to: regions).merged.map(\.members) == [[0, 1, 2]])
        // With gap 9.99 c stays apart.
        #expect(try MergeBoxes(gap: 9.99).apply(to: regions).merged.count == 2)
    }

    @Test func bothAxesMustBeWithinTheGap() throws {
        // Diagonal neighbours: 5 px apart along x and 5 along y.
        let regions = [Region(box: Box(x1: 0, y1: 0, x2: 10, y2: 10)), Region(box: Box(x1: 15, y1: 15, x2: 20, y2: 20))]
        #expect(try MergeBoxes(gap: 4).apply(to: regions).merged.count == 2)
        #expect(try MergeBoxes(gap: 5).apply(to: regions).merged.count == 1)
        // Overlapping in x but 50 px apart in y: not connected with gap 10.
        let apart = [Region(box: Box(x1: 0, y1: 0, x2: 10, y2: 10)), Region(box: Box(x1: 5, y1: 60, x2: 15, y2: 70))]
        #expect(try MergeBoxes(gap: 10).apply(to: apart).merged.count == 2)
    }

    @Test func aUnionCanReachABoxItsMembersCouldNot() throws {
        // a and b touch at the corner (10, 10); their union is 0...20 x 0...20. c sits in the union's
        // empty top-right quarter: 5 px right of a and 5 px above b, so only the union reaches it.
        let regions = [
            Region(box: Box(x1: 0, y1: 0, x2: 10, y2: 10), label: "a"),
            Region(box: Box(x1: 10, y1: 10, x2: 20, y2: 20), label: "b"),
            Region(box: Box(x1: 15, y1: 2, x2: 18, y2: 5), label: "c"),
        ]
        let merge = try MergeBoxes()
        #expect(!merge.areConnected(regions[0].box, regions[2].box) && !merge.areConnected(regions[1].box, regions[2].box))
        #expect(merge.apply(to: regions).merged == [MergedRegion(box: Box(x1: 0, y1: 0, x2: 20, y2: 20), labels: ["a", "b", "c"], members: [0, 1, 2])])
        // c listed first: the same result.
        #expect(merge.apply(to: [regions[2], regions[0], regions[1]]).merged.map(\.box) == [Box(x1: 0, y1: 0, x2: 20, y2: 20)])
        // A chain processed in the "wrong" order: the last box links the first two.
        let chain = [
            Region(box: Box(x1: 0, y1: 0, x2: 10, y2: 10)), Region(box: Box(x1: 20, y1: 0, x2: 30, y2: 10)),
            Region(box: Box(x1: 9, y1: 0, x2: 21, y2: 2)),
        ]
        #expect(try MergeBoxes().apply(to: chain).merged.map(\.members) == [[0, 1, 2]])
    }

    @Test func outputIsSortedByTopThenLeftAndLabelsFollowInputOrder() throws {
        let regions = [
            Region(box: Box(x1: 50, y1: 50, x2: 60, y2: 60), label: "low"),
            Region(box: Box(x1: 80, y1: 0, x2: 90, y2: 10), label: "right"),
            Region(box: Box(x1: 0, y1: 0, x2: 10, y2: 10), label: nil),
            Region(box: Box(x1: 55, y1: 55, x2: 70, y2: 70), label: "low 2"),
        ]
        let merged = try MergeBoxes().apply(to: regions).merged
        #expect(merged.map(\.box.x1) == [0, 80, 50])
        #expect(merged.map(\.labels) == [[], ["right"], ["low", "low 2"]])
        #expect(merged.map(\.members) == [[2], [1], [0, 3]])
    }

    @Test func unusableBoxesAreDroppedWithTheirIndex() throws {
        let regions = [
            Region(box: Box(x1: 0, y1: 0, x2: 10, y2: 10)),
            Region(box: Box(x1: 0, y1: .infinity, x2: 10, y2: 10)),
            Region(box: Box(x1: 5, y1: 5, x2: 5, y2: 10)),
            Region(box: Box(x1: -20, y1: -20, x2: -10, y2: -10)),  // outside any image: not checked here
        ]
        let result = try MergeBoxes().apply(to: regions)
        #expect(result.dropped.map(\.index) == [1, 2])
        #expect(result.dropped.map(\.problem) == [.notFinite, .empty])
        #expect(result.merged.map(\.members) == [[3], [0]])
    }

    // MARK: Properties

    /// At the fixpoint: no two outputs are connected; every input lies in exactly one output and is
    /// listed as its member; each output is exactly the union of its members.
    @Test func sweepMergedBoxesAreAFixpointPartition() throws {
        var random = SeededGenerator(seed: 19)
        for _ in 0..<3_000 {
            let image = random.imageSize(sides: 20...300)
            let regions = random.regions(Int.random(in: 0...14, using: &random), in: image)
            let merge = try MergeBoxes(gap: Double(Int.random(in: 0...12, using: &random)) / 2)
            let merged = merge.apply(to: regions).merged
            let label = "gap \(merge.gap): \(regions.map(\.box)) -> \(merged.map(\.box))"
            for (index, output) in merged.enumerated() {
                for other in merged[(index + 1)...] {
                    #expect(!merge.areConnected(output.box, other.box), "\(label)")
                }
                let union = output.members.dropFirst().reduce(regions[output.members[0]].box) { $0.union(regions[$1].box) }
                #expect(union == output.box, "\(label)")
                #expect(output.labels == output.members.compactMap { regions[$0].label }, "\(label)")
                #expect(output.members == output.members.sorted(), "\(label)")
            }
            #expect(merged.flatMap(\.members).sorted() == Array(regions.indices), "\(label)")
            for (index, region) in regions.enumerated() {
                #expect(merged.filter { $0.box.contains(region.box) && $0.members.contains(index) }.count == 1, "\(label)")
                #expect(merged.filter { $0.box.contains(region.box) }.count == 1, "\(label): inside several outputs")
            }
            #expect(zip(merged, merged.dropFirst()).allSatisfy { ($0.box.y1, $0.box.x1) < ($1.box.y1, $1.box.x1) }, "\(label): not sorted")
        }
    }

    /// Any permutation of the input gives the same boxes in the same order, with the same member
    /// regions (indices translated through the permutation) and labels in the new input order.
    @Test func sweepMergingIsOrderIndependent() throws {
        var random = SeededGenerator(seed: 23)
        for _ in 0..<3_000 {
            let image = random.imageSize(sides: 20...300)
            let regions = random.regions(Int.random(in: 0...12, using: &random), in: image)
            let merge = try MergeBoxes(gap: Double(Int.random(in: 0...8, using: &random)))
            let reference = merge.apply(to: regions).merged
            let order = Array(regions.indices).shuffled(using: &random)  // new position -> old index
            let permuted = merge.apply(to: order.map { regions[$0] }).merged
            let label = "gap \(merge.gap) order \(order): \(regions.map(\.box))"
            #expect(permuted.map(\.box) == reference.map(\.box), "\(label)")
            #expect(permuted.map { Set($0.members.map { order[$0] }) } == reference.map { Set($0.members) }, "\(label)")
            #expect(permuted.map(\.labels) == permuted.map { $0.members.compactMap { regions[order[$0]].label } }, "\(label)")
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected a number in 0.0...100000.0 for gap but received -1.0")) {
            try MergeBoxes(gap: -1)
        }
        #expect(throws: GeometryError("Expected a number in 0.0...100000.0 for gap but received nan")) {
            try MergeBoxes(gap: .nan)
        }
    }
}
