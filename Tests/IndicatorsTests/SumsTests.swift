import ImpactModel
import Indicators
import Testing

@Suite struct SumsTests {
    let q = Fx.q("2026Q3")  // window 2025Q4 … 2026Q3
    let e1 = Fx.enterprise("10000001")
    let e2 = Fx.enterprise("10000002")
    let e3 = Fx.enterprise("10000003")
    /// Entered on 2026-02-15: owes 2026Q1–Q3 only.
    let e4 = Fx.enterprise("10000004", entry: "2026-02-15")
    /// Left on 2026-01-10: owes 2025Q4 and 2026Q1.
    let e5 = Fx.enterprise("10000005", exit: "2026-01-10", exitReason: .opheffing)

    var panel: QuarterlyPanel {
        QuarterlyPanel(
            observations: Fx.series("10000001", "clients_individuals", from: "2025Q4", [12, 7, 30, 5])
                + Fx.series("10000002", "clients_individuals", from: "2025Q4", [3, 3, 3, 3])
                + Fx.series("10000003", "clients_individuals", from: "2025Q4", [12, nil, 8, 10])
                + Fx.series("10000004", "clients_individuals", from: "2026Q1", [4, 5, 6])
                + Fx.series("10000005", "clients_individuals", from: "2025Q4", [9, 1])
                + [
                    Fx.obs("10000001", "employees_headcount", "2026Q3", 10),
                    Fx.obs("10000002", "employees_headcount", "2026Q3", 4),
                    Fx.obs("10000003", "employees_headcount", "2026Q3", nil),
                ]
                + Fx.series("10000001", "tg_fte", from: "2025Q4", [2, 2, 3, 3])
                + Fx.series("10000001", "fte_total", from: "2025Q4", [10, 10, 10, 10])
                + Fx.series("10000002", "tg_fte", from: "2025Q4", [1, 1, 1, 1])
                + Fx.series("10000002", "fte_total", from: "2025Q4", [2, 2, 2, 2])
                + Fx.series("10000003", "tg_fte", from: "2025Q4", [1, 1, 1, 1])
                + Fx.series("10000003", "fte_total", from: "2025Q4", [0, 0, 0, 0]))
    }

    @Test func missingQuarterMakesTheEnterpriseSumMissingWithTheB08Flag() {
        // KNOWN-FAULTS B08: 12, ., 8, 10 is not 30.
        let w = Sums.windowSum(e3, "clients_individuals", panel, q.window(4))
        #expect(w.sum == nil)
        #expect(w.incompleteFlag == "window.quarters_missing(missing=1,of=4)")
        #expect(w.values == [12, 8, 10])
    }

    @Test func r4qFlowSumCountsOnlyCompleteEnterprises() {
        let c = Sums.flowSumR4Q("clients_individuals", [e1, e2, e3], panel, at: q)
        // e1: 12 + 7 + 30 + 5 = 54; e2: 3 × 4 = 12; e3 incomplete → not reporting.
        #expect(c.value == 66)
        #expect(c.arithmetic == "(54 + 12) = 66")
        #expect(c.reporting == 2 && c.population == 3)
        #expect(abs((c.coverage ?? 0) - 200.0 / 3) < 1e-9)
        #expect(c.notes == ["10000003 window.quarters_missing(missing=1,of=4)"])
        #expect(c.inputs.count == 4 + 4 + 4)  // the missing cell of e3 is listed too (value nil)
    }

    @Test func enterprisesEnteringOrLeavingMidWindowOweOnlyTheirQuarters() {
        let c = Sums.flowSumR4Q("clients_individuals", [e4, e5], panel, at: q)
        // e4 (from 2026Q1): 4 + 5 + 6 = 15; e5 (until 2026Q1): 9 + 1 = 10.
        #expect(c.value == 25)
        #expect(c.arithmetic == "(15 + 10) = 25")
        #expect(c.population == 2)
    }

    @Test func stockSumAtQuarterEnd() {
        let c = Sums.stockSum("employees_headcount", [e1, e2, e3], panel, at: q)
        #expect(c.value == 14)  // 10 + 4; e3 reported a missing value
        #expect(c.reporting == 2 && c.population == 3)
        let single = Sums.stockSum("employees_headcount", [e1], panel, at: q)
        #expect(single.value == 10 && single.reporting == 1 && single.coverage == 100)
    }

    @Test func stockSumWithoutAnyValueIsMissingNotZero() {
        let c = Sums.stockSum("learning_places", [e1, e2], panel, at: q)
        #expect(c.value == nil)
        #expect(c.population == 2 && c.reporting == 0)
    }

    @Test func ratioOfSumsPoolsNumeratorsAndDenominators() {
        let c = Sums.ratioOfSums("tg_fte", "fte_total", [e1, e2], panel, at: q, length: 4, scale: 100)
        // (2+2+3+3) + (1+1+1+1) = 14; (10×4) + (2×4) = 48; 14 / 48 × 100 = 29.1666…
        let expected = 14.0 / 48.0 * 100
        #expect(abs((c.value ?? 0) - expected) < 1e-12)
        #expect(c.numerator == 14 && c.denominator == 48)
        #expect(c.arithmetic == "(10 + 4) / (40 + 8) × 100 = 14 / 48 × 100 = 29.166667")
    }

    @Test func zeroDenominatorGivesNoValue() {
        let c = Sums.ratioOfSums("tg_fte", "fte_total", [e3], panel, at: q, length: 4, scale: 100)
        #expect(c.value == nil)
        #expect(c.notes.contains("ratio.denominator_zero"))
    }

    @Test func quarterRatioUsesQuarterEndStocks() {
        let c = Sums.ratioOfSums("tg_fte", "fte_total", [e1], panel, at: q, length: 1, scale: 100)
        #expect(c.value == 30)  // 3 / 10 × 100
    }

    @Test func duplicateReturnCellsKeepTheLowerRowIDWhateverTheOrder() {
        var a = Fx.obs("10000001", "employees_headcount", "2026Q3", 10)
        a.sourceRowID = "impact-2026Q3.csv:4"
        var b = Fx.obs("10000001", "employees_headcount", "2026Q3", 12)
        b.sourceRowID = "impact-2026Q3.csv:7"
        for order in [[a, b], [b, a]] {
            let p = QuarterlyPanel(observations: order)
            #expect(p.value("10000001", "employees_headcount", q) == 10)
            #expect(p.diagnostics.map(\.code) == ["compute.duplicate"])
        }
    }
}
