import VLMPrepGeometry
import VLMPrepPixels
import VLMPrepVips

/// How a file is decoded before hashing.
public enum HashMode: String, CaseIterable, Hashable, Sendable, Codable {
    /// Full decode of the upright image, alpha dropped (ImageHash hashes the stored colours):
    /// the same 64 bits as `imagehash.phash(ImageOps.exif_transpose(Image.open(f)))`.
    case exact
    /// JPEGs decoded at 1/2, 1/4 or 1/8 in the DCT domain (the largest shrink that keeps both
    /// sides >= ``PerceptualHash/fastModeMinimumSide``) before the same hash math: several times
    /// faster, within a few bits of `exact` (measured drift in Tools/bench/RESULTS.md). Other
    /// formats are hashed as in `exact`.
    case fast
}

extension PerceptualHash {
    /// Smallest side a fast-mode JPEG is shrunk to, in pixels (4x the 32-pixel thumbnail).
    public static let fastModeMinimumSide = 128

    /// The pHash of an image file (upright: EXIF orientation applied).
    /// - Parameters:
    ///   - path: the file.
    ///   - mode: ``HashMode/exact`` (default) or ``HashMode/fast``.
    ///   - maxInputPixels: the loader's pixel limit.
    /// - Throws: ``ImageError`` naming the file and the reason.
    public init(path: String, mode: HashMode = .exact, maxInputPixels: Int = LoadOptions.defaultMaxInputPixels) throws(ImageError) {
        let options = LoadOptions(alpha: .drop, maxInputPixels: maxInputPixels)
        self.init(pixels: try PixelDecoder.uprightL(path: path, options: options,
                                                      jpegMinimumSide: mode == .fast ? Self.fastModeMinimumSide : 0))
    }
}
