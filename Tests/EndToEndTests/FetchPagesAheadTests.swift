import Foundation
import TestSupport
import Testing

/// Issue 19 item 4 end to end: the built `impactmon fetch` against `tools/loopback/fetch_bench_server.py` (127.0.0.1)
/// serving a CBS v3 table of 30 offset-paged pages. The pages are fetched ahead (the first page's link asks for
/// `$skip=<its rows>`, TableInfos declares RecordCount), and what is stored must be exactly the chain a sequential
/// fetch stores: every page once, in `$skip` order, each page's `odata.nextLink` (read here with Foundation's
/// JSONSerialization, not the scan under test) naming the next stored page's URL. Each body is hashed once, while it
/// streams: fetch.json's sha256, the manifest's and the response store's body name must all be coreutils'
/// `sha256sum` of the stored file.
@Suite("Offset-paged pages fetched ahead, hashed once, end to end", .serialized)
struct FetchPagesAheadTests {
    static let pages = 30

    /// `sha256sum` of several files at once: file path → digest.
    static func coreutilsSHA256(_ files: [URL]) throws -> [String: String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = files.map(\.path)
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { result[String(parts[1].drop { $0 == " " || $0 == "*" })] = String(parts[0]) }
        }
        return result
    }

    @Test(.timeLimit(.minutes(5)))
    func pagesFetchedAheadAreStoredAsTheirChainAndHashedOnce() throws {
        let work = try ImpactmonBinary.temporaryDirectory("pages-ahead")
        defer { try? FileManager.default.removeItem(at: work) }
        let server = Process()
        let port = try startLoopbackScript(
            server, script: SharedData.packageRoot.appendingPathComponent("tools/loopback/fetch_bench_server.py"),
            arguments: ["--pages", "\(Self.pages)", "--page-kb", "4", "--parent", "\(getpid())"])
        defer { server.terminate() }
        let base = "http://127.0.0.1:\(port)/v3/SYNTH03"
        let config = SharedData.packageRoot.appendingPathComponent("config").path
        let pipeline = work.appendingPathComponent("pages-ahead.yaml")
        try """
        version: 1
        name: pages-ahead
        municipality: {code: GM0392, name: Haarlem}
        default_period: 2026Q3
        registry: \(config)/registry.csv
        metrics: \(config)/metrics.yaml
        themes: \(config)/themes.yaml
        sources:
          - id: synthetic
            connector: cbs-odata-v3
            table: SYNTH03
            url: \(base)
            required: true

        """.write(to: pipeline, atomically: true, encoding: .utf8)
        let output = work.appendingPathComponent("out")
        let r = try ImpactmonBinary.run([
            "fetch", "--pipeline", pipeline.path, "--output", output.path, "--period", "2026Q3",
        ])
        try #require(r.status == 0, "impactmon fetch:\n\(r.stderr.suffix(3000))")

        let run = output.appendingPathComponent("pages-ahead/2026Q3")
        let folder = run.appendingPathComponent("fetch/synthetic")
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("fetch.json")))
                as? [String: Any])
        let requests = try #require(record["requests"] as? [[String: Any]])
        // TableInfos, DataProperties, RegioS and Perioden, then the 30 pages.
        #expect(requests.count == 4 + Self.pages)
        let pages = requests.filter { ($0["file"] as? String)?.hasSuffix("-UntypedDataSet.json") == true }
        #expect(pages.count == Self.pages)
        #expect(
            pages.map { $0["file"] as? String }
                == (5...(4 + Self.pages)).map { String(format: "%03d-UntypedDataSet.json", $0) })

        // The chain, read with JSONSerialization: page k is $skip=(k-1)·rows and links to page k+1.
        var rows: Int?
        var total = 0
        for (k, page) in pages.enumerated() {
            let file = folder.appendingPathComponent(try #require(page["file"] as? String))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let values = try #require(json["value"] as? [Any])
            if rows == nil { rows = values.count }
            total += values.count
            let step = try #require(rows)
            let expectedURL = "\(base)/UntypedDataSet?$format=json" + (k == 0 ? "" : "&$skip=\(k * step)")
            #expect(page["url"] as? String == expectedURL, "page \(k + 1)")
            let link = json["odata.nextLink"] as? String
            if k + 1 < pages.count {
                #expect(link == pages[k + 1]["url"] as? String, "page \(k + 1) links to the next stored page")
            } else {
                #expect(link == nil, "the last page links nowhere")
            }
        }
        let info =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("001-TableInfos.json"))) as? [String: Any]
        let recordCount = ((info?["value"] as? [[String: Any]])?.first?["RecordCount"] as? Int)
        #expect(total == recordCount)
        #expect(total == Self.pages * (rows ?? 0))

        // Hashed once, the same digest everywhere: fetch.json, manifest.json, the store's body names.
        let files = requests.compactMap { $0["file"] as? String }.map { folder.appendingPathComponent($0) }
        let digests = try Self.coreutilsSHA256(files)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let outputs =
            ((manifest["stages"] as? [String: Any])?["fetch"] as? [String: Any])?["outputs"] as? [[String: Any]] ?? []
        let manifestSHA = Dictionary(
            outputs.compactMap { o in (o["path"] as? String).map { ($0, o["sha256"] as? String) } }
        ) { a, _ in a }
        let bodies = Set(
            try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(".cache/bodies").path))
        for (request, file) in zip(requests, files) {
            let sha = try #require(digests[file.path], "sha256sum of \(file.lastPathComponent)")
            #expect(request["sha256"] as? String == sha, "fetch.json \(file.lastPathComponent)")
            #expect(
                manifestSHA["fetch/synthetic/\(file.lastPathComponent)"] == sha, "manifest \(file.lastPathComponent)")
            #expect(bodies.contains(sha), "store body of \(file.lastPathComponent)")
        }
    }
}
