import VLMPrepGeometry

/// transformers' slow-path `rescale` + `normalize` of 8-bit pixels to float32, bit for bit
/// (`reference/models.md` §1.3; `image_transforms.rescale`/`normalize`).
///
/// Per channel `c` of a pixel value `x`:
/// `v = Float(x) / 255` (float32 division; equal to numpy's `float32(float64(x) · (1/255))` for every
/// uint8), then `out = (v − Float(mean[c])) / Float(std[c])` in float32. Output layout CHW
/// (`data_format = FIRST`). The fast (torchvision) processors fuse the two steps and differ by up to
/// 1 ulp; this type reproduces the slow path only.
///
/// Each value depends only on `(x, c)`, so the work is a 256-entry table per channel holding
/// exactly those float32 results.
public struct Normalization: Hashable, Sendable {
    /// Per-channel means, in rescaled units (0...1), as written in the model's config (double).
    public let mean: [Double]
    /// Per-channel standard deviations, in rescaled units, as written in the config (double).
    public let std: [Double]

    /// `OPENAI_CLIP_MEAN`/`OPENAI_CLIP_STD` (Qwen2-VL, Qwen2.5-VL).
    public static let openAIClip = Normalization(
        validMean: [0.48145466, 0.4578275, 0.40821073], std: [0.26862954, 0.26130258, 0.27577711])
    /// `IMAGENET_STANDARD_MEAN`/`_STD` = 0.5 (Gemma 3, Qwen3-VL, LLaVA-OneVision/SigLIP).
    public static let imageNetStandard = Normalization(validMean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])
    /// `IMAGENET_DEFAULT_MEAN`/`_STD` (InternVL).
    public static let imageNetDefault = Normalization(validMean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])

    /// transformers' `rescale_factor` default, `1/255 = 0.00392156862745098`.
    public static let rescaleFactor: Double = 1.0 / 255.0

    /// Normalisation with the given per-channel constants.
    /// - Parameters:
    ///   - mean: one finite value per channel (at least one).
    ///   - std: one finite, non-zero value per channel; as many as `mean`.
    /// - Throws: ``GeometryError``, e.g.
    ///   `Expected 3 finite non-zero numbers for std but received [0.5, 0.0, 0.5]`.
    public init(mean: [Double], std: [Double]) throws(GeometryError) {
        guard !mean.isEmpty, mean.allSatisfy(\.isFinite) else {
            throw GeometryError.invalidParameter(expected: "a non-empty list of finite numbers", name: "mean", received: mean)
        }
        guard std.count == mean.count, std.allSatisfy({ $0.isFinite && $0 != 0 }) else {
            throw GeometryError.invalidParameter(expected: "\(mean.count) finite non-zero numbers", name: "std", received: std)
        }
        self.init(validMean: mean, std: std)
    }

    private init(validMean mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }

    /// Number of channels (`mean.count`).
    public var channels: Int { mean.count }

    /// transformers' `rescale` of one uint8 value: `Float(x) / 255` in float32.
    @inlinable
    public static func rescaled(_ value: UInt8) -> Float {
        Float(value) / 255
    }

    /// The normalised float32 value of `value` in `channel`: `(rescaled(x) − Float(mean)) / Float(std)`.
    /// - Precondition: `channel < channels`.
    public func normalized(_ value: UInt8, channel: Int) -> Float {
        (Self.rescaled(value) - Float(mean[channel])) / Float(std[channel])
    }

    /// Every normalised value: element `c * 256 + x` is ``normalized(_:channel:)`` of byte `x` in
    /// channel `c` (`channels * 256` floats).
    public var lookupTable: [Float] {
        (0..<channels).flatMap { c in (0...255).map { normalized(UInt8($0), channel: c) } }
    }

    /// The image as a CHW float32 array (`channels × height × width`), every element
    /// ``normalized(_:channel:)`` of the matching byte.
    /// - Precondition: `image.bands == channels`.
    public func normalizedCHW(_ image: PixelBuffer) -> [Float] {
        var output: [Float] = []
        appendNormalizedCHW(image, to: &output)
        return output
    }

    /// Appends the CHW float32 form of `image` (see ``normalizedCHW(_:)``) to `output` — for
    /// building a `(N, C, H, W)` tensor of several images without copies.
    /// - Precondition: `image.bands == channels`.
    public func appendNormalizedCHW(_ image: PixelBuffer, to output: inout [Float]) {
        precondition(image.bands == channels, "Normalization: image has \(image.bands) bands, normalisation has \(channels) channels")
        let plane = image.width * image.height
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: plane * channels))
        let tables = lookupTable
        let bands = channels
        precondition(image.bytes.count == plane * bands, "Normalization: \(image.bytes.count) bytes for \(image.width)x\(image.height)x\(bands)")
        let source = image.bytes.span
        let table = tables.span
        var destination = output.mutableSpan
        if bands == 3 {
            // One pass over the pixels, writing the three planes side by side.
            let green = start + plane, blue = start + 2 * plane
            for i in 0..<plane {
                let p = 3 * i
                destination[unchecked: start + i] = table[unchecked: Int(source[unchecked: p])]
                destination[unchecked: green + i] = table[unchecked: 256 + Int(source[unchecked: p + 1])]
                destination[unchecked: blue + i] = table[unchecked: 512 + Int(source[unchecked: p + 2])]
            }
            return
        }
        for c in 0..<bands {
            let lookup = c &* 256
            let out = start &+ c &* plane
            var p = c
            for i in 0..<plane {
                destination[unchecked: out &+ i] = table[unchecked: lookup &+ Int(source[unchecked: p])]
                p &+= bands
            }
        }
    }
}
