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
        return Decimal(string: v.description, locale: posix) ?? Decimal(v)
    }

    /// The locale of ``decimal(_:)``'s parse, made once (a `Locale` per value cost more than the sum it was for).
    private static let posix = Locale(identifier: "en_US_POSIX")

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

    /// The double nearest to `d` (through its decimal text, so `0.83` stays `0.83`). Without the text when the
    /// mantissa fits 53 bits and the exponent ±22 (``nearest(_:negative:exponent:)``): the same double.
    package static func double(_ d: Decimal) -> Double {
        guard !d.isNaN else { return .nan }
        if let x = fastDouble(d) { return x }
        return Double(d.description) ?? NSDecimalNumber(decimal: d).doubleValue
    }

    /// `double(sum(values))`, the same double, without `Decimal` when the sum is exact in scaled integers
    /// (``scaledSum(_:)``) and fits 53 bits.
    package static func sumDouble(_ values: [Double]) -> Double {
        if let (t, k) = scaledSum(values), let x = nearest(t.magnitude, negative: t < 0, exponent: -k) { return x }
        return double(sum(values))
    }

    /// `double(sum(values) / 4)` (the mean of 4 quarter-ends), the same double, without `Decimal` when possible:
    /// Σ / 4 = Σ × 25 / 100 exactly.
    package static func quarterMeanDouble(_ values: [Double]) -> Double {
        if let (t, k) = scaledSum(values) {
            let (t25, overflow) = t.multipliedReportingOverflow(by: 25)
            if !overflow, let x = nearest(t25.magnitude, negative: t25 < 0, exponent: -(k + 2)) { return x }
        }
        return double(sum(values) / 4)
    }

    /// Σ of the decimals of `values` (``decimal(_:)``) as total × 10^−k in 64-bit integers, exact; `nil` when a
    /// decimal has an exponent or more than 18 digits, or a step overflows.
    private static func scaledSum(_ values: [Double]) -> (total: Int64, k: Int)? {
        var total: Int64 = 0
        var scale = 0
        for v in values {
            guard var (m, k) = scaled(v) else { return nil }
            if k > scale {
                let (r, overflow) = total.multipliedReportingOverflow(by: powersOfTenInt[k - scale])
                guard !overflow else { return nil }
                total = r
                scale = k
            } else if k < scale {
                let (r, overflow) = m.multipliedReportingOverflow(by: powersOfTenInt[scale - k])
                guard !overflow else { return nil }
                m = r
            }
            let (r, overflow) = total.addingReportingOverflow(m)
            guard !overflow else { return nil }
            total = r
        }
        return (total, scale)
    }

    /// `v`'s decimal (``decimal(_:)``: its shortest round-trip text) as m × 10^−k, `nil` when that text has an
    /// exponent or more than 18 digits.
    private static func scaled(_ v: Double) -> (m: Int64, k: Int)? {
        if v == v.rounded(.towardZero), abs(v) < 9_007_199_254_740_992 { return (Int64(v), 0) }
        guard v.isFinite else { return nil }
        var m: Int64 = 0
        var k = 0
        var digits = 0
        var negative = false
        var point = false
        for b in v.description.utf8 {
            switch b {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): point = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                guard digits <= 18 else { return nil }
                m = m * 10 + Int64(b - UInt8(ascii: "0"))
                if point { k += 1 }
            default: return nil
            }
        }
        return (negative ? -m : m, k)
    }

    /// 10^0 … 10^18 as integers (scaling in ``sumDouble(_:)``).
    private static let powersOfTenInt: [Int64] = {
        var p: [Int64] = [1]
        for _ in 1...18 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// 10^0 … 10^22: the powers of ten a `Double` holds exactly.
    private static let powersOfTen: [Double] = {
        var p: [Double] = [1]
        for _ in 1...22 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// `m` × 10^`e` as the nearest double, when both `m` (|m| ≤ 2^53) and 10^|e| (|e| ≤ 22) are exact doubles: one
    /// IEEE multiplication or division, which rounds the exact result correctly, so the answer is the double that
    /// parsing the decimal text gives (``double(_:)``'s definition); `nil` outside that range.
    private static func nearest(_ m: UInt64, negative: Bool, exponent e: Int) -> Double? {
        guard m <= 1 << 53, e >= -22, e <= 22 else { return nil }
        if m == 0 { return 0 }
        let x = e < 0 ? Double(m) / powersOfTen[-e] : Double(m) * powersOfTen[e]
        return negative ? -x : x
    }

    /// The double nearest to `d` without its text: M × 10^e from its mantissa M (up to 128 bits) and exponent e.
    /// Short values take ``nearest(_:negative:exponent:)``; M × 10^e that fits 128 bits is one correctly rounded
    /// integer conversion; M / 10^k (k ≤ 38, the quotients of shares and growth rates) is a 256-by-128-bit division
    /// to a quotient of at least 64 bits whose remainder, when not 0, sets its lowest bit (a sticky bit: the
    /// quotient has 11 or more bits below the double's 53, so a tie can only be exact), then scaled by 2^−s, exact.
    /// `nil` (the caller takes the text) when the storage cannot be read or the value is outside these ranges.
    private static func fastDouble(_ d: Decimal) -> Double? {
        guard readsStorage, let (m, negative, e) = rawParts(d) else { return nil }
        if m == 0 { return 0 }
        if m <= 1 << 53, let x = nearest(UInt64(m), negative: negative, exponent: e) { return x }
        let magnitude: Double
        if e >= 0 {
            guard e <= 38 else { return nil }
            let (product, overflow) = m.multipliedReportingOverflow(by: powersOfTen128[e])
            guard !overflow else { return nil }
            magnitude = Double(product)
        } else {
            guard e >= -38 else { return nil }
            let p = powersOfTen128[-e]
            // Quotient of M × 2^s by 10^k with about 100 bits: s = 100 − (bits(M) − bits(10^k)), at least 0.
            let s = max(0, 100 - (m.bitWidth - m.leadingZeroBitCount) + (p.bitWidth - p.leadingZeroBitCount))
            // M × 2^s as two 128-bit halves (smart shifts: a shift by 128 or more gives 0 or shifts the other way).
            let high = m >> (128 - s)
            let low = m << s
            guard high < p else { return nil }
            let (q, r) = p.dividingFullWidth((high: high, low: low))
            guard q >> 63 != 0 else { return nil }
            let x = Double(r == 0 ? q : q | 1)
            magnitude = s == 0 ? x : Double(sign: .plus, exponent: x.exponent - s, significand: x.significand)
        }
        guard magnitude.isNormal else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// 10^0 … 10^38 (10^38 < 2^127).
    private static let powersOfTen128: [UInt128] = {
        var p: [UInt128] = [1]
        for _ in 1...38 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// Mantissa, sign and exponent of `d`, read from its storage as swift-foundation lays it out: byte 0 the
    /// exponent, byte 1 the length in 16-bit words (high 4 bits) and the sign (0x08), bytes 4… 8 little-endian
    /// words. Foundation keeps those fields internal on Linux; ``readsStorage`` checks the layout once
    /// against known values before any use (another layout: every conversion takes the text, as before).
    private static func rawParts(_ d: Decimal) -> (mantissa: UInt128, negative: Bool, exponent: Int)? {
        withUnsafeBytes(of: d) { raw -> (mantissa: UInt128, negative: Bool, exponent: Int)? in
            let flags = raw[1]
            let length = Int(flags >> 4)
            guard length <= 8 else { return nil }
            var m: UInt128 = 0
            var i = length - 1
            while i >= 0 {
                m = m << 16 | UInt128(raw.loadUnaligned(fromByteOffset: 4 + 2 * i, as: UInt16.self))
                i -= 1
            }
            return (m, flags & 0x08 != 0, Int(Int8(bitPattern: raw[0])))
        }
    }

    /// Whether `Decimal`'s storage reads as ``rawParts(_:)`` expects, checked on values of 1 to 6 words, both signs
    /// and exponents below, at and above 0.
    package static let readsStorage: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let samples: [(Decimal, UInt64, Bool, Int)] = [
            (Decimal(string: "-123.45", locale: posix) ?? 0, 12345, true, -2),
            (Decimal(string: "0.000007", locale: posix) ?? 0, 7, false, -6),
            (Decimal(65537), 65537, false, 0),
            (Decimal(Int64(-123_456_789_012)), 123_456_789_012, true, 0),
            (Decimal(string: "4294967296.5", locale: posix) ?? 0, 42_949_672_965, false, -1),
            (Decimal(string: "1234567890123456.7", locale: posix) ?? 0, 12_345_678_901_234_567, false, -1),
            (Decimal(sign: .plus, exponent: 3, significand: 7), 7, false, 3),
            (Decimal(string: "12345678901234567890123456.789", locale: posix) ?? 0, 0, false, -3),
        ]
        return samples.allSatisfy { d, m, negative, e in
            guard let p = rawParts(d) else { return false }
            let mantissa = m == 0 ? 12_345_678_901_234_567_890_123_456_789 as UInt128 : UInt128(m)
            return p.mantissa == mantissa && p.negative == negative && p.exponent == e
        }
    }()

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
