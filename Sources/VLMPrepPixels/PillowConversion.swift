/// Pillow 13.0.0's 8-bit mode-conversion formulas (`src/libImaging/Convert.c`, `Paste.c`),
/// bit for bit (`reference/models.md` §1.1).
///
/// All integer arithmetic; none of these is `round(0.299·R + …)`. The per-buffer forms are the
/// ``PixelBuffer`` methods ``PixelBuffer/convertedToL()``, ``PixelBuffer/convertedToRGB()``,
/// ``PixelBuffer/flattenedToRGB(background:)`` and ``PixelBuffer/convertedFromCMYKToRGB()``.
public enum PillowConversion {
    /// Pillow's `L24`: `L = (19595·R + 38470·G + 7471·B + 32768) >> 16` (ITU-R 601-2 weights in
    /// 16-bit fixed point, rounded half up). The weights sum to 65536, so grey stays grey.
    @inlinable
    public static func luminance(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (19595 &* UInt32(red) &+ 38470 &* UInt32(green) &+ 7471 &* UInt32(blue) &+ 0x8000) >> 16)
    }

    /// Pillow's paste-with-mask blend of one channel (what qwen-vl-utils and vLLM do to put RGBA on
    /// white): `t = value·alpha + background·(255 − alpha) + 128; (t + (t >> 8)) >> 8`.
    /// Alpha 255 gives `value`, alpha 0 gives `background`.
    @inlinable
    public static func composite(_ value: UInt8, alpha: UInt8, background: UInt8) -> UInt8 {
        let t = UInt32(value) &* UInt32(alpha) &+ UInt32(background) &* (255 &- UInt32(alpha)) &+ 128
        return UInt8(truncatingIfNeeded: (t &+ (t >> 8)) >> 8)
    }

    /// Pillow's naive `cmyk2rgb` for one channel (no ICC profile): `nk = 255 − K;
    /// t = ink·nk + 128; m = (t + (t >> 8)) >> 8; clamp(nk − m, 0, 255)` (C → R, M → G, Y → B).
    @inlinable
    public static func rgbChannel(fromInk ink: UInt8, black: UInt8) -> UInt8 {
        let nk = 255 &- Int32(black)
        let t = Int32(ink) &* nk &+ 128
        let m = (t &+ (t >> 8)) >> 8
        return UInt8(clamping: nk - m)
    }
}

extension PixelBuffer {
    /// Pillow's `convert("L")`.
    ///
    /// By band count: 1 (L) → unchanged; 2 (LA) → alpha dropped; 3 (RGB) →
    /// ``PillowConversion/luminance(red:green:blue:)``; 4 (RGBA) → the same formula, alpha ignored
    /// (the stored colour of transparent pixels counts, as in Pillow and ImageHash).
    /// - Precondition: `bands` is 1...4 (4 bands are read as RGBA; for CMYK first call
    ///   ``convertedFromCMYKToRGB()``).
    public func convertedToL() -> PixelBuffer {
        precondition((1...4).contains(bands), "PixelBuffer.convertedToL: 1 to 4 bands, got \(bands)")
        if bands == 1 { return self }
        var output = [UInt8](repeating: 0, count: width * height)
        switch bands {
        case 2: Self.firstBand(of: bytes, bands: 2, into: &output)
        case 3: Self.luminance(of: bytes, bands: 3, pixels: output.count, into: &output)
        default: Self.luminance(of: bytes, bands: 4, pixels: output.count, into: &output)
        }
        return PixelBuffer(width: width, height: height, bands: 1, bytes: output)
    }

    /// `output[i] = source[i * bands]`.
    @inline(__always)
    private static func firstBand(of source: [UInt8], bands: Int, into output: inout [UInt8]) {
        precondition(source.count == output.count * bands, "PixelBuffer: \(source.count) bytes for \(output.count) pixels of \(bands) bands")
        let pixels = source.span
        var out = output.mutableSpan
        for i in 0..<out.count { out[unchecked: i] = pixels[unchecked: i &* bands] }
    }

    /// ``PillowConversion/luminance(red:green:blue:)`` of every pixel (bands 0, 1, 2 of `bands`).
    ///
    /// Computed in 16-bit lanes, which the compiler vectorises (8 pixels per multiply instead of
    /// one 32-bit multiply per band): each weight is `256·hi + lo` (19595 = 256·76 + 139,
    /// 38470 = 256·150 + 70, 7471 = 256·29 + 47), `A = 76R + 150G + 29B ≤ 65025`,
    /// `B = 139R + 70G + 47B ≤ 65280`, and `(256A + B + 32768) >> 16 = (A + (B >> 8) + 128) >> 8`
    /// (floor division splits over the two shifts; every intermediate fits 16 bits). Identical to
    /// the 32-bit formula for all 2^24 colours.
    @inline(__always)
    private static func luminance(of source: [UInt8], bands: Int, pixels count: Int, into output: inout [UInt8]) {
        precondition(count >= 0 && source.count >= count * bands && output.count == count,
                     "PixelBuffer: \(count) pixels of \(bands) bands from \(source.count) bytes into \(output.count)")
        let pixels = source.span
        var out = output.mutableSpan
        // Trapping `*`/`+` on the indices (not `&*`/`&+`): the no-overflow guarantee lets the
        // vectoriser treat the three loads as one interleaved group (measured 25% faster).
        for i in 0..<count {
            let p = i * bands
            let red = UInt16(pixels[unchecked: p]), green = UInt16(pixels[unchecked: p + 1])
            let blue = UInt16(pixels[unchecked: p + 2])
            let high = 76 &* red &+ 150 &* green &+ 29 &* blue
            let low = 139 &* red &+ 70 &* green &+ 47 &* blue
            out[unchecked: i] = UInt8(truncatingIfNeeded: (high &+ (low &>> 8) &+ 128) &>> 8)
        }
    }

