import Foundation
import VLMPrepGeometry

/// A Pillow resampling filter (`PIL.Image.Resampling`), as used by ``PillowResampler``.
///
/// Supports (`s`) and kernels `k(x)` are Pillow 13.0.0's (`src/libImaging/Resample.c`):
/// - ``box``: `s = 0.5`, `k = 1` for `-0.5 < x <= 0.5`.
/// - ``bilinear``: `s = 1`, `k = max(0, 1 - |x|)`.
/// - ``hamming``: `s = 1`, `k = sin(πx)/(πx) · (0.54 + 0.46·cos(πx))` for `|x| < 1` (the two constants
///   are C `float` literals, so `0.54f`/`0.46f` widened to double).
/// - ``bicubic``: `s = 2`, Keys cubic with `a = -0.5`.
/// - ``lanczos``: `s = 3`, `k = sinc(x)·sinc(x/3)` for `-3 <= x < 3`.
/// - ``nearest``: no kernel; Pillow resizes with its affine nearest-neighbour path instead.
///
/// Raw values are the lower-case Pillow names; ``pillowCode`` is the integer stored in
/// transformers' `preprocessor_config.json` (`"resample": 3` = bicubic).
public enum ResampleFilter: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// `Resampling.NEAREST` (0): nearest neighbour, Pillow's affine scale path.
    case nearest
    /// `Resampling.BOX` (4): each output pixel averages the input pixels it covers.
    case box
    /// `Resampling.BILINEAR` (2): triangle kernel, support 1 (Gemma 3).
    case bilinear
    /// `Resampling.HAMMING` (5): Hamming-windowed sinc, support 1.
    case hamming
    /// `Resampling.BICUBIC` (3): Keys cubic `a = -0.5`, support 2 (Pillow's default; Qwen, InternVL,
    /// LLaVA-OneVision).
    case bicubic
    /// `Resampling.LANCZOS` (1): Lanczos-3 (ImageHash's `ANTIALIAS`).
    case lanczos

    /// Parses a filter name as a user spells it in a recipe or on the command line.
    ///
    /// Accepts the raw values (`"bicubic"`) and Pillow's upper-case constants (`"BICUBIC"`):
    /// matching is case-insensitive. `"antialias"` is not accepted (Pillow removed it in 10.0).
    /// - Parameters:
    ///   - name: the filter name.
    ///   - parameterName: the option name used in the error message; default `"filter"`.
    /// - Throws: ``GeometryError`` reading
    ///   `Expected one of: nearest, box, bilinear, hamming, bicubic, lanczos for filter but received "x"`.
    public init(parsing name: String, parameterName: String = "filter") throws(GeometryError) {
        guard let filter = ResampleFilter(rawValue: name.lowercased()) else {
            throw GeometryError.invalidParameter(
                expected: InvalidParameter.oneOf(ResampleFilter.allCases),
                name: parameterName, received: "\"\(name)\"")
        }
        self = filter
    }

    /// Pillow's integer constant for the filter (`Image.Resampling.<NAME>.value`):
    /// nearest 0, lanczos 1, bilinear 2, bicubic 3, box 4, hamming 5.
    public var pillowCode: Int {
        switch self {
        case .nearest: 0
        case .lanczos: 1
        case .bilinear: 2
        case .bicubic: 3
        case .box: 4
        case .hamming: 5
        }
    }

    /// The filter whose ``pillowCode`` is `code` (as stored in transformers' processor configs).
    /// - Throws: ``GeometryError`` reading `Expected one of: 0, 1, 2, 3, 4, 5 for resample but received 7`.
    public init(pillowCode code: Int, parameterName: String = "resample") throws(GeometryError) {
        guard let filter = ResampleFilter.allCases.first(where: { $0.pillowCode == code }) else {
            throw GeometryError.invalidParameter(
                expected: InvalidParameter.oneOf(ResampleFilter.allCases.map(\.pillowCode).sorted()),
                name: parameterName, received: code)
        }
        self = filter
    }

    /// The lower-case name (the raw value).
    public var description: String { rawValue }

    /// Half-width of the kernel in input pixels at scale 1 (Pillow's `filter->support`);
    /// 0 for ``nearest``, which has no kernel.
    var support: Double {
        switch self {
        case .nearest: 0
        case .box: 0.5
        case .bilinear, .hamming: 1
        case .bicubic: 2
        case .lanczos: 3
        }
    }

    /// The kernel `k(x)`, a line-by-line port of the static filter functions in Pillow's
    /// `Resample.c` (`box_filter`, `bilinear_filter`, `hamming_filter`, `bicubic_filter`,
    /// `lanczos_filter`), in double precision.
    /// - Precondition: not ``nearest``.
    func kernel(_ value: Double) -> Double {
        var x = value
        switch self {
        case .nearest:
            preconditionFailure("ResampleFilter.nearest has no convolution kernel")
        case .box:
            return x > -0.5 && x <= 0.5 ? 1 : 0
        case .bilinear:
            if x < 0 { x = -x }
            return x < 1 ? 1 - x : 0
        case .hamming:
            if x < 0 { x = -x }
            if x == 0 { return 1 }
            if x >= 1 { return 0 }
            x *= Double.pi
            return sin(x) / x * (Double(Float(0.54)) + Double(Float(0.46)) * cos(x))
        case .bicubic:
            let a = -0.5
            if x < 0 { x = -x }
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        case .lanczos:
            guard -3 <= x && x < 3 else { return 0 }
            return Self.sinc(x) * Self.sinc(x / 3)
        }
    }

    /// `sin(πx)/(πx)`, 1 at 0 (Pillow's `sinc_filter`).
    private static func sinc(_ value: Double) -> Double {
        if value == 0 { return 1 }
        let x = value * Double.pi
        return sin(x) / x
    }
}
