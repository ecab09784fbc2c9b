import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Indicators

/// Themes that cross (issue 16 item 6): keys of the `theme_count` / `theme_combination` breakdowns and the
/// secondary suppression between those two nested tables; and the `compare`/`regional` rule of item 5.
@Suite("Theme overlap: keys and nested protection")
struct ThemeOverlapTests {
    @Test func keys() {
        #expect(ThemeOverlap.countKey(["werk_en_participatie"]) == "1")
        #expect(ThemeOverlap.countKey(["onderwijs", "werk_en_participatie", "onderwijs"]) == "2")  // duplicates once
        #expect(ThemeOverlap.countKey(["a", "b", "c", "d"]) == "3+")
        #expect(ThemeOverlap.countKey([]) == "geen")
        #expect(
            ThemeOverlap.combinationKey(["werk_en_participatie", "duurzaamheid"]) == "duurzaamheid+werk_en_participatie"
        )
        #expect(ThemeOverlap.countKey(ofCombination: "a+b+c") == "3+")
        #expect(ThemeOverlap.countKey(ofCombination: "geen") == "geen")
    }

    /// A count cell of `n` enterprises (each contributing 1).
    private func count(_ n: Int) -> Cell {
        Cell(value: Double(n), reporting: n, contributions: Array(repeating: 1, count: n))
    }

    @Test("a combination hidden alone in its count cell gets a hidden sibling")
    func nested() {
        // theme_count=2 has 10 enterprises (published); its combinations: a+b 8 (published), a+c 2 (< 3: hidden).
        // Without nesting a reader gets a+c = 10 − 8 = 2. With it, a+b is hidden too (the only other sibling), and
        // a+b + a+c = 10 is a pooled cell of 10 ≥ 3 enterprises, so neither is pinned.
        let cells1 = [count(10), count(5)]  // theme_count: "2", "3+"
        let cells2 = [count(8), count(2), count(5)]  // "a+b", "a+c", "a+b+c"
        var decisions = [
            cells1.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) },
            cells2.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) },
        ]
        #expect(decisions[1].map(\.status) == [.ok, .suppressed, .ok])
        ThemeOverlap.protectNesting(
            [(.theme_count, ["2", "3+"], cells1), (.theme_combination, ["a+b", "a+c", "a+b+c"], cells2)], &decisions,
            minN: 3, rule: .frequency)
        #expect(decisions[1].map(\.status) == [.suppressed, .suppressed, .ok])
        #expect(decisions[0].map(\.status) == [.ok, .ok])
        // A count cell with one combination only (3+ = a+b+c = 5): nothing to hide, both published.
    }

    @Test("two hidden combinations protect each other; a small count cell stays hidden")
    func nestedParent() {
        // theme_count=3+ has 2 enterprises in one combination: both < 3, both hidden by the threshold rule already.
        // theme_count=2: 4 enterprises, a+b 2 (hidden) and a+c 2 (hidden): two hidden cells pooling 4 ≥ 3, fine.
        let cells1 = [count(4), count(2)]
        let cells2 = [count(2), count(2), count(2)]
        var decisions = [
            cells1.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) },
            cells2.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) },
        ]
        ThemeOverlap.protectNesting(
            [(.theme_count, ["2", "3+"], cells1), (.theme_combination, ["a+b", "a+c", "a+b+c"], cells2)], &decisions,
            minN: 3, rule: .frequency)
        #expect(decisions[0].map(\.status) == [.ok, .suppressed])
        #expect(decisions[1].map(\.status) == [.suppressed, .suppressed, .suppressed])
    }

    @Test("compare: true needs level: regional")
    func compareNeedsRegional() throws {
        let text = try String(
            contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"), encoding: .utf8)
        let edited = text.replacingOccurrences(
            of:
                "    level: regional\n    unit: \"count\"\n    direction: neutral\n    period: A\n    kind: cbs_latest\n    disclosure: none\n    decimals: 0\n    definition: CBS 81575NED",
            with:
                "    level: national\n    unit: \"count\"\n    direction: neutral\n    period: A\n    kind: cbs_latest\n    disclosure: none\n    decimals: 0\n    definition: CBS 81575NED"
        )
        #expect(edited != text)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-compare-\(getpid()).yaml")
        try edited.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var message = ""
        do { _ = try MetricCatalogue.load(contentsOf: url) } catch { message = "\(error)" }
        #expect(message.contains("`context.compare: true` and `level: regional` go together"), "\(message)")
    }
}
