import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// What `impactmon publish` refuses (issue 17 items 5–6): registry KvK-nummers anywhere under `report/`, rows of level
/// `enterprise`, and public rows that break a primary disclosure rule of `config/metrics.yaml` (METRICS.md §8).
@Suite("The publication gate")
struct PublicationGateTests {
    @Test func aKvKNummerIsFoundOnlyAsAWholeEightDigitRun() {
        let text = "a 12345678\nb 123456789 and 012345678 and 1234567\n12345678"
        let found = PublicationGate.kvkNumbers(in: Data(text.utf8), file: "report.md", registry: ["12345678"])
        // Line 2 holds the digits only inside longer runs (9 digits) or a shorter one (7): not a KvK-nummer.
        #expect(
            found.map(\.description) == [
                "report.md:1: KvK-nummer 12345678 of the registry (an enterprise-level value)",
                "report.md:3: KvK-nummer 12345678 of the registry (an enterprise-level value)",
            ])
        #expect(PublicationGate.kvkNumbers(in: Data(text.utf8), file: "x", registry: ["87654321"]).isEmpty)
    }

    @Test func theDisclosureGateRechecksThePrimaryRulesOfThePublicFile() throws {
        let metricsURL = SharedData.packageRoot.appendingPathComponent("config/metrics.yaml")
        // config/metrics.yaml: emp_headcount_total min_n 3 (magnitude); soc_tg_fte_share min_n 5, unit %, ratio_r4q, so
        // percent_min_enterprises defaults to 10; ctx_bankruptcies_nl disclosure none (CBS, public).
        // Every row has a value_status: metrics.csv is read by its one strict reader (MetricRecord.read).
        let rows = [
            "emp_headcount_total,economie,impact,programme,GM0392,2026Q3,40,persons,,,2,90,ok,voorlopig,,,emp_headcount_total/GM0392/2026Q3,",
            "emp_headcount_total,economie,impact,programme,GM0392,2026Q2,55,persons,,,3,90,ok,voorlopig,,,emp_headcount_total/GM0392/2026Q2,",
            "soc_tg_fte_share,sociale_zaken,impact,programme,GM0392,2026Q3,41.5,%,12,29,7,90,ok,voorlopig,,,soc_tg_fte_share/GM0392/2026Q3,",
            "soc_tg_fte_share,sociale_zaken,impact,programme,GM0392,2026Q2,40.1,%,12,30,12,90,partial,voorlopig,,,soc_tg_fte_share/GM0392/2026Q2,",
            "emp_headcount_total,economie,impact,programme,GM0392,2026Q1,12,persons,,,2,,suppressed,voorlopig,x,,emp_headcount_total/GM0392/2026Q1,sbi_section=Q",
            "emp_headcount_total,economie,impact,programme,GM0392,2025Q4,,persons,,,4,40,withheld,voorlopig,.,,emp_headcount_total/GM0392/2025Q4,",
            "ctx_bankruptcies_nl,economie,context,national,NL01,2026KW01,1010,count,,,1,,ok,voorlopig,,,ctx_bankruptcies_nl/NL01/2026KW01,",
            "emp_headcount_total,economie,impact,enterprise,12345678,2026Q3,2,persons,,,1,,ok,voorlopig,,,emp_headcount_total/12345678/2026Q3,",
        ]
        let csv =
            "metric_id,theme,class,level,entity,period,value,unit,numerator,denominator,n_enterprises,coverage,status,value_status,symbol,note,provenance_id,breakdown\n"
            + rows.joined(separator: "\n") + "\n"
        let found = try PublicationGate.disclosure(
            metricsCSV: Data(csv.utf8), file: "metrics.csv", metricsURL: metricsURL)
        // By hand: line 2 has n = 2 < 3; line 4 a share on 7 < 10 enterprises (7 ≥ min_n 5); line 6 a suppressed cell
        // showing its value and its n. Lines 3, 5 (12 ≥ 10), 7 (withheld keeps n, no value), 8 (not controlled) pass;
        // line 9 is enterprise-level, the other check's business (PublicationGate.enterpriseRows).
        #expect(
            found.map(\.description) == [
                "metrics.csv:2: emp_headcount_total/GM0392/2026Q3: published on 2 enterprises, fewer than min_n 3",
                "metrics.csv:4: soc_tg_fte_share/GM0392/2026Q3: percentage on 7 enterprises, fewer than percent_min_enterprises 10",
                "metrics.csv:6: emp_headcount_total/GM0392/2026Q1: suppressed cell shows its value (12)",
                "metrics.csv:6: emp_headcount_total/GM0392/2026Q1: suppressed cell shows n_enterprises (2)",
            ])
        #expect(PublicationGate.enterpriseRows(in: Data(csv.utf8), file: "metrics.csv").map(\.line) == [9])
    }
}
