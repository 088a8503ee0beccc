/// A box on one image with what a detector or annotator said about it (DESIGN §2 `regions`).
///
/// The input of ``ExpandBoxes``, ``MergeBoxes`` and ``EnclosingSquare``. The box is in pixels of the
/// upright source image and may be invalid (NaN, inverted, outside): operators drop such regions and
/// report them as ``DroppedRegion`` instead of trapping.
public struct Region: Hashable, Sendable, Codable {
    /// The box, in pixels of the upright source image.
    public var box: Box
    /// What is in the box (`"barcode"`), if known.
    public var label: String?
    /// The detector's confidence, if any (any finite value; not interpreted by geometry).
    public var score: Double?

    /// Creates a region.
    /// - Parameters:
    ///   - box: the box, in pixels of the upright source image.
    ///   - label: what is in the box; default none.
    ///   - score: the detector's confidence; default none.
    public init(box: Box, label: String? = nil, score: Double? = nil) {
        self.box = box
        self.label = label
        self.score = score
    }
}

/// A region an operator could not use, with the reason and its position in the operator's input
/// (DESIGN §3.2: reported under `droppedRegions`, never a crash).
public struct DroppedRegion: Hashable, Sendable, Codable {
    /// The region's index in the array the operator received (0-based).
    public var index: Int
    /// The region as received.
    public var region: Region
    /// Why it was dropped.
    public var problem: BoxProblem

    /// Creates a report of a dropped region.
    /// - Parameters:
    ///   - index: the region's 0-based index in the operator's input.
    ///   - region: the region as received.
    ///   - problem: why it was dropped.
    public init(index: Int, region: Region, problem: BoxProblem) {
        self.index = index
        self.region = region
        self.problem = problem
    }
}

/// Splits regions into the usable ones (with their input indices, in input order) and the dropped
/// ones, by `problem` (nil = usable). Shared by the operators so they report drops the same way.
func partitionRegions(
    _ regions: [Region], problem: (Box) -> BoxProblem?
) -> (kept: [(index: Int, region: Region)], dropped: [DroppedRegion]) {
    var kept: [(index: Int, region: Region)] = []
    var dropped: [DroppedRegion] = []
    for (index, region) in regions.enumerated() {
        if let reason = problem(region.box) {
            dropped.append(DroppedRegion(index: index, region: region, problem: reason))
        } else {
            kept.append((index, region))
        }
    }
    return (kept, dropped)
}
