/// Safe file-name stems from item ids (DESIGN §5, issue: nothing is ever written outside `OUT`).
///
/// Characters other than `A–Z a–z 0–9 . _ -` become `_`; a leading dot becomes `_` (no hidden
/// files, no `.` or `..`); at most 80 characters are kept. When the id had to change (or was
/// empty), `-` and the 16-hex FNV-1a hash of the exact id bytes are appended, so distinct ids never
/// share a stem (deterministically: the same id always gets the same stem). An id that already
/// ends like a hashed stem (`-` and 16 hex digits) is hashed too, so no id can spell out another
/// id's stem (`a_b-<hash of "a/b">` does not collide with `a/b`).
public enum FileStem {
    /// Longest kept part of the id, in characters.
    public static let maxPrefix = 80

    /// The stem for an item id.
    public static func make(_ id: String) -> String {
        var safe = String(id.unicodeScalars.prefix(maxPrefix).map { scalar -> Character in
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-" || scalar == ".")
            return allowed ? Character(scalar) : "_"
        })
        if safe.hasPrefix(".") { safe = "_" + safe.dropFirst() }
        if safe == id && !safe.isEmpty && !looksHashed(safe) { return safe }
        return (safe.isEmpty ? "item" : safe) + "-" + fnv1a64Hex(id)
    }

    /// True when `stem` ends with `-` and 16 lowercase hex digits (the form ``make(_:)`` appends).
    static func looksHashed(_ stem: String) -> Bool {
        let scalars = Array(stem.unicodeScalars)
        guard scalars.count >= 17, scalars[scalars.count - 17] == "-" else { return false }
        return scalars.suffix(16).allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// FNV-1a 64-bit hash of the UTF-8 bytes (also the resume set's key).
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// ``fnv1a64(_:)`` as 16 lowercase hex digits.
    static func fnv1a64Hex(_ text: String) -> String {
        let digits = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
