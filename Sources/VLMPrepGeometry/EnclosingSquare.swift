/// Plans square crops around an image's boxes (DESIGN §3.4).
///
/// For the union `U` of the boxes take its pixel rectangle `x1 = floor(min x1)`,
/// `y1 = floor(min y1)`, `x2 = ceil(max x2)`, `y2 = ceil(max y2)`, `w = x2 - x1`, `h = y2 - y1`.
/// The side is `s = max(w, h, ceil(minSide))`; the top-left corner is
/// `x = x1 - floor((s - w) / 2)`, `y = y1 - floor((s - h) / 2)` (the union is centred, an odd
/// leftover pixel goes right / down). Then per axis, with image extent `W`: if `s <= W`, `x` is
/// clamped into `[0, W - s]` (the square is shifted inside the image); otherwise into `[W - s, 0]`
/// (the square covers the whole axis and overhangs it; the executor fills the overhang with
/// ``fill``).
///
/// The square contains `U`, is exactly `s x s` with integer corners, and no smaller square with
/// integer corners contains `U`. Boxes are first clamped to the image (a box partly outside counts
/// with its inside part only), so `U` lies inside the image and the shift keeps it covered. An image
/// without usable boxes gets no square; a square equal to the whole image is still planned.
///
/// Modes: ``Mode/all`` plans one square covering all boxes (the paper's setting); ``Mode/each``
/// first merges the boxes with `MergeBoxes(gap: 0)` (a no-op on boxes already merged with any gap)
/// and plans one square per merged box, in the merge order `(y1, x1)`.
public struct EnclosingSquare: Hashable, Sendable {
    /// Valid values of ``minSide``, in pixels.
    public static let minSideRange: ClosedRange<Double> = 0.0...100_000.0

    /// How many squares an image gets.
    public enum Mode: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// One square covering all boxes of the image.
        case all
        /// One square per merged box.
        case each

        /// The option value, `all` or `each`.
        public var description: String { rawValue }

        /// Parses an option value.
        /// - Parameter value: `"all"` or `"each"`.
        /// - Throws: ``GeometryError``: `Expected one of: all, each for mode but received "x"`.
        public init(parsing value: String) throws(GeometryError) {
            guard let mode = Mode(rawValue: value) else {
                throw .invalidParameter(expected: InvalidParameter.oneOf(Mode.allCases), name: "mode", received: "\"\(value)\"")
            }
            self = mode
        }
    }

    /// One square or several.
    public let mode: Mode
    /// Smallest side of a square, in pixels (rounded up to a whole pixel).
    public let minSide: Double
    /// Colour of overhanging parts; carried to the executor, not used by the plan.
    public let fill: RGBColor

    /// Creates the operator.
    /// - Parameters:
    ///   - mode: ``Mode/all`` or ``Mode/each``; default `all`.
    ///   - minSide: smallest side in pixels, in ``minSideRange``; default 0.
    ///   - fill: colour of overhang when a square is larger than the image; default white.
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form when `minSide` is out of range or NaN.
    public init(mode: Mode = .all, minSide: Double = 0, fill: RGBColor = .white) throws(GeometryError) {
        try requireNumber(minSide, in: Self.minSideRange, name: "minSide")
        self.mode = mode
        self.minSide = minSide
        self.fill = fill
    }

    /// The planned squares and the boxes that could not be used.
    public struct Result: Hashable, Sendable {
        /// The squares, in source pixels; they may extend beyond the image only on an axis
        /// shorter than their side.
        public var squares: [PixelRect]
        /// Regions that were invalid or entirely outside the image, in input order.
        public var dropped: [DroppedRegion]
    }

    /// Plans the squares for one image.
    /// - Parameters:
    ///   - regions: the image's regions, boxes in upright source pixels.
    ///   - image: the upright image size.
    /// - Returns: no square when no region is usable; one (``Mode/all``) or one per merged box
    ///   (``Mode/each``) otherwise; plus the dropped regions.
    /// - Precondition: `image` is not empty (a programmer error).
    public func apply(to regions: [Region], in image: PixelSize) -> Result {
        precondition(!image.isEmpty, "EnclosingSquare on an empty image size \(image)")
        let (kept, dropped) = partitionRegions(regions) { $0.validity(in: image) }
        let boxes = kept.map { $0.region.box.clamped(to: image) }
        let groups: [Box]
        switch mode {
        case .all:
            groups = boxes.first.map { [boxes.dropFirst().reduce($0) { $0.union($1) }] } ?? []
        case .each:
            groups = MergeBoxes(validatedGap: 0).apply(to: boxes.map { Region(box: $0) }).merged.map(\.box)
        }
        return Result(squares: groups.map { square(enclosing: $0, in: image) }, dropped: dropped)
    }

    /// The smallest square with integer corners containing `box`, placed as described above.
    /// - Parameters:
    ///   - box: a finite, non-empty box inside `[0, W] x [0, H]` (clamp it first).
    ///   - image: the upright image size.
    /// - Returns: an `s x s` rectangle, `s = max(w, h, ceil(minSide))`.
    /// - Precondition: the box is finite and non-empty (programmer error).
    public func square(enclosing box: Box, in image: PixelSize) -> PixelRect {
        precondition(box.shapeProblem == nil, "EnclosingSquare of an unusable box \(box)")
        let union = box.pixelRect
        let side = max(union.width, union.height, Int(minSide.rounded(.up)))
        let x = placed(union.x - (side - union.width) / 2, side: side, extent: image.width)
        let y = placed(union.y - (side - union.height) / 2, side: side, extent: image.height)
        return PixelRect(x: x, y: y, width: side, height: side)
    }

    /// One axis: shift inside the image when the side fits, else overhang both ends.
    private func placed(_ start: Int, side: Int, extent: Int) -> Int {
        side <= extent ? min(max(start, 0), extent - side) : min(max(start, extent - side), 0)
    }
}
