import Foundation
import ImpactModel

/// Rounds half away from zero to `decimals` (CBS presentation), on the shortest decimal text of `v`, so that
/// 2.675 (stored as 2.67499999…) rounds to 2.68 as printed, not to 2.67.
///
/// The result is bit for bit what ``roundHalfAwayViaDecimal(_:_:)`` (Foundation `Decimal` parse, `NSDecimalRound`
/// `.plain`, `NSDecimalNumber.doubleValue`) returns, without its per-call `Locale` and `Decimal` parsing: the
/// shortest text of `v` (`Double.description`) is read as an integer mantissa M and a power of ten, the dropped
/// digits round M half away from zero, and M is converted the way Foundation's `Decimal.doubleValue` does it:
/// `Double(M)` divided by 10 once per decimal place. That conversion is not correctly rounded
/// (`roundHalfAway(-424.56, 2)` is -424.56000000000006, printed so in `metrics.csv`); it is reproduced on purpose so
/// that outputs stay byte-identical, and `RoundingTests` compares the two functions on a million values.
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
        // Foundation's Decimal.doubleValue: the mantissa as a Double, divided by 10 once per decimal place.
        var r = Double(m)
        for _ in 0..<places { r /= 10 }
        return negative ? -r : r
    }
}

/// The reference implementation of ``roundHalfAway(_:_:)``: Foundation `Decimal` of the shortest text,
/// `NSDecimalRound(.plain)`, back through `NSDecimalNumber.doubleValue`. Slow (a `Locale` and a parse per call).
package func roundHalfAwayViaDecimal(_ v: Double, _ decimals: Int) -> Double {
    guard v.isFinite else { return v }
    var exact = Decimal(string: "\(v)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(v)
    var rounded = Decimal()
    NSDecimalRound(&rounded, &exact, decimals, .plain)
    return NSDecimalNumber(decimal: rounded).doubleValue
}
