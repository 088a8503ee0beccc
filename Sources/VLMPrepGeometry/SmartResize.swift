/// Qwen2-VL / Qwen2.5-VL / Qwen3-VL `smart_resize` (DESIGN §3.7; `reference/models.md` §2.1, §3):
/// the input size the model sees, its patch grid and its token count.
///
/// With `factor = patchSize * mergeSize` and an image `W x H`:
/// 1. If `max(W, H) / min(W, H) > 200` → error (exactly 200 is allowed).
/// 2. `h = round(H / factor) * factor`, `w = round(W / factor) * factor`, Python's half-to-even
///    `round` (`H = 42 → 56`, `H = 70 → 56`); ``Implementation/qwenVLUtils`` takes at least `factor`.
/// 3. If `h * w > maxPixels`: `β = sqrt(H * W / maxPixels)`, `h = floor(H / β / factor) * factor`
///    (two divisions, in that order), likewise `w`; ``Implementation/transformers`` takes at least
///    `factor`.
/// 4. Else if `h * w < minPixels`: `β = sqrt(minPixels / (H * W))`,
///    `h = ceil(H * β / factor) * factor`, likewise `w`.
///
/// Nothing re-checks the bounds afterwards: steps 3 and 4 can overshoot them for extreme shapes,
/// exactly as the reference does. The patch grid is `[1, h / patchSize, w / patchSize]` (`grid_thw`
/// for one image) and the LLM sees `(h / factor) * (w / factor)` tokens.
///
/// The presets are the configurations of `reference/vectors/smart_resize.json`. Running
/// ``qwenVLUtilsQwen3`` and then ``qwen3VLCheckpoint`` on its output reproduces the double resize
/// Qwen3-VL suffers when the processor's `do_resize` is left on after qwen-vl-utils.
public struct SmartResize: Hashable, Sendable {
    /// Which reference code to follow; they differ only for tiny or very thin images.
    public enum Implementation: String, Hashable, Sendable, Codable, CaseIterable {
        /// transformers `Qwen2VLImageProcessor` (`image_processing_qwen2_vl.py`), what the model's
        /// processor runs.
        case transformers
        /// qwen-vl-utils 0.0.14 `vision_process.smart_resize`, the helper of the Qwen cookbooks.
        case qwenVLUtils = "qwen-vl-utils"
    }

    /// Valid values of ``patchSize``, in pixels.
    public static let patchSizeRange: ClosedRange<Int> = 1...1_024
    /// Valid values of ``mergeSize``.
    public static let mergeSizeRange: ClosedRange<Int> = 1...16
    /// Valid values of ``minPixels``; ``maxPixels`` must lie in `minPixels...` its upper bound.
    public static let pixelsRange: ClosedRange<Int> = 1...(1 << 34)
    /// The largest accepted `long side / short side`.
    public static let maxAspectRatio = 200.0

    /// Qwen2.5-VL checkpoints (`preprocessor_config.json`): patch 14, merge 2, 3 136 … 12 845 056
    /// pixels (4 … 16 384 tokens), transformers.
    public static let qwen25VLCheckpoint = SmartResize(validatedPatchSize: 14, mergeSize: 2, minPixels: 3_136, maxPixels: 12_845_056, implementation: .transformers)
    /// `Qwen2VLImageProcessor()` with no configuration: patch 14, merge 2, 3 136 … 1 003 520 pixels.
    public static let qwen2VLProcessorDefault = SmartResize(validatedPatchSize: 14, mergeSize: 2, minPixels: 3_136, maxPixels: 1_003_520, implementation: .transformers)
    /// qwen-vl-utils defaults for Qwen2.5-VL: patch 14, merge 2, 3 136 … 12 845 056 pixels.
    public static let qwenVLUtilsQwen25 = SmartResize(validatedPatchSize: 14, mergeSize: 2, minPixels: 3_136, maxPixels: 12_845_056, implementation: .qwenVLUtils)
    /// Qwen3-VL checkpoints: patch 16, merge 2, 65 536 … 16 777 216 pixels (64 … 16 384 tokens),
    /// transformers.
    public static let qwen3VLCheckpoint = SmartResize(validatedPatchSize: 16, mergeSize: 2, minPixels: 65_536, maxPixels: 16_777_216, implementation: .transformers)
    /// qwen-vl-utils with `image_patch_size=16`: patch 16, merge 2, 4 096 … 16 777 216 pixels
    /// (a lower minimum than the Qwen3-VL processor).
    public static let qwenVLUtilsQwen3 = SmartResize(validatedPatchSize: 16, mergeSize: 2, minPixels: 4_096, maxPixels: 16_777_216, implementation: .qwenVLUtils)

    /// Side of one vision patch, in pixels (14 for Qwen2/2.5-VL, 16 for Qwen3-VL).
    public let patchSize: Int
    /// Patches merged per side into one LLM token (2).
    public let mergeSize: Int
    /// Lower pixel budget of the resized image.
    public let minPixels: Int
    /// Upper pixel budget of the resized image.
    public let maxPixels: Int
    /// Which reference code is followed.
    public let implementation: Implementation

    /// Sides of the resized image are multiples of this: `patchSize * mergeSize`.
    public var factor: Int { patchSize * mergeSize }

