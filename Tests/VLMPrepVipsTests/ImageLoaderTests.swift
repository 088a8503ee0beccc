import Foundation
import Testing
import TestSupport
import VLMPrepGeometry
import VLMPrepPixels
@testable import VLMPrepVips

/// Loader fixtures: Tests/Fixtures/loader (made by Tools/fixtures/make_loader_fixtures.py).
private func loaderFixture(_ name: String) -> String { Fixtures.url("loader/\(name)").path }

/// RGB of pixel (x, y).
private func rgb(_ buffer: PixelBuffer, _ x: Int, _ y: Int) -> [Int] {
    (0..<3).map { Int(buffer[x, y, $0]) }
}

/// True when two colours differ by at most `tolerance` per channel.
private func near(_ a: [Int], _ b: [Int], _ tolerance: Int) -> Bool {
    zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

private let quadrantColours: [String: [Int]] = [
    "red": [255, 0, 0], "green": [0, 255, 0], "blue": [0, 0, 255], "white": [255, 255, 255],
]

@Suite("ImageLoader")
struct ImageLoaderTests {
    // MARK: Orientation (reference vectors: transformers load_image)

    struct OrientationCase: Decodable, Sendable, CustomStringConvertible {
        let file: String
        let orientation: Int
        let stored: [Int]
        let upright: [Int]
        let corners: [String]
        var description: String { file }
    }

    struct OrientationVectors: Decodable { let images: [OrientationCase] }

    static let orientationCases: [OrientationCase] =
        (try? Fixtures.referenceJSON("exif.json", as: OrientationVectors.self).images) ?? []

    @Test("reference orientation vectors are present")
    func orientationVectorsLoaded() {
        #expect(Self.orientationCases.count == 8)
    }

    @Test("EXIF orientation 1–8 comes out upright", arguments: orientationCases)
    func orientation(_ vector: OrientationCase) throws {
        let path = Fixtures.reference.appendingPathComponent(vector.file).path
        let header = try ImageLoader.probe(path: path)
        #expect(header.orientation == vector.orientation)
        #expect([header.width, header.height] == vector.upright)
        let image = try Image.load(path: path)
        #expect([image.width, image.height] == vector.upright)
        let pixels = try image.pixelBuffer()
        let w = pixels.width, h = pixels.height
        let samples = [rgb(pixels, 4, 4), rgb(pixels, w - 5, 4), rgb(pixels, 4, h - 5), rgb(pixels, w - 5, h - 5)]
        for (sample, name) in zip(samples, vector.corners) {
            #expect(near(sample, quadrantColours[name]!, 40), "\(vector.file): \(sample) is not \(name)")
        }
    }

    // MARK: Colour and modes

    @Test func pngRGBIsExact() throws {
        let pixels = try Image.load(path: loaderFixture("quadrants_rgb.png")).pixelBuffer()
        #expect(pixels.size == PixelSize(width: 32, height: 32))
        #expect(pixels.bands == 3)
        #expect(rgb(pixels, 0, 0) == [255, 0, 0])
        #expect(rgb(pixels, 31, 0) == [0, 255, 0])
        #expect(rgb(pixels, 0, 31) == [0, 0, 255])
        #expect(rgb(pixels, 31, 31) == [255, 255, 255])
    }

    @Test func greyscalePNGBecomesThreeEqualBands() throws {
        let pixels = try Image.load(path: loaderFixture("grey.png")).pixelBuffer()
        #expect(pixels.bands == 3)
        for x in 0..<32 { #expect(rgb(pixels, x, 7) == [8 * x, 8 * x, 8 * x]) }
    }

    @Test func greyscaleJPEGBecomesRGB() throws {
        let pixels = try Image.load(path: loaderFixture("grey.jpg")).pixelBuffer()
        #expect(pixels.bands == 3)
        let sample = rgb(pixels, 16, 16)
        #expect(sample[0] == sample[1] && sample[1] == sample[2])
        #expect(abs(sample[0] - 128) <= 6)
    }

    @Test func sixteenBitPNGIsScaledToEightBit() throws {
        let pixels = try Image.load(path: loaderFixture("rgb16.png")).pixelBuffer()
        #expect(rgb(pixels, 3, 3) == [100, 200, 255])
        let grey = try Image.load(path: loaderFixture("grey16.png")).pixelBuffer()
        #expect(rgb(grey, 3, 3) == [77, 77, 77])
    }

    @Test func palettePNGIsLookedUp() throws {
        let pixels = try Image.load(path: loaderFixture("palette.png")).pixelBuffer()
        #expect(rgb(pixels, 0, 0) == [255, 0, 0])
        #expect(rgb(pixels, 31, 0) == [0, 255, 0])
        #expect(rgb(pixels, 0, 31) == [0, 0, 255])
        #expect(rgb(pixels, 31, 31) == [255, 255, 255])
    }

    @Test func paletteTransparencyIsFlattenedOrDropped() throws {
        // Index 3 is white and fully transparent: white either way; check the opaque ones too.
        let flat = try Image.load(path: loaderFixture("palette_trns.png")).pixelBuffer()
        #expect(flat.bands == 3)
        #expect(rgb(flat, 0, 0) == [255, 0, 0])
        #expect(rgb(flat, 31, 31) == [255, 255, 255])
        let dropped = try Image.load(path: loaderFixture("palette_trns.png"), options: LoadOptions(alpha: .drop)).pixelBuffer()
        #expect(rgb(dropped, 31, 31) == [255, 255, 255])
        let onBlack = try Image.load(path: loaderFixture("palette_trns.png"), options: LoadOptions(alpha: .flatten(background: .black))).pixelBuffer()
        #expect(rgb(onBlack, 31, 31) == [0, 0, 0])
    }

    @Test func rgbaIsFlattenedOntoWhiteByDefault() throws {
        let pixels = try Image.load(path: loaderFixture("rgba.png")).pixelBuffer()
        #expect(pixels.bands == 3)
        #expect(rgb(pixels, 0, 0) == [255, 0, 0])            // opaque: unchanged
        #expect(rgb(pixels, 20, 4) == [255, 255, 255])       // transparent: the background
        // alpha 128 black over white: 255 * 127 / 255 = 127 (libvips flatten; Pillow's paste gives 127 too)
        #expect(near(rgb(pixels, 20, 20), [127, 127, 127], 1))
    }

    @Test func rgbaOnAnotherBackground() throws {
        let options = LoadOptions(alpha: .flatten(background: RGBColor(red: 0, green: 0, blue: 255)))
        let pixels = try Image.load(path: loaderFixture("rgba.png"), options: options).pixelBuffer()
        #expect(rgb(pixels, 20, 4) == [0, 0, 255])
    }

    @Test func rgbaDropKeepsHiddenColoursLikePillowConvertRGB() throws {
        let pixels = try Image.load(path: loaderFixture("rgba.png"), options: LoadOptions(alpha: .drop)).pixelBuffer()
        #expect(rgb(pixels, 20, 4) == [10, 20, 30])
        #expect(rgb(pixels, 20, 20) == [0, 0, 0])
        #expect(rgb(pixels, 0, 0) == [255, 0, 0])
    }

    @Test func greyWithAlpha() throws {
        let flat = try Image.load(path: loaderFixture("grey_alpha.png")).pixelBuffer()
        #expect(rgb(flat, 0, 0) == [200, 200, 200])
        #expect(rgb(flat, 31, 0) == [255, 255, 255])
        let dropped = try Image.load(path: loaderFixture("grey_alpha.png"), options: LoadOptions(alpha: .drop)).pixelBuffer()
        #expect(rgb(dropped, 31, 0) == [200, 200, 200])
    }

    @Test(arguments: ["quadrants.jpg", "progressive.jpg", "quadrants.webp", "two_frames.gif"])
    func losslessOrNearLosslessFormats(_ name: String) throws {
        let image = try Image.load(path: loaderFixture(name))
        #expect(image.size == PixelSize(width: 32, height: 32))
        let pixels = try image.pixelBuffer()
        #expect(near(rgb(pixels, 4, 4), [255, 0, 0], 8), "\(name)")
        #expect(near(rgb(pixels, 27, 4), [0, 255, 0], 8), "\(name)")
        #expect(near(rgb(pixels, 4, 27), [0, 0, 255], 8), "\(name)")
        #expect(near(rgb(pixels, 27, 27), [255, 255, 255], 8), "\(name)")
    }

    @Test func gifFirstFrameOnly() throws {
        let header = try ImageLoader.probe(path: loaderFixture("two_frames.gif"))
        #expect(header.format == "gif")
        #expect(header.pages == 2)
        let pixels = try Image.load(path: loaderFixture("two_frames.gif")).pixelBuffer()
        #expect(pixels.size == PixelSize(width: 32, height: 32))   // not 32x64: one frame
        #expect(rgb(pixels, 0, 0) == [255, 0, 0])                   // frame 2 would be green
    }

    @Test(arguments: ["cmyk_icc.jpg", "cmyk_no_icc.jpg"])
    func cmykIsColourManagedToSRGB(_ name: String) throws {
        let header = try ImageLoader.probe(path: loaderFixture(name))
        #expect(header.bands == 4)
        #expect(header.hasICC == (name == "cmyk_icc.jpg"))
        let pixels = try Image.load(path: loaderFixture(name)).pixelBuffer()
        #expect(pixels.bands == 3)
        // The fixture is sRGB red/green/blue/white exported to CMYK with libvips's built-in "cmyk"
        // profile; converting back through the same profile (embedded, or the default when absent)
        // lands on the profile's gamut-mapped colours, measured with libvips 8.14: red (232, 33, 42),
        // blue (68, 63, 139). A naive (Pillow-style) conversion would give other values.
        #expect(near(rgb(pixels, 4, 4), [232, 33, 42], 4), "\(name) red \(rgb(pixels, 4, 4))")
        #expect(near(rgb(pixels, 27, 27), [255, 255, 255], 4), "\(name) white \(rgb(pixels, 27, 27))")
        #expect(near(rgb(pixels, 4, 27), [68, 63, 139], 4), "\(name) blue \(rgb(pixels, 4, 27))")
    }

    // MARK: Header probe

    @Test func probeReadsHeaderWithoutDecoding() throws {
        let header = try ImageLoader.probe(path: loaderFixture("huge_header.png"))
        #expect(header.width == 20000 && header.height == 20000)
        #expect(header.format == "png")
        #expect(header.bands == 1)
        #expect(header.hasAlpha == false)
        let rgba = try ImageLoader.probe(path: loaderFixture("rgba.png"))
        #expect(rgba.hasAlpha && rgba.bands == 4 && rgba.sampleFormat == "uchar")
        let sixteen = try ImageLoader.probe(path: loaderFixture("rgb16.png"))
        #expect(sixteen.sampleFormat == "ushort")
    }

    // MARK: Limits and bad input

    @Test func pixelLimitIsCheckedFromTheHeader() throws {
        #expect {
            _ = try Image.load(path: loaderFixture("huge_header.png"))
        } throws: { error in
            guard let error = error as? ImageError, case let .tooManyPixels(w, h, limit) = error.reason else { return false }
            return w == 20000 && h == 20000 && limit == 100_000_000 && error.path.hasSuffix("huge_header.png")
        }
        #expect(throws: ImageError.self) {
            _ = try Image.load(path: loaderFixture("quadrants_rgb.png"), options: LoadOptions(maxInputPixels: 1023))
        }
        _ = try Image.load(path: loaderFixture("quadrants_rgb.png"), options: LoadOptions(maxInputPixels: 1024))
    }

    /// Loads and decodes; returns the error's reason code, or "ok".
    private func outcome(_ path: String, lenient: Bool = false) -> String {
        do {
            _ = try Image.load(path: path, options: LoadOptions(lenient: lenient)).pixelBuffer()
            return "ok"
        } catch {
            #expect(error.path == path, "error must name the file")
            return error.reason.code
        }
    }

    @Test func badInputsAreTypedErrorsNamingTheFile() throws {
        #expect(outcome(loaderFixture("missing.jpg")) == "not-found")
        #expect(outcome(Fixtures.url("loader").path) == "is-directory")
        #expect(outcome(loaderFixture("empty.jpg")) == "empty")
        #expect(outcome(loaderFixture("text.jpg")) == "unsupported-format")
        #expect(outcome(loaderFixture("truncated.jpg")) == "corrupt")
        #expect(outcome(loaderFixture("bad_crc_ihdr.png")) == "corrupt")
        #expect(outcome(loaderFixture("bad_crc_idat.png")) == "corrupt")
        #expect(outcome(loaderFixture("truncated.png")) == "corrupt")
    }

    @Test func lenientDecodesDamagedDataAsFarAsPossible() throws {
        #expect(outcome(loaderFixture("truncated.jpg"), lenient: true) == "ok")
    }

    @Test func unreadableFile() throws {
        guard getuid() != 0 else { return }   // root reads everything; the check cannot apply
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("locked.png").path
        try FileManager.default.copyItem(atPath: loaderFixture("grey.png"), toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        #expect(outcome(path) == "not-readable")
    }

    @Test func errorDescriptionNamesFileAndReason() {
        let error = ImageError(path: "a/b.jpg", reason: .empty)
        #expect(error.description == "a/b.jpg: empty file (0 bytes)")
    }
}
