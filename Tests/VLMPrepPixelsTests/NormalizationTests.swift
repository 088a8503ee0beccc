import Testing
import VLMPrepGeometry
import VLMPrepPixels

@Suite struct NormalizationTests {
    /// models.md §1.3: numpy's `float32(float64(x) · (1/255))` equals Float32 `x / 255` for every uint8.
    @Test func rescaleEqualsNumpysDoubleProduct() {
        for x in 0...255 {
            #expect(Normalization.rescaled(UInt8(x)) == Float(Double(x) * Normalization.rescaleFactor), "x = \(x)")
        }
        #expect(Normalization.rescaleFactor == 0.00392156862745098)
    }

    /// numpy float32 results (`(float32(x/255) − float32(mean)) / float32(std)`), printed as hex floats.
    @Test func matchesNumpyValues() {
        let clip = Normalization.openAIClip, standard = Normalization.imageNetStandard, imagenet = Normalization.imageNetDefault
        #expect(clip.normalized(0, channel: 0) == Float(-0x1.cad1b8p+0))
        #expect(clip.normalized(127, channel: 1) == Float(0x1.3b2a62p-3))
        #expect(clip.normalized(255, channel: 2) == Float(0x1.12acc0p+1))
        #expect(standard.normalized(1, channel: 0) == Float(-0x1.fbfbfcp-1))
        #expect(standard.normalized(127, channel: 2) == Float(-0x1.0101p-8))
        #expect(standard.normalized(255, channel: 1) == 1)
        #expect(imagenet.normalized(0, channel: 0) == Float(-0x1.0f177ap+1))
        #expect(imagenet.normalized(128, channel: 1) == Float(0x1.a4369p-3))
        #expect(imagenet.normalized(254, channel: 2) == Float(0x1.4fb068p+1))
    }

    @Test func constants() {
        #expect(Normalization.openAIClip.mean == [0.48145466, 0.4578275, 0.40821073])
        #expect(Normalization.openAIClip.std == [0.26862954, 0.26130258, 0.27577711])
        #expect(Normalization.imageNetStandard.mean == [0.5, 0.5, 0.5] && Normalization.imageNetStandard.std == [0.5, 0.5, 0.5])
        #expect(Normalization.imageNetDefault.mean == [0.485, 0.456, 0.406])
        #expect(Normalization.imageNetDefault.std == [0.229, 0.224, 0.225])
    }

    /// The lookup-table path gives exactly the per-element formula, in CHW order.
    @Test(arguments: [Normalization.openAIClip, .imageNetStandard, .imageNetDefault])
    func chwLayoutAndTableEqualTheFormula(_ normalization: Normalization) {
        let width = 17, height = 5
        let bytes: [UInt8] = (0..<(width * height * 3)).map { (i: Int) -> UInt8 in UInt8((i * 37 + i / 7) % 256) }
        let image = PixelBuffer(width: width, height: height, bands: 3, bytes: bytes)
        let chw = normalization.normalizedCHW(image)
        #expect(chw.count == 3 * width * height)
        for c in 0..<3 { for y in 0..<height { for x in 0..<width {
            let rescaled: Float = Float(image[x, y, c]) / 255
            let expected: Float = (rescaled - Float(normalization.mean[c])) / Float(normalization.std[c])
            let index = (c * height + y) * width + x
            #expect(chw[index] == expected)
        } } }
        // Every one of the 256 values per channel, through the table.
        let rampBytes: [UInt8] = (0..<256).flatMap { (v: Int) -> [UInt8] in [UInt8(v), UInt8(v), UInt8(v)] }
        let ramp = PixelBuffer(width: 256, height: 1, bands: 3, bytes: rampBytes)
        let all = normalization.normalizedCHW(ramp)
        for c in 0..<3 { for v in 0..<256 {
            #expect(all[c * 256 + v] == normalization.normalized(UInt8(v), channel: c))
        } }
    }

    @Test func appendsAfterExistingValues() throws {
        let grey = try Normalization(mean: [0.25], std: [0.5])
        var tensor: [Float] = [42]
        grey.appendNormalizedCHW(PixelBuffer(width: 2, height: 1, bands: 1, bytes: [0, 255]), to: &tensor)
        grey.appendNormalizedCHW(PixelBuffer(width: 1, height: 1, bands: 1, bytes: [51]), to: &tensor)
        #expect(tensor == [42, -0.5, 1.5, (Float(51) / 255 - 0.25) / 0.5])
    }

    // MARK: Invalid parameters

    @Test func rejectsBadConstants() {
        #expect(throws: GeometryError("Expected a non-empty list of finite numbers for mean but received []")) {
            try Normalization(mean: [], std: [])
        }
        #expect(throws: GeometryError("Expected a non-empty list of finite numbers for mean but received [0.5, nan]")) {
            try Normalization(mean: [0.5, .nan], std: [1, 1])
        }
        #expect(throws: GeometryError("Expected 3 finite non-zero numbers for std but received [0.5, 0.0, 0.5]")) {
            try Normalization(mean: [0.5, 0.5, 0.5], std: [0.5, 0, 0.5])
        }
        #expect(throws: GeometryError("Expected 3 finite non-zero numbers for std but received [0.5]")) {
            try Normalization(mean: [0.5, 0.5, 0.5], std: [0.5])
        }
    }
}
