import VLMPrepPixels

/// The deterministic input of `resample.json`:
/// `v(x, y, c) = (x*x*3 + y*5 + x*y + c*77 + (x ^ y)) mod 256`, row-major, bands interleaved.
func referencePattern(width: Int, height: Int, bands: Int) -> PixelBuffer {
    var bytes = [UInt8](repeating: 0, count: width * height * bands)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<bands {
                bytes[(y * width + x) * bands + c] = UInt8((x * x * 3 + y * 5 + x * y + c * 77 + (x ^ y)) % 256)
            }
        }
    }
    return PixelBuffer(width: width, height: height, bands: bands, bytes: bytes)
}

/// Band `band` of `image` as a 1-band buffer.
func bandPlane(_ image: PixelBuffer, _ band: Int) -> PixelBuffer {
    PixelBuffer(width: image.width, height: image.height, bands: 1,
                bytes: stride(from: band, to: image.bytes.count, by: image.bands).map { image.bytes[$0] })
}
