import Foundation
import TestSupport
import Testing

/// Issue 15, item 7: over 20 runs whose HTTP source changes every time, the response store keeps only the bodies
/// the most recent run folders reference (`fetch.store_keep_runs: 2`), instead of one more body per run; and
/// `impactmon status` reports the store's size.
@Suite("Bounded response store", .serialized)
struct StoreBoundTests {
    @Test func storeStaysBoundedOverTwentyChangedRuns() throws {
        let ws = try DemoWorkspace("e2e-store")
        let demo = ws.root.appendingPathComponent("pipelines/haarlem-demo")
        let server = try LoopbackFaultServer(root: demo)
        defer { server.stop() }
        let original = try String(contentsOfFile: ws.pipeline, encoding: .utf8)
        let text =
            rewriteSource(original, id: "procurement", url: server.url("/real/procurement/inkoop-gunningen.csv"))
            + "\nfetch:\n  store_keep_runs: 2\n  store_prune_min_age_s: 0\n"
        try text.write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let csv = demo.appendingPathComponent("procurement/inkoop-gunningen.csv")
        let base = try String(contentsOf: csv, encoding: .utf8)
        let periods = ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
        let bodies = ws.output.appendingPathComponent(".cache/bodies")
        var counts: [Int] = []
        for i in 0..<20 {
            // A changed body every run: the first award's amount.
            try base.replacingOccurrences(of: "1186550.00", with: "\(1_186_550 + i).00")
                .write(to: csv, atomically: true, encoding: .utf8)
            let run = try ws.impactmon("fetch", ["--period", periods[i % periods.count], "--force"])
            #expect(run.status == 0, "run \(i): \(run.stderr)")
            counts.append(
                (try? FileManager.default.contentsOfDirectory(atPath: bodies.path))?.filter { !$0.hasPrefix(".") }.count
                    ?? -1)
        }
        // Two run folders are kept, each referencing one stored body: never more than 2, while 20 were fetched.
        #expect(counts.allSatisfy { $0 >= 1 && $0 <= 2 }, "\(counts)")
        let status = try ws.impactmon("status", ["--period", "2026Q3"])
        #expect(status.stdout.contains("response store"), "\(status.stdout)")
        #expect(
            status.stdout.contains("1 entries, 2 bodies") || status.stdout.contains("1 entries, 1 bodies"),
            "\(status.stdout)")
        print(
            "store bodies after each of 20 runs: \(counts); \(status.stdout.split(separator: "\n").dropFirst().first ?? "")"
        )
    }
}
