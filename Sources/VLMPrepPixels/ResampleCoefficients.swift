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
                weights[i * ksize + x] = Int32(w < 0 ? -0.5 + w * fixedOne : 0.5 + w * fixedOne)
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
    }

    /// First source index any output reads (Pillow's `ybox_first`).
    var firstSource: Int { Int(starts[0]) }
    /// One past the last source index any output reads (Pillow's `ybox_last`).
    var sourceEnd: Int { Int(starts[outSize - 1]) + Int(counts[outSize - 1]) }

    /// The same weights with every start moved down by `offset`, for a pass that reads an
    /// intermediate image beginning at source index `offset` ("Shift bounds for vertical pass").
    func shifted(by offset: Int) -> ResampleCoefficients {
        var copy = self
        let delta = Int32(offset)
        for i in copy.starts.indices { copy.starts[i] -= delta }
        return copy
    }
}
