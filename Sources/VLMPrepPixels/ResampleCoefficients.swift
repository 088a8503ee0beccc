import Synchronization

/// Fixed-point convolution weights for one axis of a Pillow resize (internal).
///
/// Port of Pillow 13.0.0 `Resample.c` `precompute_coeffs` followed by `normalize_coeffs_8bpc`, for
/// a resize without a source box (`in0 = 0`, `in1 = inSize`):
/// `scale = inSize / outSize`, `filterscale = max(scale, 1)`, `support = filter.support * filterscale`,
/// `ksize = ceil(support) * 2 + 1`; for each output `i`: `center = (i + 0.5) * scale`,
/// `xmin = max(Int(center - support + 0.5), 0)`, `xmax = min(Int(center + support + 0.5), inSize)`,
/// `w_j = k((j - center + 0.5) * (1 / filterscale))` (Pillow multiplies by the reciprocal),
/// each divided by their sum when the sum is not 0, then `q = Int(w * 2^22 ± 0.5)` (truncation,
/// sign of `w`). All double arithmetic happens in the same order as in C.
///
/// The weights depend only on `(inSize, outSize, filter)`; ``cached(inSize:outSize:filter:)`` keeps
/// recent sets so that resizing many same-size images (hashing a gallery) computes them once.
struct ResampleCoefficients: Sendable {
    /// Fractional bits of the fixed-point weights (Pillow's `PRECISION_BITS = 32 - 8 - 2`).
    static let precisionBits: Int32 = 22

    /// Source pixels along the axis.
    let inSize: Int
    /// Output pixels along the axis.
    let outSize: Int
    /// Stride between the weight rows of consecutive outputs (Pillow's `ksize`).
    let kernelSize: Int
    /// First source index of each output (Pillow's `bounds[2i]`), possibly shifted by ``shifted(by:)``.
    private(set) var starts: [Int32]
    /// Number of taps of each output (Pillow's `bounds[2i + 1]`).
    let counts: [Int32]
    /// `outSize * kernelSize` fixed-point weights; row `i` holds output `i`'s taps.
    let weights: [Int32]

    /// Each of ``weights`` (same layout) as `high · 2^16 + low` with both halves `Int16`: `low` is
    /// `w` truncated to 16 bits (signed), `high = (w − low) >> 16` (small: |w| < 2^23 gives
    /// |high| ≤ 128). ``ResampleKernels`` multiplies 16-bit halves (`pmaddwd`-shaped products)
    /// instead of emulating 32-bit lane multiplies; `Σ p·w ≡ Σ p·low + (Σ p·high) << 16 (mod 2^32)`
    /// is exact because Pillow's sums fit 32 bits. Row `i` starts at `i * splitStride` and is
    /// zero-padded past ``kernelSize``, so kernels can read whole 16-lane groups.
    let splitLow: [Int16]
    /// See ``splitLow``.
    let splitHigh: [Int16]
    /// Row stride of ``splitLow`` and ``splitHigh``: ``kernelSize`` rounded up to a multiple of 16.
    let splitStride: Int
    /// The weights by blocks of four outputs, for the RGB horizontal pass.
    private(set) var rgbBlocks: ResampleKernels.RGBBlockWeights

    /// Computes the weights for resizing `inSize` pixels to `outSize` with `filter`.
    /// - Precondition: `inSize > 0`, `outSize > 0`, `filter != .nearest`.
    init(inSize: Int, outSize: Int, filter: ResampleFilter) {
        precondition(inSize > 0 && outSize > 0, "ResampleCoefficients: sizes must be positive, got \(inSize) -> \(outSize)")
        precondition(filter != .nearest, "ResampleCoefficients: nearest has no kernel")
        // `(double)(in1 - in0) / outSize` with float in0/in1: exact for sizes below 2^24.
        let scale = Double(Float(inSize)) / Double(outSize)
        let filterscale = max(scale, 1.0)
        let support = filter.support * filterscale
        let ksize = Int(support.rounded(.up)) * 2 + 1
        let reciprocal = 1.0 / filterscale
        let fixedOne = Double(1 << Int(Self.precisionBits))

        var starts = [Int32](repeating: 0, count: outSize)
        var counts = [Int32](repeating: 0, count: outSize)
        var weights = [Int32](repeating: 0, count: outSize * ksize)
        let splitStride = (ksize + 15) / 16 * 16
        var splitLow = [Int16](repeating: 0, count: outSize * splitStride)
        var splitHigh = [Int16](repeating: 0, count: outSize * splitStride)
        var taps = [Double](repeating: 0, count: ksize)
        for i in 0..<outSize {
            let center = (Double(i) + 0.5) * scale
            let xmin = max(Int(center - support + 0.5), 0)
            let xmax = min(Int(center + support + 0.5), inSize) - xmin
            var sum = 0.0
            for x in 0..<xmax {
                let w = filter.kernel((Double(x + xmin) - center + 0.5) * reciprocal)
                taps[x] = w
                sum += w
            }
            for x in 0..<xmax {
                var w = taps[x]
                if sum != 0 { w /= sum }
                let q = Int32(w < 0 ? -0.5 + w * fixedOne : 0.5 + w * fixedOne)
                weights[i * ksize + x] = q
                let low = Int16(truncatingIfNeeded: q)
                splitLow[i * splitStride + x] = low
                splitHigh[i * splitStride + x] = Int16(truncatingIfNeeded: (q &- Int32(low)) >> 16)
            }
            starts[i] = Int32(xmin)
            counts[i] = Int32(xmax)
        }
        self.inSize = inSize
        self.outSize = outSize
        self.kernelSize = ksize
        self.starts = starts
        self.counts = counts
        self.weights = weights
        self.splitLow = splitLow
        self.splitHigh = splitHigh
        self.splitStride = splitStride
        self.rgbBlocks = ResampleKernels.RGBBlockWeights(outSize: outSize, kernelSize: ksize, starts: starts, counts: counts, weights: weights)
    }

