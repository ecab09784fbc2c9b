import Curl
import Foundation
import ImpactModel

/// How the HTTP client behaves: timeouts, limits, retries, trust store and proxy.
///
/// Defaults suit CBS StatLine OData pages (up to 10,000 rows, a few MB) and the KvK API. Durations are wall
/// time; byte counts are bytes.
package struct FetchPolicy: Sendable {
    /// Time for name lookup, TCP connect and TLS handshake of one attempt (`CURLOPT_CONNECTTIMEOUT_MS`).
    package var connectTimeout: Duration = .seconds(15)
    /// Time for one whole attempt, headers and body (`CURLOPT_TIMEOUT_MS`).
    package var totalTimeout: Duration = .seconds(300)
    /// An attempt whose transfer rate stays below `lowSpeedLimit` bytes/s for `lowSpeedTime` is aborted as
    /// stalled (`CURLOPT_LOW_SPEED_LIMIT`/`_TIME`) and retried.
    package var lowSpeedLimit: Int = 1
    /// See ``lowSpeedLimit``.
    package var lowSpeedTime: Duration = .seconds(60)
    /// Largest decoded body accepted, in bytes (default 256 MiB). A larger body fails and is not retried.
    package var maxBodyBytes: Int = 256 << 20
    /// Redirect hops followed before "too many redirects"; at most 20 (KNOWN-FAULTS B24).
    package var maxRedirects: Int = 10
    /// Attempts per request (1 = no retries). Retried: transport failures, `429` and `5xx`; other `4xx` never.
    package var maxAttempts: Int = 5
    /// Exponential backoff: before retry n (1-based) the client waits d + random(0 ... d/2) with
    /// d = min(maxBackoff, baseBackoff · 2^(n−1)): jitter only ever lengthens a wait, never shortens it. A
    /// `Retry-After` header (seconds, or an HTTP-date measured against the response's own `Date` header,
    /// RFC 9110 §10.2.3) replaces the computed delay and is waited exactly.
    package var baseBackoff: Duration = .milliseconds(500)
    /// The cap of the computed backoff (see ``baseBackoff``).
    package var maxBackoff: Duration = .seconds(30)
    /// The longest `Retry-After` the client waits; a longer request fails at once with a message saying so.
    package var maxRetryAfter: Duration = .seconds(120)
    /// Retries allowed over the whole run (all requests of one client together), so an outage does not
    /// multiply into hours of retrying. When it is spent, failures are final. The fetch stage gives each source
    /// its own budget instead (``sourceRetryBudget``), so one failing URL cannot use up the retries of others.
    package var runRetryBudget: Int = 50
    /// Retries allowed for all requests of one source (`fetch.source_retry_budget`), used by
    /// ``HTTPClient/withOwnRetryBudget(_:)``.
    package var sourceRetryBudget: Int = 20
    /// Wall time allowed for one source: every request, retry, wait and page together (`fetch.source_timeout_s`).
    /// When it passes, the source's transfer is aborted and the source fails with a timeout naming this setting.
    package var sourceTimeout: Duration = .seconds(900)
    /// Transfers to one host at the same time.
    package var perHostConcurrency: Int = 4
    /// Transfers of one client at the same time, over all hosts: the threads of its ``Curl/CurlWorkerPool``,
    /// each keeping its connections open for the next request.
    package var maxConcurrentTransfers: Int = 8
    /// A PEM bundle of trusted root certificates (`CURLOPT_CAINFO`), e.g. the organisation's TLS-inspection
    /// root; nil uses the system store. Verification is always on: there is no switch to turn it off (B27).
    package var caBundlePath: String?
    /// A directory of trusted certificates in OpenSSL's hashed layout (`CURLOPT_CAPATH`, `c_rehash`), in
    /// addition to ``caBundlePath``; nil uses the system default.
    package var caPath: String?
    /// Where ``caBundlePath`` / ``caPath`` were set (`fetch.ca_bundle in pipelines/x.yaml`, `CURL_CA_BUNDLE`), named
    /// in TLS errors so the message says which setting to change.
    package var trustOrigin: String?
    /// The proxy settings; by default read from the process environment (see ``ProxySettings``).
    package var proxy: ProxySettings = ProxySettings(environment: ProcessInfo.processInfo.environment)
    /// The tool version in the User-Agent.
    package var toolVersion: String = "0.1.0"

    /// The default policy (values above).
    package init() {}

    /// `impactmon/<version> (+libcurl <version>)`, e.g. `impactmon/0.1.0 (+libcurl 7.88.1)`.
    package var userAgent: String { "impactmon/\(toolVersion) (+libcurl \(CurlRuntime.version))" }

    /// Checks the limits.
    /// - Throws: ``ImpactError`` with status `.config` naming the field, its value and the allowed range.
    package func validate() throws {
        func fail(_ field: String, _ value: String, _ rule: String) throws -> Never {
            throw ImpactError(.config, "fetch policy: \(field) = \(value) is invalid; \(rule)")
        }
        if !(0...20).contains(maxRedirects) { try fail("max_redirects", "\(maxRedirects)", "use 0 to 20") }
        if maxAttempts < 1 { try fail("max_attempts", "\(maxAttempts)", "use at least 1 (1 = no retries)") }
        if maxBodyBytes < 1 { try fail("max_body_bytes", "\(maxBodyBytes)", "use a positive number of bytes") }
        if perHostConcurrency < 1 {
            try fail("per_host_concurrency", "\(perHostConcurrency)", "use at least 1")
        }
        if maxConcurrentTransfers < 1 {
            try fail("max_concurrent_transfers", "\(maxConcurrentTransfers)", "use at least 1")
        }
        if maxConcurrentTransfers < 1 {
            try fail("max_concurrent_transfers", "\(maxConcurrentTransfers)", "use at least 1")
        }
        if runRetryBudget < 0 { try fail("retry_budget", "\(runRetryBudget)", "use 0 or more") }
        if connectTimeout <= .zero || totalTimeout <= .zero {
            try fail("timeouts", "\(connectTimeout)/\(totalTimeout)", "use positive durations")
        }
        if baseBackoff < .zero || maxBackoff < baseBackoff {
            try fail("backoff", "\(baseBackoff)...\(maxBackoff)", "use 0 ≤ base ≤ max")
        }
        if let ca = caBundlePath, !FileManager.default.isReadableFile(atPath: ca) {
            try fail(
                "ca_bundle", "\"\(ca)\"" + (trustOrigin.map { " (from \($0))" } ?? ""),
                "the file does not exist or is not readable; give the path of a PEM bundle")
        }
        var isDirectory: ObjCBool = false
        if let dir = caPath,
            !(FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) && isDirectory.boolValue)
        {
            try fail(
                "ca_path", "\"\(dir)\"" + (trustOrigin.map { " (from \($0))" } ?? ""),
                "the directory does not exist; give a directory of hashed certificates (c_rehash)")
        }
        if sourceRetryBudget < 0 { try fail("source_retry_budget", "\(sourceRetryBudget)", "use 0 or more") }
        if sourceTimeout <= .zero { try fail("source_timeout_s", "\(sourceTimeout)", "use a positive duration") }
        if lowSpeedLimit < 0 { try fail("low_speed_limit_bps", "\(lowSpeedLimit)", "use 0 (off) or more bytes/s") }
        if lowSpeedTime < .seconds(1) { try fail("low_speed_time_s", "\(lowSpeedTime)", "use at least 1 second") }
    }

    /// The delay before retry `retry` (1-based) without a `Retry-After`, with `random` drawing the jitter.
    package func backoff(retry: Int, random: (ClosedRange<Double>) -> Double) -> Duration {
        let baseMs = Self.milliseconds(baseBackoff)
        let capMs = Self.milliseconds(maxBackoff)
        let exponent = min(max(0, retry - 1), 40)
        let (scaled, overflow) = baseMs.multipliedReportingOverflow(by: Int64(1) << exponent)
        let d = overflow ? capMs : min(capMs, scaled)
        let spread = d / 2
        let jitter = Int64(random(0...Double(spread)).rounded())
        return .milliseconds(d + min(max(0, jitter), spread))
    }

    private static func milliseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
