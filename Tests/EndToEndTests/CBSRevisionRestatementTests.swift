import Foundation
import TestSupport
import Testing

/// Issue 20 item 3: a CBS revision (a new `Modified` in the table's `Properties`) is a `table_changed` warning, and
/// the figures it changes are restatements whose cause names the table id and the revision.
@Suite("A CBS revision is a named restatement", .serialized)
struct CBSRevisionRestatementTests {
    @Test func aRevisedTableNamesItsIdAndRevisionDate() throws {
        let ws = try DemoWorkspace("e2e-cbs-revision")
        #expect(try ws.impactmon("run").status == 0)
        // CBS revises 82242NED: Modified 2026-06-12 → 2026-11-02, and the bankruptcies of 2026KW01 1002 → 1010.
        let folder = ws.root.appendingPathComponent("pipelines/haarlem-demo/cbs/82242NED")
        for (file, old, new) in [
            ("Observations.json", "\"Value\": 1002,", "\"Value\": 1010,"),
            (
                "Properties.json", "\"Modified\": \"2026-06-12T06:30:00+02:00\"",
                "\"Modified\": \"2026-11-02T06:30:00+01:00\""
            ),
        ] {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.components(separatedBy: old).count == 2, "\(file) does not hold \(old) once")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
        let rerun = try ws.impactmon("run")
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("82242NED"), "no table_changed warning:\n\(rerun.stderr)")
        let report = String(decoding: try ws.read("report/report.nl.md"), as: UTF8.self)
        let line = report.split(separator: "\n").first {
            $0.contains("| Nederland | 1e kw. 2026 |") && $0.contains("| 1.002 |")
        }
        let row = try #require(line, "no restatement row in:\n\(report)")
        #expect(row.contains("| 1.010 |"))
        #expect(
            row.contains(
                "bron herzien: cbs-faillissementen — CBS-tabel 82242NED herzien op 2026-11-02, eerder 2026-06-12"),
            "\(row)")
        let english = String(decoding: try ws.read("report/report.en.md"), as: UTF8.self)
        #expect(
            english.contains(
                "source revised: cbs-faillissementen — CBS table 82242NED revised on 2026-11-02, before 2026-06-12"))
    }
}
