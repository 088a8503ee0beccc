import Testing
import VLMPrepGeometry
@testable import VLMPrepPixels

@Suite("PixelBuffer crop and pad")
struct PixelBufferCropTests {
    /// 4x3 grey, value = 10 * y + x.
    static let grid = PixelBuffer(width: 4, height: 3, bands: 1, bytes: (0..<3).flatMap { y in (0..<4).map { UInt8(10 * y + $0) } })

    @Test func crop() {
        let crop = Self.grid.cropped(to: PixelRect(x: 1, y: 1, width: 2, height: 2))
        #expect(crop.size == PixelSize(width: 2, height: 2))
        #expect(crop.bytes == [11, 12, 21, 22])
        #expect(Self.grid.cropped(to: PixelRect(x: 0, y: 0, width: 4, height: 3)) == Self.grid)
    }

    @Test func pad() {
        let small = PixelBuffer(width: 2, height: 1, bands: 3, bytes: [1, 2, 3, 4, 5, 6])
        let padded = small.padded(to: PixelSize(width: 3, height: 2), at: 1, 1, fill: [0])
        #expect(padded.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0,
                                 0, 0, 0, 1, 2, 3, 4, 5, 6])
        let grey = small.padded(to: PixelSize(width: 2, height: 2), at: 0, 0, fill: [127, 128, 129])
        #expect(Array(grey.bytes[6...]) == [127, 128, 129, 127, 128, 129])
    }
}
