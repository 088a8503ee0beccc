import Foundation
import Testing
import TestSupport
import VLMPrepGeometry

@Suite struct RoundingTests {
    // MARK: Python round(x): half to even at exact .5 boundaries

    @Test(arguments: [
        (0.5, 0.0), (1.5, 2.0), (2.5, 2.0), (3.5, 4.0), (-0.5, -0.0), (-1.5, -2.0), (-2.5, -2.0),
        (2.4999999999999996, 2.0), (2.5000000000000004, 3.0), (0.49999999999999994, 0.0),
    ])
    func roundedHalfToEven(value: Double, expected: Double) {
        #expect(value.roundedHalfToEven == expected, "round(\(value))")
    }

    /// Qwen's round_by_factor at the boundaries named in models.md §2.1 (h/28 = 1.5, 2.5, 3.5, 0.5).
    @Test(arguments: [(42, 56), (70, 56), (98, 112), (14, 0), (13, 0), (15, 28), (126, 112), (41, 28), (43, 56)])
    func roundedToMultipleOf28(value: Int, expected: Int) {
        #expect(Double(value).rounded(toMultipleOf: 28) == expected, "round(\(value) / 28) * 28")
    }

    @Test func flooredAndCeiledToMultiple() {
        #expect(55.9.floored(toMultipleOf: 28) == 28)
        #expect(56.0.floored(toMultipleOf: 28) == 56)
        #expect(0.5.floored(toMultipleOf: 28) == 0)
        #expect(28.0.ceiled(toMultipleOf: 28) == 28)
        #expect(28.000001.ceiled(toMultipleOf: 28) == 56)
        #expect(0.1.ceiled(toMultipleOf: 32) == 32)
        #expect((-1.0).floored(toMultipleOf: 28) == -28)
    }

    // MARK: Python round(x, n)

    /// Values and results printed by CPython 3 (`repr(round(x, n))`).
    @Test(arguments: [
        (2.675, 2, 2.67), (0.125, 2, 0.12), (0.375, 2, 0.38), (0.285, 2, 0.28), (-0.125, 2, -0.12),
        (-2.675, 2, -2.67), (1.0 / 256, 7, 0.0039062), (254.99999995, 7, 254.9999999),
        (255.99999996, 7, 256.0), (1.00000005, 7, 1.0), (0.00000015, 7, 1e-07),
        (13.500000049999999, 7, 13.5), (13.50000005, 7, 13.5000001), (26.999999950000003, 7, 27.0),
        (27.0000000499, 7, 27.0), (100.12345675, 7, 100.1234568), (2.5, 0, 2.0), (2.675, 0, 3.0),
    ])
    func roundedToDecimalPlaces(value: Double, places: Int, expected: Double) {
        #expect(value.roundedHalfToEven(decimalPlaces: places) == expected, "round(\(value), \(places))")
    }

    /// Sweep against the C library's correctly rounded `%.*f` (what CPython's `round` reproduces:
    /// decimal rounding of the exact binary value, then the nearest double), on values crafted to sit
    /// on and next to decimal ties, plus dyadic values whose ties are exact.
    @Test func roundedToDecimalPlacesMatchesCorrectlyRoundedPrintf() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let places = Int.random(in: 0...9, using: &random)
            let value: Double
            switch Int.random(in: 0..<3, using: &random) {
            case 0:  // a decimal tie (as near as a double gets), nudged by a few ulps
                var scale = 1.0
                for _ in 0..<places { scale *= 10 }
                var tie = (Double(Int.random(in: 0...2_000_000, using: &random)) + 0.5) / scale
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    tie = Bool.random(using: &random) ? tie.nextUp : tie.nextDown
                }
                value = tie
            case 1:  // dyadic: k / 2^m has an exact decimal expansion, ties are exact
                value = Double(Int.random(in: 0...1_000_000, using: &random)) / Double(1 << Int.random(in: 1...20, using: &random))
            default:
                value = Double.random(in: 0..<1_000, using: &random)
            }
            let signed = Bool.random(using: &random) ? value : -value
            let expected = Double(String(format: "%.\(places)f", signed))!
            #expect(signed.roundedHalfToEven(decimalPlaces: places) == expected, "round(\(signed), \(places))")
        }
    }

    // MARK: Python floor division

    /// Results printed by CPython 3 (`repr(a // b)`).
    @Test(arguments: [
        (1.0, 0.1, 9.0), (7.0, 0.7, 10.0), (-7.5, 2.0, -4.0), (7.5, -2.0, -4.0), (27.0, 1.224744871391589, 22.0),
        (54.0, 2.449489742783178, 22.0), (0.0, 3.0, 0.0), (5.0, 0.5, 10.0), (1e-300, 1e300, 0.0), (-1e-300, 1e300, -1.0),
    ])
    func floorDivisionOfDoubles(dividend: Double, divisor: Double, expected: Double) {
        #expect(dividend.floorDivided(by: divisor) == expected, "\(dividend) // \(divisor)")
    }

    @Test func floorDivisionKeepsTheSignOfZero() {
        #expect((-0.0).floorDivided(by: 3).sign == .minus)
        #expect(0.0.floorDivided(by: 3).sign == .plus)
    }

    @Test(arguments: [(7, 2, 3), (-7, 2, -4), (7, -2, -4), (-7, -2, 3), (6, 2, 3), (-6, 2, -3), (0, 5, 0)])
    func floorDivisionOfIntegers(dividend: Int, divisor: Int, expected: Int) {
        #expect(dividend.floorDivided(by: divisor) == expected, "\(dividend) // \(divisor)")
    }
}
