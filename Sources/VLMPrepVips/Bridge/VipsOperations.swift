internal import CVLMPrepLibvips
internal import CVLMPrepShims
import Foundation
import VLMPrepPixels
import VLMPrepGeometry

/// Every libvips operation vlmprep uses, one Swift function each, all through ``VipsCall``.
/// Names follow libvips (`extractArea`, `embed`, `flatten`, ...). Nothing here decides policy:
/// ``Image`` and the loader decide, these execute.
enum VipsOperations {
    /// How much a loader tolerates damaged data (VipsFailOn).
    enum FailOn {
        case none, truncated, error, warning

        var raw: Int32 {
            switch self {
            case .none: Int32(VIPS_FAIL_ON_NONE.rawValue)
            case .truncated: Int32(VIPS_FAIL_ON_TRUNCATED.rawValue)
            case .error: Int32(VIPS_FAIL_ON_ERROR.rawValue)
            case .warning: Int32(VIPS_FAIL_ON_WARNING.rawValue)
            }
        }
    }

    /// The loader libvips would use for a file ("jpegload", ...), nil when none accepts it.
    static func loaderName(path: String) throws(VipsError) -> String? {
        try VipsCall.ensureStarted()
        guard let name = vlmprep_find_loader(path) else {
            _ = VipsCall.takeErrorMessage()   // find_load sets an error; we report our own
            return nil
        }
        return String(cString: name)
    }

    /// Opens a file lazily: the header is read now, pixels when needed.
    static func open(path: String, sequential: Bool, failOn: FailOn) throws(VipsError) -> ImageHandle {
        try VipsCall.make("load") { vlmprep_open(path, sequential ? 1 : 0, failOn.raw) }
    }

    /// Shrink-on-load open (libvips `thumbnail`) fitting within the given size; applies EXIF
    /// orientation itself.
    static func thumbnail(path: String, width: Int, height: Int) throws(VipsError) -> ImageHandle {
        try VipsCall.make("thumbnail") {
            vlmprep_thumbnail(path, Int32(width), Int32(height), FailOn.truncated.raw)
        }
    }

    static func autorot(_ image: ImageHandle) throws(VipsError) -> ImageHandle {
        try VipsCall.run("autorot") { vlmprep_autorot(image.pointer, $0) }
    }

    static func removeOrientation(_ image: ImageHandle) throws(VipsError) -> ImageHandle {
        try VipsCall.run("copy") { vlmprep_remove_orientation(image.pointer, $0) }
    }

    /// ICC transform to sRGB, 8-bit. With `inputProfile` nil the embedded profile is required.
    static func iccToSRGB(_ image: ImageHandle, useEmbedded: Bool, inputProfile: String?) throws(VipsError) -> ImageHandle {
        try VipsCall.run("icc_transform") { out in
            if let inputProfile {
                return inputProfile.withCString { vlmprep_icc_to_srgb(image.pointer, out, useEmbedded ? 1 : 0, $0) }
            }
            return vlmprep_icc_to_srgb(image.pointer, out, useEmbedded ? 1 : 0, nil)
        }
    }

    static func colourspaceSRGB(_ image: ImageHandle) throws(VipsError) -> ImageHandle {
        try VipsCall.run("colourspace") { vlmprep_colourspace_srgb(image.pointer, $0) }
    }

    static func castUChar(_ image: ImageHandle) throws(VipsError) -> ImageHandle {
        try VipsCall.run("cast") { vlmprep_cast_uchar(image.pointer, $0) }
    }

    static func flatten(_ image: ImageHandle, background: RGBColor) throws(VipsError) -> ImageHandle {
        try VipsCall.run("flatten") {
            vlmprep_flatten(image.pointer, $0, Double(background.red), Double(background.green), Double(background.blue))
        }
    }

    static func extractBands(_ image: ImageHandle, first: Int, count: Int) throws(VipsError) -> ImageHandle {
        try VipsCall.run("extract_band") { vlmprep_extract_bands(image.pointer, $0, Int32(first), Int32(count)) }
    }

    static func extractArea(_ image: ImageHandle, left: Int, top: Int, width: Int, height: Int) throws(VipsError) -> ImageHandle {
        try VipsCall.run("extract_area") {
            vlmprep_extract_area(image.pointer, $0, Int32(left), Int32(top), Int32(width), Int32(height))
        }
    }

