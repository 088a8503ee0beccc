import Foundation
import Testing
import TestSupport
import VLMPrep

/// A safetensors file read back by hand (the format, not our writer): 8-byte little-endian
/// header length N, N bytes of JSON header, then the data.
struct SafetensorsFile {
    let headerLength: UInt64
    let headerText: String
    let header: [String: Any]
    let data: Data

    init(_ bytes: Data) throws {
        let bytes = Data(bytes)   // indices from 0
        try #require(bytes.count >= 8)
        headerLength = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        try #require(bytes.count >= 8 + Int(headerLength))
        let headerBytes = bytes[8..<(8 + Int(headerLength))]
        headerText = String(decoding: headerBytes, as: UTF8.self)
        header = try #require(try JSONSerialization.jsonObject(with: headerBytes) as? [String: Any])
        data = Data(bytes[(8 + Int(headerLength))...])
    }

    var metadata: [String: String]? { header["__metadata__"] as? [String: String] }
    var tensorNames: [String] { header.keys.filter { $0 != "__metadata__" }.sorted() }

    func entry(_ name: String) throws -> (dtype: String, shape: [Int], begin: Int, end: Int) {
        let object = try #require(header[name] as? [String: Any])
        let offsets = try #require(object["data_offsets"] as? [Int])
        return (try #require(object["dtype"] as? String), try #require(object["shape"] as? [Int]), offsets[0], offsets[1])
    }

    func floats(_ name: String) throws -> [Float] {
        let (dtype, _, begin, end) = try entry(name)
        try #require(dtype == "F32")
        return stride(from: begin, to: end, by: 4).map { offset in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[offset + $1]) << (8 * UInt32($1)) })
        }
    }

    func integers(_ name: String) throws -> [Int64] {
        let (dtype, _, begin, end) = try entry(name)
        try #require(dtype == "I64")
        return stride(from: begin, to: end, by: 8).map { offset in
            Int64(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[offset + $1]) << (8 * UInt64($1)) })
        }
    }
}

@Suite("SafetensorsWriter")
struct SafetensorsWriterTests {
    @Test func layoutByteByByte() throws {
        let tensors = [Tensor(name: "pixel_values", shape: [1, 3], storage: .float32([1.5, -2, 0])),
                       Tensor.int64("image_grid_thw", rows: [[1, 2, 3]])]
        let bytes = SafetensorsWriter.encode(tensors, metadata: ["id": "a/b", "vlmprep": "1"])
        let file = try SafetensorsFile(bytes)
        // Header: sorted keys, compact, padded with spaces to a multiple of 8.
        let json = #"{"__metadata__":{"id":"a/b","vlmprep":"1"},"image_grid_thw":{"data_offsets":[12,36],"dtype":"I64","shape":[1,3]},"pixel_values":{"data_offsets":[0,12],"dtype":"F32","shape":[1,3]}}"#
        let padded = json + String(repeating: " ", count: (8 - json.utf8.count % 8) % 8)
        #expect(file.headerText == padded)
        #expect(file.headerLength == UInt64(padded.utf8.count) && file.headerLength % 8 == 0)
        #expect(Array(bytes.prefix(8)) == [UInt8(padded.utf8.count), 0, 0, 0, 0, 0, 0, 0])
        // Data: float32 1.5 = 0x3FC00000, -2 = 0xC0000000, then int64 1, 2, 3, all little-endian.
        #expect(Array(file.data) == [0, 0, 0xC0, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0, 0]
            + [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0])
        #expect(bytes.count == 8 + padded.utf8.count + 36)
        #expect(try file.floats("pixel_values") == [1.5, -2, 0])
        #expect(try file.integers("image_grid_thw") == [1, 2, 3])
        #expect(file.metadata == ["id": "a/b", "vlmprep": "1"])
    }

    @Test func offsetsCoverTheDataWithoutHoles() throws {
        var generator = SeededGenerator(seed: 7)
        for count in 1...6 {
            var tensors: [Tensor] = []
            for index in 0..<count {
                let rows = Int.random(in: 0...5, using: &generator), columns = Int.random(in: 1...4, using: &generator)
                if index % 2 == 0 {
                    tensors.append(Tensor(name: "t\(index)", shape: [rows, columns],
                                          storage: .float32((0..<(rows * columns)).map { _ in Float.random(in: -1...1, using: &generator) })))
                } else {
                    tensors.append(Tensor(name: "t\(index)", shape: [rows * columns], storage: .int64((0..<(rows * columns)).map { _ in Int64.random(in: .min ... .max, using: &generator) })))
                }
            }
            let file = try SafetensorsFile(SafetensorsWriter.encode(tensors))
            #expect(file.metadata == nil)
            var expectedBegin = 0
            for tensor in tensors {
                let entry = try file.entry(tensor.name)
                #expect(entry.begin == expectedBegin && entry.shape == tensor.shape && entry.dtype == tensor.dtype)
                expectedBegin = entry.end
                switch tensor.storage {
                case .float32(let values): #expect(try file.floats(tensor.name) == values)
                case .int64(let values): #expect(try file.integers(tensor.name) == values)
                }
            }
            #expect(expectedBegin == file.data.count)
        }
    }

    /// Writing to a file handle gives exactly the encoded bytes; header entries give the header of
    /// the tensors they describe.
    @Test func writtenFileEqualsEncoding() throws {
        let tensors = [Tensor(name: "pixel_values", shape: [2, 2], storage: .float32([0.25, -1, 3, .infinity])),
                       Tensor.int64("num_crops", values: [0, -7])]
        let metadata = ["id": "é/\"x\""]
        let url = try Fixtures.temporaryDirectory().appendingPathComponent("w.safetensors")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try SafetensorsWriter.write(tensors, metadata: metadata, to: handle)
        try handle.close()
        let encoded = SafetensorsWriter.encode(tensors, metadata: metadata)
        #expect(try Data(contentsOf: url) == encoded)
        let header = SafetensorsWriter.header([.float32("pixel_values", shape: [2, 2]), .init(tensors[1])], metadata: metadata)
        #expect(header == encoded.prefix(header.count) && encoded.count == header.count + 16 + 16)
        #expect(SafetensorsWriter.Entry(tensors[1]).byteCount == 16 && SafetensorsWriter.Entry.float32("p", shape: [3, 0]).byteCount == 0)
    }

    @Test func emptyFile() throws {
        let bytes = SafetensorsWriter.encode([])
        #expect(Array(bytes) == [8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8))
    }

    @Test func metadataIsEscaped() throws {
        let file = try SafetensorsFile(SafetensorsWriter.encode([Tensor.int64("n", values: [4])], metadata: ["frames": #"[{"kind":"crop"}]"#, "quote": "\"\n"]))
        #expect(file.metadata?["frames"] == #"[{"kind":"crop"}]"#)
        #expect(file.metadata?["quote"] == "\"\n")
    }
}
