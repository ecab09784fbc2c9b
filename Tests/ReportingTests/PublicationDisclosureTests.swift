import Foundation
import Reporting
import RunArtifacts
import Testing

/// The one gate to the public files (issue 14 items 1 and 5): enterprise rows never leave, hidden cells are
/// stripped, person counts are rounded to 5 only here (compute keeps the unrounded figure), and a published row
/// below min N is refused. Expected values worked out by hand in the comments.
@Suite struct PublicationDisclosureTests {
    let gate = PublicationDisclosure(rules: [
        "emp_headcount_total": .init(minN: 3, controlled: true, roundingBase: 5),
        "emp_growth_yoy_panel": .init(minN: 3, controlled: true, roundingBase: 5),
        "pop_active_se": .init(minN: 3, controlled: true, roundingBase: nil),
        "ctx_persons_employed": .init(minN: 3, controlled: false, roundingBase: nil),
    ])

    func row(
        _ metric: String, value: String, unit: String = "persons", numerator: String = "", denominator: String = "",
        n: String = "9", status: String = "ok", level: String = "programme"
    ) -> MetricRecord {
        // The row as `metrics.csv` holds it, read by its one reader.
        try! MetricRecord(csvFields: [
            metric, "economie", "impact", level, "GM0392", "2026Q3", value, unit, numerator, denominator, n, "90",
            status,
            "voorlopig", status == "suppressed" ? "x" : "", "", "\(metric)/GM0392/2026Q3", "",
        ])
    }

    @Test func personCountsAreRoundedToFiveHalfAwayFromZeroOnlyHere() throws {
        // 36 → 35 (36 / 5 = 7.2 → 7), 37.5 → 40 (7.5 → 8, half away from zero), 501 → 500, 2 → 0, −2.5 → −5.
        let out = gate.publicRows([
            row("emp_headcount_total", value: "36", numerator: "36"),
            row("emp_headcount_total", value: "37.5"),
            row("emp_headcount_total", value: "501"),
            row("emp_headcount_total", value: "2"),
        ])
        #expect(out.map(\.valueText) == ["35", "40", "500", "0"])
        #expect(out[0].numerator == 35)
        #expect(PublicationDisclosure.roundedToMultiple("-2.5", of: 5) == "-5")
        // A growth rate keeps its value (unit %); its person parts are rounded: 123 → 125, 118 → 120.
        let g = try #require(
            gate.publish(row("emp_growth_yoy_panel", value: "4.2", unit: "%", numerator: "123", denominator: "118")))
        #expect(g.value == 4.2 && g.numerator == 125 && g.denominator == 120)
        // No rounding base: unchanged.
        #expect(gate.publish(row("pop_active_se", value: "37", unit: "count"))?.value == 37)
        #expect(gate.publish(row("ctx_persons_employed", value: "91234"))?.value == 91234)
    }

    @Test func enterpriseRowsNeverLeaveAndHiddenCellsAreStripped() throws {
        #expect(gate.publish(row("emp_headcount_total", value: "12", level: "enterprise")) == nil)
        let hidden = try #require(
            gate.publish(row("emp_headcount_total", value: "12", numerator: "12", n: "2", status: "suppressed")))
        #expect(hidden.value == nil && hidden.numerator == nil && hidden.nEnterprises == nil && hidden.symbol == "x")
    }

    @Test func aPublishedRowBelowMinNIsAViolation() {
        let rows = gate.publicRows([
            row("emp_headcount_total", value: "40", n: "2"),  // 2 < 3: a violation
            row("pop_active_se", value: "0", unit: "count", n: "0"),  // a structural 0: safe
            row("emp_headcount_total", value: "", n: "2", status: "suppressed"),  // hidden: safe
            row("ctx_persons_employed", value: "91234", n: "1"),  // not under control
        ])
        #expect(gate.violations(rows) == ["emp_headcount_total/GM0392/2026Q3: published with 2 enterprises < min_n 3"])
    }
}
