import Foundation
import TestSupport
import Testing

/// Issue 15, items 3 and 6 end to end: markup, links, control characters and a formula in the registry's name
/// reach the internal report inert; a run that dies leaves run.json and the Prometheus file saying "running".
@Suite("Outside text and dying runs, end to end", .serialized)
struct InertTextTests {
    @Test func registryMarkupIsInertInTheInternalReport() throws {
        let ws = try DemoWorkspace("e2e-inert")
        let registry = ws.root.appendingPathComponent("config/registry.csv")
        let text = try String(contentsOf: registry, encoding: .utf8)
        let hostile =
            "\"<script>alert(1)</script> [klik](javascript:alert(1)) <img src=x onerror=alert(1)>\u{7}"
            + " =HYPERLINK(\"\"http://x\"\")\""
        try text.replacingOccurrences(of: "Stichting Werkplaats Spaarne", with: hostile)
            .write(to: registry, atomically: true, encoding: .utf8)
        let run = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(run.status == 0, "\(run.stderr)")
        let internalReport = String(decoding: try ws.read("internal/report-internal.md"), as: UTF8.self)
        #expect(
            internalReport.contains("&lt;script>alert(1)&lt;/script> \\[klik\\](javascript:alert(1))"),
            "the name is there, escaped")
        #expect(!internalReport.contains("<script"))
        #expect(!internalReport.contains("<img"))
        #expect(!internalReport.contains("[klik](javascript:"), "only the escaped, inert form")
        #expect(!internalReport.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        for file in ["report/report.md", "report/metrics-excel-nl.csv"] {
            let content = String(decoding: try ws.read(file), as: UTF8.self)
            #expect(!content.contains("<script"), "\(file)")
        }
    }

    /// A run killed in the middle (SIGKILL while fetching from a stalled server) leaves run.json with
    /// `"status" : "running"` and the Prometheus file with `impactmon_run_in_progress … 1`, not the previous run's
    /// success; the next run finishes both.
    @Test func killedRunShowsAsRunning() throws {
        let ws = try DemoWorkspace("e2e-killed")
        let server = try LoopbackFaultServer(root: ws.root.appendingPathComponent("pipelines/haarlem-demo"))
        defer { server.stop() }
        let ok = try ws.impactmon("fetch", ["--period", "2026Q3"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let original = try String(contentsOfFile: ws.pipeline, encoding: .utf8)
        try rewriteSource(original, id: "procurement", url: server.url("/seq/k?steps=stall&stall=60"))
            .write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = ImpactmonBinary.url
        p.arguments = ["fetch", "--pipeline", ws.pipeline, "--output", ws.output.path, "--period", "2026Q3", "--force"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the stalled request has arrived, then kill.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !(try server.log().contains { ($0["path"] as? String) == "/seq/k" }) {
            Thread.sleep(forTimeInterval: 0.2)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let summary = String(decoding: try ws.read("run.json"), as: UTF8.self)
        #expect(summary.contains("\"status\" : \"running\""), "\(summary)")
        let prom = try String(
            contentsOf: ws.output.appendingPathComponent("haarlem-demo/impactmon-2026Q3.prom"), encoding: .utf8)
        #expect(prom.contains("impactmon_run_in_progress{pipeline=\"haarlem-demo\",period=\"2026Q3\"} 1"), "\(prom)")
        #expect(prom.contains("impactmon_last_success_timestamp_seconds"), "the last success is carried over")

        try original.write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let again = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(String(decoding: try ws.read("run.json"), as: UTF8.self).contains("\"status\" : \"succeeded\""))
        let after = try String(
            contentsOf: ws.output.appendingPathComponent("haarlem-demo/impactmon-2026Q3.prom"), encoding: .utf8)
        #expect(after.contains("impactmon_run_in_progress{pipeline=\"haarlem-demo\",period=\"2026Q3\"} 0"), "\(after)")
    }
}
