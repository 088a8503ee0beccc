import Foundation
import VLMPrepGeometry
import VLMPrepPixels

/// An image: a lazy libvips pipeline plus the file it came from (for error messages).
///
/// A value type over one owning reference (STYLE.md §5); operators return new images and never
/// mutate their input. Pixels are computed when needed (``pixelBuffer()``, ``encode(_:)``,
/// ``decoded()``); decode errors of the source file surface there, as ``ImageError``s naming it.
public struct Image: Sendable {
    let handle: ImageHandle
    /// The source file, or `"<memory>"` for images built from pixels.
    public let source: String
    /// True when the pixels were decoded into memory up front (later failures are not the file's).
    private let inMemory: Bool

    init(handle: ImageHandle, source: String, inMemory: Bool = false) {
        self.handle = handle
        self.source = source
        self.inMemory = inMemory
    }

    /// Columns, in pixels.
    public var width: Int { handle.width }
    /// Rows, in pixels.
    public var height: Int { handle.height }
    /// `width x height`.
    public var size: PixelSize { PixelSize(width: width, height: height) }
    /// Bands per pixel (3 for every loaded image).
    public var bands: Int { handle.bands }

    /// Loads a file with the loading policy of DESIGN §3.1 (see ``ImageLoader``).
    ///
    /// The pixels are decoded lazily and, for most files, streamed top to bottom: read them once
    /// (one ``pixelBuffer()``, one `encode`, or one chain of operations ending in either). A second
    /// read of the same loaded image fails with an "out of order read" ``ImageError``; to use the
    /// pixels several times, take ``pixelBuffer()`` once and make `Image(pixels:)` from it (what
    /// the `load` step does).
    /// - Throws: ``ImageError`` naming the file and the reason.
    public static func load(path: String, options: LoadOptions = .default) throws(ImageError) -> Image {
        try ImageLoader.load(path: path, options: options)
    }

    /// An image over a copy of an 8-bit buffer (1 band: greyscale, 3 bands: sRGB).
    /// - Parameter source: the file the pixels came from, named in later errors (default `<memory>`).
    /// - Throws: ``ImageError`` if libvips refuses the buffer.
    public init(pixels: PixelBuffer, source: String = "<memory>") throws(ImageError) {
        do {
            // libvips keeps its own copy; holding the Swift buffer too would double the memory of
            // every decoded gallery image (measured: 343 vs 235 MB peak on the crop benchmark).
            self.init(handle: try VipsOperations.fromPixels(pixels), source: source, inMemory: true)
        } catch {
            throw ImageError(path: source, reason: .operationFailed(error))
        }
    }

    /// Runs one operation and names this image's source in any error.
    func derive(_ body: (ImageHandle) throws -> ImageHandle) throws(ImageError) -> Image {
        do {
            return Image(handle: try body(handle), source: source, inMemory: inMemory)
        } catch {
            throw ImageError(path: source, reason: .operationFailed(Self.vipsError(error)))
        }
    }

    /// Every error thrown by `VipsOperations` is a ``VipsError``; this keeps the closures above
    /// untyped without losing the type.
    private static func vipsError(_ error: any Error) -> VipsError {
        error as? VipsError ?? VipsError(operation: "unknown", message: "\(error)")
    }

    /// Evaluates pixels; a failure here is a decode failure of the source (corrupt data) unless
    /// the image came from memory.
    func evaluate<T>(_ body: (ImageHandle) throws -> T) throws(ImageError) -> T {
        do {
            return try body(handle)
        } catch {
            let vipsError = Self.vipsError(error)
            throw ImageError(path: source, reason: inMemory || source == "<memory>" ? .operationFailed(vipsError) : .corrupt(vipsError.message))
        }
    }

