import Foundation
import ImpactModel
import Indicators
import TestSupport
import Testing

@Suite struct GrowthTests {
    let q = Fx.q("2026Q3")

    @Test func balancedPanelGrowthAndCompositionEffect() {
        let a = Fx.enterprise("20000001")
        let b = Fx.enterprise("20000002")
        let c = Fx.enterprise("20000003", entry: "2026-01-01")  // not active on 2025-09-30
        let d = Fx.enterprise("20000004", exit: "2026-03-01", exitReason: .relocation_out)  // gone by 2026-09-30
        let e = Fx.enterprise("20000005")  // active at both ends, 2026Q3 value missing
        let panel = QuarterlyPanel(observations: [
            Fx.obs("20000001", "employees_headcount", "2025Q3", 10),
            Fx.obs("20000001", "employees_headcount", "2026Q3", 12),
            Fx.obs("20000002", "employees_headcount", "2025Q3", 5),
            Fx.obs("20000002", "employees_headcount", "2026Q3", 4),
            Fx.obs("20000003", "employees_headcount", "2026Q3", 6),
            Fx.obs("20000004", "employees_headcount", "2025Q3", 3),
            Fx.obs("20000005", "employees_headcount", "2025Q3", 7),
            Fx.obs("20000005", "employees_headcount", "2026Q3", nil),
        ])
        let pop = [a, b, c, d, e]
        let g = Growth.panelGrowth("employees_headcount", pop, panel, at: q)
        // Panel {a, b}: (12 + 4) / (10 + 5) − 1 = 16/15 − 1 = 6.666…%
        #expect(abs((g.value ?? 0) - (16.0 / 15.0 - 1) * 100) < 1e-12)
        #expect(g.reporting == 2 && g.population == 3)  // a, b, e active at both ends
        #expect(g.arithmetic == "((12 + 4) / (10 + 5) − 1) × 100 = (16 / 15 − 1) × 100 = 6.666667")
        let comp = Growth.composition("employees_headcount", pop, panel, at: q)
        // total 2026Q3 = 12 + 4 + 6 = 22; total 2025Q3 = 10 + 5 + 3 + 7 = 25; (22 − 25) − (16 − 15) = −4
        #expect(comp.value == -4)
        #expect(comp.arithmetic == "(22 − 25) − (16 − 15) = -4")
    }

    @Test func panelGrowthWithZeroBaseHasNoValue() {
        let a = Fx.enterprise("20000001")
        let panel = QuarterlyPanel(observations: [
            Fx.obs("20000001", "employees_headcount", "2025Q3", 0),
            Fx.obs("20000001", "employees_headcount", "2026Q3", 3),
        ])
        let g = Growth.panelGrowth("employees_headcount", [a], panel, at: q)
        #expect(g.value == nil)
        #expect(g.reporting == 1)
    }

    @Test func threeYearCAGRAndBirchOnMeansOfFourQuarterEnds() {
        let f = Fx.enterprise("30000001")
        let panel = QuarterlyPanel(
            observations: Fx.series("30000001", "employees_headcount", from: "2022Q4", [10, 10, 10, 10])
                + Fx.series("30000001", "employees_headcount", from: "2025Q4", [13, 13, 14, 14]))
        // E_t−3 = 40 / 4 = 10; E_t = 54 / 4 = 13.5
        let cagr = Growth.cagr3y(f, "employees_headcount", panel, at: q, form: .mean)
        #expect(abs((cagr.value ?? 0) - (pow(13.5 / 10, 1.0 / 3) - 1) * 100) < 1e-12)
        #expect(abs((cagr.value ?? 0) - 10.5209) < 1e-4)  // 1.1052^3 ≈ 1.35
        #expect(cagr.notes.isEmpty)
        let birch = Growth.birch3y(f, "employees_headcount", panel, at: q, form: .mean)
        #expect(abs((birch.value ?? 0) - (13.5 - 10) * 13.5 / 10) < 1e-12)  // 4.725
    }

