import Fetching
import Foundation
import ImpactModel

/// The pipeline file's optional `fetch:` block: the retry and timeout settings of the run's HTTP client.
///
/// ```yaml
/// fetch:
///   max_attempts: 3          # attempts per request, 1 = no retries (default 5)
///   base_backoff_ms: 200     # first backoff step in milliseconds (default 500)
///   max_backoff_ms: 5000     # cap of the exponential backoff (default 30000)
///   connect_timeout_s: 5     # name lookup + TCP + TLS of one attempt, seconds (default 15)
///   total_timeout_s: 120     # one whole attempt, seconds (default 300)
///   retry_budget: 20         # retries over the whole run (default 50)
/// ```
/// Every key is optional; an absent key keeps the ``Fetching/FetchPolicy`` default (docs/FETCHING.md, "Policy").
/// Unknown keys are refused, so a misspelt setting never silently keeps the default.
package struct FetchSettings: Sendable, Equatable {
    /// `max_attempts`: attempts per request (≥ 1).
    package var maxAttempts: Int?
    /// `base_backoff_ms`: the first backoff step, milliseconds (≥ 0).
    package var baseBackoffMilliseconds: Int?
    /// `max_backoff_ms`: the cap of the computed backoff, milliseconds (≥ `base_backoff_ms`).
    package var maxBackoffMilliseconds: Int?
    /// `connect_timeout_s`: connect phase of one attempt, seconds (> 0).
    package var connectTimeoutSeconds: Double?
    /// `total_timeout_s`: one whole attempt, seconds (> 0).
    package var totalTimeoutSeconds: Double?
    /// `retry_budget`: retries over all requests of the run (≥ 0).
    package var retryBudget: Int?

    /// No overrides: the policy defaults.
    package init() {}

    /// The keys the block accepts, as written in the pipeline file.
    package static let keys = [
        "max_attempts", "base_backoff_ms", "max_backoff_ms", "connect_timeout_s", "total_timeout_s", "retry_budget",
    ]

    /// `policy` with these settings applied.
    package func applied(to policy: FetchPolicy) -> FetchPolicy {
        var p = policy
        if let maxAttempts { p.maxAttempts = maxAttempts }
        if let baseBackoffMilliseconds { p.baseBackoff = .milliseconds(baseBackoffMilliseconds) }
        if let maxBackoffMilliseconds { p.maxBackoff = .milliseconds(maxBackoffMilliseconds) }
        if let connectTimeoutSeconds { p.connectTimeout = .milliseconds(Int((connectTimeoutSeconds * 1000).rounded())) }
        if let totalTimeoutSeconds { p.totalTimeout = .milliseconds(Int((totalTimeoutSeconds * 1000).rounded())) }
        if let retryBudget { p.runRetryBudget = retryBudget }
        return p
    }

    /// Checks the settings against the policy's limits.
    /// - Throws: ``ImpactError`` `.config` naming the pipeline file, the `fetch.<key>`, its value and the range.
    package func validate(file: String) throws {
        func fail(_ key: String, _ value: String, _ rule: String) throws -> Never {
            throw ImpactError(.config, "\(file): fetch.\(key) = \(value) is invalid; \(rule)")
        }
        if let v = maxAttempts, v < 1 { try fail("max_attempts", "\(v)", "use at least 1 (1 = no retries)") }
        if let v = baseBackoffMilliseconds, v < 0 { try fail("base_backoff_ms", "\(v)", "use 0 or more") }
        if let v = maxBackoffMilliseconds, v < 0 { try fail("max_backoff_ms", "\(v)", "use 0 or more") }
        let policy = applied(to: FetchPolicy())
        if policy.maxBackoff < policy.baseBackoff {
            try fail(
                "max_backoff_ms", "\(maxBackoffMilliseconds.map(String.init) ?? "30000 (default)")",
                "it must be at least base_backoff_ms (\(baseBackoffMilliseconds.map(String.init) ?? "500 (default)"))")
        }
        if let v = connectTimeoutSeconds, !(v.isFinite && v >= 0.001) {
            try fail("connect_timeout_s", "\(v)", "use a positive number of seconds")
        }
        if let v = totalTimeoutSeconds, !(v.isFinite && v >= 0.001) {
            try fail("total_timeout_s", "\(v)", "use a positive number of seconds")
        }
        if let v = retryBudget, v < 0 { try fail("retry_budget", "\(v)", "use 0 or more") }
    }
}

/// `fetch:` as decoded from YAML; refuses keys it does not know.
struct RawFetchSettings: Decodable {
    var settings: FetchSettings

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        for key in c.allKeys where !FetchSettings.keys.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c,
                debugDescription: "unknown key \"\(key.stringValue)\" in fetch: (known: "
                    + FetchSettings.keys.joined(separator: ", ") + ")")
        }
        func key(_ name: String) -> Key { Key(stringValue: name) }
        var s = FetchSettings()
        s.maxAttempts = try c.decodeIfPresent(Int.self, forKey: key("max_attempts"))
        s.baseBackoffMilliseconds = try c.decodeIfPresent(Int.self, forKey: key("base_backoff_ms"))
        s.maxBackoffMilliseconds = try c.decodeIfPresent(Int.self, forKey: key("max_backoff_ms"))
        s.connectTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: key("connect_timeout_s"))
        s.totalTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: key("total_timeout_s"))
        s.retryBudget = try c.decodeIfPresent(Int.self, forKey: key("retry_budget"))
        settings = s
    }
}
