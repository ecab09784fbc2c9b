import Foundation
import TestSupport
import Testing

/// The source failure policy of issue #3 over real HTTP: the demo's CBS snapshots served by
/// `tools/loopback/odata_server.py` on 127.0.0.1, fetched by the built `impactmon` binary. Nothing leaves the machine.
@Suite("Fetching over HTTP on 127.0.0.1, end to end", .serialized)
struct FetchOverHTTPTests {
    /// The demo's CBS sources: table → (source id, path prefix the live service uses before the table id).
    static let cbsSources: [String: (source: String, prefix: String)] = [
        "37789ksz": ("cbs-bijstand", "/odata/v1/CBS/"),
        "80590ned": ("cbs-arbeid", "/odata/v1/CBS/"),
        "82242NED": ("cbs-faillissementen", "/odata/v1/CBS/"),
        "82610NED": ("cbs-hernieuwbare-elektriciteit", "/odata/v1/CBS/"),
        "83599NED": ("cbs-vacatures", "/ODataFeed/odata/"),
        "81575NED": ("cbs-vestigingen-gemeente", "/ODataFeed/odata/"),
        "86088NED": ("cbs-arbeidsdeelname-gemeente", "/ODataFeed/odata/"),
        "85005NED": ("cbs-zonnestroom-gemeente", "/ODataFeed/odata/"),
        "83582NED": ("cbs-banen-gemeente", "/ODataFeed/odata/"),
        "70072ned": ("cbs-kerncijfers-gemeente", "/odata/v1/CBS/"),
    ]

    /// Attempts per request in the test pipeline's `fetch:` block.
    static let maxAttempts = 3

