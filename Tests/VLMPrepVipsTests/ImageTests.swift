import Foundation
import Testing
import TestSupport
import VLMPrepGeometry
import VLMPrepPixels
@testable import VLMPrepVips

/// A w x h RGB buffer whose pixel (x, y) is (x, y, 7).
private func coordinateImage(width: Int, height: Int) throws -> Image {
    var bytes: [UInt8] = []
    for y in 0..<height { for x in 0..<width { bytes += [UInt8(x), UInt8(y), 7] } }
    return try Image(pixels: PixelBuffer(width: width, height: height, bands: 3, bytes: bytes))
}

@Suite("Image operations")
struct ImageTests {
    @Test func pixelBufferRoundTrip() throws {
        let image = try coordinateImage(width: 5, height: 3)
        #expect(image.size == PixelSize(width: 5, height: 3))
        let pixels = try image.pixelBuffer()
        #expect(pixels[4, 2, 0] == 4 && pixels[4, 2, 1] == 2 && pixels[4, 2, 2] == 7)
    }

    @Test func extractAreaInside() throws {
        let crop = try coordinateImage(width: 10, height: 8).extractArea(PixelRect(x: 2, y: 3, width: 4, height: 2))
        let pixels = try crop.pixelBuffer()
        #expect(pixels.size == PixelSize(width: 4, height: 2))
        #expect(pixels[0, 0, 0] == 2 && pixels[0, 0, 1] == 3)
        #expect(pixels[3, 1, 0] == 5 && pixels[3, 1, 1] == 4)
    }

    @Test func extractAreaWithOverhangFills() throws {
        // A 12x12 square over a 10x8 image starting at (-1, -2): image pixel (0,0) lands at (1,2).
        let rect = PixelRect(x: -1, y: -2, width: 12, height: 12)
        let pixels = try coordinateImage(width: 10, height: 8).extractArea(rect, fill: RGBColor(red: 1, green: 2, blue: 3)).pixelBuffer()
        #expect(pixels.size == PixelSize(width: 12, height: 12))
        #expect([pixels[0, 0, 0], pixels[0, 0, 1], pixels[0, 0, 2]] == [1, 2, 3])     // fill
        #expect([pixels[1, 2, 0], pixels[1, 2, 1], pixels[1, 2, 2]] == [0, 0, 7])     // image (0, 0)
        #expect([pixels[10, 9, 0], pixels[10, 9, 1]] == [9, 7])                       // image (9, 7)
        #expect([pixels[11, 11, 0], pixels[11, 11, 2]] == [1, 3])                     // fill
    }

    @Test func extractAreaEntirelyOutsideIsAllFill() throws {
        let pixels = try coordinateImage(width: 4, height: 4).extractArea(PixelRect(x: 10, y: 10, width: 3, height: 2), fill: .black).pixelBuffer()
        #expect(pixels.size == PixelSize(width: 3, height: 2))
        #expect(pixels.bytes.allSatisfy { $0 == 0 })
    }

    @Test func embed() throws {
        let pixels = try coordinateImage(width: 2, height: 2).embed(x: 1, y: 0, canvas: PixelSize(width: 4, height: 3), fill: .white).pixelBuffer()
        #expect(pixels.size == PixelSize(width: 4, height: 3))
        #expect(pixels[0, 0, 0] == 255)
        #expect(pixels[1, 0, 0] == 0 && pixels[2, 1, 0] == 1 && pixels[2, 1, 1] == 1)
        #expect(pixels[3, 2, 1] == 255)
    }

    @Test(arguments: [(100, 60, 37, 23), (10, 10, 896, 896), (1600, 1200, 1288, 966), (33, 77, 32, 32)])
    func resizeGivesExactSize(_ sizes: (Int, Int, Int, Int)) throws {
        let source = try Image(pixels: PixelBuffer(width: sizes.0, height: sizes.1, bands: 3, repeating: 90))
        let target = PixelSize(width: sizes.2, height: sizes.3)
        for kernel in ResizeKernel.allCases {
            let resized = try source.resize(to: target, kernel: kernel)
            #expect(resized.size == target, "\(kernel) \(sizes)")
            let pixels = try resized.pixelBuffer()
            #expect(pixels.bytes.allSatisfy { abs(Int($0) - 90) <= 1 }, "a flat image stays flat: \(kernel) \(sizes)")
        }
    }

