/// A box `[x1, y1, x2, y2]` in pixels of the upright source image: half-open, floats allowed
/// (DESIGN §2). This is also the form of Qwen2.5-VL's `bbox_2d`.
///
/// A box may hold invalid values (NaN, infinite, inverted); ``validity(in:)`` reports why, so a
/// detector's bad output becomes a reported drop, never a crash.
public struct Box: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Left edge, in pixels.
    public var x1: Double
    /// Top edge, in pixels.
    public var y1: Double
    /// Right edge (exclusive), in pixels.
    public var x2: Double
    /// Bottom edge (exclusive), in pixels.
    public var y2: Double

    /// Creates a box from its corners, in pixels.
    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
    }

    /// Creates a box from `[x1, y1, x2, y2]`; returns nil unless the array has exactly 4 values.
    public init?(_ corners: [Double]) {
        guard corners.count == 4 else { return nil }
        self.init(x1: corners[0], y1: corners[1], x2: corners[2], y2: corners[3])
    }

    /// The box covering a pixel rectangle exactly.
    public init(_ rect: PixelRect) {
        self.init(x1: Double(rect.x), y1: Double(rect.y), x2: Double(rect.maxX), y2: Double(rect.maxY))
    }

    /// `x2 - x1`, in pixels.
    public var width: Double { x2 - x1 }
    /// `y2 - y1`, in pixels.
    public var height: Double { y2 - y1 }
    /// `[x1, y1, x2, y2]`.
    public var array: [Double] { [x1, y1, x2, y2] }

    /// The pixel rectangle covering the box (DESIGN §2):
    /// `floor(x1), floor(y1), ceil(x2) - floor(x1), ceil(y2) - floor(y1)`.
    /// - Precondition: the box is finite (check ``validity(in:)`` first).
    public var pixelRect: PixelRect {
        precondition(x1.isFinite && y1.isFinite && x2.isFinite && y2.isFinite, "Box.pixelRect of a non-finite box \(self)")
        let left = Int(x1.rounded(.down)), top = Int(y1.rounded(.down))
        return PixelRect(x: left, y: top,
                         width: Int(x2.rounded(.up)) - left, height: Int(y2.rounded(.up)) - top)
    }

    /// The smallest box containing both boxes.
    public func union(_ other: Box) -> Box {
        Box(x1: min(x1, other.x1), y1: min(y1, other.y1), x2: max(x2, other.x2), y2: max(y2, other.y2))
    }

    /// True when `other` lies entirely inside this box (edges may touch).
    public func contains(_ other: Box) -> Bool {
        other.x1 >= x1 && other.y1 >= y1 && other.x2 <= x2 && other.y2 <= y2
    }

    /// The box clamped to `[0, W] x [0, H]` (DESIGN §3.2: clamped, not shifted).
    public func clamped(to size: PixelSize) -> Box {
        let w = Double(size.width), h = Double(size.height)
        return Box(x1: min(max(x1, 0), w), y1: min(max(y1, 0), h),
                   x2: min(max(x2, 0), w), y2: min(max(y2, 0), h))
    }

    /// Why a box cannot be used on an image of `size`, or nil when it can.
    /// Order of checks: non-finite, empty/inverted, entirely outside.
    public func validity(in size: PixelSize) -> BoxProblem? {
        if let problem = shapeProblem { return problem }
        if x2 <= 0 || y2 <= 0 || x1 >= Double(size.width) || y1 >= Double(size.height) { return .outsideImage }
        return nil
    }

    /// Why the box is unusable on any image (non-finite, then empty/inverted), or nil.
    /// ``validity(in:)`` adds the image check; merging needs only this part.
    var shapeProblem: BoxProblem? {
        guard x1.isFinite, y1.isFinite, x2.isFinite, y2.isFinite else { return .notFinite }
        guard x2 > x1, y2 > y1 else { return .empty }
        return nil
    }

    /// `"[x1, y1, x2, y2]"`.
    public var description: String { "[\(x1), \(y1), \(x2), \(y2)]" }
}

/// Why a box was dropped: reported in an item's `droppedRegions` (DESIGN §3.2).
public enum BoxProblem: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// A corner is NaN or infinite.
    case notFinite = "not-finite"
    /// `x2 <= x1` or `y2 <= y1`.
    case empty = "empty-or-inverted"
    /// The box does not overlap the image at all.
    case outsideImage = "outside-image"

    /// A human sentence for the problem.
    public var description: String {
        switch self {
        case .notFinite: "a corner is NaN or infinite"
        case .empty: "x2 <= x1 or y2 <= y1"
        case .outsideImage: "the box lies entirely outside the image"
        }
    }
}