    /// ``PillowConversion/luminance(red:green:blue:)`` of the first `count` RGB pixels of `rgb`
    /// (3 bytes each), appended to `output` — the `convert("L")` of rows as a decoder hands them
    /// over, without an RGB copy of the whole image.
    /// - Precondition: `rgb` holds at least `3 * count` bytes.
    public static func appendLuminance(ofRGB rgb: [UInt8], count: Int, to output: inout [UInt8]) {
        var converted = [UInt8](repeating: 0, count: count)
        luminance(of: rgb, bands: 3, pixels: count, into: &converted)
        output.append(contentsOf: converted)
    }

    /// Pillow's `convert("RGB")`.
    ///
    /// By band count: 1 (L) → replicated; 2 (LA) → alpha dropped, L replicated; 3 → unchanged;
    /// 4 (RGBA) → alpha dropped (the stored colour under transparent pixels is kept, which is what
    /// transformers' `load_image` feeds the processors).
    /// - Precondition: `bands` is 1...4 (4 bands are read as RGBA; CMYK has
    ///   ``convertedFromCMYKToRGB()``).
    public func convertedToRGB() -> PixelBuffer {
        precondition((1...4).contains(bands), "PixelBuffer.convertedToRGB: 1 to 4 bands, got \(bands)")
        switch bands {
        case 3: return self
        case 1: return mapPixels(bands: 1) { l, _, _, _ in (l, l, l) }
        case 2: return mapPixels(bands: 2) { l, _, _, _ in (l, l, l) }
        default: return mapPixels(bands: 4) { r, g, b, _ in (r, g, b) }
        }
    }

    /// RGBA (or LA) pasted onto an opaque background with the alpha band as mask — qwen-vl-utils'
    /// and vLLM's RGBA → RGB (`Image.new("RGB", size, background).paste(image, mask=alpha)`):
    /// per channel ``PillowConversion/composite(_:alpha:background:)``.
    /// - Parameter background: the colour under transparent pixels; default white `(255, 255, 255)`.
    /// - Precondition: `bands` is 2 (LA) or 4 (RGBA).
    public func flattenedToRGB(background: (red: UInt8, green: UInt8, blue: UInt8) = (255, 255, 255)) -> PixelBuffer {
        precondition(bands == 2 || bands == 4, "PixelBuffer.flattenedToRGB: needs LA or RGBA (2 or 4 bands), got \(bands)")
        if bands == 2 {
            return mapPixels(bands: 2) { l, alpha, _, _ in
                (PillowConversion.composite(l, alpha: alpha, background: background.red),
                 PillowConversion.composite(l, alpha: alpha, background: background.green),
                 PillowConversion.composite(l, alpha: alpha, background: background.blue))
            }
        }
        return mapPixels(bands: 4) { r, g, b, alpha in
            (PillowConversion.composite(r, alpha: alpha, background: background.red),
             PillowConversion.composite(g, alpha: alpha, background: background.green),
             PillowConversion.composite(b, alpha: alpha, background: background.blue))
        }
    }

    /// Pillow's naive `convert("RGB")` of a CMYK image (no ICC profile; Adobe-inverted JPEG CMYK must
    /// be un-inverted by the decoder first): per channel ``PillowConversion/rgbChannel(fromInk:black:)``.
    /// - Precondition: `bands == 4` (C, M, Y, K).
    public func convertedFromCMYKToRGB() -> PixelBuffer {
        precondition(bands == 4, "PixelBuffer.convertedFromCMYKToRGB: needs 4 bands (CMYK), got \(bands)")
        return mapPixels(bands: 4) { c, m, y, k in
            (PillowConversion.rgbChannel(fromInk: c, black: k), PillowConversion.rgbChannel(fromInk: m, black: k),
             PillowConversion.rgbChannel(fromInk: y, black: k))
        }
    }

    /// A 3-band buffer of the same size whose pixel `i` is `body(bands of input pixel i)`: the
    /// input's `bands` (1...4, equal to `self.bands`) bytes in order, 0 for the missing ones.
    @inline(__always)
    private func mapPixels(bands: Int, _ body: (UInt8, UInt8, UInt8, UInt8) -> (UInt8, UInt8, UInt8)) -> PixelBuffer {
        let count = width * height
        precondition(bands == self.bands && (1...4).contains(bands) && bytes.count == count * bands,
                     "PixelBuffer: \(bytes.count) bytes for \(width)x\(height)x\(self.bands)")
        var output = [UInt8](repeating: 0, count: count * 3)
        let source = bytes.span
        var destination = output.mutableSpan
        for i in 0..<count {
            let p = i * bands
            let rgb = body(source[unchecked: p],
                           bands > 1 ? source[unchecked: p + 1] : 0,
                           bands > 2 ? source[unchecked: p + 2] : 0,
                           bands > 3 ? source[unchecked: p + 3] : 0)
            let o = i * 3
            destination[unchecked: o] = rgb.0
            destination[unchecked: o + 1] = rgb.1
            destination[unchecked: o + 2] = rgb.2
        }
        return PixelBuffer(width: width, height: height, bands: 3, bytes: output)
    }
}
