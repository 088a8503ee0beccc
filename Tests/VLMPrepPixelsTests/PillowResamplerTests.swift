import Testing
import TestSupport
import VLMPrepGeometry
@testable import VLMPrepPixels

@Suite struct PillowResamplerTests {
    // MARK: Reference vectors (Pillow 13.0.0, resample.json)

    struct ResampleCase: Decodable, CustomStringConvertible {
        let `in`: [Int]
        let out: [Int]
        let filter: String
        let mode: String
        let input_sha256: String
        let output_sha256: String
        let vertical_first: Bool
        let first_row: [Int]
        let last_row_tail: [Int]
        var description: String { "\(self.in[0])x\(self.in[1]) -> \(out[0])x\(out[1]) \(filter) \(mode)" }
    }

    struct ResampleFile: Decodable { let cases: [ResampleCase] }

    static let cases: [ResampleCase] = (try? Fixtures.referenceJSON("resample.json", as: ResampleFile.self).cases) ?? []

    @Test func allReferenceCasesAreLoaded() {
        #expect(Self.cases.count == 26)
    }

    @Test(arguments: cases)
    func reproducesPillow(_ vector: ResampleCase) throws {
        let bands = vector.mode == "L" ? 1 : 3
        let input = referencePattern(width: vector.in[0], height: vector.in[1], bands: bands)
        #expect(SHA256.hex(input.bytes) == vector.input_sha256, "the pattern itself")
        let filter = try ResampleFilter(parsing: vector.filter)
        let size = PixelSize(width: vector.out[0], height: vector.out[1])
        let output = PillowResampler(filter: filter).resize(input, to: size)
        #expect(output.size == size && output.bands == bands)
        #expect(Array(output.bytes.prefix(24)).map(Int.init) == vector.first_row)
        #expect(Array(output.bytes.suffix(24)).map(Int.init) == vector.last_row_tail)
        #expect(SHA256.hex(output.bytes) == vector.output_sha256)
        let bothChange = size.width != input.width && size.height != input.height
        #expect((bothChange && PillowResampler.runsVerticalPassFirst(from: input.size, to: size)) == vector.vertical_first)
    }

    /// Filters and modes that resample.json does not cover, computed with Pillow 13.0.0 in a venv
    /// (`Image.fromarray(pattern, mode).resize((w, h), Image.Resampling.<FILTER>)`, same pattern).
    @Test(arguments: [
        (64, 48, 20, 30, ResampleFilter.nearest, 3, "7990527781bd271eddf0bfb67e6ff80e72fcf64f8277c56f138a438d396640b2"),
        (7, 5, 23, 11, .nearest, 1, "c89cdd2599f619baccc045521fbed12e052049eb16535a8c023661ddae4856dd"),
        (97, 61, 40, 25, .box, 3, "f1862068fd0cab7c4aedfb7f80e2ab35d8b3a5702ea128e9968d63d13cd175ef"),
        (30, 40, 47, 13, .box, 1, "95c9d1a6f01e520725dddeaf1a248ebc7dfdceb56b6ec6a9e0c10c12580f8f8e"),
        (120, 80, 50, 70, .hamming, 3, "dbc951e9447289fc4131ae0fb48a3eabde27e56c981d914568b04fb23e9c0cb3"),
        (20, 21, 41, 9, .hamming, 1, "da589c2871832a275d2ac48a2d1531c84bac1d68f581d5da95daa97bb45cc217"),
        // Pillow mode CMYK: 4 bands resampled independently (vertical pass first: 80 > 2·10).
        (40, 100, 30, 20, .lanczos, 4, "9af607600e2c6c1f25c549931af8412c4cbec5d90c8fda0776a4e20b4a84e4bb"),
    ] as [(Int, Int, Int, Int, ResampleFilter, Int, String)])
    func reproducesPillowForOtherFilters(_ inW: Int, _ inH: Int, _ outW: Int, _ outH: Int,
                                         _ filter: ResampleFilter, _ bands: Int, _ sha256: String) {
        let output = PillowResampler(filter: filter).resize(referencePattern(width: inW, height: inH, bands: bands),
                                                            to: PixelSize(width: outW, height: outH))
        #expect(SHA256.hex(output.bytes) == sha256)
    }

