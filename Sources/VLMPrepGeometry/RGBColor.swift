
/// An 8-bit sRGB colour: the fill of overhanging crops and the background alpha is flattened onto.
/// Geometry only carries it; the executor paints with it.
public struct RGBColor: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Red, 0...255.
    public var red: UInt8
    /// Green, 0...255.
    public var green: UInt8
    /// Blue, 0...255.
    public var blue: UInt8

    /// Creates a colour from 8-bit channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// (255, 255, 255).
    public static let white = RGBColor(red: 255, green: 255, blue: 255)
    /// (0, 0, 0).
    public static let black = RGBColor(red: 0, green: 0, blue: 0)

    /// Parses `"white"`, `"black"`, `"#rrggbb"` or `[r, g, b]`-style `"r,g,b"`.
    /// - Throws: ``GeometryError`` in the InvalidParameter form naming `name`.
    public init(parsing text: String, name: String) throws {
        let expected = "a colour (white, black, #rrggbb or r,g,b)"
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        if lower == "white" { self = .white; return }
        if lower == "black" { self = .black; return }
        if lower.hasPrefix("#"), lower.count == 7, let value = UInt32(lower.dropFirst(), radix: 16) {
            self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
            return
        }
        let parts = lower.split(separator: ",").map { UInt8($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 3, let r = parts[0], let g = parts[1], let b = parts[2] {
            self.init(red: r, green: g, blue: b)
            return
        }
        throw GeometryError.invalidParameter(expected: expected, name: name, received: "\"\(text)\"")
    }

    /// `"#rrggbb"`.
    public var description: String {
        "#" + [red, green, blue].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

import Foundation
