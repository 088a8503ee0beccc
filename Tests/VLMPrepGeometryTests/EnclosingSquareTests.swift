import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct EnclosingSquareTests {
    let image = PixelSize(width: 1000, height: 800)

    // MARK: Hand-computed examples (DESIGN §3.4)

    @Test func unionIsCentredAndTheOddPixelGoesRightAndDown() throws {
        // Union pixel rectangle: floor(100.5) = 100 .. ceil(150.2) = 151 -> w = 51; 200 .. 210 -> h = 10.
        // s = 51; y = 200 - floor(41 / 2) = 180: 20 rows above, 21 below.
        let square = try EnclosingSquare().square(enclosing: Box(x1: 100.5, y1: 200, x2: 150.2, y2: 210), in: image)
        #expect(square == PixelRect(x: 100, y: 180, width: 51, height: 51))
        // Transposed: 10 wide, 41 high -> x = 300 - floor(31 / 2) = 285: 15 columns left, 16 right.
        let tall = try EnclosingSquare().square(enclosing: Box(x1: 300, y1: 100, x2: 310, y2: 141), in: image)
        #expect(tall == PixelRect(x: 285, y: 100, width: 41, height: 41))
    }

    @Test func minSideIsRoundedUpAndCentred() throws {
        // 10 x 10 box, minSide 63.2 -> s = 64; x = 500 - floor(54 / 2) = 473.
        let square = try EnclosingSquare(minSide: 63.2).square(enclosing: Box(x1: 500, y1: 400, x2: 510, y2: 410), in: image)
        #expect(square == PixelRect(x: 473, y: 373, width: 64, height: 64))
    }

    @Test func squareIsShiftedInsideTheImage() throws {
        // 10 x 300 box at the left edge: s = 300, x = 5 - 145 = -140 -> clamped to 0.
        let left = try EnclosingSquare().square(enclosing: Box(x1: 5, y1: 100, x2: 15, y2: 400), in: image)
        #expect(left == PixelRect(x: 0, y: 100, width: 300, height: 300))
        // At the bottom-right corner: s = 200, x = 990 - 95 = 895 -> clamped to 1000 - 200.
        let corner = try EnclosingSquare().square(enclosing: Box(x1: 990, y1: 600, x2: 1000, y2: 800), in: image)
        #expect(corner == PixelRect(x: 800, y: 600, width: 200, height: 200))
    }

    @Test func squareLargerThanAnAxisOverhangsBothEnds() throws {
        // 900 x 100 box on 1000 x 300: s = 900 > H = 300 -> y clamped into [300 - 900, 0]; centred
        // y = 100 - 400 = -300 stays; x = 50 fits.
        let wide = PixelSize(width: 1000, height: 300)
        let square = try EnclosingSquare().square(enclosing: Box(x1: 50, y1: 100, x2: 950, y2: 200), in: wide)
        #expect(square == PixelRect(x: 50, y: -300, width: 900, height: 900))
        // A box at the top: centred y = 0 - 400 = -400, inside [300 - 900, 0]: kept.
        let top = try EnclosingSquare().square(enclosing: Box(x1: 50, y1: 0, x2: 950, y2: 100), in: wide)
        #expect(top == PixelRect(x: 50, y: -400, width: 900, height: 900))
        // minSide larger than the whole image: centred x = -595 is clamped into [1000 - 1200, 0];
        // y = -595 already lies in [300 - 1200, 0].
        let big = try EnclosingSquare(minSide: 1200).square(enclosing: Box(x1: 0, y1: 0, x2: 10, y2: 10), in: wide)
        #expect(big == PixelRect(x: -200, y: -595, width: 1200, height: 1200))
    }

    @Test func modeAllCoversEveryBoxAndModeEachOneSquarePerMergedBox() throws {
        let regions = [
            Region(box: Box(x1: 100, y1: 100, x2: 120, y2: 110)),
            Region(box: Box(x1: 115, y1: 105, x2: 130, y2: 130)),  // overlaps the first
            Region(box: Box(x1: 600, y1: 500, x2: 640, y2: 520)),
        ]
        let all = try EnclosingSquare(mode: .all).apply(to: regions, in: image)
        // Union 100...640 x 100...520: w 540, h 420 -> s 540, y = 100 - 60 = 40.
        #expect(all.squares == [PixelRect(x: 100, y: 40, width: 540, height: 540)])
        let each = try EnclosingSquare(mode: .each).apply(to: regions, in: image)
        // Merged 100...130 x 100...130 (s 30) and 600...640 x 500...520 (s 40, y = 490).
        #expect(each.squares == [PixelRect(x: 100, y: 100, width: 30, height: 30), PixelRect(x: 600, y: 490, width: 40, height: 40)])
    }

    @Test func noUsableBoxesGiveNoSquareAndDropsAreReported() throws {
        #expect(try EnclosingSquare().apply(to: [], in: image).squares.isEmpty)
        let regions = [Region(box: Box(x1: .nan, y1: 0, x2: 1, y2: 1)), Region(box: Box(x1: 2000, y1: 0, x2: 2100, y2: 10))]
        let result = try EnclosingSquare(mode: .each).apply(to: regions, in: image)
        #expect(result.squares.isEmpty)
        #expect(result.dropped.map(\.index) == [0, 1] && result.dropped.map(\.problem) == [.notFinite, .outsideImage])
    }

    @Test func boxesPartlyOutsideCountOnlyTheirInsidePart() throws {
        // Clamped to 0...40 x 0...10 first, so the square (40 x 40 at the corner) still contains it.
        let result = try EnclosingSquare().apply(to: [Region(box: Box(x1: -30, y1: -5, x2: 40, y2: 10))], in: image)
        #expect(result.squares == [PixelRect(x: 0, y: 0, width: 40, height: 40)])
    }

    @Test func wholeImageSquareIsStillPlanned() throws {
        let square = PixelSize(width: 500, height: 500)
        #expect(try EnclosingSquare().apply(to: [Region(box: Box(x1: 0, y1: 0, x2: 500, y2: 500))], in: square).squares == [PixelRect(size: square)])
    }

    @Test func fillIsCarried() throws {
        #expect(try EnclosingSquare().fill == .white)
        #expect(try EnclosingSquare(fill: .black).fill.description == "#000000")
        #expect(RGBColor(red: 255, green: 10, blue: 0).description == "#ff0a00")
    }

    // MARK: Properties

    /// Squares are exactly s x s with s = max(w, h, ceil(minSide)) (minimal), contain the union of
    /// the (clamped) boxes, lie inside the image whenever s <= min(W, H), and cover an axis fully
    /// when s exceeds it.
    @Test func sweepSquaresAreMinimalAndPlaced() throws {
        var random = SeededGenerator(seed: 29)
        for _ in 0..<4_000 {
            let image = random.imageSize(sides: 10...400)
            let operatorUnderTest = try EnclosingSquare(mode: Bool.random(using: &random) ? .all : .each,
                                                        minSide: Double(Int.random(in: 0...1_000, using: &random)) / 4)
            let regions = random.regions(Int.random(in: 1...6, using: &random), in: image, maxSide: 250)
            let result = operatorUnderTest.apply(to: regions, in: image)
            let clamped = regions.map { $0.box.clamped(to: image) }
            let groups: [Box] = operatorUnderTest.mode == .all
                ? [clamped.dropFirst().reduce(clamped[0]) { $0.union($1) }]
                : try MergeBoxes().apply(to: clamped.map { Region(box: $0) }).merged.map(\.box)
            #expect(result.squares.count == groups.count && result.dropped.isEmpty, "\(regions) on \(image)")
            for (square, group) in zip(result.squares, groups) {
                let union = group.pixelRect
                let label = "\(operatorUnderTest.mode) minSide \(operatorUnderTest.minSide) \(group) on \(image) -> \(square)"
                let side = max(union.width, union.height, Int(operatorUnderTest.minSide.rounded(.up)))
                #expect(square.width == side && square.height == side, "\(label)")
                #expect(square.contains(union), "\(label)")
                // Centred (odd pixel right / down) unless the clamp moved it.
                let centred = (x: union.x - (side - union.width) / 2, y: union.y - (side - union.height) / 2)
                if centred.x >= min(0, image.width - side) && centred.x <= max(0, image.width - side) {
                    #expect(square.x == centred.x, "\(label)")
                }
                if centred.y >= min(0, image.height - side) && centred.y <= max(0, image.height - side) {
                    #expect(square.y == centred.y, "\(label)")
                }
                if side <= min(image.width, image.height) {
                    #expect(square.isInside(image), "\(label)")
                }
                if side > image.width { #expect(square.x <= 0 && square.maxX >= image.width, "\(label)") }
                if side > image.height { #expect(square.y <= 0 && square.maxY >= image.height, "\(label)") }
            }
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() throws {
        #expect(throws: GeometryError("Expected a number in 0.0...100000.0 for minSide but received -5.0")) {
            try EnclosingSquare(minSide: -5)
        }
        #expect(throws: GeometryError("Expected one of: all, each for mode but received \"every\"")) {
            try EnclosingSquare.Mode(parsing: "every")
        }
        #expect(try EnclosingSquare.Mode(parsing: "each") == .each)
    }
}
