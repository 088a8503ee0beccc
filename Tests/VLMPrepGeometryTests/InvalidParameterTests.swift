import Testing
import VLMPrepGeometry

@Suite struct InvalidParameterTests {
    @Test func messageForm() {
        #expect(InvalidParameter.message(expected: "a number in 0.0...1.0", name: "fraction", received: 2.0)
                == "Expected a number in 0.0...1.0 for fraction but received 2.0")
        #expect(InvalidParameter.oneOf(["all", "each"]) == "one of: all, each")
        #expect(GeometryError.invalidParameter(expected: "x", name: "y", received: 1).description == "Expected x for y but received 1")
    }
}
