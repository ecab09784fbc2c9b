import Foundation
import Indicators
import Testing

/// Issue 19: the compute stage's conversions from exact decimals to doubles skip the decimal text. Each must give
/// the double the text gives (`Double(decimal.description)`, the definition in ``Exact/double(_:)``), checked here
/// against Foundation's own text on short values, 38-digit quotients, ties between two doubles and sums of inputs.
@Suite struct ExactConversionTests {
    /// A small deterministic generator (64-bit LCG), so a failure is reproducible.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 11) % bound
        }
    }

    static let posix = Locale(identifier: "en_US_POSIX")

    static func text(_ d: Decimal) -> Double { Double(d.description)! }

    @Test func storageLayoutIsRecognisedOnThisPlatform() {
        // Without it every conversion silently takes the slow text path again.
        #expect(Exact.readsStorage)
    }

    @Test func shortDecimalsAndQuotientsConvertLikeTheirText() {
        var g = Generator(state: 392)
        var checked = 0
        for _ in 0..<20_000 {
            let digits = Int(g.next(18)) + 1
            var mantissa = ""
            for _ in 0..<digits { mantissa += String(g.next(10)) }
            let point = Int(g.next(UInt64(digits + 1)))
            let sign = g.next(2) == 0 ? "" : "-"
            let whole = point == 0 ? "0" : String(mantissa.prefix(point))
            let d = Decimal(string: sign + whole + "." + mantissa.dropFirst(point) + "0", locale: Self.posix)!
            #expect(Exact.double(d) == Self.text(d), "\(d)")
            // A quotient, mostly 38 significant digits (shares and growth rates).
            let divisor = Decimal(Int(g.next(1_000_000)) + 1) / Decimal(Int(g.next(1000)) + 1)
            let q = d * 100 / divisor
            #expect(Exact.double(q) == Self.text(q), "\(d) × 100 / \(divisor) = \(q)")
            checked += 2
        }
        #expect(checked == 40_000)
    }

    @Test func tiesBetweenTwoDoublesRoundToEven() {
        // 2^53 + 1 and 2^53 + 3 lie halfway between two doubles (ties to even: 2^53 and 2^53 + 4).
        let cases = [
            "9007199254740993", "9007199254740995", "-9007199254740993", "18014398509481986",
            "9007199254740992.5", "0.30000000000000001665334536938", "0.000000000000000000000000000001",
            "123456789012345678901234567890",
        ]
        for c in cases {
            let d = Decimal(string: c, locale: Self.posix)!
            #expect(Exact.double(d) == Self.text(d), "\(c)")
        }
        #expect(Exact.double(Decimal(string: "9007199254740993", locale: Self.posix)!) == 9_007_199_254_740_992)
        #expect(Exact.double(Decimal(string: "9007199254740995", locale: Self.posix)!) == 9_007_199_254_740_996)
    }

    @Test func sumsAndQuarterMeansEqualTheDecimalPath() {
        var g = Generator(state: 19)
        for n in 0..<5_000 {
            var values: [Double] = []
            for _ in 0..<Int(g.next(6)) {
                let places = Int(g.next(4))
                var v = Double(Int64(g.next(2_000_000_000))) / pow(10, Double(places))
                if g.next(5) == 0 { v = -v }
                if n % 97 == 0 { v = 1e-7 * Double(g.next(9) + 1) }  // exponent text: the Decimal path
                if n % 101 == 0 { v = 1e17 + Double(g.next(1000)) }  // beyond 2^53: the Decimal path
                values.append(v)
            }
            let exact = Exact.sum(values)
            #expect(Exact.sumDouble(values) == Self.text(exact), "\(values)")
            #expect(Exact.quarterMeanDouble(values) == Self.text(exact / 4), "\(values)")
        }
        #expect(Exact.sumDouble([0.1, 0.2]) == 0.3)
        #expect(Exact.sumDouble([]) == 0)
        #expect(Exact.quarterMeanDouble([13, 13, 14, 14]) == 13.5)
    }
}
