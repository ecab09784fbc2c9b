import Foundation
import TestSupport
import Testing

/// Rewrites the `url:` of source `id` in a pipeline file's text and adds `extra` lines (indented keys) after it.
func rewriteSource(_ text: String, id: String, url: String, extra: [String] = [], required: Bool? = nil) -> String {
    var lines: [String] = []
    var current: String?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("- id:") {
            current = String(trimmed.dropFirst("- id:".count)).trimmingCharacters(in: .whitespaces)
        }
        if current == id, trimmed.hasPrefix("url:") {
            lines.append("    url: \"\(url)\"")
            lines += extra.map { "    " + $0 }
            continue
        }
        if current == id, let required, trimmed.hasPrefix("required:") {
            lines.append("    required: \(required)")
            continue
        }
        lines.append(line)
    }
    return lines.joined(separator: "\n")
}

/// Issue 15, item 1: a distinct marker planted in every place a secret can enter (URL user-info, a known and an
/// unknown-named query parameter, two headers, a literal in the pipeline file, the KvK key, a failing URL) is
/// found nowhere under `output/` (response store included) and nowhere on stdout/stderr, over a successful run,
/// a run with a failing optional source and a run whose required source fails.
@Suite("Secrets never printed", .serialized)
struct SecretMarkerTests {
    static let environmentMarkers: [String: String] = [
        "IM_PW": "MKPASSWORD01", "IM_APIKEY": "MKAPIKEY002", "IM_TOKEN": "MKTOKEN0003", "IM_HEADER": "MKHEADER004",
        "IM_BEARER": "MKBEARER005", "IM_KEY2": "MKKEYPARAM6", "IM_FAIL": "MKFAILURE07", "KVK_API_KEY": "MKKVKKEY009",
        "IM_PATH": "MKPATHSEG10",
    ]
    static let literalMarker = "MKLITERAL08"
    static var allMarkers: [String] { Array(environmentMarkers.values) + [literalMarker] }

    private func environment() -> [String: String] {
        ProcessInfo.processInfo.environment.merging(Self.environmentMarkers) { $1 }
    }

    @Test func noMarkerInAnyOutputOrStream() throws {
        let ws = try DemoWorkspace("e2e-secrets")
        let server = try LoopbackFaultServer(root: ws.root.appendingPathComponent("pipelines/haarlem-demo"))
        defer { server.stop() }
        let original = try String(contentsOfFile: ws.pipeline, encoding: .utf8)
        let host = "127.0.0.1:\(server.port)"
        var text = rewriteSource(
            original, id: "impact-returns",
            url: "http://analyst:${IM_PW}@\(host)/real/returns/impact-{quarter}.csv?apikey=${IM_APIKEY}&plain=yes"
                + "&region_token=${IM_TOKEN}",
            extra: ["headers:", "  X-Api-Key: \"${IM_HEADER}\"", "  Authorization: \"Bearer ${IM_BEARER}\""])
        text = rewriteSource(
            text, id: "procurement",
            url:
                "http://\(host)/real/procurement/inkoop-gunningen.csv?key=${IM_KEY2}&access_token=\(Self.literalMarker)"
        )
        text = rewriteSource(
            text, id: "cbs-vacatures", url: "http://\(host)/seq/${IM_PATH}?steps=500&token=${IM_FAIL}&sig=${IM_KEY2}")
        text += "\nfetch:\n  max_attempts: 2\n  base_backoff_ms: 10\n  max_backoff_ms: 20\n"
        try text.write(toFile: ws.pipeline, atomically: true, encoding: .utf8)

        var streams: [String] = []
        // validate: the literal credential is a warning, named by place, never by value.
        let validate = try ws.impactmon("validate", environment: environment())
        streams += [validate.stdout, validate.stderr]
        #expect(
            validate.stdout.contains(
                "source procurement: url has a literal value for the secret query parameter access_token"),
            "\(validate.stdout)")

        // A full run: every required source over HTTP with its secrets; the optional CBS source fails (HTTP 500).
        let run = try ws.impactmon("run", ["--period", "2026Q3"], environment: environment())
        streams += [run.stdout, run.stderr]
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        // The secrets really were sent.
        let log = try server.log()
        let returns = log.filter { ($0["path"] as? String)?.hasPrefix("/real/returns/") == true }
        #expect(!returns.isEmpty)
        for entry in returns {
            let headers = entry["headers"] as? [String: String] ?? [:]
            #expect(headers["x-api-key"] == "MKHEADER004")
            #expect(headers["authorization"] == "Bearer MKBEARER005")
            #expect((entry["target"] as? String)?.contains("apikey=MKAPIKEY002") == true)
        }
        #expect(log.contains { ($0["target"] as? String)?.contains("key=MKKEYPARAM6") == true })
        #expect(log.contains { ($0["path"] as? String)?.hasPrefix("/seq/MKPATHSEG10") == true })
        let runJSON = String(decoding: try ws.read("run.json"), as: UTF8.self)
        #expect(runJSON.contains("cbs-vacatures"), "the failing optional source is reported")

        // A required source failing: the error on stderr quotes the (masked) URL.
        let failing = rewriteSource(
            text, id: "procurement",
            url: "http://analyst:${IM_PW}@\(host)/status/503?apikey=${IM_APIKEY}&region_token=${IM_TOKEN}")
        try failing.write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let failed = try ws.impactmon(
            "run", ["--period", "2026Q3", "--force", "--log-format", "json"], environment: environment())
        streams += [failed.stdout, failed.stderr]
        #expect(failed.status == 69, "\(failed.stderr)")
        #expect(failed.stderr.contains("/status/503"), "the error names the URL: \(failed.stderr)")

        var found: [String] = []
        for (path, data) in allFiles(below: ws.output) {
            let content = String(decoding: data, as: UTF8.self)
            for marker in Self.allMarkers where content.contains(marker) { found.append("\(marker) in \(path)") }
        }
        for (i, stream) in streams.enumerated() {
            for marker in Self.allMarkers where stream.contains(marker) { found.append("\(marker) in stream \(i)") }
        }
        #expect(found.isEmpty, "\(found.count) markers found: \(found)")
        #expect(allFiles(below: ws.output).count > 20, "the runs wrote their outputs")
    }
}
