import Foundation
import TestSupport
import Testing

/// The national benchmark's harness (`bench/run`, issue 8) and the partition tools (`tools/partitions/`):
/// their Python unit tests, and `bench/run --quick` end to end against the built binary, where it must find
/// ImpactMonitor's and DuckDB's metrics equal and the unchanged rerun skipping every stage with 0 body bytes.
/// The benchmark's speed targets are reported by `bench/run`, never asserted here.
@Suite("Benchmark harness and partition collector", .serialized)
struct BenchHarnessTests {
    private static let root = SharedData.packageRoot

    private static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    /// Whether `bench/run --quick` can run here: GNU time, DuckDB, the generator, the DuckDB script, the
    /// national pipeline, and the real CBS municipality list the generator reads.
    private static var quickRunPossible: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
            && exists("bench/generate_national.py") && exists("bench/duckdb_national.py")
            && exists("pipelines/national-bench.yaml") && SharedData.shouldRun
            && ((try? run(["python3", "-c", "import duckdb"]))?.status == 0)
    }

    private static func run(_ args: [String], environment: [String: String]? = nil) throws -> BinaryRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.currentDirectoryURL = root
        if let environment { p.environment = environment }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-harness-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(at: log)
        }
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return BinaryRun(status: p.terminationStatus, stdout: text, stderr: "")
    }

    @Test(
        "Python unit tests",
        arguments: ["bench/test_run.py", "tools/partitions/test_collect.py", "tools/partitions/test_municipalities.py"])
    func pythonUnitTests(script: String) throws {
        let r = try Self.run(["python3", script])
        #expect(r.status == 0, "\(script):\n\(r.stdout.suffix(4000))")
        #expect(r.stdout.contains("\nOK"), "\(script) did not end with unittest's OK:\n\(r.stdout.suffix(2000))")
    }

    @Test(.enabled(if: BenchHarnessTests.quickRunPossible), .timeLimit(.minutes(10)))
    func quickBenchmarkFindsEqualMetricsAndAFreeRerun() throws {
        let work = try ImpactmonBinary.temporaryDirectory("bench-quick")
        defer { try? FileManager.default.removeItem(at: work) }
        var env = ProcessInfo.processInfo.environment
        env["IMPACTMON"] = ImpactmonBinary.url.path
        let r = try Self.run(
            [
                "python3", "bench/run", "--quick", "--skip-build", "--data", work.appendingPathComponent("data").path,
                "--out", work.appendingPathComponent("out").path,
            ],
            environment: env)
        #expect(r.status == 0, "bench/run --quick:\n\(r.stdout.suffix(6000))")
        #expect(r.stdout.contains("### Summary"))

        let data = try Data(contentsOf: work.appendingPathComponent("out/results.json"))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let scales = try #require(doc["scales"] as? [[String: Any]])
        #expect(scales.compactMap { $0["scale"] as? Double } == [0.01, 0.02])
        for s in scales {
            let comparison = try #require(s["comparison"] as? [String: Any])
            #expect((comparison["compared"] as? Int ?? 0) > 0, "nothing compared at scale \(s["scale"] ?? "?")")
            #expect(comparison["mismatch_count"] as? Int == 0, "\(comparison["mismatches"] ?? [])")
            let rerun = try #require(s["rerun"] as? [String: Any])
            #expect(rerun["body_bytes"] as? Int == 0)
            #expect(rerun["skipped"] as? Int == 4, "\(rerun["stages"] ?? [:])")
            // Every input row is counted: the establishments extract alone has round(2,500,000 × scale) rows.
            let rows = try #require(s["input_rows_by_source"] as? [String: Int])
            let scale = try #require(s["scale"] as? Double)
            #expect(rows["vestigingen"] == Int((2_500_000 * scale).rounded()))
        }
        // The establishments count doubles from 0.01 to 0.02, so every run has a growth slope to report.
        let slopes = try #require(doc["growth_slope"] as? [String: Any])
        #expect((slopes["impactmon"] as? [String: Any])?["end_to_end"] is Double)
        #expect(slopes["duckdb"] is Double)
    }
}
