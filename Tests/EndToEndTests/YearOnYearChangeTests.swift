import CSVCodec
import Foundation
import TestSupport
import Testing

/// The change on a year earlier as the report states it, recomputed from the public `metrics.csv`: for sums and
/// shares the report gives the change of the published totals and the change over the same enterprises (balanced
/// panel), because the two differ whenever enterprises start, stop or begin reporting (440 → 500 employees is
/// +13,6 %, while the same 27 enterprises grew 2,4 %). A total over partial coverage is not compared.
@Suite("Year-on-year change: total and same enterprises", .serialized)
struct YearOnYearChangeTests {
    /// Dutch number text as the report writes it: decimal comma, U+2212 minus, `+` before a positive change.
    private func dutch(_ v: Double) -> String {
        let body = String(format: "%.1f", abs(v)).replacingOccurrences(of: ".", with: ",")
        if body == "0,0" { return body }
        return (v > 0 ? "+" : "−") + body
    }

    @Test func reportStatesTheTotalChangeBesideThePanelChange() throws {
        let ws = try DemoWorkspace("e2e-yoy-change")
        #expect(try ws.impactmon("run").status == 0)
        let run = ws.runDirectory()
        let table = try CSVReader.read(
            Data(contentsOf: run.appendingPathComponent("report/metrics.csv")), file: "metrics.csv",
            options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
        func col(_ name: String) throws -> Int { try #require(table.column(name), "column \(name) missing") }
        let (id, entity, period, value, unit, n, status, breakdown) = (
            try col("metric_id"), try col("entity"), try col("period"), try col("value"), try col("unit"),
            try col("n_enterprises"), try col("status"), try col("breakdown")
        )
        let rows = table.records.map(\.fields).filter { $0[entity] == "GM0392" }
        let report = try String(contentsOf: run.appendingPathComponent("report/report.md"), encoding: .utf8)
        var checkedTotal = 0
        var checkedPartial = 0
        for panel in rows where panel[breakdown] == "panel=yoy" && panel[period] == "2026Q3" {
            guard let change = Double(panel[value]), panel[status] == "ok" || panel[status] == "partial" else {
                continue
            }
            let metric = panel[id]
            let now = try #require(rows.first { $0[id] == metric && $0[period] == "2026Q3" && $0[breakdown].isEmpty })
            let old = try #require(rows.first { $0[id] == metric && $0[period] == "2025Q3" && $0[breakdown].isEmpty })
            guard now[status] == "ok" || now[status] == "partial" else { continue }
            // A share changes in percentage points, a sum in percent, another ratio in its own unit (not `pp`).
            let expectedUnit = now[unit] == "%" ? "pp" : ["%", now[unit]].contains(panel[unit]) ? panel[unit] : "?"
            #expect(panel[unit] == expectedUnit, "\(metric): panel change in \(panel[unit]), metric in \(now[unit])")
            let words = ["pp": " pp", "%": "%", "h/FTE": " uur per FTE"]
            let panelText =
                dutch(change) + (words[panel[unit]] ?? " ?") + " bij dezelfde \(panel[n]) ondernemingen"
            if now[status] == "ok", old[status] == "ok", let a = Double(now[value]), let b = Double(old[value]), b > 0 {
                let isShare = now[unit] == "%"
                let total = isShare ? dutch(a - b) + " pp" : dutch((a / b - 1) * 100) + "%"
                #expect(
                    report.contains("| \(total) in totaal; \(panelText) |"), "\(metric): expected \(total) in totaal")
                checkedTotal += 1
            } else {
                #expect(report.contains("| \(panelText) |"), "\(metric): expected the panel change alone")
                checkedPartial += 1
            }
        }
        // The demo has both kinds (counted from its metrics.csv, not assumed): full coverage in both quarters, and
        // partial coverage in one of them.
        #expect(checkedTotal >= 1)
        #expect(checkedPartial >= 1)
    }
}
