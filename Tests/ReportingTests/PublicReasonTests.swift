import ImpactModel
import RunArtifacts
import Testing

@testable import Reporting

/// The public reason of a hidden cell is read from the stored clauses of its internal note (issue 18 item 3): the
/// rule without the cell's figures, in the words of the Dutch catalogue.
@Suite("Public reason of hidden cells: from stored note codes")
struct PublicReasonTests {
    @Test(
        arguments: [
            ("disclosure.fewer_than(minimum=3)", "minder dan 3 ondernemingen"),
            ("input.none; disclosure.fewer_than(minimum=10)", "minder dan 10 ondernemingen"),
            ("disclosure.numerator_fewer_than(minimum=3)", "minder dan 3 ondernemingen"),
            ("disclosure.percent_rule_enterprises(minimum=10)", "minder dan 10 ondernemingen"),
            (
                "disclosure.secondary_interval; disclosure.fewer_than(minimum=3)",
                "secundaire onderdrukking: anders af te leiden uit het totaal"
            ),
            (
                "disclosure.secondary_stock_flow",
                "secundaire onderdrukking: anders af te leiden uit het totaal"
            ),
            (
                "disclosure.dominance(largest=2,percent=85)",
                "dominantie: de 2 grootste bijdragen zijn meer dan 85% van het totaal"
            ),
            ("", ""), ("stock.active_without_value(missing=1,active=2,date=2026-09-30)", ""),
            // Words are not read back: a Dutch sentence of an old file names no rule.
            ("minder dan 3 ondernemingen (n = 2)", ""),
        ])
    func suppressedNotes(note: String, expected: String) {
        #expect(MetricRecord.publicReason(note, status: .suppressed) == expected)
    }

    @Test func withheldAndCoverage() {
        #expect(
            MetricRecord.publicReason("panel.constant(enterprises=1)", status: .withheld)
                == "dekking onder 60% van de actieve ondernemingen")
        #expect(
            MetricRecord.publicReason("coverage.below_threshold", status: .suppressed)
                == "dekking onder 60% van de actieve ondernemingen")
    }

    @Test(arguments: [("12.5", "12,5"), ("7", "7"), ("", ""), ("0.000001", "0,000001"), ("1.2.3", "1,2,3")])
    func decimalComma(field: String, expected: String) {
        #expect(ReportCSV.decimalComma(field) == expected)
    }
}
