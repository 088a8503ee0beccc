import Foundation

/// Structural checks of image files without decoding: PNG chunk CRCs, JPEG end-of-image marker.
///
/// Why: libpng (through libvips 8.14) can decode a PNG whose IDAT CRC is wrong to wrong pixels
/// without reporting an error, and a bad CRC means the bytes are not what the writer wrote. A CRC
/// pass over the file is cheap next to decoding. Truncation (a chunk running past the end of the
/// file, or no IEND) is reported too.
enum FileIntegrity {
    /// The cheap structural check for a format without decoding: PNG chunk CRCs and IEND; JPEG
    /// an end-of-image marker near the end of the file (a truncated download has none). nil = ok
    /// or not checked for this format.
    static func problem(path: String, format: String) -> String? {
        switch format {
        case "png": return problem(path: path)
        case "jpeg": return jpegProblem(path: path)
        default: return nil
        }
    }

    /// A JPEG must contain its EOI marker (FF D9) within its last 64 KiB (trailers after EOI
    /// exist in the wild; a missing EOI means the file was cut).
    static func jpegProblem(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "cannot read file" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = min(size, 65536)
        try? handle.seek(toOffset: size - window)
        let tail = [UInt8]((try? handle.readToEnd()) ?? Data())
        var index = tail.count - 1
        while index > 0 {
            if tail[index] == 0xD9 && tail[index - 1] == 0xFF { return nil }
            index -= 1
        }
        return "truncated: no JPEG end-of-image marker"
    }

    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// nil when the file is a well-formed chunk sequence with correct CRCs, else the reason.
    static func problem(path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return "cannot read file" }
        return problem(bytes: [UInt8](data))
    }

    static func problem(bytes: [UInt8]) -> String? {
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { return "not a PNG signature" }
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = Int(readBigEndian32(bytes, offset))
            let typeStart = offset + 4
            let dataEnd = typeStart + 4 + length
            guard length <= 0x7FFF_FFFF, dataEnd + 4 <= bytes.count else {
                return "truncated: chunk at byte \(offset) runs past the end of the file"
            }
            let type = String(decoding: bytes[typeStart..<typeStart + 4], as: UTF8.self)
            let stored = readBigEndian32(bytes, dataEnd)
            let computed = CRC32.checksum(bytes[typeStart..<dataEnd])
            guard stored == computed else { return "\(type) chunk CRC error" }
            if type == "IEND" { return nil }
            offset = dataEnd + 4
        }
        return "truncated: no IEND chunk"
    }

    private static func readBigEndian32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}

/// CRC-32 (ISO 3309 / PNG / zlib), table-driven.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
