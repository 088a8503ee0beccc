import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct TilesTests {
    // MARK: Hand-computed examples

    @Test func lastColumnAndRowShiftInward() throws {
        // 1200 x 600, size 512: x = 0, 512, then 1024 shifted to 688; y = 0, then 512 shifted to 88.
        let tiles = try Tiles(size: 512).tiles(for: PixelSize(width: 1200, height: 600))
        #expect(tiles.map { [$0.x, $0.y] } == [[0, 0], [512, 0], [688, 0], [0, 88], [512, 88], [688, 88]])
        #expect(tiles.allSatisfy { $0.width == 512 && $0.height == 512 })
    }

    @Test func overlapSetsTheStride() throws {
        // size 100, overlap 0.25 -> stride 75; 250 wide: ceil(150 / 75) + 1 = 3 tiles at 0, 75, 150.
        let layout = try Tiles(size: 100, overlap: 0.25)
        #expect(layout.stride == 75)
        #expect(layout.tiles(for: PixelSize(width: 250, height: 100)).map(\.x) == [0, 75, 150])
        // overlap 0.333 of 10 -> floor(3.33) = 3 pixels -> stride 7.
        #expect(try Tiles(size: 10, overlap: 0.333).stride == 7)
    }

    @Test func exactMultiplesNeedNoShift() throws {
        let tiles = try Tiles(size: 448).tiles(for: PixelSize(width: 896, height: 448))
        #expect(tiles.map(\.array) == [[0, 0, 448, 448], [448, 0, 448, 448]])
    }

    @Test func smallerImagesGetOneClampedTile() throws {
        let layout = try Tiles(size: 896)
        #expect(layout.tiles(for: PixelSize(width: 300, height: 200)) == [PixelRect(x: 0, y: 0, width: 300, height: 200)])
        // Only one axis shorter: tiles are 896 wide but clamped to 500 high.
        #expect(layout.tiles(for: PixelSize(width: 1000, height: 500)).map(\.array) == [[0, 0, 896, 500], [104, 0, 896, 500]])
        #expect(layout.grid(for: PixelSize(width: 1000, height: 500)) == TileGrid(columns: 2, rows: 1))
    }

    // MARK: Properties

    /// Tiles lie inside the image, are `size x size` (clamped only on a short axis), cover every
    /// pixel, come row-major, and neighbours overlap by at least `floor(overlap * size)` pixels.
    @Test func sweepTilesCoverTheImage() throws {
        var random = SeededGenerator(seed: 13)
        for _ in 0..<3_000 {
            let image = random.imageSize(sides: 1...700)
            let layout = try Tiles(size: Int.random(in: 8...300, using: &random), overlap: Double.random(in: 0...0.9, using: &random))
            let tiles = layout.tiles(for: image)
            let grid = layout.grid(for: image)
            let label = "size \(layout.size) overlap \(layout.overlap) on \(image)"
            #expect(tiles.count == grid.count, "\(label)")
            #expect(tiles.allSatisfy { $0.isInside(image) }, "\(label)")
            #expect(tiles.allSatisfy { $0.width == min(layout.size, image.width) && $0.height == min(layout.size, image.height) }, "\(label)")
            let columns = tiles.prefix(grid.columns).map(\.x)
            let rows = stride(from: 0, to: tiles.count, by: grid.columns).map { tiles[$0].y }
            #expect(tiles.map { [$0.x, $0.y] } == rows.flatMap { y in columns.map { [$0, y] } }, "\(label) not row-major")
            for origins in [columns, rows] {
                #expect(origins.first == 0 && origins == origins.sorted() && Set(origins).count == origins.count, "\(label)")
                for (previous, next) in zip(origins, origins.dropFirst()) {
                    #expect(next - previous <= layout.stride, "\(label): gap between \(previous) and \(next)")
                }
            }
            #expect(columns.last! + tiles[0].width == image.width, "\(label)")
            #expect(rows.last! + tiles[0].height == image.height, "\(label)")
        }
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected an integer in 1...100000 for size but received 0")) {
            try Tiles(size: 0)
        }
        #expect(throws: GeometryError("Expected a number in 0.0...0.9 for overlap but received 1.0")) {
            try Tiles(overlap: 1)
        }
        #expect(throws: GeometryError("Expected a number in 0.0...0.9 for overlap but received -0.1")) {
            try Tiles(overlap: -0.1)
        }
    }
}