    /// Creates a configuration.
    /// - Parameters:
    ///   - patchSize: patch side in pixels, in ``patchSizeRange``; default 14.
    ///   - mergeSize: spatial merge, in ``mergeSizeRange``; default 2.
    ///   - minPixels: lower pixel budget, in ``pixelsRange``; default 3 136.
    ///   - maxPixels: upper pixel budget, from `minPixels` to the top of ``pixelsRange``; default
    ///     12 845 056 (the Qwen2.5-VL checkpoint value).
    ///   - implementation: reference to follow; default ``Implementation/transformers``.
    /// - Throws: ``GeometryError`` in the ``InvalidParameter`` form naming the first bad option.
    public init(
        patchSize: Int = 14, mergeSize: Int = 2, minPixels: Int = 3_136, maxPixels: Int = 12_845_056,
        implementation: Implementation = .transformers
    ) throws(GeometryError) {
        try requireInteger(patchSize, in: Self.patchSizeRange, name: "patchSize")
        try requireInteger(mergeSize, in: Self.mergeSizeRange, name: "mergeSize")
        try requireInteger(minPixels, in: Self.pixelsRange, name: "minPixels")
        try requireInteger(maxPixels, in: minPixels...Self.pixelsRange.upperBound, name: "maxPixels")
        self.init(validatedPatchSize: patchSize, mergeSize: mergeSize, minPixels: minPixels, maxPixels: maxPixels, implementation: implementation)
    }

    private init(validatedPatchSize patchSize: Int, mergeSize: Int, minPixels: Int, maxPixels: Int, implementation: Implementation) {
        self.patchSize = patchSize
        self.mergeSize = mergeSize
        self.minPixels = minPixels
        self.maxPixels = maxPixels
        self.implementation = implementation
    }

    /// This configuration with other pixel budgets (nil keeps the current one).
    /// - Throws: ``GeometryError`` as ``init(patchSize:mergeSize:minPixels:maxPixels:implementation:)``.
    public func withPixels(min newMin: Int?, max newMax: Int?) throws(GeometryError) -> SmartResize {
        try SmartResize(patchSize: patchSize, mergeSize: mergeSize, minPixels: newMin ?? minPixels,
                        maxPixels: newMax ?? maxPixels, implementation: implementation)
    }

    /// The model input for one image.
    /// - Parameter image: the size the processor receives (upright, after EXIF orientation).
    /// - Returns: the resized size, patch grid and token count.
    /// - Throws: ``GeometryError`` when a side is zero or negative (the reference divides by zero),
    ///   when the aspect ratio exceeds 200 (the reference's `ValueError` text:
    ///   `absolute aspect ratio must be smaller than 200, got 201.0`), or when
    ///   ``Implementation/qwenVLUtils`` shrinks a side to 0 (tiny budgets on thin images).
    public func resized(_ image: PixelSize) throws(GeometryError) -> SmartResizeResult {
        try requireNonEmpty(image)
        let height = Double(image.height), width = Double(image.width)
        let aspect = max(height, width) / min(height, width)
        guard aspect <= Self.maxAspectRatio else {
            throw GeometryError("absolute aspect ratio must be smaller than \(Int(Self.maxAspectRatio)), got \(aspect)")
        }
        let isTransformers = implementation == .transformers
        let smallest = isTransformers ? 0 : factor
        var newHeight = max(smallest, height.rounded(toMultipleOf: factor))
        var newWidth = max(smallest, width.rounded(toMultipleOf: factor))
        if newHeight * newWidth > maxPixels {
            let beta = (height * width / Double(maxPixels)).squareRoot()
            let floorSide = isTransformers ? factor : 0
            newHeight = max(floorSide, (height / beta).floored(toMultipleOf: factor))
            newWidth = max(floorSide, (width / beta).floored(toMultipleOf: factor))
        } else if newHeight * newWidth < minPixels {
            let beta = (Double(minPixels) / (height * width)).squareRoot()
            newHeight = (height * beta).ceiled(toMultipleOf: factor)
            newWidth = (width * beta).ceiled(toMultipleOf: factor)
        }
        guard newHeight > 0, newWidth > 0 else {
            throw GeometryError("smart resize of \(image) gives an empty size \(newWidth)x\(newHeight)")
        }
        let grid = PatchGrid(temporal: 1, height: newHeight / patchSize, width: newWidth / patchSize)
        return SmartResizeResult(size: PixelSize(width: newWidth, height: newHeight), grid: grid,
                                 tokens: grid.temporal * grid.height * grid.width / (mergeSize * mergeSize))
    }
}

/// What ``SmartResize`` plans for one image.
public struct SmartResizeResult: Hashable, Sendable, Codable {
    /// The model input size, in pixels; both sides are multiples of the factor.
    public var size: PixelSize
    /// The vision patch grid (`image_grid_thw`).
    public var grid: PatchGrid
    /// LLM tokens for the image: `grid.height * grid.width / mergeSize²` (`<|image_pad|>` copies).
    public var tokens: Int

    /// Creates a result.
    public init(size: PixelSize, grid: PatchGrid, tokens: Int) {
        self.size = size
        self.grid = grid
        self.tokens = tokens
    }
}

/// A vision transformer's patch grid, `grid_thw` = `[temporal, height, width]` in patches.
public struct PatchGrid: Hashable, Sendable, Codable {
    /// Temporal patches (1 for a still image: its frame duplicated to `temporal_patch_size` 2).
    public var temporal: Int
    /// Patch rows.
    public var height: Int
    /// Patch columns.
    public var width: Int

    /// Creates a grid from its extents in patches.
    public init(temporal: Int, height: Int, width: Int) {
        self.temporal = temporal
        self.height = height
        self.width = width
    }

    /// `[temporal, height, width]`, the `grid_thw` form.
    public var array: [Int] { [temporal, height, width] }
}
