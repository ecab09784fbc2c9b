import Indicators
import Testing

/// `roundHalfAway` reads the digits of the shortest text itself; it must give the same Double, bit for bit, as the
/// Foundation `Decimal` path it replaced (outputs are compared byte for byte across versions).
@Suite struct RoundingEquivalenceTests {
    /// SplitMix64 (Steele, Lea, Flood 2014): a fixed sequence, so a failure names a reproducible value.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// The shapes of numbers the engine rounds: ratios × 100, sums of amounts with cents, means, tiny and huge values.
    static func samples(_ n: Int) -> [Double] {
        var g = SplitMix64(state: 392)
        let tens: [Double] = [1, 10, 100, 1000, 10000, 100_000, 1_000_000]
        var out: [Double] = []
        for _ in 0..<n {
            let a = Double(g.int(0...100_000))
            let b = Double(g.int(1...100_000))
            out.append(a / b * 100)
            out.append(-a / b)
            out.append(Double(g.int(-10_000_000...10_000_000)) / tens[g.int(0...6)])
            out.append(Double(g.int(0...1_000_000_000)) / 1000 + 0.0005)  // ties at 3 decimals, as printed
            out.append(g.unit() * 1e7)
            out.append(g.unit() * 1e-3)  // exponent form below 1e-4: the Foundation path
            out.append((Double(g.int(0...4000)) + Double(g.int(0...4000)) + Double(g.int(0...4000))) / 4)
            out.append(Double(g.int(0...99_999_999)) / 100 * 1_000_000 + 0.25)
        }
        return out
    }

    @Test func sameBitsAsTheFoundationDecimalPath() {
        var mismatches: [String] = []
        var count = 0
        for v in Self.samples(25_000) {
            for d in 0...6 {
                count += 1
                let fast = roundHalfAway(v, d)
                let reference = roundHalfAwayViaDecimal(v, d)
                if fast.bitPattern != reference.bitPattern && mismatches.count < 5 {
                    mismatches.append("roundHalfAway(\(v), \(d)) = \(fast), Decimal path \(reference)")
                }
            }
        }
        #expect(count == 25_000 * 8 * 7)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// Value, decimals, and the expected result: the double nearest to the rounded decimal, written as a literal
    /// (-424.56, not the -424.56000000000006 that dividing by 10 twice gives).
    static let edges: [(Double, Int, Double)] = [
        (2.675, 2, 2.68), (-424.56, 2, -424.56), (70.70090276099896, 4, 70.7009), (-0.0, 2, 0.0), (12.0, 3, 12.0),
        (1e-5, 6, 0.00001), (0.00004, 4, 0.0), (-2.5, 0, -3.0), (0.831144, 2, 0.83),
        (3508620.5200000005, 2, 3508620.52),
    ]

    @Test(arguments: edges)
    func edgeValues(value: Double, decimals: Int, expected: Double) {
        #expect(roundHalfAway(value, decimals).bitPattern == expected.bitPattern)
        #expect(roundHalfAwayViaDecimal(value, decimals).bitPattern == expected.bitPattern)
    }
}
