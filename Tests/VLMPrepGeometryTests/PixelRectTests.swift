import Testing
import VLMPrepGeometry

@Suite struct PixelRectTests {
    @Test func clampingAndContainment() {
        let image = PixelSize(width: 100, height: 50)
        let rect = PixelRect(x: -10, y: 40, width: 30, height: 30)
        #expect(rect.clamped(to: image) == PixelRect(x: 0, y: 40, width: 20, height: 10))
        #expect(!rect.isInside(image) && PixelRect(size: image).isInside(image))
        #expect(PixelRect(x: 200, y: 0, width: 5, height: 5).clamped(to: image).isEmpty)
        #expect(PixelRect(size: image).contains(PixelRect(x: 99, y: 49, width: 1, height: 1)))
        #expect(!PixelRect(size: image).contains(PixelRect(x: 99, y: 49, width: 2, height: 1)))
        #expect(rect.array == [-10, 40, 30, 30] && rect.maxX == 20 && rect.maxY == 70 && rect.area == 900)
    }
}