    static func embed(_ image: ImageHandle, x: Int, y: Int, width: Int, height: Int, fill: RGBColor) throws(VipsError) -> ImageHandle {
        try VipsCall.run("embed") {
            vlmprep_embed(image.pointer, $0, Int32(x), Int32(y), Int32(width), Int32(height),
                          Double(fill.red), Double(fill.green), Double(fill.blue))
        }
    }

    static func resize(_ image: ImageHandle, horizontalScale: Double, verticalScale: Double, kernel: ResizeKernel) throws(VipsError) -> ImageHandle {
        let vipsKernel: VipsKernel = switch kernel {
        case .nearest: VIPS_KERNEL_NEAREST
        case .linear: VIPS_KERNEL_LINEAR
        case .cubic: VIPS_KERNEL_CUBIC
        case .mitchell: VIPS_KERNEL_MITCHELL
        case .lanczos2: VIPS_KERNEL_LANCZOS2
        case .lanczos3: VIPS_KERNEL_LANCZOS3
        }
        return try VipsCall.run("resize") {
            vlmprep_resize(image.pointer, $0, horizontalScale, verticalScale, Int32(vipsKernel.rawValue))
        }
    }

    /// Decodes all pixels into memory now; decode errors surface here.
    static func copyMemory(_ image: ImageHandle) throws(VipsError) -> ImageHandle {
        try VipsCall.run("copy_memory") { vlmprep_copy_memory(image.pointer, $0) }
    }

    /// An image over a copy of 8-bit interleaved pixels (1 band: B_W, 3: sRGB).
    static func fromPixels(_ buffer: PixelBuffer) throws(VipsError) -> ImageHandle {
        try VipsCall.make("new_from_memory_copy") {
            buffer.bytes.withUnsafeBytes { raw in
                vlmprep_from_memory_copy(raw.baseAddress, raw.count, Int32(buffer.width), Int32(buffer.height), Int32(buffer.bands))
            }
        }
    }

    /// All pixels as 8-bit interleaved bytes (the image must already be uchar).
    static func pixelBytes(_ image: ImageHandle) throws(VipsError) -> [UInt8] {
        try VipsCall.ensureStarted()
        var size = 0
        guard let memory = vlmprep_write_to_memory(image.pointer, &size) else {
            throw VipsError(operation: "write_to_memory", message: VipsCall.takeErrorMessage())
        }
        defer { vlmprep_free(memory) }
        return [UInt8](UnsafeRawBufferPointer(start: memory, count: size))
    }

    /// Encodes to a file format in memory.
    static func encode(_ image: ImageHandle, _ options: EncodeOptions) throws(VipsError) -> [UInt8] {
        try VipsCall.ensureStarted()
        var buffer: UnsafeMutableRawPointer? = nil
        var length = 0
        let status: Int32
        let operation: String
        switch options.format {
        case .jpeg:
            operation = "jpegsave_buffer"
            let subsample: VipsForeignSubsample = switch options.chromaSubsampling {
            case .auto: VIPS_FOREIGN_SUBSAMPLE_AUTO
            case .on: VIPS_FOREIGN_SUBSAMPLE_ON
            case .off: VIPS_FOREIGN_SUBSAMPLE_OFF
            }
            status = vlmprep_jpegsave(image.pointer, &buffer, &length, Int32(options.quality),
                                      Int32(subsample.rawValue), options.stripMetadata ? 1 : 0,
                                      options.progressive ? 1 : 0, options.optimizeCoding ? 1 : 0)
        case .png:
            operation = "pngsave_buffer"
            status = vlmprep_pngsave(image.pointer, &buffer, &length, Int32(options.compression),
                                     options.stripMetadata ? 1 : 0)
        case .webp:
            operation = "webpsave_buffer"
            status = vlmprep_webpsave(image.pointer, &buffer, &length, Int32(options.quality),
                                      options.lossless ? 1 : 0, options.stripMetadata ? 1 : 0)
        }
        guard status == 0, let buffer else {
            throw VipsError(operation: operation, message: VipsCall.takeErrorMessage())
        }
        defer { vlmprep_free(buffer) }
        return [UInt8](UnsafeRawBufferPointer(start: buffer, count: length))
    }
}
