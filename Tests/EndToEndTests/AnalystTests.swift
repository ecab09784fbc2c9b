import Foundation
import TestSupport
import Testing

/// `explain` from the provenance id alone, `--lang en` beside the Dutch files, no machine path in a report.
@Suite("Analyst ergonomics")
struct AnalystTests {
    @Test func explainFindsAYearEarlierValueWithoutPeriod() throws {
        let ws = try DemoWorkspace("explain-id")
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        // 2025Q3 has no run folder of its own: the value was computed by the 2026Q3 run.
        #expect(!FileManager.default.fileExists(atPath: ws.runDirectory("2025Q3").path))
        let r = try ws.impactmon("explain", ["emp_headcount_total/GM0392/2025Q3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("emp_headcount_total/GM0392/2025Q3\n"), "\(r.stdout.prefix(300))")
        #expect(r.stdout.contains("= 442"), "\(r.stdout.prefix(800))")  // the year-earlier headline value of the report
        // Notes in words with their stored codes (issue 18 item 3): the 2025Q3 total misses some enterprises' values.
        let note = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("  noot: ") }, "\(r.stdout)")
        #expect(
            note.contains(" actieve ondernemingen zonder waarde op 30 september 2025 [stock.active_without_value(")
                && note.hasSuffix(",date=2025-09-30)]"), "\(note)")
        let unknown = try ws.impactmon("explain", ["emp_headcount_total/GM0392/2019Q1"])
        #expect(unknown.status == 64, "\(unknown.stderr)")
    }

    @Test func englishFilesSitBesideTheDutchOnes() throws {
        let ws = try DemoWorkspace("lang-en")
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let dutch = try ws.read("report/report.md")
        let en = try ws.impactmon("report", ["--period", "2026Q3", "--lang", "en"])
        #expect(en.status == 0, "\(en.stderr)")
        #expect(try ws.read("report/report.md") == dutch)
        let english = String(decoding: try ws.read("report/report.en.md"), as: UTF8.self)
        #expect(english.contains("](charts/emp_headcount_total.en.svg)"), "\(english.prefix(400))")
        let files = ws.snapshot("report")
        for name in [
            "charts/emp_headcount_total.svg", "charts/emp_headcount_total.en.svg", "datapackage.json",
            "datapackage.en.json",
        ] {
            #expect(files[name] != nil, "\(name) missing: \(files.keys.sorted())")
        }
        let internalFiles = ws.snapshot("internal")
        for name in ["report-internal.md", "report-internal.en.md"] {
            #expect(internalFiles[name] != nil, "internal/\(name) missing: \(internalFiles.keys.sorted())")
        }
        // Back to Dutch on the same inputs: the English files stay.
        #expect(try ws.impactmon("report", ["--period", "2026Q3"]).status == 0)
        #expect(try ws.read("report/report.md") == dutch)
        #expect(ws.snapshot("report")["report.en.md"] != nil)
        // No absolute path of this machine in any report file.
        for (name, data) in ws.snapshot("report") {
            #expect(!String(decoding: data, as: UTF8.self).contains(ws.root.path), "\(name) names \(ws.root.path)")
        }
    }
}
