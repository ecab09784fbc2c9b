import RunArtifacts
import Testing

@testable import Reporting

/// The byte search of a hidden cell's public reason gives what Foundation's search and regex give.
@Suite("Public reason of hidden cells: byte search equals Foundation")
struct PublicReasonTests {
    @Test(
        arguments: [
            ("n = 1; minder dan 3 ondernemingen", "minder dan 3 ondernemingen"),
            ("minder dan  ondernemingen; minder dan 10 ondernemingen (n = 2)", "minder dan 10 ondernemingen"),
            ("minder dan 3x ondernemingen", ""),
            (
                "secundaire onderdrukking (minder dan 3 ondernemingen)",
                "secundaire onderdrukking: anders af te leiden uit het totaal"
            ),
            ("dominantie: 93,8 %", "dominantie: de 2 grootste bijdragen zijn meer dan 85% van het totaal"),
            ("", ""), ("1 van 2 actieve ondernemingen", ""),
        ])
    func asciiNotes(note: String, expected: String) {
        #expect(MetricRecord.publicReasonASCII(note) == expected)
        #expect(MetricRecord.publicReasonFoundation(note) == expected)
        #expect(MetricRecord.publicReason(note, status: .suppressed) == expected)
    }

    @Test func withheldAndCoverage() {
        #expect(
            MetricRecord.publicReason("n = 1", status: .withheld) == "dekking onder 60% van de actieve ondernemingen")
        #expect(
            MetricRecord.publicReason("dekking 40 %", status: .suppressed)
                == "dekking onder 60% van de actieve ondernemingen")
        #expect(
            MetricRecord.publicReason("≥ minder dan 5 ondernemingen", status: .suppressed)
                == "minder dan 5 ondernemingen")
    }

    @Test(arguments: [("12.5", "12,5"), ("7", "7"), ("", ""), ("0.000001", "0,000001"), ("1.2.3", "1,2,3")])
    func decimalComma(field: String, expected: String) {
        #expect(ReportCSV.decimalComma(field) == expected)
    }
}
