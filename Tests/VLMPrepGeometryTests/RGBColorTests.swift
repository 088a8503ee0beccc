import Testing
import VLMPrepGeometry

@Suite struct RGBColorTests {
    @Test func parsingAcceptsNamesHexAndTriples() throws {
        #expect(try RGBColor(parsing: "white", name: "fill") == .white)
        #expect(try RGBColor(parsing: " Black ", name: "fill") == .black)
        #expect(try RGBColor(parsing: "#FF0a00", name: "fill") == RGBColor(red: 255, green: 10, blue: 0))
        #expect(try RGBColor(parsing: "127, 127,127", name: "fill") == RGBColor(red: 127, green: 127, blue: 127))
    }

    @Test func descriptionIsHex() {
        #expect(RGBColor(red: 1, green: 171, blue: 255).description == "#01abff")
    }

    // MARK: Invalid parameters

    @Test func invalidParameters() {
        #expect(throws: GeometryError("Expected a colour (white, black, #rrggbb or r,g,b) for fill but received \"grey\"")) {
            try RGBColor(parsing: "grey", name: "fill")
        }
        #expect(throws: GeometryError("Expected a colour (white, black, #rrggbb or r,g,b) for background but received \"256,0,0\"")) {
            try RGBColor(parsing: "256,0,0", name: "background")
        }
    }
}
