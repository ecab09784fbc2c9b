import Foundation
import TestSupport
import Testing

/// KNOWN-FAULTS B33 and issue 6: when CBS revises a figure, the rerun's report names the figure, its old and new
/// value and the cause; running the same command again gives the same files (no duplicated history).
@Suite("Restatements after a source revision", .serialized)
struct RestatementTests {
    @Test func aRevisedCBSFigureIsRestatedWithItsCause() throws {
        let ws = try DemoWorkspace("e2e-restate")
        #expect(try ws.impactmon("run").status == 0)
        // CBS revises the bankruptcies of 2026KW01 (82242NED, M001327): 1002 → 1010.
        let file = ws.root.appendingPathComponent("pipelines/haarlem-demo/cbs/82242NED/Observations.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        let before = "\"Value\": 1002,"
        #expect(text.components(separatedBy: before).count == 2)
        text = text.replacingOccurrences(of: before, with: "\"Value\": 1010,")
        try text.write(to: file, atomically: true, encoding: .utf8)

        let rerun = try ws.impactmon("run")
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let report = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        // The row names the figure, the region and the CBS period in words (2026KW01 = 1e kw. 2026).
        let line = report.split(separator: "\n").first {
            $0.contains("| Uitgesproken faillissementen Nederland | Nederland | 1e kw. 2026 |")
                && $0.contains("| 1.002 |")
        }
        let row = try #require(line, "no restatement row for ctx_bankruptcies_nl in:\n\(report)")
        #expect(row.contains("| 1.010 |"))
        #expect(row.contains("bron herzien: cbs-faillissementen"))
        // The same command again: identical report files (the restatement is kept, not lost or doubled).
        let snapshot = ws.snapshot("report")
        #expect(try ws.impactmon("report", ["--force"]).status == 0)
        #expect(ws.snapshot("report") == snapshot)
    }
}
