/// The inner loops of ``PillowResampler`` (internal), over `Span`s of the buffers' arrays.
///
/// Ports of Pillow 13.0.0 `Resample.c` `ImagingResampleHorizontal_8bpc` and
/// `ImagingResampleVertical_8bpc`: every output sample is
/// `clip8((1 << 21) + Σ weight_j · pixel_j) = clamp(acc >> 22, 0, 255)` in 32-bit integers.
/// Sums use wrapping `&+`/`&*`: addition modulo 2^32 is associative and Pillow's sums never leave
/// the 32-bit range for 8-bit input, so any summation order gives Pillow's exact bytes.
///
/// Long one-band kernels (pHash's LANCZOS 1600 → 32 has 301 taps per output) split each weight
/// into 16-bit halves (``ResampleCoefficients/splitLow``, ``ResampleCoefficients/splitHigh``):
/// `Σ p·w ≡ Σ p·low + (Σ p·high) << 16 (mod 2^32)`, and ``multiplyAddPairs(_:_:)`` multiplies
/// 16-bit lanes and adds neighbouring products, which the x86-64 baseline does in one instruction
/// (`pmaddwd`) where a 32-bit lane multiply is emulated (this pure-Swift module uses no
/// intrinsics). The vertical pass sums 16 columns at once in 32-bit SIMD lanes; the RGB
/// horizontal pass sums four taps of a pixel's three bands at once (``horizontalRowRGB``).
///
/// The loops index with `[unchecked:]` and `unsafeLoadUnaligned(fromUncheckedByteOffset:)`; each
/// pass checks once, up front, that every index it will form is in bounds
/// (``ResampleCoefficients/isValid(sourceLength:)`` and the buffer sizes).
enum ResampleKernels {
    /// `1 << (PRECISION_BITS - 1)`: the rounding bias every accumulator starts from.
    static let bias: Int32 = 1 << (ResampleCoefficients.precisionBits - 1)

    /// Pillow's `clip8`: `acc >> 22` (arithmetic shift) clamped to `0...255`.
    @inline(__always)
    static func clip8(_ acc: Int32) -> UInt8 {
        let value = acc >> ResampleCoefficients.precisionBits
        return value <= 0 ? 0 : (value >= 255 ? 255 : UInt8(truncatingIfNeeded: value))
    }

    /// `[a0·b0 + a1·b1, a2·b2 + a3·b3, …]` in 32-bit lanes (what `pmaddwd` computes; LLVM selects it
    /// for this shape). Exact unless both products of a pair are `-32768 · -32768`, which 8-bit
    /// pixels (0...255) never produce.
    @inline(__always)
    static func multiplyAddPairs(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
        let products = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return products.evenHalf &+ products.oddHalf
    }

    // MARK: - Horizontal

