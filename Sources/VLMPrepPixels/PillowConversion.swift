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
        let bands = bands
        bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                if bands == 2 {
                    for i in destination.indices { destination[i] = source[i * 2] }
                } else {
                    for i in destination.indices {
                        let p = source.baseAddress! + i * bands
                        destination[i] = PillowConversion.luminance(red: p[0], green: p[1], blue: p[2])
                    }
                }
            }
        }
        return PixelBuffer(width: width, height: height, bands: 1, bytes: output)
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
        if bands == 3 { return self }
        let colourBands = bands <= 2 ? 1 : 3
        return mapPixels { pixel, out in
            for c in 0..<3 { out[c] = pixel[colourBands == 1 ? 0 : c] }
        }
    }

    /// RGBA (or LA) pasted onto an opaque background with the alpha band as mask — qwen-vl-utils'
    /// and vLLM's RGBA → RGB (`Image.new("RGB", size, background).paste(image, mask=alpha)`):
    /// per channel ``PillowConversion/composite(_:alpha:background:)``.
    /// - Parameter background: the colour under transparent pixels; default white `(255, 255, 255)`.
    /// - Precondition: `bands` is 2 (LA) or 4 (RGBA).
    public func flattenedToRGB(background: (red: UInt8, green: UInt8, blue: UInt8) = (255, 255, 255)) -> PixelBuffer {
        precondition(bands == 2 || bands == 4, "PixelBuffer.flattenedToRGB: needs LA or RGBA (2 or 4 bands), got \(bands)")
        let backgroundBands = [background.red, background.green, background.blue]
        let alphaBand = bands - 1
        return mapPixels { pixel, out in
            let alpha = pixel[alphaBand]
            for c in 0..<3 {
                out[c] = PillowConversion.composite(pixel[alphaBand == 1 ? 0 : c], alpha: alpha,
                                                    background: backgroundBands[c])
            }
        }
    }

    /// Pillow's naive `convert("RGB")` of a CMYK image (no ICC profile; Adobe-inverted JPEG CMYK must
    /// be un-inverted by the decoder first): per channel ``PillowConversion/rgbChannel(fromInk:black:)``.
    /// - Precondition: `bands == 4` (C, M, Y, K).
    public func convertedFromCMYKToRGB() -> PixelBuffer {
        precondition(bands == 4, "PixelBuffer.convertedFromCMYKToRGB: needs 4 bands (CMYK), got \(bands)")
        return mapPixels { pixel, out in
            for c in 0..<3 { out[c] = PillowConversion.rgbChannel(fromInk: pixel[c], black: pixel[3]) }
        }
    }

    /// A 3-band buffer of the same size whose pixel `i` is written by `body(input pixel, output pixel)`.
    private func mapPixels(_ body: (UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>) -> Void) -> PixelBuffer {
        var output = [UInt8](repeating: 0, count: width * height * 3)
        bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                for i in 0..<(width * height) {
                    body(source.baseAddress! + i * bands, destination.baseAddress! + i * 3)
                }
            }
        }
        return PixelBuffer(width: width, height: height, bands: 3, bytes: output)
    }
}
