/// libvips resampling kernels (`VipsKernel`), for `Image.resize` where Pillow-exact pixels are
/// not required (previews, crops for annotation). Pillow-exact model inputs use
/// `PillowResampler` from VLMPrepPixels instead.
public enum ResizeKernel: String, CaseIterable, Hashable, Sendable, Codable {
    /// Nearest neighbour.
    case nearest
    /// Bilinear (triangle).
    case linear
    /// Catmull-Rom cubic.
    case cubic
    /// Mitchell-Netravali cubic.
    case mitchell
    /// Lanczos, 2 lobes.
    case lanczos2
    /// Lanczos, 3 lobes (libvips's default).
    case lanczos3
}
