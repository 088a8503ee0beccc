/// Gemma 3's pan-and-scan crop layout (DESIGN §3.6; `reference/models.md` §4.1), exactly as
/// `Gemma3ImageProcessor.pan_and_scan` in transformers 4.57.
///
/// For a landscape or square image (`W >= H`): nothing unless `W / H >= minRatioToActivate`; then
/// `n = floor(W / H + 0.5)` columns (half rounds up), at most `floor(W / minCropSize)`, at least 2,
/// at most ``maxCrops``, in one row. A portrait image does the same along y. The crop size is
/// `ceil(W / columns) x ceil(H / rows)`; if its smaller side is below ``minCropSize`` there are no
/// crops. Crops are listed row-major at `x = cropWidth * column`, `y = cropHeight * row`, and the last
/// column and row are cut at the image edge (`min(cropWidth, W - x)`), as numpy slicing does.
/// All ratios are computed in doubles, as in the reference. A crop that would start at or past the
/// image edge is left out (numpy returns an empty array there); that needs `n * (n - 1) >= W`, so it
/// can only happen with a ``minCropSize`` far below the reference's 256.
///
/// Examples (W x H): 1000x400 → `(0,0,334x400) (334,0,334x400) (668,0,332x400)`; 400x300 → none
/// (crop 200 < 256); 2000x200 → none.
public struct PanAndScan: Hashable, Sendable {
    /// Valid values of ``minCropSize``, in pixels.
    public static let minCropSizeRange: ClosedRange<Int> = 1...100_000
    /// Valid values of ``maxCrops``.
    public static let maxCropsRange: ClosedRange<Int> = 2...64
    /// Valid values of ``minRatioToActivate`` (long side over short side).
    public static let minRatioToActivateRange: ClosedRange<Double> = 1.0...1_000.0
    /// The `Gemma3Processor` defaults: 256, 4, 1.2 (what `do_pan_and_scan=True` uses).
    public static let gemma3 = PanAndScan(validatedMinCropSize: 256, maxCrops: 4, minRatioToActivate: 1.2)

    /// Smallest crop side, in pixels (`pan_and_scan_min_crop_size`).
    public let minCropSize: Int
    /// Largest number of crops (`pan_and_scan_max_num_crops`).
    public let maxCrops: Int
    /// Smallest long-side / short-side ratio that activates cropping
    /// (`pan_and_scan_min_ratio_to_activate`; the ratio itself activates).
    public let minRatioToActivate: Double

    /// Creates a layout from its options.
    /// - Parameters:
    ///   - minCropSize: smallest crop side in pixels, in ``minCropSizeRange``; default 256.
    ///   - maxCrops: largest number of crops, in ``maxCropsRange``; default 4. (The reference forces
    ///     at least 2 crops before applying this cap, so 1 is not a meaningful value.)
    ///   - minRatioToActivate: aspect ratio that activates cropping, in
    ///     ``minRatioToActivateRange``; default 1.2.
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form naming the first bad option.
    public init(minCropSize: Int = 256, maxCrops: Int = 4, minRatioToActivate: Double = 1.2) throws(GeometryError) {
        try requireInteger(minCropSize, in: Self.minCropSizeRange, name: "minCropSize")
        try requireInteger(maxCrops, in: Self.maxCropsRange, name: "maxCrops")
        try requireNumber(minRatioToActivate, in: Self.minRatioToActivateRange, name: "minRatioToActivate")
        self.init(validatedMinCropSize: minCropSize, maxCrops: maxCrops, minRatioToActivate: minRatioToActivate)
    }

    private init(validatedMinCropSize minCropSize: Int, maxCrops: Int, minRatioToActivate: Double) {
        self.minCropSize = minCropSize
        self.maxCrops = maxCrops
        self.minRatioToActivate = minRatioToActivate
    }

    /// The crops of an image, row-major, in its pixels; empty when pan-and-scan does not activate.
    /// - Parameter image: the upright image size.
    /// - Returns: crop rectangles inside the image; the last column and row may be narrower.
    /// - Precondition: `image` is not empty (a programmer error).
    public func crops(for image: PixelSize) -> [PixelRect] {
        precondition(!image.isEmpty, "PanAndScan on an empty image size \(image)")
        let isLandscape = image.width >= image.height
        let long = Double(isLandscape ? image.width : image.height)
        let short = Double(isLandscape ? image.height : image.width)
        guard long / short >= minRatioToActivate else { return [] }
        var count = Int((long / short + 0.5).rounded(.down))
        count = min(Int((long / Double(minCropSize)).rounded(.down)), count)
        count = min(maxCrops, max(2, count))
        let (columns, rows) = isLandscape ? (count, 1) : (1, count)
        let cropWidth = Int((Double(image.width) / Double(columns)).rounded(.up))
        let cropHeight = Int((Double(image.height) / Double(rows)).rounded(.up))
        guard min(cropWidth, cropHeight) >= minCropSize else { return [] }
        return (0..<rows).flatMap { row in
            (0..<columns).map { column in
                let x = cropWidth * column, y = cropHeight * row
                return PixelRect(x: x, y: y, width: min(cropWidth, image.width - x), height: min(cropHeight, image.height - y))
            }
        }.filter { !$0.isEmpty }
    }
}
