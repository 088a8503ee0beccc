import Testing
import VLMPrepGeometry
import VLMPrepPixels

/// Spot values marked "Pillow" were computed with Pillow 13.0.0 in a venv:
/// `Image.fromarray(rgba, "RGBA").convert("L")`, `Image.new("RGB", size, bg).paste(im, mask=alpha)`,
/// `Image.fromarray(rgba, "CMYK").convert("RGB")` on the pixels of `samples`.
@Suite struct PillowConversionTests {
    static let samples: [[UInt8]] = [
        [255, 0, 0, 255], [0, 255, 0, 128], [0, 0, 255, 0], [12, 200, 77, 1],
        [124, 100, 12, 151], [222, 203, 251, 153], [211, 235, 80, 182], [176, 41, 88, 7],
    ]
    static var rgba: PixelBuffer { PixelBuffer(width: 8, height: 1, bands: 4, bytes: samples.flatMap { $0 }) }

    // MARK: Formulas

    @Test func luminanceKeepsGreyAndUsesFixedPointWeights() {
        for v in 0...255 {
            let g = UInt8(v)
            #expect(PillowConversion.luminance(red: g, green: g, blue: g) == g)   // 19595 + 38470 + 7471 = 65536
        }
        #expect(PillowConversion.luminance(red: 255, green: 0, blue: 0) == 76)
        #expect(PillowConversion.luminance(red: 0, green: 255, blue: 0) == 150)
        #expect(PillowConversion.luminance(red: 0, green: 0, blue: 255) == 29)
        // Pillow: where round(0.299R + 0.587G + 0.114B) gives 123, 138 and 27.
        #expect(PillowConversion.luminance(red: 0, green: 190, blue: 105) == 124)
        #expect(PillowConversion.luminance(red: 9, green: 230, blue: 7) == 139)
        #expect(PillowConversion.luminance(red: 12, green: 20, blue: 98) == 26)
        // Monotone in each channel (exhaustive over one channel, others fixed).
        for v in 0..<255 {
            let a = UInt8(v), b = UInt8(v + 1)
            #expect(PillowConversion.luminance(red: a, green: 40, blue: 200) <= PillowConversion.luminance(red: b, green: 40, blue: 200))
            #expect(PillowConversion.luminance(red: 40, green: a, blue: 200) <= PillowConversion.luminance(red: 40, green: b, blue: 200))
            #expect(PillowConversion.luminance(red: 40, green: 200, blue: a) <= PillowConversion.luminance(red: 40, green: 200, blue: b))
        }
    }

    @Test func compositeEndpointsAndRounding() {
        for c in 0...255 {
            for bg: UInt8 in [0, 30, 255] {
                #expect(PillowConversion.composite(UInt8(c), alpha: 255, background: bg) == UInt8(c))
                #expect(PillowConversion.composite(UInt8(c), alpha: 0, background: bg) == bg)
            }
            // Equal colours blend to themselves at any alpha.
            for a: UInt8 in [1, 77, 128, 254] {
                #expect(PillowConversion.composite(UInt8(c), alpha: a, background: UInt8(c)) == UInt8(c))
            }
        }
        // Within 1 of the exact blend c·a/255 + bg·(255 − a)/255, for every (c, a) on white.
        for c in 0...255 { for a in 0...255 {
            let exact = (Double(c * a) + 255.0 * Double(255 - a)) / 255.0
            let got = Double(PillowConversion.composite(UInt8(c), alpha: UInt8(a), background: 255))
            #expect(abs(got - exact) <= 0.5 + 1e-9, "c \(c) a \(a)")
        } }
    }

    @Test func cmykEndpoints() {
        for v in 0...255 {
            #expect(PillowConversion.rgbChannel(fromInk: UInt8(v), black: 255) == 0)
            #expect(PillowConversion.rgbChannel(fromInk: 0, black: UInt8(v)) == 255 - UInt8(v))
            #expect(PillowConversion.rgbChannel(fromInk: 255, black: UInt8(v)) == 0)
            #expect(PillowConversion.rgbChannel(fromInk: UInt8(v), black: 0) == 255 - UInt8(v))
        }
    }

    // MARK: Buffers (Pillow spot values)

    @Test func rgbaToL() {
        #expect(Self.rgba.convertedToL().bytes == [76, 150, 29, 130, 97, 214, 210, 87])
        let rgb = Self.rgba.convertedToRGB()
        #expect(rgb.convertedToL().bytes == [76, 150, 29, 130, 97, 214, 210, 87])   // alpha ignored
    }

    @Test func flattenOnWhiteAndOnAColour() {
        #expect(Self.rgba.flattenedToRGB().bytes == [
            255, 0, 0, 127, 255, 127, 255, 255, 255, 254, 255, 254,
            177, 163, 111, 235, 224, 253, 224, 241, 130, 253, 249, 250,
        ])
        #expect(Self.rgba.flattenedToRGB(background: (10, 20, 30)).bytes == [
            255, 0, 0, 5, 138, 15, 10, 20, 30, 10, 21, 30,
            78, 67, 19, 137, 130, 163, 153, 173, 66, 15, 21, 32,
        ])
        let la = PixelBuffer(width: 2, height: 1, bands: 2, bytes: [100, 0, 100, 255])
        #expect(la.flattenedToRGB().bytes == [255, 255, 255, 100, 100, 100])
    }

    @Test func cmykToRGB() {
        #expect(Self.rgba.convertedFromCMYKToRGB().bytes == [
            0, 0, 0, 127, 0, 127, 255, 255, 0, 242, 55, 177,
            53, 63, 99, 13, 21, 2, 13, 6, 50, 77, 208, 162,
        ])
    }

    @Test func bandCountConversions() {
        let l = PixelBuffer(width: 3, height: 1, bands: 1, bytes: [0, 128, 255])
        #expect(l.convertedToL() == l)
        #expect(l.convertedToRGB().bytes == [0, 0, 0, 128, 128, 128, 255, 255, 255])
        let la = PixelBuffer(width: 2, height: 1, bands: 2, bytes: [9, 0, 200, 17])
        #expect(la.convertedToL().bytes == [9, 200])
        #expect(la.convertedToRGB().bytes == [9, 9, 9, 200, 200, 200])
        let rgb = PixelBuffer(width: 1, height: 1, bands: 3, bytes: [1, 2, 3])
        #expect(rgb.convertedToRGB() == rgb)
        #expect(Self.rgba.convertedToRGB().bytes == Self.samples.flatMap { $0.prefix(3) })
    }
}
