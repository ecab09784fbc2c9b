import Fetching
import Foundation
import ImpactModel
import Testing

@testable import Pipeline

/// The pipeline file's `fetch:` block: read, checked and applied to the client's `FetchPolicy`.
@Suite("Pipeline fetch: block")
struct FetchSettingsTests {
    /// Writes a minimal pipeline file with `fetchBlock` appended and loads it.
    private func load(_ fetchBlock: String) throws -> PipelineDefinition {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impactmon-fetchsettings-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("p.yaml")
        let text = """
            version: 1
            name: p
            municipality: {code: GM0392, name: Haarlem}
            registry: registry.csv
            metrics: metrics.yaml
            themes: themes.yaml
            sources: []

            """ + fetchBlock
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try PipelineDefinition.load(url)
    }

    private func configError(_ fetchBlock: String) -> ImpactError? {
        do {
            _ = try load(fetchBlock)
            return nil
        } catch {
            return error as? ImpactError
        }
    }

    @Test func absentBlockKeepsThePolicyDefaults() throws {
        let d = try load("")
        #expect(d.fetchSettings == FetchSettings())
        let p = d.fetchSettings.applied(to: FetchPolicy())
        #expect(p.maxAttempts == 5)
        #expect(p.baseBackoff == .milliseconds(500))
        #expect(p.maxBackoff == .seconds(30))
        #expect(p.connectTimeout == .seconds(15))
        #expect(p.totalTimeout == .seconds(300))
        #expect(p.runRetryBudget == 50)
    }

    @Test func everyKeyIsApplied() throws {
        let d = try load(
            """
            fetch:
              max_attempts: 3
              base_backoff_ms: 20
              max_backoff_ms: 200
              connect_timeout_s: 2.5
              total_timeout_s: 30
              retry_budget: 7
            """)
        let p = d.fetchSettings.applied(to: FetchPolicy())
        #expect(p.maxAttempts == 3)
        #expect(p.baseBackoff == .milliseconds(20))
        #expect(p.maxBackoff == .milliseconds(200))
        #expect(p.connectTimeout == .milliseconds(2500))
        #expect(p.totalTimeout == .seconds(30))
        #expect(p.runRetryBudget == 7)
        // Untouched fields keep their defaults.
        #expect(p.maxRedirects == 10)
        #expect(p.perHostConcurrency == 4)
        // Retry 3 waits d = min(200, 20 · 2²) = 80 ms, plus jitter in [0, d/2]: 80 ms to 120 ms.
        #expect(p.backoff(retry: 3, random: { $0.lowerBound }) == .milliseconds(80))
        #expect(p.backoff(retry: 3, random: { $0.upperBound }) == .milliseconds(120))
        #expect(throws: Never.self) { try p.validate() }
    }

    /// Issue 15's settings: limits, budgets, store and trust store (relative paths against the pipeline file).
    @Test func issue15KeysAreApplied() throws {
        let d = try load(
            """
            fetch:
              source_retry_budget: 4
              source_timeout_s: 12.5
              low_speed_limit_bps: 100
              low_speed_time_s: 7
              max_body_bytes: 1000
              max_retry_after_s: 9
              ca_path: /
              store_keep_runs: 3
              store_prune_min_age_s: 0

            """)
        let p = d.fetchSettings.applied(to: FetchPolicy())
        #expect(p.sourceRetryBudget == 4)
        #expect(p.sourceTimeout == .milliseconds(12_500))
        #expect(p.lowSpeedLimit == 100)
        #expect(p.lowSpeedTime == .seconds(7))
        #expect(p.maxBodyBytes == 1000)
        #expect(p.maxRetryAfter == .seconds(9))
        #expect(p.caPath == "/")
        #expect(p.trustOrigin == "fetch.ca_path")
        #expect(d.fetchSettings.storeKeepRuns == 3)
        #expect(d.fetchSettings.storePruneMinAgeSeconds == 0)
        #expect(throws: Never.self) { try p.validate() }
    }

    @Test(arguments: [
        ("fetch:\n  max_attempts: 0\n", "fetch.max_attempts = 0"),
        ("fetch:\n  base_backoff_ms: -1\n", "fetch.base_backoff_ms = -1"),
        ("fetch:\n  base_backoff_ms: 1000\n  max_backoff_ms: 500\n", "fetch.max_backoff_ms = 500"),
        ("fetch:\n  base_backoff_ms: 40000\n", "fetch.max_backoff_ms = 30000 (default)"),
        ("fetch:\n  connect_timeout_s: 0\n", "fetch.connect_timeout_s = 0.0"),
        ("fetch:\n  total_timeout_s: -5\n", "fetch.total_timeout_s = -5.0"),
        ("fetch:\n  retry_budget: -1\n", "fetch.retry_budget = -1"),
        ("fetch:\n  max_attempt: 3\n", "unknown key \"max_attempt\""),
        ("fetch:\n  max_attempts: three\n", "max_attempts"),
        ("fetch:\n  source_timeout_s: 0\n", "fetch.source_timeout_s = 0.0"),
        ("fetch:\n  low_speed_time_s: 0\n", "fetch.low_speed_time_s = 0"),
        ("fetch:\n  max_body_bytes: 0\n", "fetch.max_body_bytes = 0"),
        ("fetch:\n  store_keep_runs: 0\n", "fetch.store_keep_runs = 0"),
        ("fetch:\n  ca_bundle: /nonexistent/root.pem\n", "fetch.ca_bundle = \"/nonexistent/root.pem\""),
        ("fetch:\n  ca_path: /nonexistent-dir\n", "fetch.ca_path"),
        ("fetch:\n  ssl_verify: false\n", "unknown key \"ssl_verify\""),
    ])
    func invalidSettingsAreConfigurationErrors(block: String, says: String) throws {
        let error = try #require(configError(block), "accepted: \(block)")
        #expect(error.status == .config)
        #expect(error.message.contains(says), "\(error.message)")
        #expect(error.message.contains("p.yaml"), "\(error.message)")
    }
}
