import Foundation
import Testing
import TestSupport
import VLMPrepGeometry
import VLMPrepPixels
@testable import VLMPrepVips

@Suite("PixelDecoder")
struct PixelDecoderTests {
    static let orientationFiles = (1...8).map { "exif_images/orientation_\($0).jpg" }

    @Test("direct JPEG decode equals the libvips loader, orientation applied", arguments: orientationFiles)
    func directJPEGEqualsLibvips(_ file: String) throws {
        let path = Fixtures.reference.appendingPathComponent(file).path
        let direct = try PixelDecoder.uprightRGB(path: path)
        let viaLibvips = try Image.load(path: path).pixelBuffer()
        #expect(direct.size == viaLibvips.size)
        #expect(direct == viaLibvips, "\(file): bytes differ")
    }

    @Test(arguments: ["quadrants.jpg", "progressive.jpg", "grey.jpg"])
    func directJPEGEqualsLibvipsOnFixtures(_ name: String) throws {
        let path = Fixtures.url("loader/\(name)").path
        #expect(try PixelDecoder.uprightRGB(path: path) == (try Image.load(path: path).pixelBuffer()))
    }

    @Test func cmykFallsBackToLibvips() throws {
        let path = Fixtures.url("loader/cmyk_icc.jpg").path
        #expect(try PixelDecoder.uprightRGB(path: path) == (try Image.load(path: path).pixelBuffer()))
    }

    @Test func otherFormatsGoThroughTheLoader() throws {
        let path = Fixtures.url("loader/rgba.png").path
        let dropped = try PixelDecoder.uprightRGB(path: path, options: LoadOptions(alpha: .drop))
        #expect(dropped[20, 4, 0] == 10 && dropped[20, 4, 1] == 20 && dropped[20, 4, 2] == 30)
    }

    @Test func shrinkOnLoadDividesTheSize() throws {
        let path = Fixtures.reference.appendingPathComponent("exif_images/orientation_6.jpg").path
        // stored 48x32: short side 32; >= 16 allows 1/2 (16) but not 1/4 (8)
        let half = try PixelDecoder.uprightRGB(path: path, jpegMinimumSide: 16)
        #expect(half.size == PixelSize(width: 16, height: 24))    // upright 32x48 halved
        let eighth = try PixelDecoder.uprightRGB(path: path, jpegMinimumSide: 4)
        #expect(eighth.size == PixelSize(width: 4, height: 6))
        let full = try PixelDecoder.uprightRGB(path: path, jpegMinimumSide: 33)
        #expect(full.size == PixelSize(width: 32, height: 48))
    }

    /// Both direct decoders (RGB, and `L` row by row) report damage with the file's path, decode
    /// it when lenient (the `L` bytes are those of the lenient RGB), and apply the pixel limit.
    @Test(arguments: [false, true])
    func damagedJPEGIsAnErrorUnlessLenient(luminance: Bool) throws {
        let decode = luminance ? PixelDecoder.uprightL : PixelDecoder.uprightRGB
        let path = Fixtures.url("loader/truncated.jpg").path
        #expect {
            _ = try decode(path, .default, 0)
        } throws: { error in
            guard let error = error as? ImageError, case .corrupt = error.reason else { return false }
            return error.path == path
        }
        let lenient = try decode(path, LoadOptions(lenient: true), 0)
        #expect(lenient.size == PixelSize(width: 32, height: 32))
        if luminance {
            #expect(lenient == (try PixelDecoder.uprightRGB(path: path, options: LoadOptions(lenient: true)).convertedToL()))
        }
        #expect(throws: ImageError.self) {
            _ = try decode(Fixtures.url("loader/quadrants.jpg").path, LoadOptions(maxInputPixels: 100), 0)
        }
    }

    @Test func pngNamedJPEGGoesThroughTheLoader() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("really-a-png.jpg").path
        try FileManager.default.copyItem(atPath: Fixtures.url("loader/quadrants_rgb.png").path, toPath: path)
        #expect(try PixelDecoder.uprightRGB(path: path) == (try Image.load(path: path).pixelBuffer()))
    }

    /// `uprightL` (JPEG rows converted as they are decoded) gives the bytes of `uprightRGB` then
    /// `convertedToL`: orientations, odd heights (249x166, 120x256: batches of 16 rows with a
    /// remainder), grey, progressive, DCT shrink, CMYK and PNG fallbacks.
    @Test(arguments: orientationFiles.map { Fixtures.reference.appendingPathComponent($0).path }
          + ["loader/quadrants.jpg", "loader/progressive.jpg", "loader/grey.jpg", "loader/cmyk_icc.jpg",
             "loader/quadrants_rgb.png", "photos/coffee-249x166.jpg", "photos/rocket-tall-120x256.jpg",
             "photos/chelsea-exif6.jpg", "photos/coins-gray-224x168.jpg"].map { Fixtures.url($0).path })
    func luminanceDecodeEqualsRGBThenL(_ path: String) throws {
        for minimumSide in [0, 16] {
            let l = try PixelDecoder.uprightL(path: path, jpegMinimumSide: minimumSide)
            #expect(l.bands == 1)
            #expect(l == (try PixelDecoder.uprightRGB(path: path, jpegMinimumSide: minimumSide).convertedToL()), "\(path) minimumSide \(minimumSide)")
        }
    }

    @Test func pixelLimitAppliesToTheDirectPath() throws {
        let path = Fixtures.url("loader/quadrants.jpg").path
        #expect(throws: ImageError.self) {
            _ = try PixelDecoder.uprightRGB(path: path, options: LoadOptions(maxInputPixels: 100))
        }
    }
}
