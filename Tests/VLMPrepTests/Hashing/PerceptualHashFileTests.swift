#if canImport(VLMPrepVips)
import Testing
import TestSupport
import VLMPrep
import VLMPrepVips

/// `imagehash.phash(Image.open(f))` for every PNG of `phash.json` (all 24, including the noise,
/// sinusoid and palette images that `PHashReferenceImages` does not rebuild), through the libvips
/// loader with alpha dropped (Pillow's `convert("L")` ignores alpha). Compiled only where the
/// loader module exists (not in the isolated pixels package).
@Suite struct PerceptualHashFileTests {
    @Test(arguments: PHashVectors.images)
    func hashOfFile(_ vector: PHashVectors.Image) throws {
        let path = Fixtures.reference.appendingPathComponent(vector.file).path
        let pixels = try VLMPrepVips.Image.load(path: path, options: LoadOptions(alpha: .drop)).pixelBuffer()
        #expect(pixels.width == vector.width && pixels.height == vector.height)
        #expect(PerceptualHash.thumbnail(of: pixels).bytes == vector.gray32)
        #expect(PerceptualHash(pixels: pixels).description == vector.phash)
        #expect(try PerceptualHash(path: path).description == vector.phash)
    }
}
#endif
