/// Grows boxes by a margin so a crop keeps some context around each object (DESIGN §3.2).
///
/// For a box of width `w` and height `h`, the left and right sides each move out by
/// `max(fraction * w, minPixels)` and the top and bottom by `max(fraction * h, minPixels)`. Then a
/// box narrower (or shorter) than `minSide` grows symmetrically about its centre to exactly
/// `minSide` on that axis. Finally the box is clamped to `[0, W] x [0, H]` (clamped, not shifted, so
/// a box at an edge grows only inward). All arithmetic is in doubles; nothing is rounded.
///
/// Invalid boxes (NaN or infinite corners, `x2 <= x1` or `y2 <= y1`) and boxes lying entirely
/// outside the image are not expanded: ``apply(to:in:)`` reports them as ``DroppedRegion`` with
/// their input index.
///
/// ```swift
/// let expand = try ExpandBoxes(fraction: 0.1, minPixels: 8)
/// expand.expanded(Box(x1: 100, y1: 100, x2: 300, y2: 150), in: PixelSize(width: 1000, height: 1000))
/// // [80, 92, 320, 158]: x moves by max(20, 8) = 20, y by max(5, 8) = 8
/// ```
public struct ExpandBoxes: Hashable, Sendable {
    /// Valid values of ``fraction``.
    public static let fractionRange: ClosedRange<Double> = 0.0...10.0
    /// Valid values of ``minPixels``, in pixels.
    public static let minPixelsRange: ClosedRange<Double> = 0.0...100_000.0
    /// Valid values of ``minSide``, in pixels.
    public static let minSideRange: ClosedRange<Double> = 0.0...100_000.0

    /// Margin per side as a fraction of the box's extent on that axis.
    public let fraction: Double
    /// Smallest margin per side, in pixels.
    public let minPixels: Double
    /// Smallest width and height of an expanded box before clamping, in pixels.
    public let minSide: Double

    /// Creates the operator from its options.
    /// - Parameters:
    ///   - fraction: margin per side as a fraction of the box's extent on that axis, in
    ///     ``fractionRange``; default 0.10.
    ///   - minPixels: smallest margin per side, in pixels, in ``minPixelsRange``; default 8.
    ///   - minSide: smallest side, in pixels, in ``minSideRange``; default 0 (no minimum).
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form naming the first bad option.
    public init(fraction: Double = 0.10, minPixels: Double = 8, minSide: Double = 0) throws(GeometryError) {
        try requireNumber(fraction, in: Self.fractionRange, name: "fraction")
        try requireNumber(minPixels, in: Self.minPixelsRange, name: "minPixels")
        try requireNumber(minSide, in: Self.minSideRange, name: "minSide")
        self.fraction = fraction
        self.minPixels = minPixels
        self.minSide = minSide
    }

    /// The regions that could be expanded, and those that could not.
    public struct Result: Hashable, Sendable {
        /// Expanded regions in input order; labels and scores unchanged.
        public var regions: [Region]
        /// For each of ``regions``, its 0-based index in the input.
        public var indices: [Int]
        /// Regions that were invalid or entirely outside the image, in input order.
        public var dropped: [DroppedRegion]
    }

    /// Expands every usable region of one image and reports the others.
    /// - Parameters:
    ///   - regions: the image's regions, boxes in upright source pixels.
    ///   - image: the upright image size.
    /// - Returns: the expanded regions (clamped to the image) with their input indices, and the
    ///   dropped ones with a ``BoxProblem``.
    /// - Precondition: `image` is not empty (a programmer error: decoded images have pixels).
    public func apply(to regions: [Region], in image: PixelSize) -> Result {
        precondition(!image.isEmpty, "ExpandBoxes on an empty image size \(image)")
        let (kept, dropped) = partitionRegions(regions) { $0.validity(in: image) }
        return Result(
            regions: kept.map { Region(box: expanded($0.region.box, in: image), label: $0.region.label, score: $0.region.score) },
            indices: kept.map(\.index),
            dropped: dropped)
    }

    /// One valid box, expanded and clamped to the image.
    /// - Parameters:
    ///   - box: a box that overlaps the image (``Box/validity(in:)`` is nil).
    ///   - image: the upright image size.
    /// - Returns: the expanded box; it is non-empty and lies inside `[0, W] x [0, H]`.
    /// - Precondition: `box.validity(in: image) == nil` (use ``apply(to:in:)`` for untrusted boxes).
    public func expanded(_ box: Box, in image: PixelSize) -> Box {
        precondition(box.validity(in: image) == nil, "ExpandBoxes.expanded on an unusable box \(box)")
        let (x1, x2) = expandedAxis(box.x1, box.x2)
        let (y1, y2) = expandedAxis(box.y1, box.y2)
        return Box(x1: x1, y1: y1, x2: x2, y2: y2).clamped(to: image)
    }

    /// One axis: margin on both ends, then growth about the centre up to `minSide`.
    private func expandedAxis(_ low: Double, _ high: Double) -> (Double, Double) {
        let margin = max(fraction * (high - low), minPixels)
        var (newLow, newHigh) = (low - margin, high + margin)
        if newHigh - newLow < minSide {
            let centre = (newLow + newHigh) / 2
            (newLow, newHigh) = (centre - minSide / 2, centre + minSide / 2)
        }
        return (newLow, newHigh)
    }
}
