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
        let r = row(.withheld, note: "coverage.below_threshold").forPublication
        #expect(r.value == nil && r.numerator == nil && r.denominator == nil)
        #expect(r.nEnterprises == 21 && r.coverage == 55.3)
        #expect(r.note == "coverage.below_threshold")
        #expect(r.publicText.note == "dekking onder 60% van de actieve ondernemingen")
    }

    @Test func suppressedRowsShowOneReasonAndNoFigures() {
        for note in [
            "disclosure.fewer_than(minimum=3)", "disclosure.dominance(largest=2,percent=85)",
            "disclosure.secondary", "disclosure.secondary_interval; coverage.partial(percent=72.5)",
        ] {
            let r = row(.suppressed, note: note).forPublication
            #expect(r.value == nil && r.numerator == nil && r.nEnterprises == nil && r.coverage == nil)
            #expect(r.note == MetricRecord.confidentialNote)
            #expect(r.publicText.note == "statistische beveiliging (METRICS.md §8)")
        }
    }

    /// A published row's stored note is worded by the Dutch catalogue in the public CSVs (issue 18 item 3): clause
    /// by clause, in order, each text once.
    @Test func publishedRowsWordTheirNotesInDutch() {
        let r = row(.partial, note: "coverage.partial(percent=72.5); panel.constant(enterprises=14)")
        #expect(r.forPublication.note == r.note)
        #expect(r.publicText.note == "dekking 72,5% (60–80%); gelijkblijvend panel van 14 ondernemingen")
        let csv = String(decoding: ReportCSV.machine([r]), as: UTF8.self)
        #expect(csv.contains("\"dekking 72,5% (60–80%); gelijkblijvend panel van 14 ondernemingen\""))
        #expect(!csv.contains("coverage.partial"))
        let excel = String(decoding: ReportCSV.excelNL([r]), as: UTF8.self)
        #expect(excel.contains("dekking 72,5% (60–80%); gelijkblijvend panel van 14 ondernemingen"))
    }

    /// The national report words notes through a cache: each row's words equal `publicText`'s, whatever the order,
    /// including the same note under another status (a suppressed cell's confidential note) and empty notes.
    @Test func theNoteCacheWordsEveryRowAsPublicTextDoes() {
        let rows = [
            row(.partial, note: "coverage.partial(percent=72.5)"), row(.ok, note: ""),
            row(.suppressed, note: "disclosure.fewer_than(minimum=3)").forPublication,
            row(.ok, note: MetricRecord.confidentialNote), row(.withheld, note: "coverage.below_threshold"),
            row(.partial, note: "coverage.partial(percent=72.5)"),
            row(.suppressed, note: "disclosure.secondary").forPublication, row(.ok, note: "input.none"),
        ]
        var cache = MetricRecord.PublicTextCache()
        for pass in 0..<2 {
            for r in rows {
                #expect(cache.publicText(r) == r.publicText, "pass \(pass): \(r.status) \(r.note)")
            }
        }
        #expect(cache.publicText(rows[2]).note == "statistische beveiliging (METRICS.md §8)")
        #expect(cache.publicText(rows[3]).note != "statistische beveiliging (METRICS.md §8)")
    }
}
