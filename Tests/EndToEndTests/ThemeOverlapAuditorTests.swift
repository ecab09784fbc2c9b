import Foundation
import Indicators
import Reporting
import RunArtifacts
import TestSupport
import Testing

/// Issue 16 item 6: the theme-overlap tables (`theme_count`, `theme_combination`) under the public auditor. Both
/// partition the population, and each `theme_count` cell k is the sum of the combinations of k themes; a hidden
/// combination alone in its count cell is then recovered from published cells even when each table on its own
/// keeps two hidden cells against the total.
@Suite struct ThemeOverlapAuditorTests {
    static var catalogue: MetricCatalogue {
        get throws {
            try MetricCatalogue.load(contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
        }
    }

    /// A public file written by hand. Active enterprises 20; by number of themes 1: 10, 2: 6, 3+: 4; by combination
    /// duurzaamheid 4, onderwijs 6, duurzaamheid+onderwijs x, onderwijs+werk_en_participatie 4,
    /// duurzaamheid+onderwijs+werk_en_participatie x.
    /// - The combination table alone: x + x = 20 − 4 − 6 − 4 = 6, each hidden cell in [0, 6]: safe.
    /// - With the nesting: duurzaamheid+onderwijs = 6 − 4 = 2 (count cell 2 minus its published sibling) and the
    ///   three-theme combination = 4 (the only combination in `3+`): both recovered exactly.
    static func recoverableOverlapFile() -> String {
        let header = MetricRecord.csvHeader.joined(separator: ",")
        func row(_ value: String, breakdown: String = "") -> String {
            let status = value.isEmpty ? "suppressed" : "ok"
            return [
                "pop_active_se", "economie", "scale-up", "programme", "GM0392", "2026Q3", value, "count", "", "", value,
                "", status, "voorlopig", value.isEmpty ? "x" : "", "", "pop_active_se/GM0392/2026Q3/\(breakdown)",
                breakdown,
            ].joined(separator: ",")
        }
        return [
            header, row("20"), row("10", breakdown: "theme_count=1"), row("6", breakdown: "theme_count=2"),
            row("4", breakdown: "theme_count=3+"), row("4", breakdown: "theme_combination=duurzaamheid"),
            row("6", breakdown: "theme_combination=onderwijs"),
            row("", breakdown: "theme_combination=duurzaamheid+onderwijs"),
            row("4", breakdown: "theme_combination=onderwijs+werk_en_participatie"),
            row("", breakdown: "theme_combination=duurzaamheid+onderwijs+werk_en_participatie"),
        ].joined(separator: "\n")
    }

    @Test func theAuditorRecoversAHiddenCombinationFromItsCountCell() throws {
        let a = try PublicAuditor(csv: Data(Self.recoverableOverlapFile().utf8), catalogue: try Self.catalogue)
        let two = "v:pop_active_se|2026Q3|theme_combination=duurzaamheid+onderwijs"
        let three = "v:pop_active_se|2026Q3|theme_combination=duurzaamheid+onderwijs+werk_en_participatie"
        #expect(a.interval(two).map { "\($0)" } == "[2, 2]")
        #expect(a.interval(three).map { "\($0)" } == "[4, 4]")
        #expect(Set(a.findings.filter { $0.kind == .pinned }.map(\.cell)) == [two, three], "\(a.findings)")
    }

    /// The same file without the `theme_count` rows: only the combination table's own sum is known, 6 for the two
    /// hidden cells together, so each keeps [0, 6] and the auditor finds nothing (the finding above comes from the
    /// nesting, not from the partition alone).
    @Test func withoutTheCountTableTheCombinationsStayProtected() throws {
        let file = Self.recoverableOverlapFile().split(separator: "\n").filter { !$0.contains("theme_count=") }
            .joined(separator: "\n")
        let a = try PublicAuditor(csv: Data(file.utf8), catalogue: try Self.catalogue)
        #expect(a.findings.isEmpty, "\(a.findings)")
        #expect(
            a.interval("v:pop_active_se|2026Q3|theme_combination=duurzaamheid+onderwijs").map { "\($0)" } == "[0, 6]")
    }

    @Test func themeCountOfACombinationKey() {
        #expect(PublicAuditor.themeCount(ofCombination: "onderwijs") == "1")
        #expect(PublicAuditor.themeCount(ofCombination: "duurzaamheid+onderwijs") == "2")
        #expect(
            PublicAuditor.themeCount(ofCombination: "duurzaamheid+onderwijs+sociale_zaken+werk_en_participatie") == "3+"
        )
        #expect(PublicAuditor.themeCount(ofCombination: "geen") == "geen")
    }
}
