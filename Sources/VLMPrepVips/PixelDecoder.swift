import Foundation
import VLMPrepGeometry
import VLMPrepPixels

/// Decodes a file straight to an upright 8-bit RGB ``PixelBuffer`` — the input of hashing and
/// model tensors — by the cheapest route that gives the same pixels as the loading policy:
/// plain JPEGs (YCbCr or grey) through libjpeg-turbo directly (same decoder settings as Pillow and
/// libvips, so the same bytes), everything else through ``ImageLoader``.
public enum PixelDecoder {
    /// Valid JPEG DCT-domain shrink factors.
    public static let jpegShrinkFactors: Set<Int> = [1, 2, 4, 8]

    /// The upright RGB pixels of a file.
    /// - Parameters:
    ///   - path: the image file.
    ///   - options: loading policy (alpha, pixel limit, lenient).
    ///   - jpegShrink: 1 (default, full size), 2, 4 or 8: JPEGs are decoded at 1/`jpegShrink` in
    ///     the DCT domain (fast, not pixel-identical to a full decode + resize); other formats
    ///     ignore it.
    /// - Precondition: `jpegShrink` is one of ``jpegShrinkFactors``.
    /// - Throws: ``ImageError`` naming the file and the reason.
    public static func uprightRGB(path: String, options: LoadOptions = .default, jpegShrink: Int = 1) throws(ImageError) -> PixelBuffer {
        precondition(jpegShrinkFactors.contains(jpegShrink), "jpegShrink must be 1, 2, 4 or 8, got \(jpegShrink)")
        if isJPEGName(path) {
            let header = try ImageLoader.probe(path: path)
            guard header.pixelCount <= options.maxInputPixels else {
                throw ImageError(path: path, reason: .tooManyPixels(width: header.width, height: header.height, limit: options.maxInputPixels))
            }
            if header.format == "jpeg",
               case let .decoded(buffer, orientation) = try JPEGDecoder.decodeRGB(path: path, scaleDenominator: jpegShrink, lenient: options.lenient) {
                return buffer.applyingOrientation(orientation)
            }
        }
        return try ImageLoader.load(path: path, options: options).pixelBuffer()
    }

    private static func isJPEGName(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext == "jpg" || ext == "jpeg" || ext == "jpe" || ext == "jfif"
    }
}
