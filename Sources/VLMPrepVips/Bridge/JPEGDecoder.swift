internal import CVLMPrepShims
import Foundation
import VLMPrepPixels

/// Direct libjpeg-turbo decoding (see `vlmprep_jpeg.h` for why it exists).
enum JPEGDecoder {
    enum Outcome {
        case decoded(PixelBuffer, orientation: Int)
        /// Not a JPEG this path handles (CMYK, or not a JPEG at all): use libvips.
        case unsupported
    }

    /// Decodes a JPEG to RGB, orientation not applied; with `minimumSide` > 0 shrunk in the DCT
    /// domain as far as both sides stay >= `minimumSide`.
    /// - Throws: ``ImageError`` `.corrupt` (data), `.tooManyPixels` (header) or `.notReadable` (I/O).
    static func decodeRGB(path: String, maxPixels: Int, minimumSide: Int, lenient: Bool) throws(ImageError) -> Outcome {
        var decoder: OpaquePointer? = nil
        var width: Int32 = 0, height: Int32 = 0, orientation: Int32 = 1
        var message = [CChar](repeating: 0, count: 256)
        let status = vlmprep_jpeg_open(path, Int64(maxPixels), Int32(minimumSide), lenient ? 1 : 0,
                                       &decoder, &width, &height, &orientation, &message, message.count)
        guard status == VLMPREP_JPEG_OK, let decoder else {
            switch status {
            case VLMPREP_JPEG_UNSUPPORTED: return .unsupported
            case VLMPREP_JPEG_TOO_LARGE:
                throw ImageError(path: path, reason: .tooManyPixels(width: Int(width), height: Int(height), limit: maxPixels))
            case VLMPREP_JPEG_CORRUPT: throw ImageError(path: path, reason: .corrupt("libjpeg: " + text(message)))
            default: throw ImageError(path: path, reason: .notReadable)
            }
        }
        defer { vlmprep_jpeg_close(decoder) }
        // Decode straight into the Swift array: no intermediate buffer, no copy.
        let count = Int(width) * Int(height) * 3
        var readStatus: Int32 = VLMPREP_JPEG_OK
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            readStatus = vlmprep_jpeg_read(decoder, buffer.baseAddress, count, &message, message.count)
            initialized = readStatus == VLMPREP_JPEG_OK ? count : 0
        }
        guard readStatus == VLMPREP_JPEG_OK else {
            throw ImageError(path: path, reason: .corrupt("libjpeg: " + text(message)))
        }
        return .decoded(PixelBuffer(width: Int(width), height: Int(height), bands: 3, bytes: bytes), orientation: Int(orientation))
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
