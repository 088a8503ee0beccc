import Foundation
import Testing
import TestSupport
import VLMPrepGeometry
import VLMPrepPixels
#if canImport(VLMPrepHashing)
@testable import VLMPrepHashing
#else
@testable import VLMPrep
#endif

@Suite struct PerceptualHashTests {
    // MARK: Value type

    @Test func hexFormIsImageHashs() throws {
        #expect(PerceptualHash(bits: 0).description == "0000000000000000")
        #expect(PerceptualHash(bits: 0x8000_0000_0000_0000).description == "8000000000000000")
        #expect(PerceptualHash(bits: 0xAB).description == "00000000000000ab")
        #expect(PerceptualHash(hex: "c282a843ff5ef1a2")?.bits == 0xC282_A843_FF5E_F1A2)
        #expect(PerceptualHash(hex: "C282A843FF5EF1A2")?.bits == 0xC282_A843_FF5E_F1A2)
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<1_000 {
            let hash = PerceptualHash(bits: generator.next())
            #expect(PerceptualHash(hex: hash.description) == hash)
            #expect(hash.description.count == 16)
        }
    }

    @Test func rejectsMalformedHex() {
        for text in ["", "c282a843ff5ef1a", "c282a843ff5ef1a2a", "0xc282a843ff5ef1", "g282a843ff5ef1a2",
                     " c282a843ff5ef1a", "+282a843ff5ef1a2", "-282a843ff5ef1a2", "c282a843ff5ef1a２"] {
            #expect(PerceptualHash(hex: text) == nil, "\"\(text)\"")
        }
    }

    @Test func distanceIsPopcountOfXor() {
        let zero = PerceptualHash(bits: 0)
        #expect(zero.distance(to: PerceptualHash(bits: .max)) == 64)
        #expect(zero.distance(to: zero) == 0)
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<1_000 {
            let a = PerceptualHash(bits: generator.next()), b = PerceptualHash(bits: generator.next())
            let differing = zip(a.description, b.description).reduce(0) { count, pair in
                count + (Int(String(pair.0), radix: 16)! ^ Int(String(pair.1), radix: 16)!).nonzeroBitCount
            }
            #expect(a.distance(to: b) == differing)
            #expect(a.distance(to: b) == b.distance(to: a))
        }
    }

    @Test func codableAsHexString() throws {
        let hash = PerceptualHash(bits: 0x0123_4567_89AB_CDEF)
        let data = try JSONEncoder().encode(["phash": hash])
        #expect(String(decoding: data, as: UTF8.self) == #"{"phash":"0123456789abcdef"}"#)
        #expect(try JSONDecoder().decode([String: PerceptualHash].self, from: data) == ["phash": hash])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([PerceptualHash].self, from: Data(#"["0123"]"#.utf8))
        }
    }

    // MARK: Reference vectors (phash.json)

    @Test func allReferenceVectorsAreLoaded() {
        #expect(PHashVectors.images.count == 24)
        #expect(PHashVectors.pairs.count == 6)
    }

    /// DCT, median and bits from the 32×32 grey stage, for every vector.
    @Test(arguments: PHashVectors.images)
    func hashFromThumbnail(_ vector: PHashVectors.Image) throws {
        let thumbnail = PixelBuffer(width: 32, height: 32, bands: 1, bytes: vector.gray32)
        let hash = PerceptualHash(thumbnail: thumbnail)
        #expect(hash.description == vector.phash)
        #expect(String(hash.bits, radix: 2).leftPadded(to: 64) == vector.bits)
        let dct = PerceptualHash.lowFrequencyDCT(thumbnail)
        let scale = max(1, abs(vector.dct8[0]))
        for (ours, theirs) in zip(dct, vector.dct8) {
            // Equal up to round-off, except values below the snap threshold, which become 0.
            let snapped = ours == 0 && abs(theirs) < 1e-7 * scale
            #expect(snapped || abs(ours - theirs) <= 1e-9 * scale, "dct \(ours) vs scipy \(theirs)")
        }
    }

    /// The whole pipeline (L conversion, Pillow LANCZOS 32×32, DCT) on the formula-defined images.
    @Test(arguments: PHashVectors.images.filter { PHashReferenceImages.byName[$0.name] != nil })
    func hashFromPixels(_ vector: PHashVectors.Image) throws {
        let pixels = try #require(PHashReferenceImages.byName[vector.name])
        #expect(pixels.width == vector.width && pixels.height == vector.height)
        #expect(PerceptualHash.thumbnail(of: pixels).bytes == vector.gray32)
        #expect(PerceptualHash(pixels: pixels).description == vector.phash)
    }

    @Test func formulaImagesCoverAllButNoiseAndSinusoid() {
        let rebuilt = PHashVectors.images.filter { PHashReferenceImages.byName[$0.name] != nil }
        #expect(rebuilt.count == 18)
    }

    @Test(arguments: PHashVectors.pairs)
    func hammingPairs(_ pair: PHashVectors.Pair) throws {
        let hashes = Dictionary(uniqueKeysWithValues: PHashVectors.images.map { ($0.name, $0.phash) })
        let hexA = try #require(hashes[pair.a]), hexB = try #require(hashes[pair.b])
        let a = try #require(PerceptualHash(hex: hexA))
        let b = try #require(PerceptualHash(hex: hexB))
        #expect(a.distance(to: b) == pair.distance)
    }

    // MARK: Edge cases

    @Test func thumbnailOfA32x32GreyImageIsTheImage() {
        let image = PixelBuffer(width: 32, height: 32, bands: 1, bytes: (0..<1024).map { UInt8($0 % 251) })
        #expect(PerceptualHash.thumbnail(of: image) == image)
    }

    @Test func bandCountsHashLikeTheirLVersion() {
        let rgba = PHashReferenceImages.byName["rgba_half_transparent_96_RGBA"]!
        let grey = rgba.convertedToL()
        #expect(PerceptualHash(pixels: rgba) == PerceptualHash(pixels: grey))
        #expect(PerceptualHash(pixels: rgba.convertedToRGB()) == PerceptualHash(pixels: grey))
        let la = PixelBuffer(width: grey.width, height: grey.height, bands: 2,
                             bytes: grey.bytes.flatMap { [$0, 7] })
        #expect(PerceptualHash(pixels: la) == PerceptualHash(pixels: grey))
    }

    /// A flat image has only the DC term: bit 0 is set unless the image is black (median 0, DC 0).
    @Test func flatImages() {
        for value: UInt8 in [0, 1, 128, 255] {
            let hash = PerceptualHash(pixels: PixelBuffer(width: 40, height: 30, bands: 3, repeating: value))
            #expect(hash.bits == (value == 0 ? 0 : 1 << 63), "value \(value)")
        }
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
