import Foundation

/// Writes tensors in the safetensors format: 8-byte little-endian header length, a JSON header
/// `{"<name>": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}`
/// padded with spaces to a multiple of 8 bytes, then the little-endian data in header order.
public enum SafetensorsWriter {
    /// The file bytes for `tensors` with string `metadata`.
    /// - Precondition: tensor names are unique and not `__metadata__`.
    public static func encode(_ tensors: [Tensor], metadata: [String: String] = [:]) -> Data {
        precondition(Set(tensors.map(\.name)).count == tensors.count, "safetensors: duplicate tensor names")
        var header: [String: JSONValue] = [:]
        var offset = 0
        var payload = Data()
        for tensor in tensors {
            precondition(tensor.name != "__metadata__", "safetensors: reserved tensor name")
            let bytes = littleEndianBytes(tensor)
            header[tensor.name] = .object([
                "dtype": .string(tensor.dtype),
                "shape": .array(tensor.shape.map { .number(Double($0)) }),
                "data_offsets": .array([.number(Double(offset)), .number(Double(offset + bytes.count))]),
            ])
            offset += bytes.count
            payload.append(bytes)
        }
        if !metadata.isEmpty { header["__metadata__"] = .object(metadata.mapValues { .string($0) }) }
        var headerBytes = Data(JSONValue.object(header).description.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var file = Data()
        var length = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(headerBytes)
        file.append(payload)
        return file
    }

    private static func littleEndianBytes(_ tensor: Tensor) -> Data {
        switch tensor.storage {
        case .float32(let values): return littleEndianBytes(values.map(\.bitPattern))
        case .int64(let values): return littleEndianBytes(values)
        }
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        #if _endian(little)
        return values.withUnsafeBytes { Data($0) }   // already the file's byte order
        #else
        var data = Data(capacity: values.count * MemoryLayout<T>.size)
        for value in values { appendLittleEndian(value, to: &data) }
        return data
        #endif
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { data.append(contentsOf: $0) }
    }
}
