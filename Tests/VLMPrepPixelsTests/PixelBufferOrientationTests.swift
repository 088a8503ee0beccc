import Testing
import VLMPrepGeometry
@testable import VLMPrepPixels

@Suite("PixelBuffer orientation")
struct PixelBufferOrientationTests {
    /// 3x2 grey buffer with values 0...5 row-major:
    /// 0 1 2
    /// 3 4 5
    static let source = PixelBuffer(width: 3, height: 2, bands: 1, bytes: [0, 1, 2, 3, 4, 5])

    @Test(arguments: [
        (1, 3, [0, 1, 2, 3, 4, 5]),
        (2, 3, [2, 1, 0, 5, 4, 3]),
        (3, 3, [5, 4, 3, 2, 1, 0]),
        (4, 3, [3, 4, 5, 0, 1, 2]),
        (5, 2, [0, 3, 1, 4, 2, 5]),
        (6, 2, [3, 0, 4, 1, 5, 2]),
        (7, 2, [5, 2, 4, 1, 3, 0]),
        (8, 2, [2, 5, 1, 4, 0, 3]),
    ])
    func orientation(_ expected: (Int, Int, [UInt8])) {
        let upright = Self.source.applyingOrientation(expected.0)
        #expect(upright.width == expected.1, "orientation \(expected.0)")
        #expect(upright.bytes == expected.2, "orientation \(expected.0)")
    }

    @Test func outOfRangeOrientationIsIdentity() {
        #expect(Self.source.applyingOrientation(0) == Self.source)
        #expect(Self.source.applyingOrientation(9) == Self.source)
    }

    @Test func bandsMoveTogether() {
        let rgb = PixelBuffer(width: 2, height: 1, bands: 3, bytes: [1, 2, 3, 4, 5, 6])
        #expect(rgb.applyingOrientation(2).bytes == [4, 5, 6, 1, 2, 3])
        #expect(rgb.applyingOrientation(6).bytes == [1, 2, 3, 4, 5, 6])
        #expect(rgb.applyingOrientation(6).size == PixelSize(width: 1, height: 2))
    }
}
