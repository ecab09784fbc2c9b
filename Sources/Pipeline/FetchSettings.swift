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
///   source_retry_budget: 10  # retries for all requests of one source (default 20)
///   source_timeout_s: 600    # one source, all requests, retries and waits (default 900)
///   low_speed_limit_bps: 100 # an attempt slower than this many bytes/s ...
///   low_speed_time_s: 30     # ... for this many seconds is aborted as stalled (default 1 B/s for 60 s)
///   max_body_bytes: 1000000  # largest body accepted (default 268435456)
///   max_retry_after_s: 60    # longest Retry-After honoured (default 120)
///   ca_bundle: certs/gemeente-root.pem   # trusted roots (PEM), relative to the pipeline file
///   ca_path: /etc/ssl/gemeente           # or a directory of hashed certificates
///   store_keep_runs: 10      # response-store bodies of the 10 most recent run folders are kept (default 10)
///   store_prune_min_age_s: 3600  # store files younger than this are never pruned (default 3600)
///   per_host_concurrency: 4      # transfers to one host at a time (default 4, polite to CBS and portals)
///   max_concurrent_transfers: 8  # transfers (and sources fetched) at a time over all hosts (default 8; 1 = one by one)
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
    /// `source_retry_budget`: retries over all requests of one source (≥ 0).
    package var sourceRetryBudget: Int?
    /// `source_timeout_s`: wall time for one source, all requests, retries and waits together, seconds (> 0).
    package var sourceTimeoutSeconds: Double?
    /// `low_speed_limit_bps`: bytes per second below which an attempt counts as stalled (0 = off).
    package var lowSpeedLimitBytesPerSecond: Int?
    /// `low_speed_time_s`: how long an attempt may stay below `low_speed_limit_bps`, whole seconds (≥ 1).
    package var lowSpeedTimeSeconds: Int?
    /// `max_body_bytes`: the largest (decoded) body accepted, bytes (≥ 1).
    package var maxBodyBytes: Int?
    /// `max_retry_after_s`: the longest `Retry-After` waited for, seconds (≥ 0).
    package var maxRetryAfterSeconds: Int?
    /// `ca_bundle`: a PEM file of trusted root certificates (a private CA or a TLS-inspecting proxy), absolute
    /// after loading (relative paths resolve against the pipeline file). Verification cannot be turned off.
    package var caBundle: String?
    /// `ca_path`: a directory of trusted certificates in OpenSSL's hashed layout, absolute after loading.
    package var caPath: String?
    /// `store_keep_runs`: after a successful run that fetched, response-store bodies that none of the this many
    /// most recent run folders (under the output root) references are deleted, with their entries (≥ 1).
    package var storeKeepRuns: Int?
    /// `store_prune_min_age_s`: store files younger than this are never pruned, so a concurrent run on shared
    /// storage keeps what it has just written (≥ 0).
    package var storePruneMinAgeSeconds: Double?
    /// `per_host_concurrency`: transfers to one host at a time (≥ 1).
    package var perHostConcurrency: Int?
    /// `max_concurrent_transfers`: transfers, and sources fetched, at a time over all hosts (≥ 1; 1 fetches the
    /// sources one by one).
    package var maxConcurrentTransfers: Int?

    /// No overrides: the policy defaults.
    package init() {}

    /// The keys the block accepts, as written in the pipeline file.
    package static let keys = [
        "max_attempts", "base_backoff_ms", "max_backoff_ms", "connect_timeout_s", "total_timeout_s", "retry_budget",
        "source_retry_budget", "source_timeout_s", "low_speed_limit_bps", "low_speed_time_s", "max_body_bytes",
        "max_retry_after_s", "ca_bundle", "ca_path", "store_keep_runs", "store_prune_min_age_s", "per_host_concurrency",
        "max_concurrent_transfers",
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
        if let sourceRetryBudget { p.sourceRetryBudget = sourceRetryBudget }
        if let sourceTimeoutSeconds { p.sourceTimeout = .milliseconds(Int((sourceTimeoutSeconds * 1000).rounded())) }
        if let lowSpeedLimitBytesPerSecond { p.lowSpeedLimit = lowSpeedLimitBytesPerSecond }
        if let lowSpeedTimeSeconds { p.lowSpeedTime = .seconds(lowSpeedTimeSeconds) }
        if let maxBodyBytes { p.maxBodyBytes = maxBodyBytes }
        if let maxRetryAfterSeconds { p.maxRetryAfter = .seconds(maxRetryAfterSeconds) }
        if let perHostConcurrency { p.perHostConcurrency = perHostConcurrency }
        if let maxConcurrentTransfers { p.maxConcurrentTransfers = maxConcurrentTransfers }
        if let caBundle {
            p.caBundlePath = caBundle
            p.trustOrigin = "fetch.ca_bundle"
        }
        if let caPath {
            p.caPath = caPath
            p.trustOrigin = caBundle == nil ? "fetch.ca_path" : "fetch.ca_bundle and fetch.ca_path"
        }
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
        if let v = sourceRetryBudget, v < 0 { try fail("source_retry_budget", "\(v)", "use 0 or more") }
        if let v = sourceTimeoutSeconds, !(v.isFinite && v >= 0.001) {
            try fail("source_timeout_s", "\(v)", "use a positive number of seconds")
        }
        if let v = lowSpeedLimitBytesPerSecond, v < 0 { try fail("low_speed_limit_bps", "\(v)", "use 0 (off) or more") }
        if let v = lowSpeedTimeSeconds, v < 1 { try fail("low_speed_time_s", "\(v)", "use at least 1 second") }
        if let v = maxBodyBytes, v < 1 { try fail("max_body_bytes", "\(v)", "use a positive number of bytes") }
        if let v = storeKeepRuns, v < 1 { try fail("store_keep_runs", "\(v)", "use at least 1") }
        if let v = storePruneMinAgeSeconds, !(v.isFinite && v >= 0) {
            try fail("store_prune_min_age_s", "\(v)", "use 0 or more seconds")
        }
        if let v = maxRetryAfterSeconds, v < 0 { try fail("max_retry_after_s", "\(v)", "use 0 or more seconds") }
        if let v = perHostConcurrency, v < 1 { try fail("per_host_concurrency", "\(v)", "use at least 1") }
        if let v = maxConcurrentTransfers, v < 1 {
            try fail("max_concurrent_transfers", "\(v)", "use at least 1 (1 fetches one source at a time)")
        }
        if let v = caBundle, !FileManager.default.isReadableFile(atPath: v) {
            try fail(
                "ca_bundle", "\"\(v)\"", "the file does not exist or is not readable; give the path of a PEM bundle")
        }
        var isDirectory: ObjCBool = false
        if let v = caPath,
            !(FileManager.default.fileExists(atPath: v, isDirectory: &isDirectory) && isDirectory.boolValue)
        {
            try fail("ca_path", "\"\(v)\"", "the directory does not exist")
        }
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
        s.sourceRetryBudget = try c.decodeIfPresent(Int.self, forKey: key("source_retry_budget"))
        s.sourceTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: key("source_timeout_s"))
        s.lowSpeedLimitBytesPerSecond = try c.decodeIfPresent(Int.self, forKey: key("low_speed_limit_bps"))
        s.lowSpeedTimeSeconds = try c.decodeIfPresent(Int.self, forKey: key("low_speed_time_s"))
        s.maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: key("max_body_bytes"))
        s.maxRetryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: key("max_retry_after_s"))
        s.caBundle = try c.decodeIfPresent(String.self, forKey: key("ca_bundle"))
        s.caPath = try c.decodeIfPresent(String.self, forKey: key("ca_path"))
        s.storeKeepRuns = try c.decodeIfPresent(Int.self, forKey: key("store_keep_runs"))
        s.storePruneMinAgeSeconds = try c.decodeIfPresent(Double.self, forKey: key("store_prune_min_age_s"))
        s.perHostConcurrency = try c.decodeIfPresent(Int.self, forKey: key("per_host_concurrency"))
        s.maxConcurrentTransfers = try c.decodeIfPresent(Int.self, forKey: key("max_concurrent_transfers"))
        settings = s
    }
}
