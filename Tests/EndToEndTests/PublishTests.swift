import CSVCodec
import Foundation
import TestSupport
import Testing

/// `impactmon publish` and the restatements against the published report (issue 17 items 5 and 6), with the built
/// binary on the demo. Values come from the demo's files, read here independently of the pipeline: the registry's
/// KvK-nummers, the CBS figure that is revised, and the checksums (`sha256sum -c`, GNU coreutils).
@Suite("Publishing a report and restating against it", .serialized)
struct PublishTests {
    /// The registry's KvK-nummers (config/registry.csv, column kvk_number; 7 digits are left-padded as the registry
    /// loader repairs them).
    static func registryKvK(_ ws: DemoWorkspace) throws -> [String] {
        let url = ws.root.appendingPathComponent("config/registry.csv")
        let table = try CSVReader.read(try Data(contentsOf: url), file: url.path)
        let k = try #require(table.column("kvk_number"))
        return table.records.map { String(repeating: "0", count: max(0, 8 - $0.fields[k].count)) + $0.fields[k] }
    }

    static func published(_ ws: DemoWorkspace, _ period: String = "2026Q3") -> URL {
        ws.root.appendingPathComponent("published/haarlem-demo/\(period)")
    }

    /// Every regular file below `folder` with its bytes, keyed by relative path.
    static func files(in folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        guard let e = FileManager.default.enumerator(atPath: base) else { return out }
        for case let path as String in e {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDir), !isDir.boolValue {
                out[path] = FileManager.default.contents(atPath: base + "/" + path)
            }
        }
        return out
    }

    /// `sha256sum -c SHA256SUMS` in `folder`.
    static func checksumsHold(_ folder: URL) throws -> (Bool, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = ["--check", "--strict", "SHA256SUMS"]
        p.currentDirectoryURL = folder
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus == 0, text)
    }

    /// Replaces the one occurrence of the CBS bankruptcies of 2026KW01 (82242NED, M001327) in the demo snapshot.
    static func reviseBankruptcies(_ ws: DemoWorkspace, from old: Int, to new: Int) throws {
        let file = ws.root.appendingPathComponent("pipelines/haarlem-demo/cbs/82242NED/Observations.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        let before = "\"Value\": \(old),"
        #expect(text.components(separatedBy: before).count == 2, "exactly one \(before) in \(file.path)")
        text = text.replacingOccurrences(of: before, with: "\"Value\": \(new),")
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    static func restatementRow(_ report: String) -> Substring? {
        report.split(separator: "\n").first {
            $0.contains("| Uitgesproken faillissementen Nederland | Nederland | 1e kw. 2026 |")
        }
    }

    @Test func publishThenARevisedCBSFigureIsRestatedAgainstThePublishedReport() throws {
        let ws = try DemoWorkspace("e2e-publish-restate")
        let run = try ws.impactmon("run")
        #expect(run.status == 0, "\(run.stderr)")
        let publish = try ws.impactmon("publish", ["--log-format", "json"])
        #expect(publish.status == 0, "\(publish.stderr)")
        // JSON lines on stderr, nothing on stdout.
        #expect(publish.stdout.isEmpty)
        let finished = publish.stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.first { ($0["event"] as? String) == "publish.finished" }
        #expect(finished != nil, "\(publish.stderr)")

        // The archive: a byte copy of report/ plus publication.json and SHA256SUMS over every other file, read-only.
        let folder = Self.published(ws)
        let report = ws.snapshot("report")
        let archived = Self.files(in: Self.published(ws))
        #expect(Set(archived.keys) == Set(report.keys).union(["SHA256SUMS", "publication.json"]))
        for (path, data) in report { #expect(archived[path] == data, "\(path) differs from report/") }
        let sums = String(decoding: archived["SHA256SUMS"] ?? Data(), as: UTF8.self).split(separator: "\n")
        #expect(sums.count == archived.count - 1)
        let (ok, output) = try Self.checksumsHold(folder)
        #expect(ok, "\(output)")
        let mode = try #require(
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("report.md").path)[
                .posixPermissions] as? Int)
        #expect(mode == 0o444)
        let folderMode = try #require(
            try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int)
        #expect(folderMode == 0o555)
        let record = try #require(
            try JSONSerialization.jsonObject(with: archived["publication.json"] ?? Data()) as? [String: Any])
        #expect(record["period"] as? String == "2026Q3")
        #expect(record["reason"] == nil && record["supersedes"] == nil)
        let publishedOn = String((record["published_at"] as? String ?? "").prefix(10))
        #expect(publishedOn.count == 10)

        // A local run in between (1002 → 1005) that is not published, then the figure CBS finally publishes (1010):
        // the restatement is against the published report (1.002), not the last local run (1.005).
        try Self.reviseBankruptcies(ws, from: 1002, to: 1005)
        #expect(try ws.impactmon("run").status == 0)
        try Self.reviseBankruptcies(ws, from: 1005, to: 1010)
        let rerun = try ws.impactmon("run")
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let text = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        let row = try #require(Self.restatementRow(text), "no restatement row for ctx_bankruptcies_nl in:\n\(text)")
        #expect(row.contains("| 1.002 |") && row.contains("| 1.010 |") && !row.contains("1.005"), "\(row)")
        #expect(row.contains("bron herzien: cbs-faillissementen"), "\(row)")
        #expect(text.contains("eerder gepubliceerde rapport (3e kw. 2026, gepubliceerd op \(publishedOn))"))
        #expect(try ws.read("report/baseline/metrics.csv") == archived["metrics.csv"])
        #expect(try ws.read("report/baseline/publication.json") == archived["publication.json"])
        // The archive did not change.
        #expect(Self.files(in: Self.published(ws)) == archived)
        // The same command again gives the same report (the published baseline is stable).
        let snapshot = ws.snapshot("report")
        #expect(try ws.impactmon("report", ["--force"]).status == 0)
        #expect(ws.snapshot("report") == snapshot)
    }

    /// "For each quarter": the 2026Q3 report compares with the publication of 2026Q2 once that exists, and publishing
    /// 2026Q2 after 2026Q3 was made makes the 2026Q3 report stale (its baseline changed).
    @Test func aLaterQuarterComparesWithTheLatestEarlierPublication() throws {
        let ws = try DemoWorkspace("e2e-publish-earlier")
        #expect(try ws.impactmon("run", ["--period", "2026Q2"]).status == 0)
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let before = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        #expect(
            before.contains("eerder gepubliceerde rapport (2e kw. 2026)"), "the local 2026Q2 run, nothing published yet"
        )
        #expect(try ws.impactmon("status", ["--period", "2026Q3"]).status == 0)

        #expect(try ws.impactmon("publish", ["--period", "2026Q2"]).status == 0)
        let record = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.published(ws, "2026Q2").appendingPathComponent("publication.json")))
                as? [String: Any])
        let day = String((record["published_at"] as? String ?? "").prefix(10))
        let status = try ws.impactmon("status", ["--period", "2026Q3", "--explain"])
        #expect(status.status == 4 && status.stdout.contains("published:2026Q2/SHA256SUMS is new"), "\(status.stdout)")
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let after = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        #expect(after.contains("eerder gepubliceerde rapport (2e kw. 2026, gepubliceerd op \(day))"), "\(after)")
        // Only the sentence naming the baseline changed: the published 2026Q2 figures are the local 2026Q2 run's.
        func body(_ t: String) -> [Substring] {
            t.split(separator: "\n").filter { !$0.contains("eerder gepubliceerde rapport") }
        }
        #expect(body(after) == body(before))
        #expect(
            try ws.read("report/baseline/publication.json")
                == (try Data(contentsOf: Self.published(ws, "2026Q2").appendingPathComponent("publication.json"))))
        #expect(try ws.impactmon("status", ["--period", "2026Q3"]).status == 0)
    }

    @Test func publishingTwiceRefusesUnlessSupersededWithAReason() throws {
        let ws = try DemoWorkspace("e2e-publish-twice")
        #expect(try ws.impactmon("run").status == 0)
        #expect(try ws.impactmon("publish").status == 0)
        let first = Self.files(in: Self.published(ws))

        let again = try ws.impactmon("publish")
        #expect(again.status == 73, "\(again.stderr)")
        #expect(
            again.stderr.contains("already published") && again.stderr.contains("--supersede --reason"),
            "\(again.stderr)")
        let noReason = try ws.impactmon("publish", ["--supersede"])
        #expect(noReason.status == 64, "\(noReason.stderr)")
        // Superseding with the same report changes nothing.
        let same = try ws.impactmon("publish", ["--supersede", "--reason", "opnieuw"])
        #expect(same.status == 0 && same.stdout.contains("unchanged"), "\(same.stdout) \(same.stderr)")
        #expect(Self.files(in: Self.published(ws)) == first)

        try Self.reviseBankruptcies(ws, from: 1002, to: 1010)
        #expect(try ws.impactmon("run").status == 0)
        let refused = try ws.impactmon("publish")
        #expect(refused.status == 73)
        #expect(Self.files(in: Self.published(ws)) == first)
        let reason = "CBS herzag 82242NED (faillissementen 2026KW01); rapport opnieuw vastgesteld"
        let superseded = try ws.impactmon("publish", ["--supersede", "--reason", reason])
        #expect(superseded.status == 0, "\(superseded.stderr)")
        #expect(
            superseded.stdout.contains("superseding") && superseded.stdout.contains("2026Q3.superseded-1"),
            "\(superseded.stdout)")

        let now = Self.files(in: Self.published(ws))
        let record = try #require(
            try JSONSerialization.jsonObject(with: now["publication.json"] ?? Data()) as? [String: Any])
        #expect(record["reason"] as? String == reason)
        let old = try #require(
            try JSONSerialization.jsonObject(with: first["publication.json"] ?? Data()) as? [String: Any])
        let supersedes = try #require(record["supersedes"] as? [String: Any])
        #expect(supersedes["folder"] as? String == "2026Q3.superseded-1")
        #expect(supersedes["published_at"] as? String == old["published_at"] as? String)
        // The superseded publication is kept whole and still checks; its manifest's hash is recorded.
        #expect(Self.files(in: Self.published(ws, "2026Q3.superseded-1")) == first)
        #expect(try Self.checksumsHold(Self.published(ws, "2026Q3.superseded-1")).0)
        #expect(try Self.checksumsHold(Self.published(ws)).0)
        let oldSums = try #require(first["SHA256SUMS"])
        let digest = try python(oldSums)
        #expect(supersedes["checksums_sha256"] as? String == digest)
        // The register: one line per publication, the second with the reason and the date.
        let register = try String(
            contentsOf: ws.root.appendingPathComponent("published/haarlem-demo/publications.jsonl"), encoding: .utf8)
        let lines = register.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == 2)
        #expect(lines.last?["reason"] as? String == reason)
        #expect(lines.last?["published_at"] as? String == record["published_at"] as? String)
        #expect(now["metrics.csv"] == (try ws.read("report/metrics.csv")))
    }

    /// SHA-256 of `data` by Python's hashlib (independent of the tool's own hashing).
    private func python(_ data: Data) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c", "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())",
        ]
        let input = Pipe()
        let out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        try p.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theInternalFolderIsOutsideReportAndPublishRefusesEnterpriseLevelContent() throws {
        let ws = try DemoWorkspace("e2e-publish-internal")
        #expect(try ws.impactmon("run").status == 0)
        let kvk = try Self.registryKvK(ws)
        // config/registry.csv: 40 rows, all gemeente_code GM0392 (python3 csv.DictReader), so 40 profiles.
        #expect(kvk.count == 40)

        // Item 6: the core group's files are in internal/, beside report/; report/ names no enterprise of the registry.
        let internalFiles = ws.snapshot("internal")
        #expect(internalFiles["report-internal.md"] != nil && internalFiles["assessment.csv"] != nil)
        #expect(
            Set(internalFiles.keys.filter { $0.hasPrefix("enterprises/") }) == Set(kvk.map { "enterprises/\($0).md" }))
        let report = ws.snapshot("report")
        #expect(
            !report.keys.contains { $0.contains("internal") || $0.hasPrefix("enterprises/") }, "\(report.keys.sorted())"
        )
        let kvkSet = Set(kvk)
        for (path, data) in report {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("internal/"), "\(path) links the internal folder")
            // Every run of digits of the file, compared whole with the registry.
            let runs = text.split { !$0.isASCII || !$0.isNumber }.map(String.init)
            #expect(runs.filter { kvkSet.contains($0) }.isEmpty, "\(path) holds a registry KvK-nummer")
        }
        let manifest = String(decoding: try ws.read("manifest.json"), as: UTF8.self)
        #expect(manifest.contains("\"internal/report-internal.md\"") && !manifest.contains("report/internal/"))
        #expect(try ws.impactmon("status").status == 0)

        // A KvK-nummer of the registry pasted into the public report: refused (exit 5), naming the file, line and number.
        let reportURL = ws.runDirectory().appendingPathComponent("report/report.md")
        let original = try Data(contentsOf: reportURL)
        let lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .count
        try (original + Data("Zie ook onderneming \(kvk[3]).\n".utf8)).write(to: reportURL)
        let refused = try ws.impactmon("publish")
        #expect(refused.status == 5, "\(refused.stderr)")
        #expect(refused.stderr.contains("report/report.md:\(lines): KvK-nummer \(kvk[3])"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.published(ws).path))
        try original.write(to: reportURL)

        // The old layout (report/internal/): status says why it is stale, publish refuses it as enterprise-level.
        let legacy = ws.runDirectory().appendingPathComponent("report/internal")
        try FileManager.default.copyItem(at: ws.runDirectory().appendingPathComponent("internal"), to: legacy)
        let status = try ws.impactmon("status", ["--explain"])
        #expect(
            status.status == 4 && status.stdout.contains("report/internal/ holds enterprise-level files"),
            "\(status.stdout)")
        let old = try ws.impactmon("publish")
        #expect(
            old.status == 5 && old.stderr.contains("report/internal/: the core group's internal folder"),
            "\(old.stderr)")
        try FileManager.default.removeItem(at: legacy)

        // A metrics.csv row of level enterprise is refused too (a well-formed row: the gate reads the file strictly).
        let csvURL = ws.runDirectory().appendingPathComponent("report/metrics.csv")
        let csv = try Data(contentsOf: csvURL)
        try
            (csv
            + Data(
                "emp_headcount,werk_en_participatie,impact,enterprise,X,2026Q3,3,persons,,,1,,ok,voorlopig,,,emp_headcount/X/2026Q3,\n"
                    .utf8)).write(to: csvURL)
        let row = try ws.impactmon("publish")
        #expect(row.status == 5 && row.stderr.contains("a row of level \"enterprise\""), "\(row.stderr)")
        try csv.write(to: csvURL)

        // A source changed after the run: the report is not current (exit 4), nothing published.
        try Self.reviseBankruptcies(ws, from: 1002, to: 1010)
        let stale = try ws.impactmon("publish")
        #expect(stale.status == 4 && stale.stderr.contains("not current"), "\(stale.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.published(ws).path))
        // A run that fails (a registry KvK-nummer with a letter: exit 65) leaves the last good report, which is not
        // published either: the quarter's last run failed.
        let registry = ws.root.appendingPathComponent("config/registry.csv")
        let goodRegistry = try Data(contentsOf: registry)
        let broken = String(decoding: goodRegistry, as: UTF8.self).replacingOccurrences(
            of: "\n\(kvk[0]),", with: "\n\(kvk[0].dropLast())X,")
        #expect(broken.utf8.count == goodRegistry.count && Data(broken.utf8) != goodRegistry)
        try Data(broken.utf8).write(to: registry)
        #expect(try ws.impactmon("run").status == 65)
        let failed = try ws.impactmon("publish")
        #expect(failed.status == 4 && failed.stderr.contains("failed with exit 65"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.published(ws).path))
        // Once fixed and rerun, it publishes.
        try goodRegistry.write(to: registry)
        #expect(try ws.impactmon("run").status == 0)
        #expect(try ws.impactmon("publish").status == 0)
    }
}
