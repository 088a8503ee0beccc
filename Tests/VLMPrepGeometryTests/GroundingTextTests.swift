import Testing
import VLMPrepGeometry

@Suite struct GroundingTextTests {
    private func boxes(_ text: String) throws -> [Box?] { try GroundingText.parse(text).map(\.box) }

    @Test func fencedListWithLabels() throws {
        let text = """
        Sure! Here are the objects:
        ```json
        [
          {"bbox_2d": [10, 20, 110, 220], "label": "barcode"},
          {"bbox_2d": [300.5, 40, 350, 90], "label": "price tag"}
        ]
        ```
        Let me know if you need anything else [or more boxes].
        """
        let objects = try GroundingText.parse(text)
        #expect(objects == [
            GroundingObject(index: 0, box: Box(x1: 10, y1: 20, x2: 110, y2: 220), label: "barcode"),
            GroundingObject(index: 1, box: Box(x1: 300.5, y1: 40, x2: 350, y2: 90), label: "price tag"),
        ])
    }

    @Test func bareListInProse() throws {
        #expect(try boxes(#"The cat is at [{"bbox_2d": [1, 2, 3, 4]}] in the image."#) == [Box(x1: 1, y1: 2, x2: 3, y2: 4)])
    }

    @Test func bracketedProseBeforeTheJSONIsSkipped() throws {
        #expect(try boxes(#"Answer [1]: [{"bbox_2d": [1, 2, 3, 4], "label": "a"}]"#) == [Box(x1: 1, y1: 2, x2: 3, y2: 4)])
    }

    @Test func singleObjectAndUnwrappedObjects() throws {
        #expect(try boxes(#"{"bbox_2d": [5, 6, 7, 8], "label": "x"}"#) == [Box(x1: 5, y1: 6, x2: 7, y2: 8)])
        let objects = try GroundingText.parse("""
        {"bbox_2d": [1, 1, 2, 2], "label": "a"},
        {"bbox_2d": [3, 3, 4, 4], "label": "b"}
        """)
        #expect(objects.map(\.label) == ["a", "b"] && objects.map(\.index) == [0, 1])
    }

    @Test func trailingCommasSingleQuotesAndMissingLabels() throws {
        let objects = try GroundingText.parse("```json\n[{'bbox_2d': [1, 2, 3, 4],}, {\"bbox_2d\": [5, 6, 7, 8], \"label\": \"b\",},]\n```")
        #expect(objects.map(\.box) == [Box(x1: 1, y1: 2, x2: 3, y2: 4), Box(x1: 5, y1: 6, x2: 7, y2: 8)])
        #expect(objects.map(\.label) == [nil, "b"])
    }

    @Test func listCutOffByTheTokenLimitKeepsCompleteObjects() throws {
        let text = "```json\n[\n {\"bbox_2d\": [1, 2, 3, 4], \"label\": \"a\"},\n {\"bbox_2d\": [5, 6, 7, 8], \"label\": \"b\"},\n {\"bbox_2d\": [9, 10"
        #expect(try GroundingText.parse(text).map(\.label) == ["a", "b"])
    }

    @Test func labelsWithBracketsAndQuotesDoNotConfuseTheScanner() throws {
        let objects = try GroundingText.parse(#"[{"bbox_2d": [1, 2, 3, 4], "label": "box ] with \" and }"}]"#)
        #expect(objects.map(\.label) == [#"box ] with " and }"#])
    }

    @Test func pointsNumericStringsAndMalformedEntries() throws {
        let objects = try GroundingText.parse(#"""
        [{"point_2d": [12, 34], "label": "eye"},
         {"bbox_2d": ["1", "2", "3", "4"]},
         {"bbox_2d": [1, 2, 3]},
         "not an object",
         {"bbox_2d": [1, 2, 3, 4], "label": 7}]
        """#)
        #expect(objects.map(\.index) == [0, 1, 2, 3, 4])
        #expect(objects[0].point == ImagePoint(x: 12, y: 34) && objects[0].box == nil && objects[0].label == "eye")
        #expect(objects[1].box == Box(x1: 1, y1: 2, x2: 3, y2: 4))
        #expect(objects[2].box == nil && objects[2].point == nil)
        #expect(objects[3] == GroundingObject(index: 3, box: nil, label: nil))
        #expect(objects[4].box != nil && objects[4].label == nil)
    }

    @Test func emptyListGivesNoObjects() throws {
        #expect(try GroundingText.parse("```json\n[]\n```").isEmpty)
    }

    // MARK: Invalid input

    @Test func textWithoutJSONThrows() {
        #expect(throws: GeometryError(#"no JSON boxes in the model output: "There is no cat in this image.""#)) {
            try GroundingText.parse("There is no cat in this image.")
        }
        #expect(throws: GeometryError(#"no JSON boxes in the model output: "Values [1, 2] only""#)) {
            try GroundingText.parse("Values [1, 2] only")
        }
    }
}
