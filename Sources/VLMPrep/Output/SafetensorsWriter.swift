import Foundation

/// Writes tensors in the safetensors format: 8-byte little-endian header length, a JSON header
/// `{"<name>": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}`
/// padded with spaces to a multiple of 8 bytes, then the little-endian data in header order.
public enum SafetensorsWriter {
    /// One tensor's header entry: what the file says about it before its data.
    public struct Entry: Hashable, Sendable {
        /// Tensor name (unique in a file, not `__metadata__`).
        public var name: String
        /// Element type: `F32` or `I64`.
        public var dtype: String
        /// Shape, outermost first.
        public var shape: [Int]

        /// An entry for a float32 tensor of `shape`.
        public static func float32(_ name: String, shape: [Int]) -> Entry { Entry(name: name, dtype: "F32", shape: shape) }

        /// The entry of an existing tensor.
        public init(_ tensor: Tensor) {
            self.init(name: tensor.name, dtype: tensor.dtype, shape: tensor.shape)
        }

        private init(name: String, dtype: String, shape: [Int]) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
        }

        /// Data size in bytes.
        public var byteCount: Int { shape.reduce(1, *) * (dtype == "I64" ? 8 : 4) }
    }

    /// The file bytes for `tensors` with string `metadata`.
    /// - Precondition: tensor names are unique and not `__metadata__`.
    public static func encode(_ tensors: [Tensor], metadata: [String: String] = [:]) -> Data {
        var file = header(tensors.map(Entry.init), metadata: metadata)
        for tensor in tensors { withLittleEndianBytes(tensor) { file.append(contentsOf: $0) } }
        return file
    }

    /// Streams the file for `tensors` with string `metadata` to `handle` — the bytes of
    /// ``encode(_:metadata:)`` without a copy of the tensor data in memory.
    /// - Precondition: tensor names are unique and not `__metadata__`.
    /// - Throws: the file handle's write error.
    public static func write(_ tensors: [Tensor], metadata: [String: String] = [:], to handle: FileHandle) throws {
        try handle.write(contentsOf: header(tensors.map(Entry.init), metadata: metadata))
        for tensor in tensors { try writeData(of: tensor, to: handle) }
    }

    /// The start of a file: the header length and the JSON header for `entries` (data offsets in
    /// entry order) with string `metadata`. The data of each entry must follow in that order
    /// (``writeData(of:to:)``, ``writeData(_:to:)``).
    /// - Precondition: entry names are unique and not `__metadata__`.
    public static func header(_ entries: [Entry], metadata: [String: String] = [:]) -> Data {
        precondition(Set(entries.map(\.name)).count == entries.count, "safetensors: duplicate tensor names")
        var header: [String: JSONValue] = [:]
        var offset = 0
        for entry in entries {
            precondition(entry.name != "__metadata__", "safetensors: reserved tensor name")
            header[entry.name] = .object([
                "dtype": .string(entry.dtype),
                "shape": .array(entry.shape.map { .number(Double($0)) }),
                "data_offsets": .array([.number(Double(offset)), .number(Double(offset + entry.byteCount))]),
            ])
            offset += entry.byteCount
        }
        if !metadata.isEmpty { header["__metadata__"] = .object(metadata.mapValues { .string($0) }) }
        var headerBytes = Data(JSONValue.object(header).description.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var prefix = Data()
        var length = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &length) { prefix.append(contentsOf: $0) }
        prefix.append(headerBytes)
        return prefix
    }

    /// Writes a tensor's data (little-endian) to `handle`.
    /// - Throws: the file handle's write error.
    public static func writeData(of tensor: Tensor, to handle: FileHandle) throws {
        try withLittleEndianBytes(tensor) { try handle.write(contentsOf: $0) }
    }

    /// Writes float32 values (little-endian) to `handle` — a piece of a streamed tensor.
    /// - Throws: the file handle's write error.
    public static func writeData(_ values: [Float], to handle: FileHandle) throws {
        #if _endian(little)   // already the file's byte order
        try values.withUnsafeBytes { try handle.write(contentsOf: $0) }
        #else
        try values.map(\.bitPattern.littleEndian).withUnsafeBytes { try handle.write(contentsOf: $0) }
        #endif
    }

    static func withLittleEndianBytes(_ tensor: Tensor, _ body: (any DataProtocol) throws -> Void) rethrows {
        #if _endian(little)   // already the file's byte order
        switch tensor.storage {
        case .float32(let values): try values.withUnsafeBytes { try body($0) }
        case .int64(let values): try values.withUnsafeBytes { try body($0) }
        }
        #else
        switch tensor.storage {
        case .float32(let values): try values.map(\.bitPattern.littleEndian).withUnsafeBytes { try body($0) }
        case .int64(let values): try values.map(\.littleEndian).withUnsafeBytes { try body($0) }
        }
        #endif
    }
}
