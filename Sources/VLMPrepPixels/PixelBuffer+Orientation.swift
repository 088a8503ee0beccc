import VLMPrepGeometry

extension PixelBuffer {
    /// The buffer turned upright for an EXIF orientation tag (1–8), the way
    /// `PIL.ImageOps.exif_transpose` and libvips `autorot` do it. Orientations 5–8 swap width and
    /// height. 1 (and any value outside 1–8) returns the buffer unchanged.
    public func applyingOrientation(_ orientation: Int) -> PixelBuffer {
        guard (2...8).contains(orientation) else { return self }
        let inWidth = width, inHeight = height
        let swaps = orientation >= 5
        let outWidth = swaps ? inHeight : inWidth, outHeight = swaps ? inWidth : inHeight
        // Source coordinates of output pixel (x, y), per orientation.
        let source: (Int, Int) -> (Int, Int) = switch orientation {
        case 2: { x, y in (inWidth - 1 - x, y) }                    // mirror horizontal
        case 3: { x, y in (inWidth - 1 - x, inHeight - 1 - y) }     // rotate 180
        case 4: { x, y in (x, inHeight - 1 - y) }                   // mirror vertical
        case 5: { x, y in (y, x) }                                  // transpose
        case 6: { x, y in (y, inHeight - 1 - x) }                   // rotate 90 clockwise
        case 7: { x, y in (inWidth - 1 - y, inHeight - 1 - x) }     // transverse
        default: { x, y in (inWidth - 1 - y, x) }                   // 8: rotate 90 anticlockwise
        }
        var out = [UInt8](repeating: 0, count: bytes.count)
        var index = 0
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let (sx, sy) = source(x, y)
                let from = (sy * inWidth + sx) * bands
                for band in 0..<bands { out[index + band] = bytes[from + band] }
                index += bands
            }
        }
        return PixelBuffer(width: outWidth, height: outHeight, bands: bands, bytes: out)
    }
}
