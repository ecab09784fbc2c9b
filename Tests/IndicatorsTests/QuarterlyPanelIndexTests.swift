import ImpactModel
import Indicators
import Testing

/// The panel's two storages (dense grid, and the dictionary for quarters spread over centuries) answer alike.
@Suite struct QuarterlyPanelIndexTests {
    /// Rows of two enterprises: a normal history, plus (for `spread`) a return dated 1000Q1 and one dated 9999Q4.
    static func rows(spread: Bool) -> [Observation] {
        var rows = [
            Fx.obs("30000001", "employees_headcount", "2026Q2", 10),
            Fx.obs("30000001", "employees_headcount", "2026Q3", 12),
            Fx.obs("30000002", "employees_headcount", "2026Q3", nil),
            Fx.obs("30000002", "revenue_total", "2026Q3", 5_000),
        ]
        if spread {
            rows.append(Fx.obs("30000001", "employees_headcount", "1000Q1", 3))
            rows.append(Fx.obs("30000002", "employees_headcount", "9999Q4", 4))
        }
        return rows
    }

    @Test(arguments: [false, true])
    func lookUpsAreTheSameInBothStorages(spread: Bool) {
        // spread: 2 KvK × 2 measures × 36 000 quarters = 144 000 cells > 65 536 and > 16 × 6 rows: dictionary.
        let p = QuarterlyPanel(observations: Self.rows(spread: spread))
        #expect(p.count == (spread ? 6 : 4))
        #expect(p.value("30000001", "employees_headcount", Fx.q("2026Q2")) == 10)
        #expect(p.value("30000001", "employees_headcount", Fx.q("2026Q3")) == 12)
        #expect(p.value("30000001", "employees_headcount", Fx.q("2026Q1")) == nil)
        #expect(p.value("30000001", "revenue_total", Fx.q("2026Q3")) == nil)  // no row of that pair
        // A row whose value is missing is present, with no value (B08).
        #expect(p.observation("30000002", "employees_headcount", Fx.q("2026Q3")) != nil)
        #expect(p.value("30000002", "employees_headcount", Fx.q("2026Q3")) == nil)
        #expect(p.value("30000002", "revenue_total", Fx.q("2026Q3")) == 5_000)
        #expect(p.value("99999999", "revenue_total", Fx.q("2026Q3")) == nil)
        #expect(p.value("30000001", "employees_headcount", Fx.q("1000Q1")) == (spread ? 3 : nil))
        #expect(p.value("30000002", "employees_headcount", Fx.q("9999Q4")) == (spread ? 4 : nil))
        let s = p.series("30000001", "employees_headcount")
        #expect(!s.isEmpty)
        #expect(p.series("99999999", "revenue_total").isEmpty)
        let row = p.row(s, Fx.q("2026Q3"))
        #expect(row.flatMap(p.value(row:)) == 12)
        #expect(row.map { p.inputRef(row: $0).sourceRowID } == "t:30000001:employees_headcount:2026Q3")
    }

    @Test func duplicateKeepsTheLowerSourceRowIDInBothOrders() {
        var a = Fx.obs("30000001", "employees_headcount", "2026Q3", 12)
        var b = a
        a.sourceRowID = "a:1"
        b.sourceRowID = "b:1"
        b.value = 99
        for order in [[a, b], [b, a]] {
            let p = QuarterlyPanel(observations: order)
            #expect(p.value("30000001", "employees_headcount", Fx.q("2026Q3")) == 12)
            #expect(p.diagnostics.map(\.code) == ["compute.duplicate"])
            #expect(p.count == 1)
        }
    }
}