    /// Rewrites the workspace's pipeline so every CBS source points at `server`; `required` names the tables whose
    /// source becomes required. Adds a `fetch:` block with fast retries (3 attempts, 20–200 ms backoff).
    private func writeHTTPPipeline(
        _ ws: DemoWorkspace, server: ODataLoopbackServer, required: Set<String> = []
    ) throws {
        let original = try String(
            contentsOf: SharedData.packageRoot.appendingPathComponent("pipelines/haarlem-demo.yaml"), encoding: .utf8)
        var table: String?
        var lines: [String] = []
        for line in original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- id:") { table = nil }
            if trimmed.hasPrefix("url: haarlem-demo/cbs/") {
                let t = String(trimmed.dropFirst("url: haarlem-demo/cbs/".count))
                let prefix = try #require(Self.cbsSources[t]).prefix
                table = t
                lines.append(line.replacingOccurrences(of: trimmed, with: "url: " + server.url(prefix + t)))
                continue
            }
            if trimmed.hasPrefix("required:"), let t = table, required.contains(t) {
                lines.append(line.replacingOccurrences(of: trimmed, with: "required: true"))
                continue
            }
            lines.append(line)
        }
        let text =
            lines.joined(separator: "\n")
                + """

                fetch:
                  max_attempts: \(Self.maxAttempts)
                  base_backoff_ms: 20
                  max_backoff_ms: 200
                  connect_timeout_s: 5
                  total_timeout_s: 30

                """
        #expect(text.components(separatedBy: "url: http://127.0.0.1:").count - 1 == Self.cbsSources.count)
        try text.write(to: URL(fileURLWithPath: ws.pipeline), atomically: true, encoding: .utf8)
    }

    private func snapshotRoot(_ ws: DemoWorkspace) -> URL {
        ws.root.appendingPathComponent("pipelines/haarlem-demo/cbs")
    }

    /// `fetch/<source>/fetch.json` as JSON objects.
    private func fetchRecord(_ ws: DemoWorkspace, _ source: String) throws -> [String: Any] {
        let data = try ws.read("fetch/\(source)/fetch.json")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(source)/fetch.json")
    }

    private func requests(_ record: [String: Any]) -> [[String: Any]] {
        (record["requests"] as? [[String: Any]]) ?? []
    }

    /// Issue 18 item 7: sources are fetched at the same time. Every CBS table of the loopback server answers after
    /// 300 ms; the server's own clock shows requests of different tables in flight together, and a run with
    /// `max_concurrent_transfers: 1` (one source at a time, the old behaviour) shows none — so the check can fail.
    /// Both runs store the same bodies and the same `warnings.json`, and compute the same metrics.
    @Test func sourcesAreFetchedTogetherAndGiveTheSameBytesAsOneAtATime() throws {
        let ws = try DemoWorkspace("e2e-http-concurrent")
        let server = try ODataLoopbackServer(root: snapshotRoot(ws))
        defer { server.stop() }
        try writeHTTPPipeline(ws, server: server)
        for table in Self.cbsSources.keys { try server.slow(table: table, milliseconds: 300) }

        func overlappingPairs(_ log: [ODataLoopbackServer.LogEntry]) -> Int {
            var pairs = 0
            for (i, a) in log.enumerated() {
                for b in log[(i + 1)...] where a.table != b.table {
                    guard let s1 = a.started, let e1 = a.ended, let s2 = b.started, let e2 = b.ended else { continue }
                    if s1 < e2 && s2 < e1 { pairs += 1 }
                }
            }
            return pairs
        }
        func bodies() -> [String: Data] { ws.snapshot("fetch").filter { !$0.key.hasSuffix("fetch.json") } }

        let together = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(together.status == 0, "\(together.stderr)")
        let togetherLog = try server.log()
        #expect(togetherLog.count >= Self.cbsSources.count)
        #expect(overlappingPairs(togetherLog) > 0, "no two tables were fetched at the same time")
        let togetherBodies = bodies()
        let metrics = try ws.read("compute/metrics.csv")

        let pipeline = URL(fileURLWithPath: ws.pipeline)
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        try (text + "  max_concurrent_transfers: 1\n").write(to: pipeline, atomically: true, encoding: .utf8)
        try server.clearLog()
        let oneByOne = try ws.impactmon("run", ["--period", "2026Q3", "--refresh", "--force"])
        #expect(oneByOne.status == 0, "\(oneByOne.stderr)")
        let oneByOneLog = try server.log()
        #expect(oneByOneLog.count == togetherLog.count)
        #expect(overlappingPairs(oneByOneLog) == 0)
        #expect(bodies() == togetherBodies)
        #expect(try ws.read("compute/metrics.csv") == metrics)
    }

    @Test func fullRunThenConditionalRerunThenOfflineReplay() throws {
        let ws = try DemoWorkspace("e2e-http")
        let server = try ODataLoopbackServer(root: snapshotRoot(ws))
        defer { server.stop() }
        try writeHTTPPipeline(ws, server: server)

        // (a) A full run over HTTP gives the same metrics as the file:// demo.
        let first = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let firstLog = try server.log()
        #expect(Set(firstLog.compactMap(\.table)) == Set(Self.cbsSources.keys))
        // Issue 20: Haarlem, its peers and NL are selected server-side: the data request of each municipal table
        // carries a $filter on RegioS naming every region of its `regions:` (v3 startswith on padded keys, v4 eq).
        let regions = ["NL01", "GM0392", "GM0200", "GM0202", "GM0394", "GM0307", "GM0479", "GM0153", "GM0796"]
        for (table, v4) in [("81575NED", false), ("86088NED", false), ("85005NED", false), ("70072ned", true)] {
            let filters = firstLog.filter { $0.table == table }.compactMap {
                URLComponents(string: "http://h/?" + $0.query)?.queryItems?.first { $0.name == "$filter" }?.value
            }
            #expect(!filters.isEmpty, "\(table): no request with a $filter")
            for r in regions {
                #expect(
                    filters.first?.contains(v4 ? "RegioS eq '\(r)'" : "startswith(RegioS,'\(r)')") == true,
                    "\(table) \(r)")
            }
        }
        #expect(firstLog.allSatisfy { $0.status == 200 && !$0.conditional }, "\(firstLog.filter { $0.status != 200 })")
        // Every stored body is the snapshot file the server sent, byte for byte, and the server's own count of
        // body bytes equals the bytes the run stored.
        var storedBytes = 0
        var storedBodies = 0
        for (table, source) in Self.cbsSources {
            let record = try fetchRecord(ws, source.source)
            #expect(record["stale_reason"] == nil || record["stale_reason"] is NSNull)
            for r in requests(record) {
                let url = try #require(r["url"] as? String)
                #expect(url.hasPrefix(server.url(source.prefix + table + "/")), "\(url)")
                let entity = String(url.split(separator: "?")[0].split(separator: "/").last ?? "")
                let name = entity.hasSuffix(".json") ? entity : entity + ".json"
                let file = try #require(r["file"] as? String)
                let snapshot = try Data(contentsOf: snapshotRoot(ws).appendingPathComponent("\(table)/\(name)"))
                #expect(try ws.read("fetch/\(source.source)/\(file)") == snapshot, "\(source.source)/\(file)")
                #expect(r["status"] as? Int == 200)
                #expect(r["body_bytes_transferred"] as? Int == snapshot.count)
                storedBytes += snapshot.count
                storedBodies += 1
            }
        }
        #expect(storedBodies == firstLog.count)
        #expect(storedBytes == firstLog.reduce(0) { $0 + $1.bodyBytes })
        // The v3 table's second page came through its relative odata.nextLink (RFC 3986 §5 against the first URL).
        #expect(firstLog.contains { $0.path == "/ODataFeed/odata/83599NED/UntypedDataSet-skip10000.json" })

        let reference = try DemoWorkspace("e2e-http-ref")
        let referenceRun = try reference.impactmon("run", ["--period", "2026Q3"])
        #expect(referenceRun.status == 0, "\(referenceRun.stderr)")
        #expect(try ws.read("compute/metrics.csv") == reference.read("compute/metrics.csv"))

        // (b) A second `run` the same day asks nothing at all: fetch is up to date (younger than 24 h).
        try server.clearLog()
        let same = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(same.status == 0, "\(same.stdout)\n\(same.stderr)")
        #expect(same.stdout.contains("fetch: skipped (up to date)"))
        #expect(try server.log().isEmpty)
        // A fetch that does ask (forced, as after 24 h) transfers no body bytes: every request is conditional and
        // answered 304, by the server's log and by fetch.json.
        let second = try ws.impactmon("run", ["--period", "2026Q3", "--force"])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        let secondLog = try server.log()
        #expect(secondLog.count == firstLog.count)
        #expect(secondLog.allSatisfy { $0.status == 304 && $0.conditional && $0.bodyBytes == 0 }, "\(secondLog)")
        for (_, source) in Self.cbsSources {
            let rs = requests(try fetchRecord(ws, source.source))
            #expect(!rs.isEmpty)
            for r in rs {
                #expect(r["not_modified"] as? Bool == true, "\(source.source): \(r)")
                #expect(r["from_cache"] as? Bool == true)
                #expect(r["body_bytes_transferred"] as? Int == 0)
            }
        }

        // (c) With the server gone, an offline forced run replays the store and reproduces normalize/ and compute/.
        let normalize = ws.snapshot("normalize")
        let compute = ws.snapshot("compute")
        #expect(!normalize.isEmpty && !compute.isEmpty)
        server.stop()
        let offline = try ws.impactmon("run", ["--period", "2026Q3", "--offline", "--force"])
        #expect(offline.status == 0, "\(offline.stdout)\n\(offline.stderr)")
        #expect(ws.snapshot("normalize") == normalize)
        #expect(ws.snapshot("compute") == compute)
        for r in requests(try fetchRecord(ws, "cbs-vacatures")) {
            #expect(r["from_cache"] as? Bool == true)
            #expect(r["attempts"] as? Int == 0)  // answered from the store, no request made
        }
    }

    @Test func requiredSourceDownEndsTheRunAndOptionalSourceDownFallsBack() throws {
        let ws = try DemoWorkspace("e2e-http-fail")
        let server = try ODataLoopbackServer(root: snapshotRoot(ws))
        defer { server.stop() }
        try writeHTTPPipeline(ws, server: server)
        let good = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(good.status == 0, "\(good.stdout)\n\(good.stderr)")
        let published = ws.snapshot("report")
        #expect(published["report.md"] != nil)
        let goodBijstand = try fetchRecord(ws, "cbs-bijstand")

        // (d) A required source whose server keeps answering 503: exit 69 after max_attempts, naming host, table
        // and attempts; the published report is untouched.
        try writeHTTPPipeline(ws, server: server, required: ["82242NED"])
        try server.fail(table: "82242NED", mode: .serviceUnavailable)
        try server.clearLog()
        let down = try ws.impactmon("run", ["--period", "2026Q3", "--force"])
        #expect(down.status == 69, "\(down.stdout)\n\(down.stderr)")
        let said = down.stdout + down.stderr
        #expect(said.contains("cbs-faillissementen"), "\(said)")
        #expect(said.contains("82242NED"))
        #expect(said.contains("127.0.0.1"))
        #expect(said.contains("after \(Self.maxAttempts) attempts"), "\(said)")
        // The first request of the table (Properties) was tried exactly max_attempts times, then the run stopped.
        let tried = try server.log().filter { $0.table == "82242NED" }
        #expect(tried.count == Self.maxAttempts, "\(tried)")
        #expect(tried.allSatisfy { $0.status == 503 })
        #expect(ws.snapshot("report") == published)

        // (e) An optional source whose server closes every connection: exit 0, its last good bodies reused and
        // flagged stale in fetch.json, run.json and the report's "Verouderde bronnen".
        try server.heal(table: "82242NED")
        try writeHTTPPipeline(ws, server: server)
        try server.fail(table: "37789ksz", mode: .close)
        // --refresh makes the run ask the sources (the good run's fetch is younger than 24 h); not --force: the
        // bodies are the same bytes, so only the stale flag can make the report rerun.
        let stale = try ws.impactmon("run", ["--period", "2026Q3", "--refresh"])
        #expect(stale.status == 0, "\(stale.stdout)\n\(stale.stderr)")
        #expect(stale.stdout.contains("report: ran"), "\(stale.stdout)")
        let record = try fetchRecord(ws, "cbs-bijstand")
        let reason = try #require(record["stale_reason"] as? String, "\(record)")
        #expect(reason.contains("37789ksz") && reason.contains("127.0.0.1"), "\(reason)")
        #expect(reason.contains("after \(Self.maxAttempts) attempts"), "\(reason)")
        // The same bodies as the good run, with the good run's sha256 values.
        let shas = { (r: [String: Any]) in self.requests(r).compactMap { $0["sha256"] as? String } }
        #expect(shas(record) == shas(goodBijstand) && !shas(record).isEmpty)
        // The other tables were fetched normally.
        let arbeid = try fetchRecord(ws, "cbs-arbeid")
        #expect(arbeid["stale_reason"] == nil || arbeid["stale_reason"] is NSNull, "\(arbeid)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: try ws.read("run.json")) as? [String: Any])
        #expect(summary["exit_status"] as? Int == 0)
        let stages = (summary["stages"] as? [[String: Any]]) ?? []
        let fetchWarnings = stages.first { $0["stage"] as? String == "fetch" }?["warnings"] as? [String] ?? []
        #expect(fetchWarnings.contains { $0.contains("cbs-bijstand") && $0.contains("stale") }, "\(stages)")
        let report = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        let section = try #require(report.range(of: "### Verouderde bronnen"), "no stale section")
        let after = report[section.upperBound...]
        let end = after.range(of: "\n#")?.lowerBound ?? after.endIndex
        // Sources by their name (cbs-bijstand is CBS table 37789ksz, cbs-arbeid 80590ned).
        #expect(after[..<end].contains("CBS StatLine 37789ksz"), "\(after[..<end])")
        #expect(!after[..<end].contains("80590ned"))

        // When the source recovers, the next plain run asks again (a stale fetch is never up to date), drops the
        // flag and the report says every source is current again.
        try server.heal(table: "37789ksz")
        let recovered = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(recovered.stdout.contains("report: ran"), "\(recovered.stdout)")
        let healed = try fetchRecord(ws, "cbs-bijstand")
        #expect(healed["stale_reason"] == nil || healed["stale_reason"] is NSNull, "\(healed)")
        let text = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        #expect(text.contains("Alle bronnen zijn actueel opgehaald."))
        // The same report as the first good run, but for its "Gegevensstand" line (the time of this run's fetch).
        func withoutTimeLine(_ d: Data?) -> [Substring] {
            String(decoding: d ?? Data(), as: UTF8.self).split(separator: "\n").filter { !$0.contains("Gegevensstand") }
        }
        #expect(withoutTimeLine(try ws.read("report/report.md")) == withoutTimeLine(published["report.md"]))
    }
}
