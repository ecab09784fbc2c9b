import Foundation
import TestSupport
import Testing

/// Golden files of the demo's 2026Q3 report: `report.md`, `metrics.csv`, `metrics-excel-nl.csv` and one chart.
///
/// Re-recording is a deliberate act: `RECORD_GOLDEN=1 swift test --filter GoldenReportTests` writes the files under
/// `Tests/EndToEndTests/Golden/` (review the diff before committing); the test then fails once to say so.
/// The two things that legitimately change from run to run are masked: the one "Gegevensstand" line and the
/// consultation dates of the sources.
@Suite("Golden report files", .serialized)
struct GoldenReportTests {
    static let goldenDirectory = SharedData.packageRoot.appendingPathComponent("Tests/EndToEndTests/Golden")

    /// Masks the run-dependent parts of a report file.
    static func normalised(_ data: Data, name: String) -> String {
        var text = String(decoding: data, as: UTF8.self)
        if name.hasSuffix(".md") {
            text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                if line.hasPrefix("_Gegevensstand ") || line.hasPrefix("_Data as of ") { return "_<data as of>_" }
                return String(line).replacing(/\| 20[0-9]{2}-[01][0-9]-[0-3][0-9] \|/, with: "| <date> |")
            }.joined(separator: "\n")
        }
        return text
    }

    @Test(arguments: ["nl", "en"])
    func reportMatchesTheGoldenFiles(language: String) throws {
        let ws = try DemoWorkspace("golden-\(language)")
        let r = try ws.impactmon("run", ["--period", "2026Q3", "--lang", language])
        #expect(r.status == 0, "\(r.stderr)")
        let files =
            language == "nl"
            ? ["report.md", "metrics.csv", "metrics-excel-nl.csv", "charts/emp_headcount_total.svg"] : ["report.md"]
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1"
        for name in files {
            // `--lang en` writes report.en.md beside the Dutch report.md; the golden file keeps its name.
            let written = language == "nl" ? name : name.replacingOccurrences(of: ".md", with: ".en.md")
            let actual = Self.normalised(try ws.read("report/\(written)"), name: name)
            let goldenName = "\(language)-" + name.replacingOccurrences(of: "/", with: "-")
            let golden = Self.goldenDirectory.appendingPathComponent(goldenName)
            if record {
                try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: golden)
                Issue.record("recorded \(golden.path); review the diff and commit it, then run without RECORD_GOLDEN")
                continue
            }
            // Compared as bytes (String(contentsOf:) would drop the Excel file's BOM).
            let expected = String(decoding: try Data(contentsOf: golden), as: UTF8.self)
            if Data(actual.utf8) != (try Data(contentsOf: golden)) {
                let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
                let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record(
                    "\(goldenName) differs from the golden file at line \((first?.offset ?? min(a.count, e.count)) + 1):\n- \(first?.element.1 ?? "")\n+ \(first?.element.0 ?? "")\n(RECORD_GOLDEN=1 re-records on purpose)"
                )
            }
        }
    }
}
