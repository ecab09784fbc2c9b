import Foundation
import TestSupport
import Testing

/// Issue 8, the path beyond one machine (docs/scaling.md): one run per (municipality, period) partition must give
/// exactly the metrics the national run gives for that municipality. The national input set is generated at a small
/// scale by `bench/generate_national.py` (seeded; it reads the real 342 GM codes from ../shared/data/real), the
/// national run and N partitioned runs (`--municipality`, two at a time, as a fan-out would) go through the built
/// binary, and every partition's `compute/metrics.csv` and `report/metrics.csv` rows must equal the national run's
/// rows of that municipality byte for byte; `tools/partitions/collect.py` must then rebuild the national rows of
/// those municipalities from the partitions.
@Suite("National run equals its partitions", .serialized)
struct PartitionEqualityTests {
    static let root = SharedData.packageRoot

    /// Runs a command in the package root; output goes to a log returned on failure.
    static func shell(_ args: [String]) throws -> BinaryRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.currentDirectoryURL = root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return BinaryRun(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    /// The data lines of a CSV file (header dropped), as written.
    static func dataLines(_ url: URL) throws -> [Substring] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return Array(text.split(separator: "\n").dropFirst())
    }

    @Test(.enabled(if: SharedData.shouldRun), .timeLimit(.minutes(15)))
    func partitionedRunsGiveTheNationalMetrics() async throws {
        let work = try ImpactmonBinary.temporaryDirectory("partitions")
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appendingPathComponent("data")
        let gen = try Self.shell([
            "python3", "bench/generate_national.py", "--scale", "0.01", "--seed", "392", "--out", data.path,
            "--cbs", SharedData.realDirectory.path,
        ])
        try #require(gen.status == 0, "generator:\n\(gen.stdout.suffix(3000))")
        let template = try String(
            contentsOf: Self.root.appendingPathComponent("pipelines/national-bench.yaml"), encoding: .utf8)
        let pipelineText = template.replacingOccurrences(of: "../bench/data/national/", with: data.path + "/")
            .replacingOccurrences(of: "../config/", with: Self.root.appendingPathComponent("config").path + "/")
        let pipeline = work.appendingPathComponent("national-bench.yaml")
        try pipelineText.write(to: pipeline, atomically: true, encoding: .utf8)
        let output = work.appendingPathComponent("out")
        let common = ["--pipeline", pipeline.path, "--output", output.path, "--period", "2026Q3", "--offline"]

        let national = try ImpactmonBinary.run(["run"] + common)
        try #require(national.status == 0, "national run:\n\(national.stderr.suffix(3000))")
        let nationalRoot = output.appendingPathComponent("national-bench/2026Q3")
        let nationalCompute = try Self.dataLines(nationalRoot.appendingPathComponent("compute/metrics.csv"))
        let nationalReport = try Self.dataLines(nationalRoot.appendingPathComponent("report/metrics.csv"))

        // The partitions: the three municipalities with the most registry enterprises, one with a single enterprise,
        // the herindeling successor GM1979 (old codes in the extract are mapped to it) and the capital.
        let registry = try Self.dataLines(data.appendingPathComponent("registry.csv"))
        var counts: [String: Int] = [:]
        for line in registry {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 5 { counts[String(fields[5]), default: 0] += 1 }
        }
        let ranked = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        var codes = Array(ranked.prefix(3))
        if let single = counts.filter({ $0.value == 1 }).keys.sorted().first { codes.append(single) }
        for extra in ["GM1979", "GM0363"] where !codes.contains(extra) { codes.append(extra) }
        #expect(Set(codes).count == codes.count && codes.count >= 5, "\(codes)")

        // Two at a time, as the fan-out runs them; each partition has its own output folder and lock.
        for pair in stride(from: 0, to: codes.count, by: 2).map({ Array(codes[$0..<min($0 + 2, codes.count)]) }) {
            let runs = try await withThrowingTaskGroup(of: (String, BinaryRun).self) { group in
                for code in pair {
                    group.addTask { (code, try ImpactmonBinary.run(["run", "--municipality", code] + common)) }
                }
                var out: [(String, BinaryRun)] = []
                for try await r in group { out.append(r) }
                return out
            }
            for (code, r) in runs { #expect(r.status == 0, "partition \(code):\n\(r.stderr.suffix(2000))") }
        }

        for code in codes {
            let root = output.appendingPathComponent("national-bench@\(code)/2026Q3")
            let compute = try Self.dataLines(root.appendingPathComponent("compute/metrics.csv"))
            let report = try Self.dataLines(root.appendingPathComponent("report/metrics.csv"))
            #expect(!compute.isEmpty, "\(code): no metrics")
            // The partition's own rows are one contiguous block of the national file, in the same order. National and
            // regional rows (CBS context) are the same for every municipality: the national file has each once (from
            // its first municipality), a partition has them too, and every one of them is in the national file.
            let (ownCompute, sharedCompute) = Self.splitShared(compute)
            let (ownReport, sharedReport) = Self.splitShared(report)
            #expect(
                Self.isContiguousBlock(ownCompute, of: Self.splitShared(nationalCompute).own),
                "\(code): compute/metrics.csv differs from the national rows")
            #expect(
                Self.isContiguousBlock(ownReport, of: Self.splitShared(nationalReport).own),
                "\(code): report/metrics.csv differs from the national rows")
            #expect(!sharedCompute.isEmpty && Set(sharedCompute).isSubset(of: Set(nationalCompute)), "\(code)")
            #expect(Set(sharedReport).isSubset(of: Set(nationalReport)), "\(code)")
            // And every national row of the municipality is in the partition (no row lost or added).
            let ofCode = nationalReport.filter {
                $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(4).first.map { $0 == code }
                    ?? false
            }
            #expect(
                ofCode.count
                    == report.filter {
                        $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(4).first.map { $0 == code }
                            ?? false
                    }.count)
            #expect(ofCode.count > 50, "\(code): only \(ofCode.count) public rows")
        }
    }

    /// The lines of level `national` or `regional` (the 4th column) apart from the others, each in file order.
    static func splitShared(_ lines: [Substring]) -> (own: [Substring], shared: [Substring]) {
        func isShared(_ line: Substring) -> Bool {
            let level = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false).dropFirst(3).first
            return level == "national" || level == "regional"
        }
        return (lines.filter { !isShared($0) }, lines.filter(isShared))
    }

    /// Whether `block` occurs in `lines` as consecutive lines.
    static func isContiguousBlock(_ block: [Substring], of lines: [Substring]) -> Bool {
        guard let first = block.first else { return false }
        for start in lines.indices where lines[start] == first && start + block.count <= lines.count {
            if Array(lines[start..<(start + block.count)]) == block { return true }
        }
        return false
    }
}