    /// First source index any output reads (Pillow's `ybox_first`).
    var firstSource: Int { Int(starts[0]) }
    /// One past the last source index any output reads (Pillow's `ybox_last`).
    var sourceEnd: Int { Int(starts[outSize - 1]) + Int(counts[outSize - 1]) }

    /// Whether every output reads inside `0..<sourceLength` and the weight arrays have their sizes:
    /// what the unchecked indexing in ``ResampleKernels`` relies on (one O(outSize) check per pass).
    func isValid(sourceLength: Int) -> Bool {
        guard starts.count == outSize, counts.count == outSize, weights.count == outSize * kernelSize,
              splitStride >= kernelSize, splitStride % 16 == 0,
              splitLow.count == outSize * splitStride, splitHigh.count == outSize * splitStride else { return false }
        for i in 0..<outSize {
            let start = Int(starts[i]), count = Int(counts[i])
            guard start >= 0, count >= 0, count <= kernelSize, start + count <= sourceLength else { return false }
        }
        return true
    }

    /// The same weights with every start moved down by `offset`, for a pass that reads an
    /// intermediate image beginning at source index `offset` ("Shift bounds for vertical pass").
    func shifted(by offset: Int) -> ResampleCoefficients {
        guard offset != 0 else { return self }
        var copy = self
        let delta = Int32(offset)
        for i in copy.starts.indices { copy.starts[i] -= delta }
        copy.rgbBlocks = rgbBlocks.shifted(by: offset)
        return copy
    }

    // MARK: - Cache

    /// ``init(inSize:outSize:filter:)``, remembered: the most recently computed sets (up to
    /// ``cacheWeightBudget`` weights in all) are shared by every caller. The two LANCZOS sets of a
    /// pHash of a 1600×1200 image (1600 → 32, 1200 → 32) cost about 17,000 `sin` calls, 0.3 ms:
    /// a sixth of the whole hash when recomputed for every image.
    static func cached(inSize: Int, outSize: Int, filter: ResampleFilter) -> ResampleCoefficients {
        let key = CacheKey(inSize: inSize, outSize: outSize, filter: filter)
        if let hit = cache.withLock({ $0.entries[key] }) { return hit }
        // Computed outside the lock: two tasks may both compute a new set; the first stored wins.
        let computed = ResampleCoefficients(inSize: inSize, outSize: outSize, filter: filter)
        cache.withLock { $0.insert(computed, for: key) }
        return computed
    }

    /// Upper bound on the weights held by the cache (each costs ~24 bytes over its arrays, 16 of
    /// them in ``rgbBlocks``): 2^20 weights ≈ 24 MB. A set larger than a quarter of it is not cached.
    static let cacheWeightBudget = 1 << 20

    private struct CacheKey: Hashable {
        let inSize: Int
        let outSize: Int
        let filter: ResampleFilter
    }

    /// Insertion-ordered entries, oldest evicted first when the budget is exceeded.
    private struct Cache: ~Copyable {
        var entries: [CacheKey: ResampleCoefficients] = [:]
        var order: [CacheKey] = []
        var weightCount = 0

        mutating func insert(_ coefficients: ResampleCoefficients, for key: CacheKey) {
            let size = coefficients.weights.count
            guard entries[key] == nil, size <= ResampleCoefficients.cacheWeightBudget / 4 else { return }
            while weightCount + size > ResampleCoefficients.cacheWeightBudget, !order.isEmpty {
                let oldest = order.removeFirst()
                weightCount -= entries.removeValue(forKey: oldest)?.weights.count ?? 0
            }
            entries[key] = coefficients
            order.append(key)
            weightCount += size
        }
    }

    private static let cache = Mutex(Cache())
}
