/// Joins boxes that touch, overlap or lie within `gap` pixels of each other (DESIGN §3.3).
///
/// Two boxes are **connected** when the gap between them along x and the gap along y are both
/// `<= gap`; the gap along an axis is `max(0, max(a.x1, b.x1) - min(a.x2, b.x2))`, so touching or
/// overlapping boxes have gap 0. Each connected group becomes its union box, and grouping repeats
/// until no two output boxes are connected (a union can reach a box its members could not).
///
/// **Order independence.** Connection is monotone: a union is connected to everything its members
/// are connected to. So the groups at the fixpoint do not depend on the order of merges or of the
/// input, and any permutation of the input yields the same boxes in the same order (sorted by
/// `(y1, x1)`; two valid output boxes cannot share a top-left corner, because they would overlap).
/// Each output carries its ``MergedRegion/members`` (input indices, ascending) and the labels of
/// those members in that order — "labels in input order". Permuting the input permutes only the
/// indices and, for members of one group, the order of their labels; the members themselves are
/// the same regions.
///
/// Boxes with NaN or infinite corners or `x2 <= x1` / `y2 <= y1` are dropped and reported (merging
/// needs no image size, so boxes outside an image are not checked here).
public struct MergeBoxes: Hashable, Sendable {
    /// Valid values of ``gap``, in pixels.
    public static let gapRange: ClosedRange<Double> = 0.0...100_000.0

    /// Largest gap, in pixels, along x and along y between two boxes that are merged.
    public let gap: Double

    /// Creates the operator.
    /// - Parameter gap: the largest gap in pixels along both axes between merged boxes, in
    ///   ``gapRange``; default 0 (only touching or overlapping boxes merge).
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form when `gap` is out of range or NaN.
    public init(gap: Double = 0) throws(GeometryError) {
        try requireNumber(gap, in: Self.gapRange, name: "gap")
        self.init(validatedGap: gap)
    }

    /// For callers whose `gap` is known to be in ``gapRange``.
    init(validatedGap gap: Double) {
        self.gap = gap
    }

    /// The merged boxes and the boxes that could not be used.
    public struct Result: Hashable, Sendable {
        /// Union boxes sorted by `(y1, x1)`; no two are connected.
        public var merged: [MergedRegion]
        /// Boxes with non-finite corners or no area, in input order.
        public var dropped: [DroppedRegion]
    }

    /// Merges connected regions until no two outputs are connected.
    /// - Parameter regions: boxes in pixels of one upright image.
    /// - Returns: the merged regions sorted by `(y1, x1)` and the dropped ones.
    public func apply(to regions: [Region]) -> Result {
        let (kept, dropped) = partitionRegions(regions) { $0.shapeProblem }
        var groups = kept.map { (box: $0.region.box, members: [$0.index]) }
        var mergedAny = true
        while mergedAny {
            mergedAny = false
            var first = 0
            while first < groups.count {
                var other = first + 1
                while other < groups.count {
                    if areConnected(groups[first].box, groups[other].box) {
                        let absorbed = groups.remove(at: other)
                        groups[first].box = groups[first].box.union(absorbed.box)
                        groups[first].members += absorbed.members
                        mergedAny = true
                        other = first + 1  // the union may now reach boxes already passed
                    } else {
                        other += 1
                    }
                }
                first += 1
            }
        }
        let merged = groups.map { group -> MergedRegion in
            let members = group.members.sorted()
            return MergedRegion(box: group.box, labels: members.compactMap { regions[$0].label }, members: members)
        }
        return Result(merged: merged.sorted { ($0.box.y1, $0.box.x1) < ($1.box.y1, $1.box.x1) }, dropped: dropped)
    }

    /// True when the gaps between `a` and `b` along x and along y are both `<= gap`.
    /// - Precondition: both boxes are finite (programmer error: ``apply(to:)`` checks).
    public func areConnected(_ a: Box, _ b: Box) -> Bool {
        let gapX = max(a.x1, b.x1) - min(a.x2, b.x2)
        let gapY = max(a.y1, b.y1) - min(a.y2, b.y2)
        return gapX <= gap && gapY <= gap
    }
}

/// One output of ``MergeBoxes``: a union box and where it came from.
public struct MergedRegion: Hashable, Sendable, Codable {
    /// The union of the members' boxes, in source pixels.
    public var box: Box
    /// The members' labels in input order (members without a label contribute none).
    public var labels: [String]
    /// The members' 0-based indices in the input, ascending.
    public var members: [Int]

    /// Creates a merged region.
    /// - Parameters:
    ///   - box: the union box, in source pixels.
    ///   - labels: the members' labels in input order.
    ///   - members: the members' input indices, ascending.
    public init(box: Box, labels: [String], members: [Int]) {
        self.box = box
        self.labels = labels
        self.members = members
    }
}
