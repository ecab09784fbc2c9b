import Foundation
import TestSupport
import Testing

/// Issue 15 "done when": the fault matrix on a loopback server, through the built binary. The demo's required
/// `procurement` source is pointed at a fault (all other sources stay local files) and `impactmon fetch` runs;
/// each case asserts its exit code, what the error names, and a generous wall-time bound (shared machine: the
/// bounds say "ends, and within its configured limits", they are not performance targets).
@Suite("Fault matrix over loopback, end to end", .serialized)
struct FaultMatrixTests {
    struct Outcome {
        var run: BinaryRun
        var seconds: Double
        var text: String { run.stdout + run.stderr }
    }

    /// Runs `impactmon fetch` with `procurement` at `url` (plus `extra` source keys) and a `fetch:` block.
    func fetch(
        _ ws: DemoWorkspace, url: String, extra: [String] = [], fetchBlock: [String] = [],
        environment: [String: String]? = nil, source: String = "procurement"
    ) throws -> Outcome {
        let original = try String(
            contentsOf: SharedData.packageRoot.appendingPathComponent("pipelines/haarlem-demo.yaml"), encoding: .utf8)
        var text = rewriteSource(original, id: source, url: url, extra: extra, required: true)
        let block =
            ["max_attempts: 2", "base_backoff_ms: 10", "max_backoff_ms: 50", "connect_timeout_s: 5"] + fetchBlock
        var keys: [String: String] = [:]
        for line in block {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            keys[parts[0]] = parts[1]
        }
        text +=
            "\nfetch:\n" + keys.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
            + "\n"
        try text.write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        for name in [
            "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
            "ALL_PROXY",
        ] {
            env[name] = nil
        }
        if let environment { env.merge(environment) { $1 } }
        let start = ContinuousClock.now
        let run = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"], environment: env)
        let elapsed = ContinuousClock.now - start
        return Outcome(
            run: run, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static let procurementFile = "/real/procurement/inkoop-gunningen.csv"

    private func workspace(_ name: String) throws -> (DemoWorkspace, LoopbackFaultServer) {
        let ws = try DemoWorkspace("e2e-faults-\(name)")
        let server = try LoopbackFaultServer(root: ws.root.appendingPathComponent("pipelines/haarlem-demo"))
        return (ws, server)
    }

    @Test func baselineOverHTTPSucceeds() throws {
        let (ws, server) = try workspace("ok")
        defer { server.stop() }
        let o = try fetch(ws, url: server.url(Self.procurementFile))
        #expect(o.run.status == 0, "\(o.text)")
    }

    /// A body that stalls after 100 bytes: the low-speed limit (1,000 B/s for 2 s) ends each attempt; two
    /// attempts and a short backoff end well within 30 s (the server would stall for 120 s).
    @Test func stallEndsWithinTheLowSpeedBound() throws {
        let (ws, server) = try workspace("stall")
        defer { server.stop() }
        let o = try fetch(
            ws, url: server.url("/seq/stall?steps=stall&stall=120"),
            fetchBlock: ["low_speed_limit_bps: 1000", "low_speed_time_s: 2"])
        #expect(o.run.status == 69, "\(o.text)")
        #expect(o.text.contains("timed out"), "\(o.text)")
        #expect(o.seconds < 30, "took \(o.seconds) s")
        print(
            "fault matrix: stall with low-speed 1000 B/s for 2 s, 2 attempts: exit \(o.run.status) after \(o.seconds) s"
        )
    }

    /// With the low-speed check off and a long per-attempt timeout, the per-source bound ends the stall.
    @Test func stallEndsWithinTheSourceTimeout() throws {
        let (ws, server) = try workspace("stall-source")
        defer { server.stop() }
        let o = try fetch(
            ws, url: server.url("/seq/stall2?steps=stall&stall=120"),
            fetchBlock: ["low_speed_limit_bps: 0", "total_timeout_s: 100", "source_timeout_s: 3"])
        #expect(o.run.status == 69, "\(o.text)")
        #expect(o.text.contains("fetch.source_timeout_s"), "\(o.text)")
        #expect(o.seconds < 30, "took \(o.seconds) s")
        print("fault matrix: stall with source_timeout_s 3: exit \(o.run.status) after \(o.seconds) s")
    }

    @Test(arguments: [("reset", "lost"), ("close", "connection closed before response"), ("trunc", "truncated")])
    func transportFaultsExhaustTheirAttempts(step: String, says: String) throws {
        let (ws, server) = try workspace(step)
        defer { server.stop() }
        let o = try fetch(ws, url: server.url("/seq/\(step)?steps=\(step)"))
        #expect(o.run.status == 69, "\(o.text)")
        #expect(o.text.contains(says), "\(o.text)")
        #expect(o.text.contains("after 2 attempts"), "\(o.text)")
        #expect(o.seconds < 60, "took \(o.seconds) s")
    }

    /// One URL answering 500 (the optional cbs-vacatures) spends only its own source's retries
    /// (`source_retry_budget: 2`): the required procurement source still gets the retries it needs, honouring
    /// `Retry-After` in seconds, and in a second run as an HTTP-date (measured against the server's `Date`).
    @Test func fiveHundredOnOneURLLeavesOtherSourcesTheirRetries() throws {
        let (ws, server) = try workspace("budgets")
        defer { server.stop() }
        let original = try String(
            contentsOf: SharedData.packageRoot.appendingPathComponent("pipelines/haarlem-demo.yaml"), encoding: .utf8)
        let csv = "kvk%3Bnaam%0A01234567%3BStichting%20Alfa%0A"
        func write(_ procurement: String) throws {
            var text = rewriteSource(original, id: "cbs-vacatures", url: server.url("/always/500"))
            text = rewriteSource(text, id: "procurement", url: procurement, required: true)
            text +=
                "\nfetch:\n  max_attempts: 6\n  base_backoff_ms: 10\n  max_backoff_ms: 20\n  source_retry_budget: 2\n"
                + "  retry_budget: 2\n"
            try text.write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        }
        try write(server.url("/seq/p1?steps=503,500,ok&ra=1&ct=text/csv&body=\(csv)"))
        var start = ContinuousClock.now
        let seconds = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"])
        let secondsElapsed = ContinuousClock.now - start
        #expect(seconds.status == 0, "\(seconds.stderr)")
        let log = try server.log()
        #expect(log.filter { ($0["path"] as? String) == "/seq/p1" }.count == 3)
        let always = log.filter { ($0["path"] as? String)?.hasPrefix("/always/500/") == true }
        #expect(always.count == 3 && always.allSatisfy { $0["status"] as? Int == 500 }, "\(always.count)")
        #expect(secondsElapsed >= .seconds(1), "Retry-After: 1 was waited")
        let summary = String(decoding: try ws.read("run.json"), as: UTF8.self)
        #expect(summary.contains("source cbs-vacatures"), "the failing optional source is a warning")
        #expect(summary.contains("retry budget of 2 retries is spent"), "\(summary)")
        #expect(summary.contains("(after 3 attempts)"), "1 attempt + its own 2 retries: \(summary)")

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: Date().addingTimeInterval(3))
        try write(
            server.url(
                "/seq/p2?steps=429,ok&ra=\(date.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                    + "&ct=text/csv&body=\(csv)"))
        start = ContinuousClock.now
        let dated = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"])
        let datedElapsed = ContinuousClock.now - start
        #expect(dated.status == 0, "\(dated.stderr)")
        #expect(datedElapsed >= .seconds(1) && datedElapsed < .seconds(60), "\(datedElapsed)")
        #expect(try server.log().filter { ($0["path"] as? String) == "/seq/p2" }.count == 2)
    }

    @Test func oversizedBodyNamesTheSettingThatExists() throws {
        let (ws, server) = try workspace("big")
        defer { server.stop() }
        let o = try fetch(ws, url: server.url("/big?n=2000000"), fetchBlock: ["max_body_bytes: 1000000"])
        #expect(o.run.status == 69, "\(o.text)")
        #expect(o.text.contains("fetch.max_body_bytes"), "\(o.text)")
        #expect(o.text.contains("after 1 attempt"), "not retried: \(o.text)")
    }

    /// A redirect to `file://` or to another host, and a CKAN resource URL (from the body) pointing at
    /// `file:///etc/passwd` or another host: refused, naming the source and the link; exit 69; nothing read.
    @Test(arguments: ["file:///etc/passwd", "http://localhost:PORT/real/procurement/inkoop-gunningen.csv"])
    func offScopeLinksAreRefused(link: String) throws {
        let (ws, server) = try workspace("links")
        defer { server.stop() }
        let target = link.replacingOccurrences(of: "PORT", with: "\(server.port)")
        let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? target
        let redirect = try fetch(ws, url: server.url("/redirect?to=\(encoded)"))
        #expect(redirect.run.status == 69, "\(redirect.text)")
        #expect(redirect.text.contains("source procurement"), "\(redirect.text)")
        #expect(
            redirect.text.contains(target.hasPrefix("file") ? "file:///etc/passwd" : "localhost"), "\(redirect.text)")
    }

    /// The CKAN case proper: a CKAN source whose package_show names `file:///etc/passwd` (or another host).
    @Test(arguments: ["file:///etc/passwd", "http://localhost:PORT/real/procurement/inkoop-gunningen.csv"])
    func ckanResourceLinkOffScopeIsRefused(link: String) throws {
        let (ws, server) = try workspace("ckan")
        defer { server.stop() }
        let target = link.replacingOccurrences(of: "PORT", with: "\(server.port)")
        let original = try String(
            contentsOf: SharedData.packageRoot.appendingPathComponent("pipelines/haarlem-demo.yaml"), encoding: .utf8)
        let text = original.replacingOccurrences(
            of: "  - id: procurement\n",
            with: """
                  - id: evil-ckan
                    connector: ckan
                    url: \(server.url("/ckan-link"))
                    dataset: "\(target)"
                    resource_name: Register
                    required: true
                  - id: procurement

                """)
        try (text + "\nfetch:\n  max_attempts: 1\n").write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let run = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"])
        #expect(run.status == 69, "\(run.stderr)")
        #expect(run.stderr.contains("source evil-ckan"), "\(run.stderr)")
        #expect(run.stderr.contains("refusing link \(target)"), "\(run.stderr)")
        let fetched = allFiles(below: ws.output).map { String(decoding: $0.1, as: UTF8.self) }
        #expect(!fetched.contains { $0.contains("root:x:0:0") }, "/etc/passwd never reaches output/")
    }

    /// CKAN's `success: false` error object (HTTP 409) becomes an error quoting CKAN's own message.
    @Test func ckanErrorObjectIsQuoted() throws {
        let (ws, server) = try workspace("ckan-error")
        defer { server.stop() }
        let original = try String(
            contentsOf: SharedData.packageRoot.appendingPathComponent("pipelines/haarlem-demo.yaml"), encoding: .utf8)
        let text = original.replacingOccurrences(
            of: "  - id: procurement\n",
            with: """
                  - id: portal
                    connector: ckan
                    url: \(server.url("/ckan-error"))
                    dataset: register
                    resource_name: Register
                    required: true
                  - id: procurement

                """)
        try (text + "\nfetch:\n  max_attempts: 1\n").write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let run = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"])
        #expect(run.status == 69, "\(run.stderr)")
        #expect(run.stderr.contains("Authorization Error: Toegang geweigerd tot dataset"), "\(run.stderr)")
    }

    /// TLS: a private CA made here. Without trust the fetch fails (exit 69) naming ca_bundle; `fetch.ca_bundle`,
    /// a source's `ca_bundle`, `fetch.ca_path`, and `CURL_CA_BUNDLE` each make it work; a self-signed server stays
    /// refused even with the CA trusted. Verification has no off switch (an unknown key is a config error, 78).
    @Test func privateCAAndSelfSignedTLS() throws {
        let ca = try PrivateCA()
        defer { ca.remove() }
        let ws = try DemoWorkspace("e2e-faults-tls")
        let root = ws.root.appendingPathComponent("pipelines/haarlem-demo")
        let server = try LoopbackFaultServer(root: root, tls: (ca.serverCertificate, ca.serverKey))
        defer { server.stop() }
        let url = server.url(Self.procurementFile)

        let untrusted = try fetch(ws, url: url)
        #expect(untrusted.run.status == 69, "\(untrusted.text)")
        #expect(untrusted.text.contains("certificate verify failed"), "\(untrusted.text)")
        #expect(untrusted.text.contains("fetch.ca_bundle"), "\(untrusted.text)")

        let pipelineWide = try fetch(ws, url: url, fetchBlock: ["ca_bundle: \(ca.caCertificate)"])
        #expect(pipelineWide.run.status == 0, "\(pipelineWide.text)")
        let perSource = try fetch(ws, url: url, extra: ["ca_bundle: \(ca.caCertificate)"])
        #expect(perSource.run.status == 0, "\(perSource.text)")
        let directory = try fetch(ws, url: url, fetchBlock: ["ca_path: \(ca.hashedDirectory)"])
        #expect(directory.run.status == 0, "\(directory.text)")
        let environment = try fetch(ws, url: url, environment: ["CURL_CA_BUNDLE": ca.caCertificate])
        #expect(environment.run.status == 0, "\(environment.text)")
        let missing = try fetch(ws, url: url, fetchBlock: ["ca_bundle: /nonexistent/root.pem"])
        #expect(missing.run.status == 78, "\(missing.text)")
        #expect(missing.text.contains("fetch.ca_bundle"), "\(missing.text)")
        let off = try fetch(ws, url: url, fetchBlock: ["ssl_verify: false"])
        #expect(off.run.status == 78, "\(off.text)")

        let selfSigned = try LoopbackFaultServer(root: root, tls: (ca.selfSignedCertificate, ca.selfSignedKey))
        defer { selfSigned.stop() }
        let refused = try fetch(
            ws, url: selfSigned.url(Self.procurementFile), fetchBlock: ["ca_bundle: \(ca.caCertificate)"])
        #expect(refused.run.status == 69, "\(refused.text)")
        #expect(refused.text.contains("certificate verify failed") || refused.text.contains("TLS"), "\(refused.text)")
    }
}