    /// Horizontal pass over the source `rows` (each `rowStride` bytes of `bands`-byte pixels):
    /// `axis.outSize` output pixels per row, written row after row to `output`.
    /// - Precondition: `axis` reads inside a row of `rowStride / bands` pixels, `rows` lie inside
    ///   `source`, and `output` holds `rows.count * axis.outSize * bands` bytes.
    static func horizontalPass(_ source: [UInt8], rowStride: Int, rows: Range<Int>, bands: Int,
                               axis: ResampleCoefficients, into output: inout [UInt8]) {
        precondition(bands > 0 && rowStride % bands == 0 && axis.isValid(sourceLength: rowStride / bands)
                     && rows.lowerBound >= 0 && rows.upperBound * rowStride <= source.count
                     && output.count == rows.count * axis.outSize * bands,
                     "ResampleKernels.horizontalPass: inconsistent sizes")
        let outStride = axis.outSize * bands
        if bands == 3 {
            // Two rows per sweep share the weight loads and the loop. A 16-byte read reaches at most
            // 13 bytes past its row's end (4 taps per step, at most 3 of them padding), so a pair
            // needs 16 bytes after its second row; otherwise rows go alone (per-output fallback).
            let weights = RGBTapWeights(axis)
            var row = rows.lowerBound
            while row < rows.upperBound {
                let outStart = (row - rows.lowerBound) * outStride
                if row + 1 < rows.upperBound && (row + 2) * rowStride + 16 <= source.count {
                    horizontalRowPairRGB(source, rowStart: row * rowStride, rowStride: rowStride, axis: axis, weights: weights,
                                         output: &output, outStart: outStart, outStride: outStride)
                    row += 2
                } else {
                    horizontalRowRGB(source, rowStart: row * rowStride, axis: axis, weights: weights, output: &output, outStart: outStart)
                    row += 1
                }
            }
            return
        }
        for (index, row) in rows.enumerated() {
            let rowStart = row * rowStride, outStart = index * outStride
            switch bands {
            case 1 where axis.kernelSize >= 16:
                horizontalRowLongL(source, rowStart: rowStart, axis: axis, output: &output, outStart: outStart)
            case 1: horizontalRowScalar(source, rowStart: rowStart, bands: 1, axis: axis, output: &output, outStart: outStart)
            case 4: horizontalRowRGBA(source, rowStart: rowStart, axis: axis, output: &output, outStart: outStart)
            default: horizontalRowScalar(source, rowStart: rowStart, bands: bands, axis: axis, output: &output, outStart: outStart)
            }
        }
    }

