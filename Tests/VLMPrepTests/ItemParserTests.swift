import Foundation
import Testing
import VLMPrep

@Suite("ItemParser")
struct ItemParserTests {
    private func parse(_ text: String, line: Int = 1) throws -> Item {
        try ItemParser.parse(text, line: line)
    }

    /// The error a bad line gives (nil when it parsed).
    private func failure(_ text: String, line: Int = 7) -> ItemError? {
        do { _ = try ItemParser.parse(text, line: line); return nil } catch { return error }
    }

    // MARK: - Valid lines

    @Test func fullLineWithStringId() throws {
        let item = try parse(#"{"id":"123","images":["a.jpg","/abs/b.png"],"title":"Cup","category":"Home","regions":[{"image":1,"box":[1.5,2,30,40.25],"label":"barcode","score":0.9}]}"#)
        #expect(item.id == "123")
        #expect(item.images == ["a.jpg", "/abs/b.png"])
        #expect(item.title == "Cup" && item.category == "Home")
        #expect(item.regions == [ItemRegion(image: 1, source: .box(Box(x1: 1.5, y1: 2, x2: 30, y2: 40.25)), label: "barcode", score: 0.9)])
    }

    @Test func integerIdsBecomeStrings() throws {
        #expect(try parse(#"{"id":123456789012,"images":["a.jpg"]}"#).id == "123456789012")
        #expect(try parse(#"{"id":-7,"images":["a.jpg"]}"#).id == "-7")
        #expect(try parse(#"{"id":0,"images":["a.jpg"]}"#).id == "0")
    }

    @Test func optionalFieldsMayBeAbsent() throws {
        let item = try parse(#"{"id":"x","images":["a.jpg"]}"#)
        #expect(item.title == nil && item.category == nil && item.regions.isEmpty)
        // Unknown fields are ignored (exports carry more than we read).
        #expect(try parse(#"{"id":"x","images":["a.jpg"],"price":3.5}"#).images == ["a.jpg"])
    }

    @Test func groundingTextRegions() throws {
        let item = try parse(#"{"id":"g","images":["a.jpg","b.jpg"],"regions":[{"image":0,"qwen25vl":"[{\"bbox_2d\":[1,2,3,4]}]","label":"tag"},{"image":1,"qwen3vl":"{\"bbox_2d\":[0,0,500,500]}"}]}"#)
        #expect(item.regions.count == 2)
        #expect(item.regions[0].source == .qwen25VL(#"[{"bbox_2d":[1,2,3,4]}]"#))
        #expect(item.regions[0].label == "tag")
        #expect(item.regions[1].source == .qwen3VL(#"{"bbox_2d":[0,0,500,500]}"#))
        #expect(item.regions[1].image == 1 && item.regions[1].label == nil && item.regions[1].score == nil)
    }

    @Test func nullCornersBecomeNaN() throws {
        let item = try parse(#"{"id":"n","images":["a.jpg"],"regions":[{"image":0,"box":[null,2,3,4]}]}"#)
        guard case .box(let box) = item.regions[0].source else { Issue.record("not a box"); return }
        #expect(box.x1.isNaN)
        #expect([box.y1, box.x2, box.y2] == [2, 3, 4])
        #expect(box.validity(in: PixelSize(width: 10, height: 10)) == .notFinite)   // dropped later, not here
    }

    @Test func regionRoundTripsThroughJSON() throws {
        let regions = [ItemRegion(image: 0, source: .box(Box(x1: 1, y1: 2, x2: 3, y2: 4)), label: "a", score: 0.5),
                       ItemRegion(image: 1, source: .qwen25VL("t")), ItemRegion(image: 0, source: .qwen3VL("u"), label: "b")]
        let item = Item(id: "r", images: ["a.jpg", "b.jpg"], title: "T", regions: regions)
        let text = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
        #expect(try parse(text) == item)
    }

    @Test func resolvedImagePaths() {
        let folder = URL(fileURLWithPath: "/data/shard1")
        #expect(Item.resolvedImagePath("img/a.jpg", relativeTo: folder) == "/data/shard1/img/a.jpg")
        #expect(Item.resolvedImagePath("../b.jpg", relativeTo: folder) == "/data/b.jpg")
        #expect(Item.resolvedImagePath("/abs/c.jpg", relativeTo: folder) == "/abs/c.jpg")
    }

    // MARK: - Bad lines: every message names the line and the problem

    @Test func invalidJSON() {
        #expect(failure("{not json")?.description == "line 7: invalid JSON")
        #expect(failure(#"{"id":"a","images":["a.jpg"]"#)?.description == "line 7: invalid JSON")   // cut short
        #expect(failure("[1]")?.description == "line 7: wrong type at the top level: expected a JSON object")
    }

    @Test func missingFields() {
        #expect(failure(#"{"id":"a"}"#)?.description == #"line 7: missing field "images""#)
        #expect(failure(#"{"images":["a.jpg"]}"#)?.description == #"line 7: missing field "id""#)
        #expect(failure(#"{"id":"a","images":["a.jpg"],"regions":[{"image":0}]}"#)?.description
            == #"line 7: missing field "box" in .regions[0]; a region needs "box", "qwen25vl" or "qwen3vl""#)
        #expect(failure(#"{"id":"a","images":["a.jpg"],"regions":[{"box":[1,2,3,4]}]}"#)?.description
            == #"line 7: missing field "image" in .regions[0]"#)
    }

    @Test func wrongTypes() {
        #expect(failure(#"{"id":"a","images":"a.jpg"}"#)?.description == "line 7: wrong type at .images: expected a list of image paths")
        #expect(failure(#"{"id":"a","images":[1]}"#)?.description == "line 7: wrong type at .images[0]: expected an image path (a string)")
        #expect(failure(#"{"id":1.5,"images":["a.jpg"]}"#)?.description == "line 7: wrong type at .id: expected a string or an integer")
        #expect(failure(#"{"id":true,"images":["a.jpg"]}"#)?.description == "line 7: wrong type at .id: expected a string or an integer")
        #expect(failure(#"{"id":"a","images":["a.jpg"],"title":5}"#)?.description == "line 7: wrong type at .title: expected a string")
        #expect(failure(#"{"id":"a","images":null}"#)?.description == "line 7: null at .images: expected a list of image paths")
        #expect(failure(#"{"id":"a","images":["a.jpg"],"regions":[{"image":"0","box":[1,2,3,4]}]}"#)?.description
            == "line 7: wrong type at .regions[0].image: expected an integer gallery index")
        #expect(failure(#"{"id":"a","images":["a.jpg"],"regions":[{"image":0,"box":[1,2,"3",4]}]}"#)?.description
            == "line 7: wrong type at .regions[0].box[2]: expected a number")
    }

    @Test func boxWithThreeNumbers() {
        #expect(failure(#"{"id":"a","images":["a.jpg"],"regions":[{"image":0,"box":[1,2,3]}]}"#)?.description
            == "line 7: a box has 4 numbers [x1, y1, x2, y2], got 3 at .regions[0].box")
    }

    @Test func regionImageOutOfRange() {
        let error = failure(#"{"id":"a","images":["a.jpg"],"regions":[{"image":1,"box":[1,2,3,4]}]}"#, line: 12)
        #expect(error == ItemError(line: 12, id: "a", message: "region image index 1 is outside the gallery (0..<1)"))
        #expect(error?.description == "line 12: region image index 1 is outside the gallery (0..<1)")
        #expect(failure(#"{"id":"a","images":["a.jpg"],"regions":[{"image":-1,"box":[1,2,3,4]}]}"#)?.message
            == "region image index -1 is outside the gallery (0..<1)")
    }

    @Test func emptyGallery() {
        #expect(failure(#"{"id":"e","images":[]}"#, line: 3) == ItemError(line: 3, id: "e", message: "item has no images"))
    }

    @Test func errorsWithoutAnIdHaveNone() {
        #expect(failure("{not json")?.id == nil)
        #expect(failure(#"{"id":"a","images":"a.jpg"}"#)?.id == nil)
    }
}
