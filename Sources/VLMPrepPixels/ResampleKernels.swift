/// The inner loops of ``PillowResampler`` (internal; raw pointers never leave this file's callers).
///
/// Ports of Pillow 13.0.0 `Resample.c` `ImagingResampleHorizontal_8bpc` and
/// `ImagingResampleVertical_8bpc`: every output sample is
/// `clip8((1 << 21) + Σ weight_j · pixel_j) = clamp(acc >> 22, 0, 255)` in 32-bit integers.
/// Sums use wrapping `&+`/`&*`: addition modulo 2^32 is associative and Pillow's sums never leave
/// the 32-bit range for 8-bit input, so any summation order gives Pillow's exact bytes — the
/// vertical pass sums 16 columns at once in SIMD lanes. (The x86-64 baseline has no 32-bit vector
/// multiply; a 16-bit split would need intrinsics, which this pure-Swift module avoids.)
enum ResampleKernels {
    /// `1 << (PRECISION_BITS - 1)`: the rounding bias every accumulator starts from.
    static let bias: Int32 = 1 << (ResampleCoefficients.precisionBits - 1)

    /// Pillow's `clip8`: `acc >> 22` (arithmetic shift) clamped to `0...255`.
    @inline(__always)
    static func clip8(_ acc: Int32) -> UInt8 {
        let value = acc >> ResampleCoefficients.precisionBits
        return value <= 0 ? 0 : (value >= 255 ? 255 : UInt8(truncatingIfNeeded: value))
    }

    /// Read-only views of one axis' coefficients, valid inside ``withPointers(_:_:)``.
    struct Axis {
        let starts: UnsafePointer<Int32>
        let counts: UnsafePointer<Int32>
        let weights: UnsafePointer<Int32>
        let kernelSize: Int
        let outSize: Int
    }

    /// Runs `body` with pointer views of `coefficients`.
    @inline(__always)
    static func withPointers<R>(_ coefficients: ResampleCoefficients, _ body: (Axis) -> R) -> R {
        coefficients.starts.withUnsafeBufferPointer { starts in
            coefficients.counts.withUnsafeBufferPointer { counts in
                coefficients.weights.withUnsafeBufferPointer { weights in
                    body(Axis(starts: starts.baseAddress!, counts: counts.baseAddress!,
                              weights: weights.baseAddress!, kernelSize: coefficients.kernelSize,
                              outSize: coefficients.outSize))
                }
            }
        }
    }

    /// Horizontal pass over one row: `axis.outSize` output pixels of `bands` bytes from `source`
    /// (the row's first byte; `axis.starts` are pixel indices into it).
    @inline(__always)
    static func horizontalRow(_ source: UnsafePointer<UInt8>, _ destination: UnsafeMutablePointer<UInt8>,
                              bands: Int, axis: Axis) {
        switch bands {
        case 1:
            for xx in 0..<axis.outSize {
                let pixels = source + Int(axis.starts[xx])
                let taps = Int(axis.counts[xx])
                let weights = axis.weights + xx * axis.kernelSize
                var ss0 = bias
                for x in 0..<taps {
                    ss0 &+= Int32(pixels[x]) &* weights[x]
                }
                destination[xx] = clip8(ss0)
            }
        case 3:
            for xx in 0..<axis.outSize {
                var pixels = source + Int(axis.starts[xx]) * 3
                let taps = Int(axis.counts[xx])
                let weights = axis.weights + xx * axis.kernelSize
                var ss0 = bias, ss1 = bias, ss2 = bias
                for x in 0..<taps {
                    let w = weights[x]
                    ss0 &+= Int32(pixels[0]) &* w
                    ss1 &+= Int32(pixels[1]) &* w
                    ss2 &+= Int32(pixels[2]) &* w
                    pixels += 3
                }
                let out = destination + xx * 3
                out[0] = clip8(ss0)
                out[1] = clip8(ss1)
                out[2] = clip8(ss2)
            }
        default:
            for xx in 0..<axis.outSize {
                let pixels = source + Int(axis.starts[xx]) * bands
                let taps = Int(axis.counts[xx])
                let weights = axis.weights + xx * axis.kernelSize
                for band in 0..<bands {
                    var ss = bias
                    for x in 0..<taps {
                        ss &+= Int32(pixels[x * bands + band]) &* weights[x]
                    }
                    destination[xx * bands + band] = clip8(ss)
                }
            }
        }
    }

    /// Vertical pass: `axis.outSize` output rows of `rowLength` bytes each, written contiguously
    /// to `destination`. Source row `r` starts at `source + r * sourceStride` (`axis.starts` are
    /// row indices). Columns are processed in blocks of 16 bytes whose 16 sums stay in registers
    /// across all taps; the tail is done one byte at a time.
    static func verticalPass(_ source: UnsafePointer<UInt8>, sourceStride: Int, rowLength: Int,
                             axis: Axis, destination: UnsafeMutablePointer<UInt8>) {
        let raw = UnsafeRawPointer(source)
        let blockEnd = rowLength - rowLength % 16
        for yy in 0..<axis.outSize {
            let first = Int(axis.starts[yy])
            let taps = Int(axis.counts[yy])
            let weights = axis.weights + yy * axis.kernelSize
            let out = destination + yy * rowLength
            var i = 0
            while i < blockEnd {
                var sums = SIMD16<Int32>(repeating: bias)
                var row = raw + first * sourceStride + i
                for tap in 0..<taps {
                    let pixels = SIMD16<Int32>(truncatingIfNeeded: row.loadUnaligned(as: SIMD16<UInt8>.self))
                    sums &+= pixels &* weights[tap]
                    row += sourceStride
                }
                // clip8 with plain lane operators (the stdlib's generic clamps are not inlined):
                // negatives → 0 via the sign mask, then values above 255 → all ones → 0xFF.
                var values = sums &>> ResampleCoefficients.precisionBits
                values &= ~(values &>> 31)
                values |= (255 &- values) &>> 31
                UnsafeMutableRawPointer(out + i).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: values),
                                                            as: SIMD16<UInt8>.self)
                i += 16
            }
            while i < rowLength {
                var sum = bias
                var row = source + first * sourceStride + i
                for tap in 0..<taps {
                    sum &+= Int32(row.pointee) &* weights[tap]
                    row += sourceStride
                }
                out[i] = clip8(sum)
                i += 1
            }
        }
    }
}