    // MARK: Properties

    @Test func sameSizeReturnsTheInputUnchanged() {
        let input = referencePattern(width: 13, height: 7, bands: 3)
        for filter in ResampleFilter.allCases {
            #expect(PillowResampler(filter: filter).resize(input, to: input.size) == input)
        }
    }

    /// Normalised weights sum to 1, so a flat image stays flat for every filter and size pair
    /// (exhaustive over sides 1...7).
    @Test(arguments: ResampleFilter.allCases)
    func constantImagesStayConstant(_ filter: ResampleFilter) {
        let resampler = PillowResampler(filter: filter)
        for value: UInt8 in [0, 1, 128, 254, 255] {
            for inW in 1...7 { for inH in 1...7 { for outW in 1...7 { for outH in 1...7 {
                let input = PixelBuffer(width: inW, height: inH, bands: 3, repeating: value)
                let output = resampler.resize(input, to: PixelSize(width: outW, height: outH))
                #expect(output.bytes.allSatisfy { $0 == value },
                        "\(filter) value \(value): \(inW)x\(inH) -> \(outW)x\(outH)")
            } } } }
        }
    }

    /// Bands are independent: a multi-band resize equals the resize of each band alone, for the
    /// specialised 1- and 3-band kernels and the general one (2 and 4 bands), in both pass orders.
    @Test(arguments: [2, 3, 4])
    func bandsAreResampledIndependently(_ bands: Int) {
        let input = referencePattern(width: 53, height: 41, bands: bands)
        for filter in ResampleFilter.allCases {
            for size in [PixelSize(width: 20, height: 9), PixelSize(width: 60, height: 30),
                         PixelSize(width: 53, height: 12), PixelSize(width: 17, height: 41),
                         PixelSize(width: 80, height: 77)] {
                let resampler = PillowResampler(filter: filter)
                let whole = resampler.resize(input, to: size)
                for band in 0..<bands {
                    #expect(bandPlane(whole, band) == resampler.resize(bandPlane(input, band), to: size),
                            "\(filter) \(bands) bands band \(band) -> \(size)")
                }
            }
        }
    }

    /// The kernels agree with each other on a seeded sweep of random images: RGB (four taps per
    /// step, scalar fallback at the end of the buffer), RGBA and 2-band (general loop) resizes
    /// equal the per-band resizes, which run the one-band kernels (scalar for short kernels, the
    /// padded 16-tap groups for long ones, e.g. 200 -> 3 LANCZOS has 403 taps). Failing case printed.
    @Test func kernelsAgreeOnASeededSweep() {
        var generator = SeededGenerator(seed: 2026)
        let filters = ResampleFilter.allCases.filter { $0 != .nearest }
        for _ in 0..<120 {
            let bands = [2, 3, 3, 4].randomElement(using: &generator)!
            let width = Int.random(in: 1...200, using: &generator), height = Int.random(in: 1...120, using: &generator)
            let bytes = (0..<(width * height * bands)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let input = PixelBuffer(width: width, height: height, bands: bands, bytes: bytes)
            let size = PixelSize(width: [1, 3, 17, 64, 250].randomElement(using: &generator)!.clamped(toAtMost: 4 * width),
                                 height: Int.random(in: 1...150, using: &generator))
            let filter = filters.randomElement(using: &generator)!
            let resampler = PillowResampler(filter: filter)
            let whole = resampler.resize(input, to: size)
            for band in 0..<bands {
                #expect(bandPlane(whole, band) == resampler.resize(bandPlane(input, band), to: size),
                        "\(filter) \(width)x\(height)x\(bands) -> \(size), band \(band)")
            }
        }
    }

    @Test func passOrderRule() {
        func rule(_ inW: Int, _ inH: Int, _ outW: Int, _ outH: Int) -> Bool {
            PillowResampler.runsVerticalPassFirst(from: PixelSize(width: inW, height: inH),
                                                  to: PixelSize(width: outW, height: outH))
        }
        #expect(rule(100, 100, 90, 50))        // 50 > 2·10
        #expect(!rule(100, 100, 90, 80))       // 20 = 2·10 is not greater
        #expect(!rule(100, 100, 89, 79))       // 21 > 22 is false
        #expect(rule(100, 100, 89, 77))        // 23 > 22
        #expect(rule(64, 64, 127, 33))         // width grows: 31 > −126
        #expect(!rule(64, 64, 30, 64))         // height unchanged
        #expect(!rule(50, 40, 50, 50))         // height grows
    }

    /// Pillow 13 and Pillow 12 differ exactly by the pass order; the vertical-first result must not
    /// be what a horizontal-first pipeline produces on this input (guards the order itself).
    @Test func passOrderChangesTheResult() {
        let input = referencePattern(width: 100, height: 100, bands: 3)
        let target = PixelSize(width: 90, height: 50)
        let resampler = PillowResampler(filter: .bicubic)
        let pillow13 = resampler.resize(input, to: target)
        let horizontalFirst = resampler.resize(resampler.resize(input, to: PixelSize(width: 90, height: 100)), to: target)
        let verticalFirst = resampler.resize(resampler.resize(input, to: PixelSize(width: 100, height: 50)), to: target)
        #expect(pillow13 == verticalFirst)
        #expect(pillow13 != horizontalFirst)
    }

    @Test func nearestPicksPillowsSourcePixels() {
        // 4 -> 2: positions 1 and 3 (xo = 1.0, 3.0); 2 -> 5: 0, 0, 1, 1, 1 (xo = 0.2, 0.6, 1.0, ...).
        let row = PixelBuffer(width: 4, height: 1, bands: 1, bytes: [10, 20, 30, 40])
        #expect(PillowResampler(filter: .nearest).resize(row, to: PixelSize(width: 2, height: 1)).bytes == [20, 40])
        let pair = PixelBuffer(width: 2, height: 1, bands: 1, bytes: [7, 9])
        #expect(PillowResampler(filter: .nearest).resize(pair, to: PixelSize(width: 5, height: 1)).bytes == [7, 7, 9, 9, 9])
    }

    @Test func coefficientsMatchPillowsFixedPoint() {
        // Bilinear 2 -> 1: center 1.0, support 2, taps x = 0, 1 with k(±0.25) = 0.75 each → 0.5 · 2^22.
        let half = ResampleCoefficients(inSize: 2, outSize: 1, filter: .bilinear)
        #expect(half.starts == [0] && half.counts == [2] && Array(half.weights.prefix(2)) == [1 << 21, 1 << 21])
        // Every row of weights sums to 2^22 within rounding, for every filter and many sizes.
        for filter in ResampleFilter.allCases where filter != .nearest {
            for inSize in 1...40 { for outSize in 1...40 {
                let c = ResampleCoefficients(inSize: inSize, outSize: outSize, filter: filter)
                for i in 0..<outSize {
                    let row = c.weights[(i * c.kernelSize)..<(i * c.kernelSize + Int(c.counts[i]))]
                    let sum = row.reduce(0) { $0 + Int($1) }
                    #expect(abs(sum - (1 << 22)) <= c.kernelSize, "\(filter) \(inSize) -> \(outSize) output \(i)")
                    #expect(c.starts[i] >= 0 && Int(c.starts[i] + c.counts[i]) <= inSize)
                }
            } }
        }
    }
}

private extension Int {
    func clamped(toAtMost limit: Int) -> Int { Swift.max(1, Swift.min(self, limit)) }
}
