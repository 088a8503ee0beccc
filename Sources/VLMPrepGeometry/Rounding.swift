// Named rounding for ports of Python reference code (STYLE.md §6).
//
// Python's `round` is half-to-even, `//` is floor division, `int()` truncates toward zero; each has
// one named Swift spelling here so a port reads like its reference and the `.5` boundaries are
// tested in one place (RoundingTests).

extension Double {
    /// The nearest whole number, ties to even: Python's `round(x)` (`round(2.5) == 2`,
    /// `round(3.5) == 4`).
    public var roundedHalfToEven: Double { rounded(.toNearestOrEven) }

    /// Python's `round(x, decimalPlaces)`: the double nearest to `x` rounded to `decimalPlaces`
    /// decimal digits, where the rounding is done on the **exact** binary value of `x` (ties, which
    /// only occur when that exact value ends in a 5 at the next digit, go to even).
    ///
    /// So `round(2.675, 2) == 2.67` (the double is 2.67499999…), `round(0.125, 2) == 0.12` (an exact
    /// tie), `round(1/256, 7) == 0.0039062`. CPython converts through a correctly rounded decimal
    /// string; this computes the same result with an exact product (`fma`) instead.
    /// - Parameter decimalPlaces: digits after the decimal point, `0...22` (`10^decimalPlaces` must
    ///   be exact in a double).
    /// - Precondition: `x` is finite, `decimalPlaces` is in `0...22` and `|x| * 10^decimalPlaces`
    ///   is below 2^52 (programmer errors: sizes and token arithmetic are far inside this range).
    public func roundedHalfToEven(decimalPlaces: Int) -> Double {
        precondition((0...22).contains(decimalPlaces), "roundedHalfToEven(decimalPlaces:) needs 0...22, got \(decimalPlaces)")
        precondition(isFinite, "roundedHalfToEven(decimalPlaces:) of a non-finite value \(self)")
        var scale = 1.0
        for _ in 0..<decimalPlaces { scale *= 10 }  // exact up to 10^22
        let magnitude = Swift.abs(self)
        let product = magnitude * scale
        precondition(product < 0x1p52, "roundedHalfToEven(decimalPlaces:) out of range: \(self)")
        // The exact product is `product + error`; `fma` recovers the rounding error exactly.
        let error = (-product).addingProduct(magnitude, scale)
        let whole = product.rounded(.down)
        // Sign of (exact fraction - 1/2): both terms are exact doubles, so the sign of their
        // floating-point sum is exact.
        let excess = (product - whole - 0.5) + error
        var digits = whole
        if excess > 0 || (excess == 0 && whole.truncatingRemainder(dividingBy: 2) != 0) {
            digits += 1
        }
        // `digits / scale` is the correctly rounded quotient of two exact doubles, which is what
        // CPython's string round trip produces.
        return Double(signOf: self, magnitudeOf: digits / scale)
    }

    /// `round(x / factor) * factor` with Python's half-to-even `round`, as an integer: the nearest
    /// multiple of `factor` (Qwen's `round_by_factor`; `42.0.rounded(toMultipleOf: 28) == 56`,
    /// `70.0.rounded(toMultipleOf: 28) == 56`).
    /// - Precondition: `factor > 0` and the result fits in `Int` (programmer errors).
    public func rounded(toMultipleOf factor: Int) -> Int {
        multiple(of: factor, rounding: .toNearestOrEven)
    }

    /// `floor(x / factor) * factor` as an integer (Qwen's `floor_by_factor`): the largest multiple
    /// of `factor` not above `x` (the division is done first, as in the reference).
    /// - Precondition: `factor > 0` and the result fits in `Int` (programmer errors).
    public func floored(toMultipleOf factor: Int) -> Int {
        multiple(of: factor, rounding: .down)
    }

    /// `ceil(x / factor) * factor` as an integer (Qwen's `ceil_by_factor`): the smallest multiple
    /// of `factor` not below `x` (the division is done first, as in the reference).
    /// - Precondition: `factor > 0` and the result fits in `Int` (programmer errors).
    public func ceiled(toMultipleOf factor: Int) -> Int {
        multiple(of: factor, rounding: .up)
    }

    private func multiple(of factor: Int, rounding rule: FloatingPointRoundingRule) -> Int {
        precondition(factor > 0, "a multiple of \(factor): factor must be positive")
        let quotient = (self / Double(factor)).rounded(rule)
        precondition(quotient.isFinite && Swift.abs(quotient) < 0x1p62, "a multiple of \(factor) of \(self) does not fit in Int")
        return Int(quotient) * factor
    }

    /// Python's float floor division `x // divisor`, exactly as CPython computes it:
    /// `(x - fmod(x, divisor)) / divisor`, corrected for the remainder's sign and snapped to the
    /// nearest whole number. It can differ from `floor(x / divisor)`: `1.0 // 0.1 == 9`, while
    /// `floor(1.0 / 0.1) == 10`.
    /// - Precondition: `divisor != 0` (Python raises `ZeroDivisionError`; a programmer error here).
    public func floorDivided(by divisor: Double) -> Double {
        precondition(divisor != 0, "floorDivided(by: 0)")
        let remainder = truncatingRemainder(dividingBy: divisor)  // C fmod
        var quotient = (self - remainder) / divisor
        // The remainder takes the divisor's sign (CPython adds the divisor to it; only the
        // quotient's matching correction matters here).
        if remainder != 0 && (divisor < 0) != (remainder < 0) { quotient -= 1 }
        guard quotient != 0 else { return Double(signOf: self / divisor, magnitudeOf: 0) }
        var floored = quotient.rounded(.down)
        if quotient - floored > 0.5 { floored += 1 }
        return floored
    }
}

extension Int {
    /// Python's integer floor division `a // b`: the quotient rounded toward minus infinity
    /// (`-7 // 2 == -4`, where Swift's `/` gives `-3`).
    /// - Precondition: `divisor != 0` (programmer error).
    public func floorDivided(by divisor: Int) -> Int {
        precondition(divisor != 0, "floorDivided(by: 0)")
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
