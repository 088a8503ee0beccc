import VLMPrepGeometry

/// Pillow 13.0.0's `Image.resize(size, resample)` for 8-bit images, bit for bit.
///
/// What every "slow" transformers image processor and ImageHash call (see `reference/models.md`
/// §1.2). A port of `src/libImaging/Resample.c` (`precompute_coeffs`, `normalize_coeffs_8bpc`,
/// `ImagingResampleHorizontal_8bpc`, `ImagingResampleVertical_8bpc`, `ImagingResampleInner`) and,
/// for ``ResampleFilter/nearest``, of `Geometry.c` `ImagingScaleAffine`:
///
/// 1. Same size → the input is returned unchanged (Pillow returns a copy, no filtering).
/// 2. Per axis, double-precision kernel weights normalised to sum 1, then 22-bit fixed point
///    rounded away from zero (`Int(w·2²² ± 0.5)`).
/// 3. Each pass computes `clamp((2²¹ + Σ q·pixel) >> 22, 0, 255)` in 32-bit integers; bands are
///    independent; the intermediate image between the two passes is 8-bit.
/// 4. Pass order (Pillow 13): vertical first iff `(inH − outH) > 0 && (inH − outH) > 2·(inW − outW)`
///    (see ``runsVerticalPassFirst(from:to:)``), otherwise horizontal first; a pass whose side is
///    unchanged is skipped. The first pass only computes the rows (or columns) the second pass
///    reads (Pillow's `ybox_first`/`ybox_last`), which does not change the result.
///
/// No `box` (source sub-rectangle) and no `reducing_gap`: transformers and ImageHash use neither.
/// Modes: any band count, each band resampled independently — correct for Pillow's `L` and `RGB`
/// (and `CMYK`); Pillow resizes `RGBA`/`LA` premultiplied, which this type does not do.
///
/// A pure function of its inputs: call it from any number of tasks at once. (The only shared state
/// is a lock-protected cache of kernel weights per `(inSize, outSize, filter)`, which never changes
/// a result.)
///
/// ```swift
/// let input = PillowResampler(filter: .bicubic).resize(rgb, to: PixelSize(width: 1288, height: 966))
/// ```
public struct PillowResampler: Hashable, Sendable {
    /// The resampling filter; default ``ResampleFilter/bicubic`` (Pillow's default).
    public var filter: ResampleFilter

    /// A resampler using `filter`.
    /// - Parameter filter: the Pillow filter; default ``ResampleFilter/bicubic``.
    public init(filter: ResampleFilter = .bicubic) {
        self.filter = filter
    }

    /// Pillow 13's pass-order rule: true when the vertical pass runs first, i.e. when the height
    /// shrinks and it shrinks by more than twice as many pixels as the width:
    /// `(inH − outH) > 0 && (inH − outH) > 2·(inW − outW)`. Only matters when both sides change.
    /// (Pillow ≤ 12 always ran the horizontal pass first.)
    public static func runsVerticalPassFirst(from input: PixelSize, to output: PixelSize) -> Bool {
        let shrinkH = input.height - output.height
        return shrinkH > 0 && shrinkH > 2 * (input.width - output.width)
    }

    /// `image.resize((size.width, size.height), filter)` as Pillow 13.0.0 computes it.
    ///
    /// - Parameters:
    ///   - image: the source, any band count (bands are resampled independently).
    ///   - size: the output size in pixels; both sides positive.
    /// - Returns: a buffer of `size` with `image.bands` bands; `image` itself when the size is unchanged.
    /// - Precondition: `size` has positive sides (a plan that computes an empty size is a bug).
    public func resize(_ image: PixelBuffer, to size: PixelSize) -> PixelBuffer {
        precondition(!size.isEmpty, "PillowResampler.resize: target size must be positive, got \(size)")
        if size == image.size { return image }
        if filter == .nearest { return Self.nearest(image, to: size) }
        return twoPass(image, to: size)
    }

    // MARK: - Convolution filters

    /// `ImagingResampleInner` without a box.
    private func twoPass(_ image: PixelBuffer, to size: PixelSize) -> PixelBuffer {
        let needHorizontal = size.width != image.width
        let needVertical = size.height != image.height
        let vertical = ResampleCoefficients.cached(inSize: image.height, outSize: size.height, filter: filter)
        if !needHorizontal {
            return Self.verticalPass(image, columns: 0..<image.width, axis: vertical)
        }
        let horizontal = ResampleCoefficients.cached(inSize: image.width, outSize: size.width, filter: filter)
        if !needVertical {
            return Self.horizontalPass(image, rows: 0..<image.height, axis: horizontal)
        }
        if Self.runsVerticalPassFirst(from: image.size, to: size) {
            let columns = horizontal.firstSource..<horizontal.sourceEnd
            let intermediate = Self.verticalPass(image, columns: columns, axis: vertical)
            return Self.horizontalPass(intermediate, rows: 0..<intermediate.height,
                                       axis: horizontal.shifted(by: columns.lowerBound))
        }
        let rows = vertical.firstSource..<vertical.sourceEnd
        let intermediate = Self.horizontalPass(image, rows: rows, axis: horizontal)
        return Self.verticalPass(intermediate, columns: 0..<intermediate.width,
                                 axis: vertical.shifted(by: rows.lowerBound))
    }

