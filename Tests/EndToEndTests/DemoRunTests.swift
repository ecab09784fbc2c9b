import CSVCodec
import Foundation
import TestSupport
import Testing

/// The README's main command on the bundled demo, checked as a new user and an operator would.
@Suite("Haarlem demo, end to end", .serialized)
struct DemoRunTests {
    private func table(_ data: Data, _ name: String) throws -> CSVTable {
        try CSVReader.read(data, file: name, options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
    }

    private func column(_ t: CSVTable, _ name: String) throws -> Int {
        try #require(t.column(name), "column \(name) missing")
    }

    @Test func runWritesTheReportAndReportAloneRewritesItByteIdentically() throws {
        let ws = try DemoWorkspace("e2e-run")
        let r = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try ws.read("report/report.md")
        let metrics = try ws.read("report/metrics.csv")
        #expect(report.count > 1000)
        let charts = ws.snapshot("report")
        let again = try ws.impactmon("report", ["--period", "2026Q3", "--force"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try ws.read("report/report.md") == report)
        #expect(try ws.read("report/metrics.csv") == metrics)
        #expect(ws.snapshot("report") == charts)
        // A second `run` on unchanged inputs skips every stage after fetch and says so.
        let third = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(third.status == 0)
        #expect(third.stdout.contains("fetch: skipped (up to date)"))
        #expect(third.stdout.contains("normalize: skipped (up to date)"))
        #expect(third.stdout.contains("report: skipped (up to date)"))
    }

    @Test func everyMetricRowHasValueUnitThemeCoverageAndStatus() throws {
        let ws = try DemoWorkspace("e2e-rows")
        #expect(try ws.impactmon("run").status == 0)
        let t = try table(try ws.read("compute/metrics.csv"), "metrics.csv")
        let (value, unit, theme, coverage, status, symbol) = (
            try column(t, "value"), try column(t, "unit"), try column(t, "theme"), try column(t, "coverage"),
            try column(t, "status"), try column(t, "symbol")
        )
        #expect(t.records.count > 50)
        var suppressed = 0
        for r in t.records {
            let f = r.fields
            #expect(!f[unit].isEmpty && !f[theme].isEmpty && !f[status].isEmpty, "row \(r.number): \(f)")
            switch f[status] {
            case "ok", "partial":
                // A category (the growth class of one enterprise) is text; every other value is a number.
                #expect(f[unit] == "category" ? !f[value].isEmpty : Double(f[value]) != nil, "row \(r.number): \(f)")
            case "suppressed", "withheld":
                #expect(f[value].isEmpty && !f[symbol].isEmpty, "row \(r.number): \(f)")
                suppressed += 1
            default: #expect(f[value].isEmpty)
            }
            if f[status] == "ok" || f[status] == "partial", f[coverage] != "" {
                #expect(Double(f[coverage]) != nil)
            }
        }
        #expect(suppressed >= 1)
        let report = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        #expect(report.contains("Onderdrukte cellen"))
        #expect(report.contains("| `x` |") || report.contains("| `.` |"))
    }

    @Test func everyInputRecordIsAnObservationOrARejectAndTheLedgerBalances() throws {
        let ws = try DemoWorkspace("e2e-ledger")
        #expect(try ws.impactmon("run").status == 0)
        let ledger = try JSONSerialization.jsonObject(with: try ws.read("normalize/ledger.json"))
        let entries: [[String: Any]] =
            (ledger as? [[String: Any]]) ?? ((ledger as? [String: Any])?["sources"] as? [[String: Any]]) ?? []
        #expect(entries.count >= 8)
        for e in entries {
            let n = { (k: String) in (e[k] as? Int) ?? -1 }
            #expect(n("records_in") == n("records_out") + n("rejected") + n("filtered") + n("merged"), "\(e)")
        }
        // The returns: every data row of every file is accounted for, once.
        let returnsDir = ws.root.appendingPathComponent("pipelines/haarlem-demo/returns")
        var rows = 0
        for f in try FileManager.default.contentsOfDirectory(atPath: returnsDir.path) where f.hasSuffix(".csv") {
            rows += try CSVReader.read(Data(contentsOf: returnsDir.appendingPathComponent(f)), file: f).records.count
        }
        let returns = try #require(entries.first { $0["source_id"] as? String == "impact-returns" })
        #expect(returns["records_in"] as? Int == rows)
        #expect(returns["merged"] as? Int == 1)  // the exact duplicate of impact-2024Q4.csv line 28
        let rejects = try table(try ws.read("normalize/rejects.csv"), "rejects.csv")
        let src = try column(rejects, "source_id")
        #expect(rejects.records.filter { $0.fields[src] == "impact-returns" }.count == returns["rejected"] as? Int)
    }

    @Test func cronEnvironmentAndDutchLocaleGiveTheSameReport() throws {
        let ws = try DemoWorkspace("e2e-env")
        let bare = try ws.impactmon("run", [], environment: ["PATH": "/usr/bin:/bin"])
        #expect(bare.status == 0, "\(bare.stderr)")
        let first = ws.snapshot("report")
        let dutch = try ws.impactmon(
            "run", ["--force"],
            environment: [
                "PATH": "/usr/bin:/bin", "LANG": "nl_NL.UTF-8", "TZ": "Europe/Amsterdam", "HOME": "/home/analist",
            ])
        #expect(dutch.status == 0, "\(dutch.stderr)")
        let second = ws.snapshot("report")
        #expect(first.keys.sorted() == second.keys.sorted())
        for (path, data) in first where !carriesDataAsOf(path) {
            #expect(second[path] == data, "\(path) differs")
        }
        func withoutTimeLine(_ d: Data?) -> [Substring] {
            String(decoding: d ?? Data(), as: UTF8.self).split(separator: "\n").filter { !$0.contains("Gegevensstand") }
        }
        #expect(withoutTimeLine(first["report.md"]) == withoutTimeLine(second["report.md"]))
    }

    @Test func offlineRerunReproducesTheStageOutputs() throws {
        let ws = try DemoWorkspace("e2e-offline")
        #expect(try ws.impactmon("run").status == 0)
        let normalize = ws.snapshot("normalize")
        let compute = ws.snapshot("compute")
        let offline = try ws.impactmon("run", ["--offline", "--force"])
        #expect(offline.status == 0, "\(offline.stderr)")
        #expect(ws.snapshot("normalize") == normalize)
        #expect(ws.snapshot("compute") == compute)
    }

    @Test func editingTheRegistryMakesExactlyTheLaterStagesStale() throws {
        let ws = try DemoWorkspace("e2e-stale")
        #expect(try ws.impactmon("run").status == 0)
        let clean = try ws.impactmon("status", ["--explain"])
        #expect(clean.stdout.components(separatedBy: "up to date").count - 1 == 4, "\(clean.stdout)")
        let registry = ws.root.appendingPathComponent("config/registry.csv")
        var text = try String(contentsOf: registry, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "Stichting Werkplaats Spaarne", with: "Stichting Werkplaats Spaarne (Haarlem)")
        try text.write(to: registry, atomically: true, encoding: .utf8)
        let status = try ws.impactmon("status", ["--explain"])
        #expect(status.stdout.contains("config/registry.csv sha256"), "\(status.stdout)")
        let lines = status.stdout.split(separator: "\n").map(String.init)
        func state(_ stage: String) -> String {
            lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(stage + " ") }?
                .trimmingCharacters(in: .whitespaces).dropFirst(stage.count).trimmingCharacters(in: .whitespaces) ?? ""
        }
        #expect(state("normalize") == "stale")
        #expect(state("compute") == "stale")
        #expect(state("report") == "stale")
        let rerun = try ws.impactmon("run")
        #expect(rerun.status == 0)
        // Exactly the stale stages rerun: the registry edit changed no KvK-nummer, so nothing is fetched again.
        #expect(rerun.stdout.contains("fetch: skipped (up to date)"), "\(rerun.stdout)")
        #expect(rerun.stdout.contains("normalize: ran"))
        #expect(rerun.stdout.contains("compute: ran"))
        #expect(rerun.stdout.contains("report: ran"))
    }

    /// Issue 18: the report declares the normalize artifacts it reads (rejects.csv, ledger.json, …) and the runner
    /// hashes exactly those, so a change to `normalize/rejects.csv` alone — compute untouched — reruns the report.
    /// (Before, the report's inputs were the compute folder only, and this printed "report: skipped (up to date)".)
    @Test func aRejectOnlyChangeRerunsTheReport() throws {
        let ws = try DemoWorkspace("e2e-reject-only")
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let report = try ws.read("report/report.md")
        let rejects = ws.runDirectory().appendingPathComponent("normalize/rejects.csv")
        var text = try String(contentsOf: rejects, encoding: .utf8)
        let before = text.split(separator: "\n").count
        text +=
            "impact-returns,000000000000:99,fetch/impact-returns/027-impact-2026Q3.csv,99,kvk_nummer,ABCDEFGH,"
            + "kvk.not_digits,\"KvK-nummer \"\"ABCDEFGH\"\" contains characters other than digits\"\n"
        try text.write(to: rejects, atomically: true, encoding: .utf8)
        let status = try ws.impactmon("status", ["--period", "2026Q3", "--explain"])
        #expect(status.stdout.contains("normalize/rejects.csv"), "\(status.stdout)")
        let rerun = try ws.impactmon("report", ["--period", "2026Q3"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("report: ran"), "\(rerun.stdout)")
        #expect(try ws.read("report/report.md") != report, "the reject table counts the new reject")
        let manifest = String(decoding: try ws.read("manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"normalize/rejects.csv\""))
        #expect(before > 1)
    }

    @Test func tenOverlappingStartsOnOneOutputDirectory() throws {
        let ws = try DemoWorkspace("e2e-overlap")
        #expect(try ws.impactmon("run").status == 0)  // the baseline
        let good = ws.snapshot("compute")
        // Ten processes started at once (not through the 2-thread cooperative pool, which would serialise them).
        let processes = (0..<10).map { _ in
            let p = Process()
            p.executableURL = ImpactmonBinary.url
            p.arguments = ["run", "--force", "--pipeline", ws.pipeline, "--output", ws.output.path]
            p.currentDirectoryURL = ws.root
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            return p
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        let statuses = processes.map(\.terminationStatus)
        #expect(statuses.filter { $0 == 0 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 75 }.count == 9, "\(statuses)")
        #expect(ws.snapshot("compute") == good)
        // With --lock wait, two runs started together both succeed: the later one waits for the earlier.
        let first = Process()
        first.executableURL = ImpactmonBinary.url
        first.arguments = [
            "run", "--force", "--lock", "wait", "--lock-timeout", "120", "--pipeline", ws.pipeline, "--output",
            ws.output.path,
        ]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        let waiting = try ws.impactmon("run", ["--force", "--lock", "wait", "--lock-timeout", "120"])
        first.waitUntilExit()
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(first.terminationStatus == 0)
    }
}
