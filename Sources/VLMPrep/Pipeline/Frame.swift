import VLMPrepGeometry
import VLMPrepVips

/// One image flowing through the pipeline (DESIGN §2): lazy pixels plus provenance, so every
/// output can be traced back to source pixels.
public struct Frame: Sendable {
    /// What produced the frame.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case original
        case crop
        case tile
        case panAndScan = "pan-and-scan"
        case thumbnail
    }

    /// The pixels (a lazy libvips image, upright 8-bit sRGB).
    public var image: Image
    /// Index of the gallery image it came from.
    public var source: Int
    /// Its rectangle in that source's upright pixels (may extend beyond the image when padded).
    public var rect: PixelRect
    /// What produced it.
    public var kind: Kind
    /// Its perceptual hash, once hashed (the `dedupe` step hashes every frame).
    public var perceptualHash: PerceptualHash?
    /// Region labels the frame was cut for (crops), in input order.
    public var labels: [String]

    /// Creates a frame.
    public init(image: Image, source: Int, rect: PixelRect, kind: Kind, perceptualHash: PerceptualHash? = nil, labels: [String] = []) {
        self.image = image
        self.source = source
        self.rect = rect
        self.kind = kind
        self.perceptualHash = perceptualHash
        self.labels = labels
    }

    /// Area of the frame's rectangle, padding included (see ``sourcePixelArea(inside:)``).
    public var sourcePixelArea: Int { rect.area }

    /// Number of source pixels the frame covers inside a source image of `size` (padding of an
    /// overhanging crop does not count), for `keep: largest`.
    public func sourcePixelArea(inside size: PixelSize) -> Int { rect.clamped(to: size).area }
}

/// A frame removed as a near-duplicate (DESIGN §3.5), kept for the output manifest.
public struct DroppedFrame: Sendable {
    /// The frame.
    public var frame: Frame
    /// Index in the prepared frames list of the kept frame it duplicates.
    public var duplicateOf: Int
    /// Hamming distance to that frame.
    public var distance: Int
}
