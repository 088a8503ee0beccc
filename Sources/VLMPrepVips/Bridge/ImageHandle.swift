internal import CVLMPrepLibvips
internal import CVLMPrepShims

/// Owns one `VipsImage*` and drops its reference in `deinit` (STYLE.md §5).
///
/// Sendable: a VipsImage is never mutated after construction here; libvips evaluates regions of
/// the same image from many threads by design.
final class ImageHandle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<VipsImage>

    init(owning pointer: UnsafeMutablePointer<VipsImage>) {
        self.pointer = pointer
    }

    deinit { vlmprep_unref(pointer) }

    var width: Int { Int(vlmprep_width(pointer)) }
    var height: Int { Int(vlmprep_height(pointer)) }
    var bands: Int { Int(vlmprep_bands(pointer)) }
    var hasAlpha: Bool { vlmprep_has_alpha(pointer) != 0 }
    var orientation: Int { Int(vlmprep_orientation(pointer)) }
    var pages: Int { Int(vlmprep_pages(pointer)) }
    var hasICCProfile: Bool { vlmprep_has_field(pointer, "icc-profile-data") != 0 }
    var isEightBit: Bool { vlmprep_format(pointer) == Int32(VIPS_FORMAT_UCHAR.rawValue) }
    var isCMYK: Bool { vlmprep_interpretation(pointer) == Int32(VIPS_INTERPRETATION_CMYK.rawValue) }
    var isSRGB: Bool { vlmprep_interpretation(pointer) == Int32(VIPS_INTERPRETATION_sRGB.rawValue) }
    var bandFormatName: String {
        switch vlmprep_format(pointer) {
        case Int32(VIPS_FORMAT_UCHAR.rawValue): "uchar"
        case Int32(VIPS_FORMAT_USHORT.rawValue): "ushort"
        case Int32(VIPS_FORMAT_FLOAT.rawValue): "float"
        default: "other"
        }
    }
}
