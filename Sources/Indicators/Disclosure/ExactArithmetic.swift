import Foundation

/// Exact decimal arithmetic for published values (issue 14 item 5; METRICS.md §8 "growth and shares from
/// unrounded values").
///
/// Inputs arrive as decimal text and are held as `Double`; the decimal an input stands for is the shortest text
/// that round-trips to that double (`Double.description`), which is the text that was read whenever it had at most
/// 15 significant digits. Sums, differences and products of those decimals are exact in Foundation's `Decimal`
/// (38 significant decimal digits, far more than any total of the programme needs). A quotient is exact when it
/// terminates within 38 digits — every tie (a value exactly halfway between two published values, such as
/// 41 000 / 80 000 × 100 = 51.25) does — and otherwise off by less than 10^−38 relative, which cannot move a
/// non-tie of these magnitudes onto a tie (a quotient n/d with d < 10^30 differs from any decimal of ≤ 6 places by
/// at least 1 / (2 · 10^6 · d)). Rounding is half away from zero (`NSDecimalRound` `.plain`), the CBS presentation
/// rule. In binary floating point 41 000 / 80 000 × 100 is 51.249999999999993 and printed 51.2; here it is 51.25
/// and printed 51.3.
///
/// Growth rates of three-year CAGR (a cube root) are irrational in general and stay in `Double`.
package enum Exact {
    /// The decimal `v` stands for: its shortest round-trip text. `0.1` → 0.1 (not 0.1000000000000000055…).
    package static func decimal(_ v: Double) -> Decimal {
        guard v.isFinite else { return Decimal.nan }
        if v == v.rounded(.towardZero), abs(v) < 9_007_199_254_740_992 { return Decimal(Int64(v)) }
        return Decimal(string: v.description, locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(v)
    }

    /// Σ of the decimals of `values`, exact.
    package static func sum(_ values: [Double]) -> Decimal {
        var s = Decimal(0)
        for v in values { s += decimal(v) }
        return s
    }

    /// `n / d`, to 38 significant digits (exact for every terminating quotient, so for every tie); `nil` when
    /// `d` is 0.
    package static func quotient(_ n: Decimal, _ d: Decimal) -> Decimal? {
        guard d != 0 else { return nil }
        return n / d
    }

    /// The double nearest to `d` (through its decimal text, so `0.83` stays `0.83`).
    package static func double(_ d: Decimal) -> Double {
        guard !d.isNaN else { return .nan }
        return Double(d.description) ?? NSDecimalNumber(decimal: d).doubleValue
    }

    /// `d` rounded half away from zero to a multiple of `base` (person counts to 5: 37 → 35, 37.5 → 40, −2.5 → −5).
    package static func roundedToMultiple(_ d: Decimal, of base: Int) -> Double {
        let b = Decimal(base)
        var x = d / b
        var r = Decimal()
        NSDecimalRound(&r, &x, 0, .plain)
        let v = double(r * b)
        return v == 0 ? 0 : v
    }

    /// `d` rounded half away from zero to `decimals` places, as the nearest double (the value printed).
    package static func rounded(_ d: Decimal, _ decimals: Int) -> Double {
        var x = d
        var r = Decimal()
        NSDecimalRound(&r, &x, decimals, .plain)
        let v = double(r)
        return v == 0 ? 0 : v
    }
}
