import TestSupport

/// `phash.json`, decoded.
struct PHashVectors: Decodable {
    struct Image: Decodable, CustomStringConvertible {
        let file: String
        let mode: String
        let width: Int
        let height: Int
        let phash: String
        let bits: String
        let gray32_hex: String
        let dct8: [Double]
        let median: Double

        /// The file name without folder and extension.
        var name: String { String(file.split(separator: "/").last!.dropLast(4)) }
        var description: String { name }

        /// The 32×32 grey bytes.
        var gray32: [UInt8] {
            let digits = Array(gray32_hex.utf8)
            return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        }
    }

    struct Pair: Decodable, CustomStringConvertible {
        let a: String
        let b: String
        let distance: Int
        var description: String { "\(a) ~ \(b)" }
    }

    let images: [Image]
    let hamming: [Pair]

    static let reference: PHashVectors? = try? Fixtures.referenceJSON("phash.json", as: PHashVectors.self)
    static var images: [Image] { reference?.images ?? [] }
    static var pairs: [Pair] { reference?.hamming ?? [] }
}
