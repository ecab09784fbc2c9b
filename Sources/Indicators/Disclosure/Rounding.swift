import Foundation
import ImpactModel

/// Rounds half away from zero to `decimals` (CBS presentation), on the shortest decimal text of `v`, so that
/// 2.675 (stored as 2.67499999…) rounds to 2.68 as printed, not to 2.67.
///
/// The result is the double nearest to the rounded decimal, bit for bit what ``roundHalfAwayViaDecimal(_:_:)``
/// (Foundation `Decimal` parse, `NSDecimalRound` `.plain`, back through the decimal text) returns, without its
/// per-call `Locale` and `Decimal` parsing: the shortest text of `v` (`Double.description`) is read as an integer
/// mantissa M and a power of ten, the dropped digits round M half away from zero, and M / 10^places is one IEEE 754
/// division of two exactly representable numbers (M < 2^53, 10^places ≤ 10^22), so correctly rounded: 0.83 prints
/// as `0.83`. (Foundation's `NSDecimalNumber.doubleValue` divides by 10 once per place and gave
/// 0.8300000000000001, which metrics.csv printed, until 2026-11-30.) `RoundingEquivalenceTests` compares the two
/// functions on over a million values.
/// Texts in exponent form (|v| < 1e-4 or ≥ 1e16), mantissas of 2^53 or more and negative `decimals` take the
/// Foundation path.
package func roundHalfAway(_ v: Double, _ decimals: Int) -> Double {
    guard v.isFinite else { return v }
    // An integral value reads as `<digits>.0`: M × 10 / 10 is exact, so the result is the value (+0 for ±0).
    if v == v.rounded(.towardZero), abs(v) < 9_007_199_254_740_992, decimals >= 0 { return v == 0 ? 0 : v }
    return roundHalfAwayOfText(v, decimals) ?? roundHalfAwayViaDecimal(v, decimals)
}

/// The digit arithmetic of ``roundHalfAway(_:_:)`` on the plain-notation text of `v`, or `nil` to take the
/// Foundation path.
private func roundHalfAwayOfText(_ v: Double, _ decimals: Int) -> Double? {
    guard decimals >= 0 else { return nil }
    var text = v.description
    return text.withUTF8 { u -> Double? in
        var k = 0
        var negative = false
        if k < u.count, u[k] == UInt8(ascii: "-") {
            negative = true
            k += 1
        }
        // Mantissa digits and the number of them after the point; M × 10^(−fraction) is the text's value.
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var fraction = 0
        var afterPoint = false
        while k < u.count {
            let c = u[k]
            if c == UInt8(ascii: ".") {
                afterPoint = true
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                digits.append(c &- UInt8(ascii: "0"))
                if afterPoint { fraction += 1 }
            } else {
                return nil  // exponent form (`1e-05`, `1.2e+16`)
            }
            k += 1
        }
        var keep = digits.count
        var roundUp = false
        var places = fraction
        if fraction > decimals {
            keep = digits.count - (fraction - decimals)
            roundUp = digits[keep] >= 5
            places = decimals
        }
        var m: UInt64 = 0
        for j in 0..<keep {
            m = m &* 10 &+ UInt64(digits[j])
            if m >= 1 << 53 { return nil }
        }
        if roundUp { m += 1 }
        if m == 0 { return 0 }
        guard m < 1 << 53 else { return nil }
        // One correctly rounded division: both operands are exact doubles.
        guard places < powersOfTen.count else { return nil }
        let r = Double(m) / powersOfTen[places]
        return negative ? -r : r
    }
}

/// 10^0 … 10^22, every one exactly representable as a double.
private let powersOfTen: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { a, _ in a * 10 } }

/// The reference implementation of ``roundHalfAway(_:_:)``: Foundation `Decimal` of the shortest text,
/// `NSDecimalRound(.plain)`, back through the rounded decimal's text (the nearest double). Slow (a `Locale` and a
/// parse per call).
package func roundHalfAwayViaDecimal(_ v: Double, _ decimals: Int) -> Double {
    guard v.isFinite else { return v }
    var exact = Decimal(string: "\(v)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(v)
    var rounded = Decimal()
    NSDecimalRound(&rounded, &exact, decimals, .plain)
    return Double(rounded.description) ?? NSDecimalNumber(decimal: rounded).doubleValue
}
