import VLMPrepPixels

/// The formula-defined images of `phash.json` (`generate.py` `phash_images()`), rebuilt in Swift so
/// the whole hash pipeline can be checked without decoding PNGs. The noise images (numpy's PCG64
/// streams) and the sinusoid (libm-dependent rounding) are not rebuilt; the PNG-based tests cover
/// them where a decoder is available.
enum PHashReferenceImages {
    /// Pixels by vector name (the file name without `.png`).
    static let byName: [String: PixelBuffer] = {
        var images: [String: PixelBuffer] = [:]
        images["gradient_h_256x64_L"] = grey(256, 64) { x, _ in x }
        images["gradient_v_64x256_RGB"] = rgb(64, 256) { _, y in [y, 255 - y, 128] }
        let diagonal: (Int, Int) -> [Int] = { x, y in [(x + y) * 255 / 348, x * 255 / 199, y * 255 / 149] }
        images["gradient_diag_200x150_RGB"] = rgb(200, 150, diagonal)
        // numpy.rot90 (counter-clockwise): out[y][x] = in[x][W - 1 - y].
        images["gradient_diag_rot90_150x200_RGB"] = rgb(150, 200) { x, y in diagonal(199 - y, x) }
        images["checker_8px_128_L"] = grey(128, 128) { x, y in ((x / 8 + y / 8) % 2) * 255 }
        images["checker_3px_97x61_RGB"] = rgb(97, 61) { x, y in
            let c = ((x / 3 + y / 3) % 2) * 200 + 30
            return [c, 255 - c, c / 2]
        }
        images["checker_32px_256_L"] = grey(256, 256) { x, y in ((x / 32 + y / 32) % 2) * 255 }
        images["circle_on_white_160_L"] = grey(160, 160) { x, y in
            (x - 70) * (x - 70) + (y - 90) * (y - 90) < 45 * 45 ? 0 : 255
        }
        images["rects_200x120_RGB"] = rgb(200, 120) { x, y in
            if (20..<70).contains(y) && (120..<185).contains(x) { return [200, 30, 30] }
            if (80..<110).contains(y) && (10..<60).contains(x) { return [20, 40, 160] }
            return [255, 255, 255]
        }
        images["stripes_vertical_p6_120_L"] = grey(120, 120) { x, _ in (x / 3) % 2 * 255 }
        images["stripes_horizontal_p10_120_L"] = grey(120, 120) { _, y in (y / 5) % 2 * 255 }
        images["constant_gray128_128_L"] = grey(128, 128) { _, _ in 128 }
        images["constant_black_32_L"] = grey(32, 32) { _, _ in 0 }
        images["tiny_1x1_RGB"] = rgb(1, 1) { _, _ in [200, 100, 50] }
        let tiny = [[0, 255, 0, 255, 0], [255, 0, 255, 0, 255], [10, 20, 30, 40, 50]]
        images["tiny_5x3_L"] = grey(5, 3) { x, y in tiny[y][x] }
        images["rgba_half_transparent_96_RGBA"] = build(96, 96, bands: 4) { x, y in [x * 2, 90, y * 2, x < 48 ? 255 : 0] }
        let palette = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [0, 255, 255], [40, 40, 40]]
        images["palette_90_P"] = rgb(90, 90) { x, y in palette[(y / 10 + x / 15) % 6] }   // P → RGB via the palette
        images["textlike_blocks_150x100_L"] = grey(150, 100) { x, y in
            for i in 0..<6 where (12 + i * 14..<20 + i * 14).contains(y) && (10..<40 + (i * 37) % 100).contains(x) {
                return 20
            }
            return 240
        }
        return images
    }()

    private static func build(_ width: Int, _ height: Int, bands: Int, _ pixel: (Int, Int) -> [Int]) -> PixelBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * height * bands)
        for y in 0..<height { for x in 0..<width { bytes += pixel(x, y).map { UInt8($0) } } }
        return PixelBuffer(width: width, height: height, bands: bands, bytes: bytes)
    }

    private static func grey(_ width: Int, _ height: Int, _ value: (Int, Int) -> Int) -> PixelBuffer {
        build(width, height, bands: 1) { [value($0, $1)] }
    }

    private static func rgb(_ width: Int, _ height: Int, _ value: (Int, Int) -> [Int]) -> PixelBuffer {
        build(width, height, bands: 3, value)
    }
}
