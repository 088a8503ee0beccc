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
/// horizontal pass sums four outputs' three bands at once, one tap per step
/// (``horizontalPassRGB(_:rowStride:rows:axis:into:)``).
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
            horizontalPassRGB(source, rowStride: rowStride, rows: rows, axis: axis, into: &output)
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

    /// Weights of an axis for ``horizontalPassRGB(_:rowStride:rows:axis:into:)``, by blocks of four
    /// consecutive outputs: for block `b` and tap `j < taps[b]`, vector `b * kernelSize + j` holds
    /// output `4b + i`'s weight for its tap `j` in lanes `4i`, `4i + 1`, `4i + 2` (R, G, B) and 0 in
    /// lane `4i + 3`; 0 where `j` is past that output's tap count. Outputs past `outSize` (the last
    /// block's padding) have zero weights and read from the last output's start.
    struct RGBBlockWeights {
        /// `ceil(outSize / 4)`.
        let blocks: Int
        /// Taps of each block: the largest tap count of its outputs.
        let taps: [Int32]
        /// First source pixel of each of the `4 * blocks` outputs (the padding repeats the last one).
        private(set) var starts: [Int32]
        /// `blocks * kernelSize` weight vectors.
        let vectors: [SIMD16<Int32>]
        /// Bytes of one output row: `outSize * 3`.
        let outputBytes: Int
        /// The furthest byte a block reads, relative to its row's start: `max (start + taps) * 3 + 1`
        /// (each tap loads 4 bytes for a 3-byte pixel).
        private(set) var reach: Int

        init(outSize: Int, kernelSize: Int, starts axisStarts: [Int32], counts: [Int32], weights: [Int32]) {
            blocks = (outSize + 3) / 4
            outputBytes = outSize * 3
            var taps = [Int32](repeating: 0, count: blocks)
            var starts = [Int32](repeating: 0, count: blocks * 4)
            var vectors = [SIMD16<Int32>](repeating: SIMD16<Int32>(), count: blocks * kernelSize)
            var reach = 0
            for block in 0..<blocks {
                for lane in 0..<4 {
                    let x = min(block * 4 + lane, outSize - 1)
                    starts[block * 4 + lane] = axisStarts[x]
                    guard block * 4 + lane < outSize else { continue }
                    let count = Int(counts[x])
                    taps[block] = max(taps[block], Int32(count))
                    for tap in 0..<count {
                        for band in 0..<3 { vectors[block * kernelSize + tap][4 * lane + band] = weights[x * kernelSize + tap] }
                    }
                }
                for lane in 0..<4 {
                    reach = max(reach, (Int(starts[block * 4 + lane]) + Int(taps[block])) * 3 + 1)
                }
            }
            self.taps = taps
            self.starts = starts
            self.vectors = vectors
            self.reach = reach
        }

        /// The same blocks reading from `offset` pixels earlier (``ResampleCoefficients/shifted(by:)``).
        func shifted(by offset: Int) -> RGBBlockWeights {
            var copy = self
            for i in copy.starts.indices { copy.starts[i] -= Int32(offset) }
            copy.reach -= 3 * offset
            return copy
        }

        /// Whether every block's reads start inside the row and stay within ``reach``, and the
        /// arrays have their sizes (checked once per pass, with ``ResampleCoefficients/isValid(sourceLength:)``).
        func isValid(for axis: ResampleCoefficients) -> Bool {
            guard blocks == (axis.outSize + 3) / 4, outputBytes == axis.outSize * 3, taps.count == blocks,
                  starts.count == 4 * blocks, vectors.count == blocks * axis.kernelSize else { return false }
            for block in 0..<blocks {
                guard taps[block] >= 0, Int(taps[block]) <= axis.kernelSize else { return false }
                for lane in 0..<4 {
                    let start = Int(starts[4 * block + lane])
                    guard start >= 0, (start + Int(taps[block])) * 3 + 1 <= reach else { return false }
                }
            }
            return true
        }
    }

    /// RGB horizontal pass: four outputs per step. For each tap, the four outputs' source pixels
    /// are loaded as four 4-byte words (R, G, B and a byte of the next pixel, which gets weight 0)
    /// into one 16-lane vector, widened to 32 bits and multiplied by ``RGBBlockWeights``; after the
    /// block's taps the 16 sums are clipped together and the R, G, B bytes of the four outputs stored
    /// (12 bytes). No per-output horizontal sums. Two rows share each weight vector. The same
    /// integer sums as Pillow's one-tap-at-a-time loop (wrapping addition is associative).
    /// A row whose furthest read would pass the end of the buffer (the last one, usually) goes
    /// through ``horizontalRowScalar``.
    private static func horizontalPassRGB(_ source: [UInt8], rowStride: Int, rows: Range<Int>,
                                          axis: ResampleCoefficients, into output: inout [UInt8]) {
        let weights = axis.rgbBlocks
        precondition(weights.isValid(for: axis), "ResampleKernels.horizontalPassRGB: inconsistent block weights")
        let outStride = axis.outSize * 3
        var row = rows.lowerBound
        while row < rows.upperBound {
            let outStart = (row - rows.lowerBound) * outStride
            let rowStart = row * rowStride
            if row + 1 < rows.upperBound && rowStart + rowStride + weights.reach <= source.count {
                horizontalBlocksRGB(source, rowStart: rowStart, secondRow: rowStride, weights: weights, kernelSize: axis.kernelSize,
                                    output: &output, outStart: outStart, outStride: outStride)
                row += 2
            } else if rowStart + weights.reach <= source.count {
                horizontalBlocksRGB(source, rowStart: rowStart, secondRow: 0, weights: weights, kernelSize: axis.kernelSize,
                                    output: &output, outStart: outStart, outStride: 0)
                row += 1
            } else {
                horizontalRowScalar(source, rowStart: rowStart, bands: 3, axis: axis, output: &output, outStart: outStart)
                row += 1
            }
        }
    }

    /// One row (`secondRow == 0`: computed twice, stored once) or two rows `secondRow` bytes apart of
    /// ``horizontalPassRGB(_:rowStride:rows:axis:into:)``; the second row's output starts
    /// `outStride` bytes after the first's.
    /// - Precondition: `rowStart + secondRow + weights.reach <= source.count`.
    @inline(__always)
    private static func horizontalBlocksRGB(_ source: [UInt8], rowStart: Int, secondRow: Int, weights: RGBBlockWeights, kernelSize: Int,
                                            output: inout [UInt8], outStart: Int, outStride: Int) {
        let bytes = source.span.bytes
        let starts = weights.starts.span, taps = weights.taps.span, vectors = weights.vectors.span
        var outSpan = output.mutableSpan
        var out = outSpan.mutableBytes
        let rowEnd = outStart &+ weights.outputBytes
        for block in 0..<weights.blocks {
            let s = block &* 4
            var p0 = rowStart &+ Int(starts[unchecked: s]) &* 3
            var p1 = rowStart &+ Int(starts[unchecked: s &+ 1]) &* 3
            var p2 = rowStart &+ Int(starts[unchecked: s &+ 2]) &* 3
            var p3 = rowStart &+ Int(starts[unchecked: s &+ 3]) &* 3
            var v = block &* kernelSize
            var acc0 = SIMD16<Int32>(repeating: bias), acc1 = SIMD16<Int32>(repeating: bias)
            for _ in 0..<Int(taps[unchecked: block]) {
                let w = vectors[unchecked: v]
                acc0 &+= pixels(bytes, p0, p1, p2, p3) &* w
                acc1 &+= pixels(bytes, p0 &+ secondRow, p1 &+ secondRow, p2 &+ secondRow, p3 &+ secondRow) &* w
                p0 &+= 3; p1 &+= 3; p2 &+= 3; p3 &+= 3
                v &+= 1
            }
            let o = outStart &+ block &* 12
            storeRGB(clip8(acc0), at: o, rowEnd: rowEnd, into: &out)
            if outStride != 0 {
                storeRGB(clip8(acc1), at: o &+ outStride, rowEnd: rowEnd &+ outStride, into: &out)
            }
        }
    }

    /// The four pixels at byte offsets `p0`…`p3` as 16 lanes: R, G, B and the next byte of each
    /// (4-byte loads, each widened on its own: one `vpmovzxbd` from memory per pixel).
    @inline(__always)
    private static func pixels(_ bytes: RawSpan, _ p0: Int, _ p1: Int, _ p2: Int, _ p3: Int) -> SIMD16<Int32> {
        func pixel(_ offset: Int) -> SIMD4<Int32> {
            SIMD4<Int32>(truncatingIfNeeded: bytes.unsafeLoadUnaligned(fromUncheckedByteOffset: offset, as: SIMD4<UInt8>.self))
        }
        return SIMD16(lowHalf: SIMD8(lowHalf: pixel(p0), highHalf: pixel(p1)), highHalf: SIMD8(lowHalf: pixel(p2), highHalf: pixel(p3)))
    }

    /// Pillow's `clip8` on 16 lanes, narrowed to bytes.
    @inline(__always)
    static func clip8(_ sums: SIMD16<Int32>) -> SIMD16<UInt8> {
        // Plain lane operators (the stdlib's generic clamps are not inlined): negatives → 0 via the
        // sign mask, then values above 255 → all ones → 0xFF.
        var values = sums &>> ResampleCoefficients.precisionBits
        values &= ~(values &>> 31)
        values |= (255 &- values) &>> 31
        return SIMD16<UInt8>(truncatingIfNeeded: values)
    }

    /// Stores the R, G, B bytes of four RGBX pixels at `offset`: 16 bytes at once (the last four are
    /// overwritten by the next block) when they end inside the output row (`rowEnd`), byte by byte
    /// up to `rowEnd` otherwise (the row's last block or two).
    @inline(__always)
    private static func storeRGB(_ pixels: SIMD16<UInt8>, at offset: Int, rowEnd limit: Int, into out: inout MutableRawSpan) {
        let packed = SIMD16<UInt8>(pixels[0], pixels[1], pixels[2], pixels[4], pixels[5], pixels[6],
                                   pixels[8], pixels[9], pixels[10], pixels[12], pixels[13], pixels[14], 0, 0, 0, 0)
        if offset &+ 16 <= limit {
            out.storeBytes(of: packed, toUncheckedByteOffset: offset, as: SIMD16<UInt8>.self)
        } else {
            for i in 0..<min(12, limit &- offset) {
                out.storeBytes(of: packed[i], toUncheckedByteOffset: offset &+ i, as: UInt8.self)
            }
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
                out.storeBytes(of: clip8(sums), toUncheckedByteOffset: outRow &+ i, as: SIMD16<UInt8>.self)
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
