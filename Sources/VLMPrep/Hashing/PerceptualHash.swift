import Foundation
import VLMPrepGeometry
import VLMPrepPixels

/// A 64-bit perceptual hash compatible with ImageHash 4.3.2's `imagehash.phash` (defaults
/// `hash_size = 8`, `highfreq_factor = 4`), DESIGN §3.5 and `reference/phash.md`.
///
/// Bit order is ImageHash's: the 8×8 boolean block flattened row-major (`bit[8·r + c]`, row = vertical
/// frequency) with the first bit as the most significant bit of ``bits``. ``description`` is the
/// same 16 lower-case hex digits `str(imagehash.phash(image))` prints, so hashes stored by Python
/// tools interoperate; ``init(hex:)`` is `imagehash.hex_to_hash` for 64-bit hashes.
///
/// Computing: ``init(pixels:)`` runs the exact pipeline (Pillow `L` conversion → Pillow LANCZOS
/// 32×32 → float64 DCT → median → bits). It hashes the pixels it is given: ImageHash does not apply
/// EXIF orientation, DESIGN §3.5 promises the hash of the **upright** image, so pass upright pixels.
public struct PerceptualHash: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The 64 bits; the most significant bit is the DCT's DC term `[0][0]` compared with the median.
    public var bits: UInt64

    /// Wraps 64 bits (MSB first in ImageHash's bit order).
    public init(bits: UInt64) {
        self.bits = bits
    }

    /// Parses the 16-hex-digit form ImageHash prints (`"c282a843ff5ef1a2"`).
    ///
    /// Exactly 16 hexadecimal digits, case-insensitive; returns nil for anything else (other lengths,
    /// a `0x` prefix, signs, spaces).
    public init?(hex: String) {
        let utf8 = hex.utf8
        guard utf8.count == 16, utf8.allSatisfy({ Self.hexDigitValue($0) != nil }),
              let value = UInt64(hex, radix: 16) else { return nil }
        self.bits = value
    }

    /// 16 lower-case hex digits, zero-padded: ImageHash's `str(hash)`.
    public var description: String {
        let digits = String(bits, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The Hamming distance: how many of the 64 bits differ (`0...64`), ImageHash's `h1 - h2`.
    public func distance(to other: PerceptualHash) -> Int {
        (bits ^ other.bits).nonzeroBitCount
    }

    /// Decodes the 16-hex-digit string form.
    /// - Throws: `DecodingError.dataCorrupted` when the string is not 16 hex digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = PerceptualHash(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Expected 16 hexadecimal digits for phash but received \"\(text)\"")
        }
        self = hash
    }

    /// Encodes the 16-hex-digit string form (``description``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

// MARK: - Computing the hash

extension PerceptualHash {
    /// Side of the grey thumbnail the DCT runs on: `hash_size · highfreq_factor = 8 · 4`.
    public static let thumbnailSide = 32
    /// Side of the low-frequency block that becomes the bits: `hash_size = 8`.
    static let blockSide = 8

    /// `imagehash.phash(image)` of an 8-bit image.
    ///
    /// Steps (`reference/phash.md` §1): ``thumbnail(of:)`` (Pillow `convert("L")`, then Pillow
    /// LANCZOS to 32×32 with ``PillowResampler``), then ``init(thumbnail:)``.
    /// - Parameter pixels: L (1 band), LA (2, alpha dropped), RGB (3) or RGBA (4, alpha ignored — the
    ///   stored colour under transparent pixels is hashed, as ImageHash does).
    /// - Precondition: `pixels.bands` is 1...4.
    public init(pixels: PixelBuffer) {
        self.init(thumbnail: Self.thumbnail(of: pixels))
    }

    /// The 32×32 grey image ImageHash computes the DCT of:
    /// `image.convert("L").resize((32, 32), Image.Resampling.LANCZOS)` (no `reducing_gap`; a 32×32
    /// input is used as is; smaller images are upscaled; aspect ratio is not kept).
    /// - Precondition: `pixels.bands` is 1...4 (see ``init(pixels:)``).
    public static func thumbnail(of pixels: PixelBuffer) -> PixelBuffer {
        PillowResampler(filter: .lanczos).resize(pixels.convertedToL(),
                                                 to: PixelSize(width: thumbnailSide, height: thumbnailSide))
    }

    /// The hash of a 32×32 grey thumbnail (the `gray32` stage of `phash.json`).
    ///
    /// `dct8` = the top-left 8×8 block of the unnormalised type-II DCT (scipy.fftpack, first down the
    /// columns, then along the rows) computed in float64 by direct sums; coefficients with
    /// `|X| < 1e-7 · max(1, |X[0][0]|)` are set to 0 (mathematically zero terms, where scipy's FFT gives
    /// exact zeros and a direct sum leaves ±1e-12 noise); the median is the mean of the 32nd and 33rd
    /// smallest values; a bit is 1 when its coefficient is strictly greater than the median.
    /// - Precondition: `thumbnail` is 32×32 with 1 band.
    public init(thumbnail: PixelBuffer) {
        let coefficients = Self.lowFrequencyDCT(thumbnail)
        let sorted = coefficients.sorted()
        let median = (sorted[31] + sorted[32]) / 2
        var bits: UInt64 = 0
        for (index, value) in coefficients.enumerated() where value > median {
            bits |= 1 << UInt64(63 - index)
        }
        self.init(bits: bits)
    }

    /// `cos(π·k·(2n + 1) / 64)` for `k < 8`, `n < 32`, row `k` at `k * 32`.
    private static let cosines: [Double] = (0..<blockSide).flatMap { k in
        (0..<thumbnailSide).map { n in cos(Double.pi * Double(k * (2 * n + 1)) / Double(2 * thumbnailSide)) }
    }

    /// The snapped 8×8 low-frequency DCT block, row-major (row = vertical frequency): the `dct8`
    /// stage of `phash.json` (internal; tests compare it with the reference values).
    static func lowFrequencyDCT(_ thumbnail: PixelBuffer) -> [Double] {
        let side = thumbnailSide, block = blockSide
        precondition(thumbnail.width == side && thumbnail.height == side && thumbnail.bands == 1,
                     "PerceptualHash needs a 32x32 grey thumbnail, got \(thumbnail.width)x\(thumbnail.height)x\(thumbnail.bands)")
        let cosines = Self.cosines
        // Axis 0 (down each column): columns[k * 32 + x] = 2 Σ_y pixel[y][x] · cos(k, y).
        var columns = [Double](repeating: 0, count: block * side)
        for k in 0..<block {
            for x in 0..<side {
                var sum = 0.0
                for y in 0..<side {
                    sum += Double(thumbnail.bytes[y * side + x]) * cosines[k * side + y]
                }
                columns[k * side + x] = 2 * sum
            }
        }
        // Axis 1 (along each row) of the first 8 rows, first 8 frequencies.
        var result = [Double](repeating: 0, count: block * block)
        for k in 0..<block {
            for l in 0..<block {
                var sum = 0.0
                for x in 0..<side {
                    sum += columns[k * side + x] * cosines[l * side + x]
                }
                result[k * block + l] = 2 * sum
            }
        }
        let threshold = 1e-7 * max(1, abs(result[0]))
        for i in result.indices where abs(result[i]) < threshold {
            result[i] = 0
        }
        return result
    }
}