    @Test func cagrFallsBackToEndQuarterValuesAndSaysSo() {
        let g = Fx.enterprise("30000002")
        let panel = QuarterlyPanel(observations: [
            Fx.obs("30000002", "employees_headcount", "2023Q3", 8),
            Fx.obs("30000002", "employees_headcount", "2026Q3", 12),
        ])
        let cagr = Growth.cagr3y(g, "employees_headcount", panel, at: q, form: .mean)
        #expect(abs((cagr.value ?? 0) - (pow(12.0 / 8, 1.0 / 3) - 1) * 100) < 1e-12)
        #expect(cagr.notes.first == "growth.quarter_value_fallback")
        // Revenue (sum form) never falls back: one quarter is not a year.
        let rev = QuarterlyPanel(observations: [
            Fx.obs("30000002", "revenue_total", "2023Q3", 8), Fx.obs("30000002", "revenue_total", "2026Q3", 12),
        ])
        #expect(Growth.cagr3y(g, "revenue_total", rev, at: q, form: .sum).value == nil)
    }

    @Test func cagrWithoutStartValueOrFromZero() {
        let g = Fx.enterprise("30000003")
        let none = QuarterlyPanel(observations: [Fx.obs("30000003", "employees_headcount", "2026Q3", 12)])
        let c1 = Growth.cagr3y(g, "employees_headcount", none, at: q, form: .mean)
        #expect(c1.value == nil && c1.notes == ["growth.endpoint_missing(quarter=2023Q3)"])
        let zero = QuarterlyPanel(observations: [
            Fx.obs("30000003", "employees_headcount", "2023Q3", 0),
            Fx.obs("30000003", "employees_headcount", "2026Q3", 12),
        ])
        #expect(Growth.cagr3y(g, "employees_headcount", zero, at: q, form: .mean).value == nil)
    }

    @Test func enterpriseRevenueGrowthOnRollingFourQuarters() {
        let h = Fx.enterprise("40000001")
        let full = QuarterlyPanel(
            observations: Fx.series(
                "40000001", "revenue_total", from: "2024Q4", [100, 100, 100, 100, 120, 130, 110, 140]))
        let c = Growth.enterpriseYoYR4Q(h, "revenue_total", full, at: q)
        #expect(c.value == 25)  // (120+130+110+140) / (4 × 100) − 1 = 500/400 − 1
        #expect(
            c.arithmetic == "((120 + 130 + 110 + 140) / (100 + 100 + 100 + 100) − 1) × 100 = (500 / 400 − 1) × 100 = 25"
        )
        let gap = QuarterlyPanel(
            observations: Fx.series(
                "40000001", "revenue_total", from: "2024Q4", [100, nil, 100, 100, 120, 130, 110, 140]))
        let m = Growth.enterpriseYoYR4Q(h, "revenue_total", gap, at: q)
        #expect(m.value == nil)
        #expect(m.notes == ["window.quarters_missing(missing=1,of=8)"])
    }

    @Test func negativeEndpointsNeverPrintNaN() throws {
        // A correction that leaves −2 employees at t: (−2 / 8)^(1/3) is not a real number.
        let g = Fx.enterprise("30000009")
        let panel = QuarterlyPanel(
            observations: Fx.series("30000009", "employees_headcount", from: "2022Q4", [8, 8, 8, 8])
                + Fx.series("30000009", "employees_headcount", from: "2025Q4", [-2, -2, -2, -2]))
        #expect(Growth.cagr3y(g, "employees_headcount", panel, at: q, form: .mean).value?.isNaN == true)
        let cat = try MetricCatalogue.load(
            contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
        let run = MetricEngine.compute(
            catalogue: MetricCatalogue(metrics: [try #require(cat.metric("ent_emp_cagr_3y"))]), enterprises: [g],
            observations: Fx.series("30000009", "employees_headcount", from: "2022Q4", [8, 8, 8, 8])
                + Fx.series("30000009", "employees_headcount", from: "2025Q4", [-2, -2, -2, -2]),
            municipality: .haarlem, reportQuarter: q)
        #expect(run.diagnostics.contains { $0.code == "compute.negative" && $0.message.contains("is -2") })
        let row = try #require(run.row("ent_emp_cagr_3y", entity: "30000009", period: "2026Q3"))
        #expect(row.status == .missing && row.value == nil)
        let csv = String(decoding: run.csv(), as: UTF8.self)
        #expect(!csv.contains(",nan,") && !csv.contains("-nan") && !csv.contains("inf,"))
    }
}
