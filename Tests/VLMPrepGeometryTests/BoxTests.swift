import Testing
import VLMPrepGeometry

@Suite struct BoxTests {
    let image = PixelSize(width: 100, height: 50)

    @Test func pixelRectRoundsOutward() {
        // floor(x1), floor(y1), ceil(x2) - floor(x1), ceil(y2) - floor(y1) (DESIGN §2).
        #expect(Box(x1: 1.5, y1: 2.25, x2: 10.1, y2: 20).pixelRect == PixelRect(x: 1, y: 2, width: 10, height: 18))
        #expect(Box(x1: -0.5, y1: -3, x2: 0.5, y2: -2.5).pixelRect == PixelRect(x: -1, y: -3, width: 2, height: 1))
    }

    @Test func validityChecksInOrder() {
        #expect(Box(x1: .nan, y1: 0, x2: -5, y2: 0).validity(in: image) == .notFinite)
        #expect(Box(x1: 5, y1: 0, x2: 5, y2: 10).validity(in: image) == .empty)
        #expect(Box(x1: 200, y1: 10, x2: 150, y2: 20).validity(in: image) == .empty)
        #expect(Box(x1: 100, y1: 10, x2: 150, y2: 20).validity(in: image) == .outsideImage)  // half-open: x = 100 is outside
        #expect(Box(x1: -10, y1: -10, x2: 0, y2: 5).validity(in: image) == .outsideImage)
        #expect(Box(x1: -10, y1: -10, x2: 0.5, y2: 5).validity(in: image) == nil)
    }

    @Test func clampedUnionAndContains() {
        let box = Box(x1: -5, y1: 10, x2: 120, y2: 20)
        #expect(box.clamped(to: image) == Box(x1: 0, y1: 10, x2: 100, y2: 20))
        #expect(box.union(Box(x1: 0, y1: 0, x2: 1, y2: 1)) == Box(x1: -5, y1: 0, x2: 120, y2: 20))
        #expect(box.contains(Box(x1: -5, y1: 10, x2: 0, y2: 20)) && !box.contains(Box(x1: -6, y1: 10, x2: 0, y2: 20)))
        #expect(Box([1, 2, 3, 4]) == Box(x1: 1, y1: 2, x2: 3, y2: 4) && Box([1, 2, 3]) == nil)
        #expect(Box(PixelRect(x: 1, y: 2, width: 3, height: 4)).array == [1, 2, 4, 6])
    }

    @Test func problemsHaveStableNames() {
        #expect([BoxProblem.notFinite, .empty, .outsideImage].map(\.rawValue) == ["not-finite", "empty-or-inverted", "outside-image"])
    }
}