    /// One band, long kernels (`kernelSize >= 16`; a LANCZOS 1600 → 32 output has 301 taps): 16
    /// taps per step — the low halves of the weights through ``multiplyAddPairs(_:_:)`` into 32-bit
    /// lanes, the high halves through plain 16-bit multiplies into 16-bit lanes (only
    /// `Σ p·high mod 2^16` survives the `<< 16`). The last partial group uses the zero padding of
    /// the split weights (``ResampleCoefficients/splitStride``) when its 16-byte read stays inside
    /// the buffer; otherwise its taps are added one by one. Short kernels go through
    /// ``horizontalRowScalar`` (a separate loop measured faster for ~5 taps).
    @inline(__always)
    private static func horizontalRowLongL(_ source: [UInt8], rowStart: Int, axis: ResampleCoefficients,
                                           output: inout [UInt8], outStart: Int) {
        let pixels = source.span, bytes = pixels.bytes
        let starts = axis.starts.span, counts = axis.counts.span, weights = axis.weights.span
        let low = axis.splitLow.span, high = axis.splitHigh.span
        let lowBytes = low.bytes, highBytes = high.bytes
        var out = output.mutableSpan
        let end = source.count
        for xx in 0..<axis.outSize {
            let first = rowStart &+ Int(starts[unchecked: xx]), taps = Int(counts[unchecked: xx])
            let splitBase = xx &* axis.splitStride
            // Whole groups: all of them when the padded read fits in the buffer.
            let vectorTaps = first &+ ((taps &+ 15) & ~15) <= end ? (taps &+ 15) & ~15 : taps & ~15
            var sumLow0 = SIMD4<Int32>(), sumLow1 = SIMD4<Int32>(), sumHigh = SIMD16<Int16>()
            var x = 0
            while x < vectorTaps {
                let values = SIMD16<Int16>(truncatingIfNeeded: bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: first &+ x, as: SIMD16<UInt8>.self))
                let w = 2 &* (splitBase &+ x)
                sumLow0 &+= multiplyAddPairs(values.lowHalf, lowBytes.unsafeLoadUnaligned(fromUncheckedByteOffset: w, as: SIMD8<Int16>.self))
                sumLow1 &+= multiplyAddPairs(values.highHalf, lowBytes.unsafeLoadUnaligned(fromUncheckedByteOffset: w &+ 16, as: SIMD8<Int16>.self))
                sumHigh &+= values &* highBytes.unsafeLoadUnaligned(fromUncheckedByteOffset: w, as: SIMD16<Int16>.self)
                x &+= 16
            }
            var sum = (sumLow0 &+ sumLow1).wrappedSum() &+ (Int32(truncatingIfNeeded: sumHigh.wrappedSum()) &<< 16) &+ bias
            let base = xx &* axis.kernelSize
            while x < taps {
                sum &+= Int32(pixels[unchecked: first + x]) &* weights[unchecked: base + x]
                x += 1
            }
            out[unchecked: outStart &+ xx] = clip8(sum)
        }
    }

    /// Weights of an axis for ``horizontalRowRGB``: for output `x`, vector `j` holds taps
    /// `4j ..< 4j + 4`, each weight in the three lanes of its pixel's R, G, B (lanes `3t + band`),
    /// zeros past the output's tap count and in lanes 12...15.
    struct RGBTapWeights {
        /// Vectors per output: `ceil(kernelSize / 4)`.
        let vectorsPerOutput: Int
        /// `outSize * vectorsPerOutput` vectors.
        let vectors: [SIMD16<Int32>]

        init(_ axis: ResampleCoefficients) {
            vectorsPerOutput = (axis.kernelSize + 3) / 4
            var vectors = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: axis.outSize * vectorsPerOutput)
            for x in 0..<axis.outSize {
                let taps = Int(axis.counts[x]), base = x * axis.kernelSize
                for tap in 0..<taps {
                    let index = x * vectorsPerOutput + tap / 4, lane = 3 * (tap % 4)
                    for band in 0..<3 { vectors[index][lane + band] = axis.weights[base + tap] }
                }
            }
            self.vectors = vectors
        }
    }

    /// RGB: four taps (12 bytes) per step — 16 source bytes widened to 32-bit lanes, multiplied by
    /// ``RGBTapWeights`` lane by lane and summed, then lanes `band, band + 3, band + 6, band + 9`
    /// added for each band. The same integer sums as one tap at a time (wrapping addition is
    /// associative), ~3x fewer instructions for the 5–10 taps of model-size downscales. An output
    /// whose last 16-byte load would pass the end of the buffer is summed one tap at a time.
    @inline(__always)
    private static func horizontalRowRGB(_ source: [UInt8], rowStart: Int, axis: ResampleCoefficients, weights: RGBTapWeights,
                                         output: inout [UInt8], outStart: Int) {
        let pixels = source.span, bytes = pixels.bytes
        let starts = axis.starts.span, counts = axis.counts.span, scalarWeights = axis.weights.span
        let vectors = weights.vectors.span, perOutput = weights.vectorsPerOutput
        var out = output.mutableSpan
        let end = source.count
        for xx in 0..<axis.outSize {
            let first = rowStart &+ Int(starts[unchecked: xx]) &* 3
            let taps = Int(counts[unchecked: xx])
            let steps = (taps &+ 3) &>> 2
            var sum0 = bias, sum1 = bias, sum2 = bias
            if first &+ steps &* 12 &+ 4 <= end {
                var acc = SIMD16<Int32>()
                var p = first, v = xx &* perOutput
                for _ in 0..<steps {
                    let values = SIMD16<Int32>(truncatingIfNeeded: bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: p, as: SIMD16<UInt8>.self))
                    acc &+= values &* vectors[unchecked: v]
                    p &+= 12
                    v &+= 1
                }
                sum0 &+= acc[0] &+ acc[3] &+ acc[6] &+ acc[9]
                sum1 &+= acc[1] &+ acc[4] &+ acc[7] &+ acc[10]
                sum2 &+= acc[2] &+ acc[5] &+ acc[8] &+ acc[11]
            } else {
                var p = first
                let base = xx &* axis.kernelSize
                for x in 0..<taps {
                    let w = scalarWeights[unchecked: base &+ x]
                    sum0 &+= Int32(pixels[unchecked: p]) &* w
                    sum1 &+= Int32(pixels[unchecked: p &+ 1]) &* w
                    sum2 &+= Int32(pixels[unchecked: p &+ 2]) &* w
                    p &+= 3
                }
            }
            let o = outStart &+ xx &* 3
            out[unchecked: o] = clip8(sum0)
            out[unchecked: o &+ 1] = clip8(sum1)
            out[unchecked: o &+ 2] = clip8(sum2)
        }
    }

    /// Two RGB rows (`rowStart` and `rowStart + rowStride`) as ``horizontalRowRGB``, sharing each
    /// weight vector.
    /// - Precondition: at least 16 bytes of the buffer follow the second row.
    @inline(__always)
    private static func horizontalRowPairRGB(_ source: [UInt8], rowStart: Int, rowStride: Int, axis: ResampleCoefficients,
                                             weights: RGBTapWeights, output: inout [UInt8], outStart: Int, outStride: Int) {
        let bytes = source.span.bytes
        let starts = axis.starts.span, counts = axis.counts.span
        let vectors = weights.vectors.span, perOutput = weights.vectorsPerOutput
        var out = output.mutableSpan
        for xx in 0..<axis.outSize {
            var p = rowStart &+ Int(starts[unchecked: xx]) &* 3
            let steps = (Int(counts[unchecked: xx]) &+ 3) &>> 2
            var acc0 = SIMD16<Int32>(), acc1 = SIMD16<Int32>()
            var v = xx &* perOutput
            for _ in 0..<steps {
                let w = vectors[unchecked: v]
                acc0 &+= SIMD16<Int32>(truncatingIfNeeded: bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: p, as: SIMD16<UInt8>.self)) &* w
                acc1 &+= SIMD16<Int32>(truncatingIfNeeded: bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: p &+ rowStride, as: SIMD16<UInt8>.self)) &* w
                p &+= 12
                v &+= 1
            }
            let o0 = outStart &+ xx &* 3, o1 = o0 &+ outStride
            out[unchecked: o0] = clip8(bias &+ acc0[0] &+ acc0[3] &+ acc0[6] &+ acc0[9])
            out[unchecked: o0 &+ 1] = clip8(bias &+ acc0[1] &+ acc0[4] &+ acc0[7] &+ acc0[10])
            out[unchecked: o0 &+ 2] = clip8(bias &+ acc0[2] &+ acc0[5] &+ acc0[8] &+ acc0[11])
            out[unchecked: o1] = clip8(bias &+ acc1[0] &+ acc1[3] &+ acc1[6] &+ acc1[9])
            out[unchecked: o1 &+ 1] = clip8(bias &+ acc1[1] &+ acc1[4] &+ acc1[7] &+ acc1[10])
            out[unchecked: o1 &+ 2] = clip8(bias &+ acc1[2] &+ acc1[5] &+ acc1[8] &+ acc1[11])
        }
    }

    /// 4 bands: one output pixel per iteration, one accumulator per band, one tap at a time.
    @inline(__always)
    private static func horizontalRowRGBA(_ source: [UInt8], rowStart: Int, axis: ResampleCoefficients,
                                          output: inout [UInt8], outStart: Int) {
        let pixels = source.span
        let starts = axis.starts.span, counts = axis.counts.span, weights = axis.weights.span
        var out = output.mutableSpan
        for xx in 0..<axis.outSize {
            var p = rowStart &+ Int(starts[unchecked: xx]) &* 4
            let taps = Int(counts[unchecked: xx]), base = xx &* axis.kernelSize
            var sums = SIMD4<Int32>(repeating: bias)
            for x in 0..<taps {
                let w = weights[unchecked: base &+ x]
                sums &+= SIMD4<Int32>(Int32(pixels[unchecked: p]), Int32(pixels[unchecked: p &+ 1]),
                                      Int32(pixels[unchecked: p &+ 2]), Int32(pixels[unchecked: p &+ 3])) &* w
                p &+= 4
            }
            let o = outStart &+ xx &* 4
            for band in 0..<4 { out[unchecked: o &+ band] = clip8(sums[band]) }
        }
    }

    /// Any band count, one band and one tap at a time.
    @inline(__always)
    private static func horizontalRowScalar(_ source: [UInt8], rowStart: Int, bands: Int, axis: ResampleCoefficients,
                                            output: inout [UInt8], outStart: Int) {
        let pixels = source.span
        let starts = axis.starts.span, counts = axis.counts.span, weights = axis.weights.span
        var out = output.mutableSpan
        for xx in 0..<axis.outSize {
            let first = rowStart &+ Int(starts[unchecked: xx]) &* bands, taps = Int(counts[unchecked: xx])
            let base = xx &* axis.kernelSize
            for band in 0..<bands {
                var sum = bias
                for x in 0..<taps {
                    sum &+= Int32(pixels[unchecked: first &+ x &* bands &+ band]) &* weights[unchecked: base &+ x]
                }
                out[unchecked: outStart &+ xx &* bands &+ band] = clip8(sum)
            }
        }
    }

    // MARK: - Vertical

    /// Vertical pass: `axis.outSize` output rows of `rowLength` bytes each, written contiguously to
    /// `output`. Source row `r` of the pass starts at byte `firstByte + r * sourceStride`
    /// (`axis.starts` are row indices). Columns are processed in blocks of 16 bytes whose 16 sums stay
    /// in registers across all taps; the tail (`rowLength % 16` bytes) is done one byte at a time.
    /// (The 16-bit split with rows interleaved in pairs measured no faster here: ~5 taps, and the
    /// interleaving shuffles cost what the cheaper multiplies save.)
    /// - Precondition: `axis` reads rows inside `source`, each `rowLength` bytes from `firstByte`
    ///   fits in `sourceStride`, and `output` holds `axis.outSize * rowLength` bytes.
    static func verticalPass(_ source: [UInt8], firstByte: Int, sourceStride: Int, rowLength: Int,
                             axis: ResampleCoefficients, into output: inout [UInt8]) {
        precondition(firstByte >= 0 && rowLength >= 0 && firstByte + rowLength <= sourceStride
                     && sourceStride > 0 && source.count % sourceStride == 0
                     && axis.isValid(sourceLength: source.count / sourceStride)
                     && output.count == axis.outSize * rowLength,
                     "ResampleKernels.verticalPass: inconsistent sizes")
        let pixels = source.span, bytes = pixels.bytes
        let starts = axis.starts.span, counts = axis.counts.span, weights = axis.weights.span
        var outSpan = output.mutableSpan
        var out = outSpan.mutableBytes
        let blockEnd = rowLength - rowLength % 16
        for yy in 0..<axis.outSize {
            let first = Int(starts[unchecked: yy]), taps = Int(counts[unchecked: yy])
            let base = yy &* axis.kernelSize
            let outRow = yy &* rowLength
            let rowsStart = firstByte &+ first &* sourceStride
            var i = 0
            while i < blockEnd {
                var sums = SIMD16<Int32>(repeating: bias)
                var row = rowsStart &+ i
                for tap in 0..<taps {
                    let values = SIMD16<Int32>(truncatingIfNeeded: bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: row, as: SIMD16<UInt8>.self))
                    sums &+= values &* weights[unchecked: base &+ tap]
                    row &+= sourceStride
                }
                // clip8 with plain lane operators (the stdlib's generic clamps are not inlined):
                // negatives → 0 via the sign mask, then values above 255 → all ones → 0xFF.
                var values = sums &>> ResampleCoefficients.precisionBits
                values &= ~(values &>> 31)
                values |= (255 &- values) &>> 31
                out.storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: values), toUncheckedByteOffset: outRow &+ i, as: SIMD16<UInt8>.self)
                i &+= 16
            }
            while i < rowLength {
                var sum = bias
                var row = rowsStart &+ i
                for tap in 0..<taps {
                    sum &+= Int32(pixels[unchecked: row]) &* weights[unchecked: base &+ tap]
                    row &+= sourceStride
                }
                out.storeBytes(of: clip8(sum), toUncheckedByteOffset: outRow &+ i, as: UInt8.self)
                i &+= 1
            }
        }
    }
}
