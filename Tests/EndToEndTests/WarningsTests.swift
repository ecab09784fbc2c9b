import Foundation
import TestSupport
import Testing

/// A condition that makes the report less than complete is one fact, said in the same way on stderr, in run.json,
/// in run.md and in the report; `--strict` and `strict: true` turn it into exit 3 with nothing new published.
@Suite("Warnings reach the operator", .serialized)
struct WarningsTests {
    private func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func section(_ report: String, _ heading: String) -> String {
        guard let r = report.range(of: heading) else { return "" }
        let after = report[r.upperBound...]
        return String(after[..<(after.range(of: "\n#")?.lowerBound ?? after.endIndex)])
    }

    @Test func aDeletedInputFileWarnsEverywhereAndTheReportSaysWhichSource() throws {
        let ws = try DemoWorkspace("warn-missing")
        let good = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(try json(try ws.read("run.json"))["warnings"] as? [Any] != nil)
        #expect((try json(try ws.read("run.json"))["warnings"] as? [Any])?.isEmpty == true)
        let goodReport = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        #expect(section(goodReport, "### Verouderde bronnen").contains("Alle bronnen zijn actueel opgehaald."))

        try FileManager.default.removeItem(
            at: ws.root.appendingPathComponent("pipelines/haarlem-demo/returns/impact-2026Q2.csv"))
        let r = try ws.impactmon("run", ["--period", "2026Q3"])
        // Not a failure (the file is of an earlier quarter) but never silent.
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 warnings"), "\(r.stdout)")
        let logged = r.stderr.split(separator: "\n").filter { $0.contains(" warning ") }
        #expect(logged.contains { $0.contains("source=impact-returns") && $0.contains("kind=missing") }, "\(r.stderr)")
        #expect(logged.contains { $0.contains("kind=fewer_rows") && $0.contains("subject=751 → 718") }, "\(r.stderr)")

        let summary = try json(try ws.read("run.json"))
        let facts = (summary["warnings"] as? [[String: Any]]) ?? []
        #expect(
            facts.map { "\($0["kind"] ?? "")/\($0["source"] ?? "")/\($0["stage"] ?? "")" } == [
                "missing/impact-returns/fetch", "fewer_rows/impact-returns/normalize",
            ])
        #expect(facts.first?["subject"] as? String == "haarlem-demo/returns/impact-2026Q2.csv")
        #expect(
            (facts.first?["action"] as? String)?.hasPrefix("deliver haarlem-demo/returns/impact-2026Q2.csv") == true)
        let runMD = String(decoding: try ws.read("run.md"), as: UTF8.self)
        #expect(runMD.contains("- warnings: 2"))
        #expect(runMD.contains("- **missing** `impact-returns` (fetch): "), "\(runMD)")

        let report = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        let sources = section(report, "### Verouderde bronnen")
        #expect(!sources.contains("Alle bronnen zijn actueel"), "\(sources)")
        // The source by its title, in a plain sentence; the file it missed is in run.md, not in the report.
        #expect(
            sources.contains(
                "- **Kwartaalopgaven van de sociale ondernemingen**: ontbreekt; de cijfers die op deze bron rusten zijn onbekend"
            ), "\(sources)")
        #expect(!sources.contains("impact-2026Q2.csv"))
        #expect(sources.contains("(751 → 718 rijen)"))
        // The restated 2026Q2 figures name the missing data as their cause, not a revision by the publisher.
        let restated = section(report, "## Herzieningen")
        #expect(restated.contains("| ontbrekende brongegevens: impact-returns |"), "\(restated.prefix(600))")
        #expect(!restated.contains("bron herzien"))
        // No machine path in the report or the facts.
        #expect(!report.contains(ws.root.path))
        #expect(!String(decoding: try ws.read("run.json"), as: UTF8.self).contains("\"subject\" : \"/"))
    }

    @Test func strictFailsWithExit3AndKeepsTheLastGoodReport() throws {
        let ws = try DemoWorkspace("warn-strict")
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let published = ws.snapshot("report")
        try FileManager.default.removeItem(
            at: ws.root.appendingPathComponent("pipelines/haarlem-demo/returns/impact-2026Q2.csv"))
        let r = try ws.impactmon("run", ["--period", "2026Q3", "--strict"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "impactmon: error: fetch: 1 warning(s) under --strict, not published: missing impact-returns"),
            "\(r.stderr)")
        #expect(ws.snapshot("report") == published)
        let summary = try json(try ws.read("run.json"))
        #expect(summary["exit_status"] as? Int == 3)
        #expect((summary["warnings"] as? [[String: Any]])?.first?["kind"] as? String == "missing")

        // The same from the pipeline file, without the flag; a non-strict run publishes, then strict still fails on
        // the facts of the skipped (up-to-date) stages.
        let pipeline = ws.root.appendingPathComponent("pipelines/haarlem-demo.yaml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        try text.replacingOccurrences(
            of: "timezone: Europe/Amsterdam\n", with: "timezone: Europe/Amsterdam\nstrict: true\n"
        )
        .write(to: pipeline, atomically: true, encoding: .utf8)
        let fromFile = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(fromFile.status == 3, "\(fromFile.stderr)")
        try text.write(to: pipeline, atomically: true, encoding: .utf8)
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let again = try ws.impactmon("run", ["--period", "2026Q3", "--strict"])
        #expect(again.status == 3, "\(again.stdout)\(again.stderr)")
        #expect(again.stderr.contains("under --strict"))
        // The report alone rests on the same published facts: a strict rerun of it publishes nothing.
        let incomplete = ws.snapshot("report")
        let reportOnly = try ws.impactmon("report", ["--period", "2026Q3", "--force", "--strict"])
        #expect(reportOnly.status == 3, "\(reportOnly.stderr)")
        #expect(
            reportOnly.stderr.contains("report: 2 warning(s) under --strict, not published"), "\(reportOnly.stderr)")
        #expect(ws.snapshot("report") == incomplete)
        let summary2 = try json(try ws.read("run.json"))
        #expect(
            (summary2["warnings"] as? [[String: Any]])?.map { $0["kind"] as? String ?? "" } == [
                "missing", "fewer_rows",
            ])
    }
}
