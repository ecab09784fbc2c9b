import Foundation
import ImpactModel
import Indicators
import RunArtifacts
import TestSupport
import Testing

/// The protector's interval audit and greedy secondary suppression (``DisclosureStep/protectIntervals``), on tables
/// built by hand so that the rule-based steps have not run. Expected intervals worked out in the comments.
@Suite struct DisclosureAuditTests {
    static var catalogue: MetricCatalogue {
        get throws {
            try MetricCatalogue.load(contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
        }
    }

    func row(
        _ metric: String, _ value: Double?, breakdown: String = "", status: CellStatus = .ok, period: String = "2026Q3"
    )
        -> MetricRecord
    {
        MetricRecord(
            metricID: metric, theme: "economie", metricClass: "impact", level: "programme", entity: "GM0392",
            period: period, value: status == .ok ? value : nil, unit: "count", numerator: nil, denominator: nil,
            nEnterprises: value.map(Int.init), coverage: nil, status: status, valueStatus: .voorlopig,
            symbol: status == .suppressed ? "x" : "", note: "", provenanceID: "\(metric)/\(period)/\(breakdown)",
            breakdown: breakdown)
    }

    /// Inflow 5 = born (hidden) + attracted 3 + unknown 0: born = 5 − 3 − 0 = 2, pinned. The audit hides the
    /// cheapest published cell sharing the identity: attracted (a non-zero cell before the 0, not the total). Then
    /// born + attracted = 5 and each lies in [0, 5]: width 5 ≥ 1.
    @Test func aPinnedCellGetsTheCheapestPartner() throws {
        var rows = [
            row("pop_inflow_se_r4q", 5),
            row("pop_inflow_se_r4q", 2, breakdown: "inflow_component=born", status: .suppressed),
            row("pop_inflow_se_r4q", 3, breakdown: "inflow_component=attracted"),
            row("pop_inflow_se_r4q", 0, breakdown: "inflow_component=unknown"),
        ]
        let result = DisclosureStep.protectIntervals(&rows, catalogue: try Self.catalogue, municipality: "GM0392")
        #expect(result.hidden == ["pop_inflow_se_r4q/2026Q3/inflow_component=attracted"])
        #expect(result.unresolved.isEmpty)
        #expect(
            rows[2].status == .suppressed && rows[2].value == nil && rows[2].note.hasPrefix("disclosure.secondary"))
        #expect(rows[3].status == .ok)
    }

    /// Stock–flow: active 40 (2026Q3), 37 (2025Q3), outflow 4, inflow hidden: inflow = 40 − 37 + 4 = 7, pinned.
    /// The only published partners are the two stocks and the outflow; the outflow (4) is the smallest non-total.
    @Test func stockFlowPinIsResolved() throws {
        var rows = [
            row("pop_active_se", 40), row("pop_active_se", 37, period: "2025Q3"),
            row("pop_inflow_se_r4q", 7, status: .suppressed), row("pop_outflow_se_r4q", 4),
        ]
        let result = DisclosureStep.protectIntervals(&rows, catalogue: try Self.catalogue, municipality: "GM0392")
        #expect(result.hidden == ["pop_outflow_se_r4q/2026Q3/"])
        #expect(result.unresolved.isEmpty)
    }

    /// Two hidden cells that still add to a known sum of 2 + 3 = 5 (total 9, published 4): each in [0, 5], safe;
    /// nothing more is hidden.
    @Test func aSafeTableIsLeftAlone() throws {
        var rows = [
            row("pop_inflow_se_r4q", 9),
            row("pop_inflow_se_r4q", 2, breakdown: "inflow_component=born", status: .suppressed),
            row("pop_inflow_se_r4q", 4, breakdown: "inflow_component=attracted"),
            row("pop_inflow_se_r4q", 3, breakdown: "inflow_component=unknown", status: .suppressed),
        ]
        let result = DisclosureStep.protectIntervals(&rows, catalogue: try Self.catalogue, municipality: "GM0392")
        #expect(result.hidden.isEmpty && result.unresolved.isEmpty)
    }
}
