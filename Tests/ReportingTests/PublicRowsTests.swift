import Foundation
import Reporting
import RunArtifacts
import Testing

/// What hidden rows keep in the public files (METRICS.md §8; issue 14 items 1 and 4).
@Suite struct PublicRowsTests {
    func row(_ status: CellStatus, note: String) -> MetricRecord {
        MetricRecord(
            metricID: "sus_ghg_avoided_r4q", theme: "duurzaamheid", metricClass: "impact", level: "programme",
            entity: "GM0392", period: "2026Q3", value: 12.5, unit: "tCO2e", numerator: 12.5, denominator: nil,
            nEnterprises: 21, coverage: 55.3, status: status, valueStatus: .voorlopig,
            symbol: status == .withheld ? "." : "x",
            note: note, provenanceID: "sus_ghg_avoided_r4q/GM0392/2026Q3")
    }

    @Test func withheldRowsKeepTheNumberReportingAndCoverage() {
        let r = row(.withheld, note: "dekking 55,3 % < 60 %: alleen aantal rapporterend (21) gepubliceerd")
            .forPublication
        #expect(r.value == nil && r.numerator == nil && r.denominator == nil)
        #expect(r.nEnterprises == 21 && r.coverage == 55.3)
        #expect(r.note == "dekking onder 60% van de actieve ondernemingen")
    }

    @Test func suppressedRowsShowOneReasonAndNoFigures() {
        for note in [
            "minder dan 3 ondernemingen (n = 2)", "dominantie: de 2 grootste bijdragen zijn 93,8 % van het totaal",
            "secundaire onderdrukking: anders af te leiden uit het totaal",
        ] {
            let r = row(.suppressed, note: note).forPublication
            #expect(r.value == nil && r.numerator == nil && r.nEnterprises == nil && r.coverage == nil)
            #expect(r.note == MetricRecord.confidentialNote)
        }
    }
}
