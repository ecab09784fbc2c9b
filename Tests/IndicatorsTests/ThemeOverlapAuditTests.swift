import Foundation
import ImpactModel
import RunArtifacts
import TestSupport
import Testing

@testable import Indicators

/// The protector's interval audit (``DisclosureStep/protectIntervals``) with the theme-overlap identities (issue 16):
/// `theme_count` and `theme_combination` partition the population and nest (count cell k = Σ combinations of k
/// themes). Rows built by hand, so that the rule-based steps (``ThemeOverlap/protectNesting``) have not run.
@Suite struct ThemeOverlapAuditTests {
    func row(_ value: Double, breakdown: String = "", hidden: Bool = false) -> MetricRecord {
        MetricRecord(
            metricID: "pop_active_se", theme: "economie", metricClass: "scale-up", level: "programme",
            entity: "GM0392", period: "2026Q3", value: hidden ? nil : value, unit: "count", numerator: nil,
            denominator: nil, nEnterprises: Int(value), coverage: nil, status: hidden ? .suppressed : .ok,
            valueStatus: .voorlopig, symbol: hidden ? "x" : "", note: "",
            provenanceID: "pop_active_se/GM0392/2026Q3/\(breakdown)", breakdown: breakdown)
    }

    /// Active 20; by number of themes 1: 10, 2: 6, 3+: 4; combinations duurzaamheid 4, onderwijs 6,
    /// duurzaamheid+onderwijs 2 (hidden), onderwijs+werk_en_participatie 4, the one three-theme combination 4
    /// (hidden). Each hidden combination is recovered from its count cell: 6 − 4 = 2 and 4. The audit must see
    /// both pins and hide published cells until no hidden cell is narrower than 1.
    func rows() -> [MetricRecord] {
        [
            row(20), row(10, breakdown: "theme_count=1"), row(6, breakdown: "theme_count=2"),
            row(4, breakdown: "theme_count=3+"), row(4, breakdown: "theme_combination=duurzaamheid"),
            row(6, breakdown: "theme_combination=onderwijs"),
            row(2, breakdown: "theme_combination=duurzaamheid+onderwijs", hidden: true),
            row(4, breakdown: "theme_combination=onderwijs+werk_en_participatie"),
            row(4, breakdown: "theme_combination=duurzaamheid+onderwijs+werk_en_participatie", hidden: true),
        ]
    }

    @Test func theAuditSeesTheNestingAndProtectsIt() throws {
        let catalogue = try MetricCatalogue.load(
            contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
        let before = DisclosureAudit(rows: rows(), catalogue: catalogue, municipality: "GM0392").pins
        #expect(
            Set(before.map(\.description)) == [
                "v:pop_active_se|2026Q3|theme_combination=duurzaamheid+onderwijs ∈ [2.0, 2.0]",
                "v:pop_active_se|2026Q3|theme_combination=duurzaamheid+onderwijs+werk_en_participatie ∈ [4.0, 4.0]",
            ], "\(before)")
        var protected = rows()
        let result = DisclosureStep.protectIntervals(&protected, catalogue: catalogue, municipality: "GM0392")
        #expect(result.unresolved.isEmpty, "\(result.unresolved)")
        #expect(!result.hidden.isEmpty)
        // The 3+ cell holds a single combination: it can only be protected by hiding the count cell 3+ itself.
        #expect(result.hidden.contains("pop_active_se/GM0392/2026Q3/theme_count=3+"), "\(result.hidden)")
        #expect(DisclosureAudit(rows: protected, catalogue: catalogue, municipality: "GM0392").pins.isEmpty)
    }
}