    /// The pixels inside `rect`, which may extend beyond the image: overhang is filled with
    /// `fill` (the square crop of DESIGN §3.4 needs it). The result is exactly `rect.size`.
    /// The corresponding libvips operations are `extract_area` and, with overhang, `embed`.
    /// - Precondition: `rect` is not empty.
    /// - Throws: ``ImageError`` if libvips fails.
    public func extractArea(_ rect: PixelRect, fill: RGBColor = .white) throws(ImageError) -> Image {
        precondition(!rect.isEmpty, "extractArea of an empty rectangle \(rect)")
        if rect.isInside(size) {
            if rect == PixelRect(size: size) { return self }
            return try derive { try VipsOperations.extractArea($0, left: rect.x, top: rect.y, width: rect.width, height: rect.height) }
        }
        // Overhang: cut the part inside the image, then place it on a canvas of the rect's size.
        let inside = rect.clamped(to: size)
        guard !inside.isEmpty else {
            // No overlap at all (libvips's embed refuses that): a canvas of the fill colour.
            let pixel = bands >= 3 ? [fill.red, fill.green, fill.blue] : [fill.red]
            let bytes = [[UInt8]](repeating: pixel, count: rect.area).flatMap { $0 }
            let canvas = try Image(pixels: PixelBuffer(width: rect.width, height: rect.height, bands: pixel.count, bytes: bytes))
            return Image(handle: canvas.handle, source: source, inMemory: true)
        }
        let part = inside == PixelRect(size: size) ? self
            : try derive { try VipsOperations.extractArea($0, left: inside.x, top: inside.y, width: inside.width, height: inside.height) }
        return try part.derive {
            try VipsOperations.embed($0, x: inside.x - rect.x, y: inside.y - rect.y, width: rect.width, height: rect.height, fill: fill)
        }
    }

    /// Places the image at `(x, y)` on a `canvas`-sized background of `fill`.
    /// The corresponding libvips operation is `embed`.
    /// - Precondition: `canvas` is not empty.
    public func embed(x: Int, y: Int, canvas: PixelSize, fill: RGBColor = .white) throws(ImageError) -> Image {
        precondition(!canvas.isEmpty, "embed into an empty canvas \(canvas)")
        return try derive { try VipsOperations.embed($0, x: x, y: y, width: canvas.width, height: canvas.height, fill: fill) }
    }

    /// Resizes to exactly `target` with a libvips kernel (aspect ratio not kept).
    /// Not Pillow-exact: for model inputs use `PillowResampler` on ``pixelBuffer()``.
    /// The corresponding libvips operation is `resize`.
    /// - Precondition: `target` is not empty.
    public func resize(to target: PixelSize, kernel: ResizeKernel = .lanczos3) throws(ImageError) -> Image {
        precondition(!target.isEmpty, "resize to an empty size \(target)")
        if target == size { return self }
        let resized = try derive {
            try VipsOperations.resize($0, horizontalScale: Double(target.width) / Double(width),
                                      verticalScale: Double(target.height) / Double(height), kernel: kernel)
        }
        // libvips rounds the output size; pin it to the exact target (at most one pixel off).
        if resized.size == target { return resized }
        return try resized.extractArea(PixelRect(size: target), fill: .black)
    }

    /// Decodes all pixels into memory now (later operations then read memory, not the file).
    /// - Throws: ``ImageError`` `.corrupt` when the file's data is damaged.
    public func decoded() throws(ImageError) -> Image {
        Image(handle: try evaluate { try VipsOperations.copyMemory($0) }, source: source, inMemory: true)
    }

    /// The pixels as an 8-bit interleaved buffer (3 bands for loaded images).
    /// - Throws: ``ImageError`` `.corrupt` when the file's data is damaged.
    public func pixelBuffer() throws(ImageError) -> PixelBuffer {
        let bytes = try evaluate { try VipsOperations.pixelBytes($0) }
        return PixelBuffer(width: width, height: height, bands: bands, bytes: bytes)
    }

    /// Encodes to JPEG, PNG or WebP in memory.
    /// The corresponding libvips operations are `jpegsave_buffer`, `pngsave_buffer`, `webpsave_buffer`.
    /// - Throws: ``ImageError`` `.corrupt` when the source file's data is damaged.
    public func encode(_ options: EncodeOptions) throws(ImageError) -> Data {
        Data(try evaluate { try VipsOperations.encode($0, options) })
    }

    /// The libvips version in use, e.g. `"8.14.1"`.
    public static var libvipsVersion: String { VipsCall.version }
}
