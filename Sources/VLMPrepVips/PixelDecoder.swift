import Foundation
import VLMPrepGeometry
import VLMPrepPixels

/// Decodes a file straight to an upright 8-bit RGB ``PixelBuffer`` — the input of hashing and
/// model tensors — by the cheapest route that gives the same pixels as the loading policy:
/// plain JPEGs (YCbCr or grey) through libjpeg-turbo directly (same decoder settings as Pillow and
/// libvips, so the same bytes), everything else through ``ImageLoader``.
public enum PixelDecoder {
    /// The upright RGB pixels of a file.
    /// - Parameters:
    ///   - path: the image file.
    ///   - options: loading policy (alpha, pixel limit, lenient).
    ///   - jpegMinimumSide: 0 (default): full size. Above 0: JPEGs are decoded shrunk by the
    ///     largest DCT-domain factor (2, 4 or 8) that keeps both stored sides >= this many pixels
    ///     (fast, not pixel-identical to a full decode + resize); other formats ignore it.
    /// - Precondition: `jpegMinimumSide >= 0`.
    /// - Throws: ``ImageError`` naming the file and the reason.
    public static func uprightRGB(path: String, options: LoadOptions = .default, jpegMinimumSide: Int = 0) throws(ImageError) -> PixelBuffer {
        try upright(path: path, options: options, jpegMinimumSide: jpegMinimumSide, jpeg: JPEGDecoder.decodeRGB) { $0 }
    }

    /// The upright pixels of a file in Pillow's `L` (``PixelBuffer/convertedToL()`` of
    /// ``uprightRGB(path:options:jpegMinimumSide:)``, the same bytes): what pHash reads. JPEGs are
    /// converted row by row as they are decoded, never held as RGB.
    /// - Parameters: as ``uprightRGB(path:options:jpegMinimumSide:)``.
    /// - Precondition: `jpegMinimumSide >= 0`.
    /// - Throws: ``ImageError`` naming the file and the reason.
    public static func uprightL(path: String, options: LoadOptions = .default, jpegMinimumSide: Int = 0) throws(ImageError) -> PixelBuffer {
        try upright(path: path, options: options, jpegMinimumSide: jpegMinimumSide, jpeg: JPEGDecoder.decodeL) { $0.convertedToL() }
    }

    private static func upright(path: String, options: LoadOptions, jpegMinimumSide: Int,
                                jpeg decode: (String, Int, Int, Bool) throws(ImageError) -> JPEGDecoder.Outcome,
                                fromRGB convert: (PixelBuffer) -> PixelBuffer) throws(ImageError) -> PixelBuffer {
        precondition(jpegMinimumSide >= 0, "jpegMinimumSide must not be negative")
        if isJPEGName(path) {
            try ImageLoader.checkFile(path)
            // The C decoder reads the header itself (pixel limit before decoding) and declines
            // anything that is not a plain JPEG, which then goes through the loader.
            if case let .decoded(buffer, orientation) = try decode(path, options.maxInputPixels, jpegMinimumSide, options.lenient) {
                return buffer.applyingOrientation(orientation)
            }
        }
        return convert(try ImageLoader.load(path: path, options: options).pixelBuffer())
    }

    private static func isJPEGName(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext == "jpg" || ext == "jpeg" || ext == "jpe" || ext == "jfif"
    }
}
