import TestSupport
import VLMPrepGeometry

// Random inputs for the property sweeps. Every sweep uses a fixed seed, so a failure reproduces;
// the failing case is printed through the #expect message.

extension SeededGenerator {
    /// An image size with sides in `sides`.
    mutating func imageSize(sides: ClosedRange<Int> = 1...400) -> PixelSize {
        PixelSize(width: Int.random(in: sides, using: &self), height: Int.random(in: sides, using: &self))
    }

    /// A valid box overlapping an image of `image`, corners on a 0.25-pixel grid (so ties and exact
    /// touching happen often), possibly sticking out of the image a little.
    mutating func box(in image: PixelSize, maxSide: Double = 60) -> Box {
        func coordinate(_ extent: Int) -> Double { Double(Int.random(in: -8...(extent * 4), using: &self)) / 4 }
        let x1 = min(coordinate(image.width), Double(image.width) - 0.25)
        let y1 = min(coordinate(image.height), Double(image.height) - 0.25)
        let width = Double(Int.random(in: 1...Int(maxSide * 4), using: &self)) / 4
        let height = Double(Int.random(in: 1...Int(maxSide * 4), using: &self)) / 4
        return Box(x1: x1, y1: y1, x2: max(x1 + width, 0.25), y2: max(y1 + height, 0.25))
    }

    /// `count` labelled regions on an image (labels `"r0"`, `"r1"`, … in creation order; some
    /// unlabelled).
    mutating func regions(_ count: Int, in image: PixelSize, maxSide: Double = 60) -> [Region] {
        (0..<count).map { index in
            Region(box: box(in: image, maxSide: maxSide), label: Bool.random(using: &self) ? "r\(index)" : nil)
        }
    }
}
