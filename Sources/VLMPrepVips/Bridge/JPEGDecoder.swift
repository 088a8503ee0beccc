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
        guard let opened = try open(path: path, maxPixels: maxPixels, minimumSide: minimumSide, lenient: lenient) else { return .unsupported }
        defer { vlmprep_jpeg_close(opened.decoder) }
        // Decode straight into the Swift array: no intermediate buffer, no copy.
        let count = opened.width * opened.height * 3
        var message = [CChar](repeating: 0, count: 256)
        var readStatus: Int32 = VLMPREP_JPEG_OK
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            readStatus = vlmprep_jpeg_read(opened.decoder, buffer.baseAddress, count, &message, message.count)
            initialized = readStatus == VLMPREP_JPEG_OK ? count : 0
        }
        guard readStatus == VLMPREP_JPEG_OK else { throw ImageError(path: path, reason: .corrupt("libjpeg: " + text(message))) }
        return .decoded(PixelBuffer(width: opened.width, height: opened.height, bands: 3, bytes: bytes), orientation: opened.orientation)
    }

    /// Decodes a JPEG to Pillow's `L` (``PixelBuffer/convertedToL()`` of the RGB that
    /// ``decodeRGB(path:maxPixels:minimumSide:lenient:)`` gives), converting a few rows at a time
    /// so the whole RGB image is never in memory. Orientation not applied.
    /// - Throws: as ``decodeRGB(path:maxPixels:minimumSide:lenient:)``.
    static func decodeL(path: String, maxPixels: Int, minimumSide: Int, lenient: Bool) throws(ImageError) -> Outcome {
        guard let opened = try open(path: path, maxPixels: maxPixels, minimumSide: minimumSide, lenient: lenient) else { return .unsupported }
        defer { vlmprep_jpeg_close(opened.decoder) }
        let width = opened.width, batch = 16
        var rows = [UInt8](repeating: 0, count: batch * width * 3)
        var output: [UInt8] = []
        output.reserveCapacity(width * opened.height)
        var message = [CChar](repeating: 0, count: 256)
        while true {
            var read: Int32 = 0
            let status = rows.withUnsafeMutableBytes { buffer in
                vlmprep_jpeg_read_rows(opened.decoder, buffer.baseAddress, buffer.count, Int32(batch), &read, &message, message.count)
            }
            guard status == VLMPREP_JPEG_OK else { throw ImageError(path: path, reason: .corrupt("libjpeg: " + text(message))) }
            guard read > 0 else { break }
            PixelBuffer.appendLuminance(ofRGB: rows, count: Int(read) * width, to: &output)
        }
        guard output.count == width * opened.height else { throw ImageError(path: path, reason: .corrupt("libjpeg: fewer rows than the header states")) }
        return .decoded(PixelBuffer(width: width, height: opened.height, bands: 1, bytes: output), orientation: opened.orientation)
    }

    /// Opens a decoder and reads the header; nil when this path does not handle the file.
    private static func open(path: String, maxPixels: Int, minimumSide: Int, lenient: Bool) throws(ImageError)
        -> (decoder: OpaquePointer, width: Int, height: Int, orientation: Int)? {
        var decoder: OpaquePointer? = nil
        var width: Int32 = 0, height: Int32 = 0, orientation: Int32 = 1
        var message = [CChar](repeating: 0, count: 256)
        let status = vlmprep_jpeg_open(path, Int64(maxPixels), Int32(minimumSide), lenient ? 1 : 0,
                                       &decoder, &width, &height, &orientation, &message, message.count)
        guard status == VLMPREP_JPEG_OK, let decoder else {
            switch status {
            case VLMPREP_JPEG_UNSUPPORTED: return nil
            case VLMPREP_JPEG_TOO_LARGE:
                throw ImageError(path: path, reason: .tooManyPixels(width: Int(width), height: Int(height), limit: maxPixels))
            case VLMPREP_JPEG_CORRUPT: throw ImageError(path: path, reason: .corrupt("libjpeg: " + text(message)))
            default: throw ImageError(path: path, reason: .notReadable)
            }
        }
        return (decoder, Int(width), Int(height), Int(orientation))
    }

    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
