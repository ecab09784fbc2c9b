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
    ])
    func invalidSettingsAreConfigurationErrors(block: String, says: String) throws {
        let error = try #require(configError(block), "accepted: \(block)")
        #expect(error.status == .config)
        #expect(error.message.contains(says), "\(error.message)")
        #expect(error.message.contains("p.yaml"), "\(error.message)")
    }
}
