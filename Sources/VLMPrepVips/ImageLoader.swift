import Foundation
import VLMPrepGeometry

/// The loading policy (DESIGN §3.1), in one fixed order:
/// 1. check the path (missing, directory, unreadable, empty) — before libvips sees it;
/// 2. find a permitted loader (untrusted libvips loaders are blocked) — else unsupported format;
/// 3. read the header and check `maxInputPixels` — before any pixel is decoded;
/// 4. apply EXIF orientation (upright pixels, tag dropped);
/// 5. colour: CMYK through its embedded ICC profile or libvips's CMYK default profile (this
///    knowingly differs from Pillow's naive CMYK conversion); 16-bit scaled to 8-bit; grey and
///    palette to RGB. RGB images with an embedded profile keep their values, as Pillow does;
/// 6. alpha flattened onto a background or dropped;
/// 7. exactly 3 bands of 8-bit sRGB.
/// Damaged data is an error (libvips `fail_on` = warning; for PNG every chunk CRC is verified
/// first, see ``FileIntegrity``) unless `lenient`.
public enum ImageLoader {
    /// Loads a file; pixels stay lazy (decoded by the first operation that needs them) and can be
    /// read once (see ``Image/load(path:options:)``).
    /// - Throws: ``ImageError`` naming the file and the reason.
    public static func load(path: String, options: LoadOptions = .default) throws(ImageError) -> Image {
        let header = try probe(path: path)
        guard header.pixelCount <= options.maxInputPixels else {
            throw ImageError(path: path, reason: .tooManyPixels(width: header.width, height: header.height, limit: options.maxInputPixels))
        }
        // Sequential access streams the file top to bottom with little memory; orientations that
        // need rows out of order (rotations, vertical flips) need random access.
        let sequential = header.orientation <= 2
        let failOn: VipsOperations.FailOn = options.lenient ? .none : .warning
        if header.format == "png", !options.lenient, let problem = FileIntegrity.problem(path: path) {
            throw ImageError(path: path, reason: .corrupt(problem))
        }
        var image = try open(path: path, sequential: sequential, failOn: failOn)
        image = try normalise(image, orientation: header.orientation, options: options)
        return image
    }

    /// Reads the header only: format, upright size, orientation, bands, alpha, ICC.
    /// - Parameter checkIntegrity: also verify the file's structure without decoding pixels
    ///   (PNG chunk CRCs and IEND, JPEG end-of-image marker), so truncated files are reported.
    /// - Throws: ``ImageError`` naming the file and the reason.
    public static func probe(path: String, checkIntegrity: Bool = false) throws(ImageError) -> ImageHeader {
        let header = try readHeader(path: path)
        if checkIntegrity, let problem = FileIntegrity.problem(path: path, format: header.format) {
            throw ImageError(path: path, reason: .corrupt(problem))
        }
        return header
    }

    private static func readHeader(path: String) throws(ImageError) -> ImageHeader {
        try checkFile(path)
        let loader: String?
        do { loader = try VipsOperations.loaderName(path: path) } catch {
            throw ImageError(path: path, reason: .operationFailed(error))
        }
        guard let loader else { throw ImageError(path: path, reason: .unsupportedFormat) }
        let image = try open(path: path, sequential: true, failOn: .none)
        let handle = image.handle
        let orientation = handle.orientation
        let swapsSides = orientation >= 5
        return ImageHeader(
            path: path, format: formatName(loader: loader),
            width: swapsSides ? handle.height : handle.width,
            height: swapsSides ? handle.width : handle.height,
            orientation: orientation, bands: handle.bands, hasAlpha: handle.hasAlpha,
            hasICC: handle.hasICCProfile, sampleFormat: handle.bandFormatName, pages: handle.pages)
    }

    /// Loader class → format: `VipsForeignLoadJpegFile` → `jpeg`, `VipsForeignLoadNsgifFile` →
    /// `gif`, `VipsForeignLoadHeifFile` → `heif` (HEIC and AVIF), ...
    static func formatName(loader: String) -> String {
        var name = Substring(loader)
        if name.hasPrefix("VipsForeignLoad") { name = name.dropFirst("VipsForeignLoad".count) }
        for suffix in ["File", "Source", "Buffer"] where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            break
        }
        let lower = name.lowercased()
        return lower == "nsgif" ? "gif" : lower
    }

    /// Step 1 of the policy: missing, directory, unreadable and empty files.
    static func checkFile(_ path: String) throws(ImageError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImageError(path: path, reason: .notFound)
        }
        guard !isDirectory.boolValue else { throw ImageError(path: path, reason: .isDirectory) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ImageError(path: path, reason: .notReadable)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
        guard size != 0 else { throw ImageError(path: path, reason: .empty) }
    }

    private static func open(path: String, sequential: Bool, failOn: VipsOperations.FailOn) throws(ImageError) -> Image {
        do {
            return Image(handle: try VipsOperations.open(path: path, sequential: sequential, failOn: failOn), source: path)
        } catch {
            throw ImageError(path: path, reason: .corrupt(error.message))
        }
    }

    /// Steps 4–7 of the policy on an opened file.
    static func normalise(_ opened: Image, orientation: Int, options: LoadOptions) throws(ImageError) -> Image {
        var image = opened
        if orientation != 1 {
            image = try image.derive { try VipsOperations.autorot($0) }
        }
        if image.handle.isCMYK {
            let embedded = image.handle.hasICCProfile
            image = try image.derive { try VipsOperations.iccToSRGB($0, useEmbedded: embedded, inputProfile: embedded ? nil : "cmyk") }
        } else if !image.handle.isSRGB || !image.handle.isEightBit {
            image = try image.derive { try VipsOperations.colourspaceSRGB($0) }
        }
        if !image.handle.isEightBit {
            image = try image.derive { try VipsOperations.castUChar($0) }
        }
        if image.handle.hasAlpha || image.bands > 3 {
            switch options.alpha {
            case .flatten(let background) where image.handle.hasAlpha:
                image = try image.derive { try VipsOperations.flatten($0, background: background) }
                if !image.handle.isEightBit {
                    image = try image.derive { try VipsOperations.castUChar($0) }
                }
            default:
                break
            }
            if image.bands > 3 {
                image = try image.derive { try VipsOperations.extractBands($0, first: 0, count: 3) }
            }
        }
        if image.bands == 1 {
            image = try image.derive { try VipsOperations.colourspaceSRGB($0) }
        }
        return image
    }
}