    /// Horizontal pass over source `rows` → `axis.outSize × rows.count`.
    private static func horizontalPass(_ image: PixelBuffer, rows: Range<Int>,
                                       axis coefficients: ResampleCoefficients) -> PixelBuffer {
        var output = [UInt8](repeating: 0, count: coefficients.outSize * image.bands * rows.count)
        ResampleKernels.horizontalPass(image.bytes, rowStride: image.rowStride, rows: rows, bands: image.bands,
                                       axis: coefficients, into: &output)
        return PixelBuffer(width: coefficients.outSize, height: rows.count, bands: image.bands, bytes: output)
    }

    /// Vertical pass over source `columns` → `columns.count × axis.outSize`.
    private static func verticalPass(_ image: PixelBuffer, columns: Range<Int>,
                                     axis coefficients: ResampleCoefficients) -> PixelBuffer {
        let rowLength = columns.count * image.bands
        var output = [UInt8](repeating: 0, count: rowLength * coefficients.outSize)
        ResampleKernels.verticalPass(image.bytes, firstByte: columns.lowerBound * image.bands,
                                     sourceStride: image.rowStride, rowLength: rowLength,
                                     axis: coefficients, into: &output)
        return PixelBuffer(width: columns.count, height: coefficients.outSize, bands: image.bands, bytes: output)
    }

    // MARK: - Nearest

    /// Port of `ImagingScaleAffine` as `ImagingResample`'s NEAREST branch calls it
    /// (`a[0] = inW / outW`, `a[4] = inH / outH`): source column of output `x` is
    /// `Int(xo)` with `xo` starting at `a[0] · 0.5` and accumulating `+= a[0]` in double
    /// (so the positions carry Pillow's accumulated rounding); out-of-range positions give 0.
    private static func nearest(_ image: PixelBuffer, to size: PixelSize) -> PixelBuffer {
        func table(inSize: Int, outSize: Int) -> [Int] {
            let step = Double(Float(inSize)) / Double(outSize)
            var position = step * 0.5
            var indices = [Int](repeating: -1, count: outSize)
            for i in 0..<outSize {
                let index = position < 0 ? -1 : Int(position)
                if index >= 0 && index < inSize { indices[i] = index }
                position += step
            }
            return indices
        }
        let columns = table(inSize: image.width, outSize: size.width)
        let rows = table(inSize: image.height, outSize: size.height)
        let bands = image.bands
        var output = [UInt8](repeating: 0, count: size.area * bands)
        // The tables hold source indices inside the image or -1, so the indexing below stays in bounds.
        precondition(image.bytes.count == image.height * image.rowStride, "PixelBuffer: \(image.bytes.count) bytes for \(image.width)x\(image.height)x\(bands)")
        switch bands {
        case 1: copyNearest(image.bytes, rowStride: image.rowStride, rows: rows, columns: columns, bands: 1, into: &output)
        case 3: copyNearest(image.bytes, rowStride: image.rowStride, rows: rows, columns: columns, bands: 3, into: &output)
        default: copyNearest(image.bytes, rowStride: image.rowStride, rows: rows, columns: columns, bands: bands, into: &output)
        }
        return PixelBuffer(width: size.width, height: size.height, bands: bands, bytes: output)
    }

    /// `output` pixel `(x, y)` = source pixel `(columns[x], rows[y])`, skipped where either is -1
    /// (specialised by the caller for the common band counts).
    @inline(__always)
    private static func copyNearest(_ source: [UInt8], rowStride: Int, rows: [Int], columns: [Int], bands: Int,
                                    into output: inout [UInt8]) {
        let outStride = columns.count * bands
        precondition(output.count == rows.count * outStride, "PillowResampler.nearest: output size")
        let pixels = source.span, sourceColumns = columns.span
        var destination = output.mutableSpan
        for (y, sourceRow) in rows.enumerated() where sourceRow >= 0 {
            let input = sourceRow * rowStride
            let out = y * outStride
            for x in 0..<sourceColumns.count {
                let sourceColumn = sourceColumns[unchecked: x]
                if sourceColumn < 0 { continue }
                let from = input + sourceColumn * bands, to = out + x * bands
                for band in 0..<bands {
                    destination[unchecked: to + band] = pixels[unchecked: from + band]
                }
            }
        }
    }
}
