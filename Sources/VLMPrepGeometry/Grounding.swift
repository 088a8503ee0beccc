/// The coordinate space of a grounding model's boxes, and the map back to source pixels
/// (DESIGN §5 region sources `qwen25vl` / `qwen3vl`; `reference/models.md` §7).
///
/// - ``modelInput(_:)``: absolute pixels of the resized model input `w̄ x h̄` (Qwen2.5-VL):
///   `x_source = x / w̄ * W`, `y_source = y / h̄ * H` (the cookbook's order of operations).
/// - ``relative(scale:)``: coordinates on a `0...scale` grid over the image (Qwen3-VL, scale 1000):
///   `x_source = x / scale * W`, `y_source = y / scale * H`, independent of any resize.
///
/// Mapped boxes keep their fractional corners (the cookbook truncates with `int()`; DESIGN §2 boxes
/// are floats). Reversed corners are swapped. Boxes that are not finite, empty, or entirely outside
/// the image are dropped; boxes partly outside are clipped to the image; both are reported.
public enum GroundingSpace: Hashable, Sendable {
    /// Absolute pixels of a model input of this size (the smart-resize output).
    case modelInput(PixelSize)
    /// Relative coordinates on a `0...scale` grid over the whole image.
    case relative(scale: Double)

    /// Qwen3-VL's 0–1000 relative grid.
    public static let qwen3VL = GroundingSpace.relative(scale: 1_000)

    /// Qwen2.5-VL's space for an image: the input size ``SmartResize`` gives it.
    /// - Parameters:
    ///   - image: the upright image size given to the processor.
    ///   - resize: the configuration the model ran with; default ``SmartResize/qwen25VLCheckpoint``
    ///     (qwen-vl-utils pre-resizing gives the same size for Qwen2.5-VL).
    /// - Throws: the ``SmartResize/resized(_:)`` errors.
    public static func qwen25VL(image: PixelSize, resize: SmartResize = .qwen25VLCheckpoint) throws(GeometryError) -> GroundingSpace {
        .modelInput(try resize.resized(image).size)
    }

    /// A point of this space in source pixels of `image`.
    /// - Precondition: the space is not degenerate (model input not empty, scale > 0).
    public func sourcePoint(_ point: ImagePoint, image: PixelSize) -> ImagePoint {
        let (spaceWidth, spaceHeight): (Double, Double)
        switch self {
        case .modelInput(let input): (spaceWidth, spaceHeight) = (Double(input.width), Double(input.height))
        case .relative(let scale): (spaceWidth, spaceHeight) = (scale, scale)
        }
        precondition(spaceWidth > 0 && spaceHeight > 0, "degenerate grounding space \(self)")
        return ImagePoint(x: point.x / spaceWidth * Double(image.width), y: point.y / spaceHeight * Double(image.height))
    }

    /// A box of this space in source pixels of `image`, corners ordered (`x1 <= x2`, `y1 <= y2`) when
    /// finite; not clipped.
    public func sourceBox(_ box: Box, image: PixelSize) -> Box {
        let first = sourcePoint(ImagePoint(x: box.x1, y: box.y1), image: image)
        let second = sourcePoint(ImagePoint(x: box.x2, y: box.y2), image: image)
        return Box(x1: min(first.x, second.x), y1: min(first.y, second.y),
                   x2: max(first.x, second.x), y2: max(first.y, second.y))
    }

    /// Maps parsed objects to regions of the source image.
    /// - Parameters:
    ///   - objects: what ``GroundingText/parse(_:)`` returned.
    ///   - image: the upright source image size.
    /// - Returns: regions (clipped to the image, label kept) in model order, and a report for every
    ///   object that was dropped, clipped or had only a point.
    /// - Precondition: `image` is not empty (a programmer error).
    public func sourceRegions(from objects: [GroundingObject], image: PixelSize) -> GroundingResult {
        precondition(!image.isEmpty, "grounding on an empty image size \(image)")
        var result = GroundingResult(regions: [], indices: [], reports: [])
        for object in objects {
            guard let modelBox = object.box else {
                let point = object.point.map { sourcePoint($0, image: image) }
                result.reports.append(GroundingReport(index: object.index, label: object.label, box: nil, point: point,
                                                      issue: point == nil ? .noBox : .pointOnly))
                continue
            }
            // Check finiteness before ordering the corners: min/max would hide a NaN.
            let box = modelBox.shapeProblem == .notFinite ? modelBox : sourceBox(modelBox, image: image)
            if let problem = box.validity(in: image) {
                result.reports.append(GroundingReport(index: object.index, label: object.label, box: box, point: nil, issue: .init(problem)))
                continue
            }
            let clipped = box.clamped(to: image)
            if clipped != box {
                result.reports.append(GroundingReport(index: object.index, label: object.label, box: box, point: nil, issue: .clipped))
            }
            result.regions.append(Region(box: clipped, label: object.label))
            result.indices.append(object.index)
        }
        return result
    }

    /// Parses a model answer and maps it (``GroundingText/parse(_:)`` then
    /// ``sourceRegions(from:image:)``).
    /// - Throws: ``GeometryError`` when the text holds no JSON boxes.
    public func sourceRegions(parsing text: String, image: PixelSize) throws(GeometryError) -> GroundingResult {
        sourceRegions(from: try GroundingText.parse(text), image: image)
    }
}

/// A point in pixels (or in a model's coordinate space before mapping).
public struct ImagePoint: Hashable, Sendable, Codable {
    /// Horizontal position.
    public var x: Double
    /// Vertical position.
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Boxes read from a grounding answer, in source pixels, with what happened to the others.
public struct GroundingResult: Hashable, Sendable {
    /// Usable boxes clipped to the image, in model order, with their labels.
    public var regions: [Region]
    /// For each of ``regions``, the object's index in the model's list.
    public var indices: [Int]
    /// Objects dropped, clipped, or given only as points, in model order.
    public var reports: [GroundingReport]
}

/// What happened to one object of a grounding answer.
public struct GroundingReport: Hashable, Sendable, Codable {
    /// What happened.
    public enum Issue: String, Hashable, Sendable, Codable, CaseIterable {
        /// Neither a four-number `bbox_2d` nor a two-number `point_2d`: dropped.
        case noBox = "no-box"
        /// Only a `point_2d`: not a region, dropped (its source position is reported).
        case pointOnly = "point-only"
        /// A corner is NaN or infinite: dropped.
        case notFinite = "not-finite"
        /// No area after ordering the corners: dropped.
        case empty = "empty-or-inverted"
        /// Entirely outside the image: dropped.
        case outsideImage = "outside-image"
        /// Partly outside the image: clipped and kept.
        case clipped

        /// The issue for a box problem.
        public init(_ problem: BoxProblem) {
            switch problem {
            case .notFinite: self = .notFinite
            case .empty: self = .empty
            case .outsideImage: self = .outsideImage
            }
        }
    }

    /// The object's 0-based index in the model's list.
    public var index: Int
    /// The object's label, if any.
    public var label: String?
    /// The box mapped to source pixels, before clipping (model coordinates if not finite); nil for
    /// objects without a box.
    public var box: Box?
    /// The point mapped to source pixels, for ``Issue/pointOnly``.
    public var point: ImagePoint?
    /// What happened.
    public var issue: Issue

    /// Creates a report.
    public init(index: Int, label: String?, box: Box?, point: ImagePoint?, issue: Issue) {
        self.index = index
        self.label = label
        self.box = box
        self.point = point
        self.issue = issue
    }
}