    @Test(arguments: ImageFormat.allCases)
    func encodeAndDecode(_ format: ImageFormat) throws {
        let options = try EncodeOptions(format: format, quality: 95, lossless: true)
        let data = try coordinateImage(width: 16, height: 16).encode(options)
        let magic: [UInt8] = switch format {
        case .jpeg: [0xFF, 0xD8, 0xFF]
        case .png: [0x89, 0x50, 0x4E]
        case .webp: [0x52, 0x49, 0x46]   // RIFF
        }
        #expect(Array(data.prefix(3)) == magic)
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("out.\(format.fileExtension)").path
        try data.write(to: URL(fileURLWithPath: path))
        let header = try ImageLoader.probe(path: path)
        #expect(header.format == format.rawValue)
        #expect(header.width == 16 && header.height == 16)
        #expect(header.hasICC == false)   // metadata stripped
        let decoded = try Image.load(path: path).pixelBuffer()
        if format != .jpeg {   // lossless
            #expect(decoded == (try coordinateImage(width: 16, height: 16).pixelBuffer()))
        }
    }

    @Test func jpegChromaSubsamplingIsOnByDefault() throws {
        // 4:2:0 halves chroma resolution: a 1-pixel red/blue checker loses its colour detail.
        var bytes: [UInt8] = []
        for y in 0..<16 { for x in 0..<16 { bytes += (x + y) % 2 == 0 ? [255, 0, 0] : [0, 0, 255] } }
        let image = try Image(pixels: PixelBuffer(width: 16, height: 16, bands: 3, bytes: bytes))
        let subsampled = try image.encode(try EncodeOptions(format: .jpeg, quality: 95))
        let full = try image.encode(try EncodeOptions(format: .jpeg, quality: 95, chromaSubsampling: .off))
        #expect(subsampled.count < full.count)
    }

    /// Optimised Huffman tables change only the entropy coding: a smaller file with the same
    /// decoded pixels; off by default (Pillow's `optimize=False`).
    @Test func optimizedJPEGCodingIsSmallerWithTheSamePixels() throws {
        #expect(!EncodeOptions.jpeg.optimizeCoding)
        let image = try Image(pixels: try Image.load(path: Fixtures.url("photos/coffee-249x166.jpg").path).pixelBuffer())
        let plain = try image.encode(.jpeg)
        let optimized = try image.encode(try EncodeOptions(format: .jpeg, optimizeCoding: true))
        #expect(optimized.count < plain.count)
        let directory = try Fixtures.temporaryDirectory()
        var decoded: [PixelBuffer] = []
        for (name, data) in [("plain.jpg", plain), ("optimized.jpg", optimized)] {
            let url = directory.appendingPathComponent(name)
            try data.write(to: url)
            decoded.append(try Image.load(path: url.path).pixelBuffer())
        }
        #expect(decoded[0] == decoded[1])
    }

    @Test func invalidEncodeOptions() {
        #expect {
            _ = try EncodeOptions(format: .jpeg, quality: 0)
        } throws: { ($0 as? GeometryError)?.message == "Expected an integer between 1 and 100 for quality but received 0" }
        #expect {
            _ = try EncodeOptions(format: .png, compression: 10)
        } throws: { ($0 as? GeometryError)?.message == "Expected an integer between 0 and 9 for compression but received 10" }
    }

    @Test func colourParsing() throws {
        #expect(try RGBColor(parsing: "white", name: "fill") == .white)
        #expect(try RGBColor(parsing: "#0a0B0c", name: "fill") == RGBColor(red: 10, green: 11, blue: 12))
        #expect(try RGBColor(parsing: "1, 2, 3", name: "fill") == RGBColor(red: 1, green: 2, blue: 3))
        #expect(RGBColor(red: 10, green: 11, blue: 255).description == "#0a0bff")
        #expect {
            _ = try RGBColor(parsing: "chartreuse", name: "fill")
        } throws: { ($0 as? GeometryError)?.message == "Expected a colour (white, black, #rrggbb or r,g,b) for fill but received \"chartreuse\"" }
    }

    @Test func decodeErrorsOfLazyImagesNameTheFile() throws {
        let path = Fixtures.url("loader/truncated.jpg").path
        let image = try Image.load(path: path)     // the header is fine: loading is lazy
        #expect {
            _ = try image.resize(to: PixelSize(width: 8, height: 8)).encode(.png)
        } throws: { error in
            guard let error = error as? ImageError, case .corrupt = error.reason else { return false }
            return error.path == path
        }
    }
}
