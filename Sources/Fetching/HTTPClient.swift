import ContentHash
import Curl
import Foundation
import ImpactModel
import Logging

/// The production ``HTTPFetching``: libcurl for `http://`, `https://` and `file://`, with retries, redirects,
/// conditional GET and the response store.
///
/// - Redirects (`301`, `302`, `303`, `307`, `308`) are followed one hop at a time, up to
///   ``FetchPolicy/maxRedirects``; the `Location` header is matched case-insensitively (B24) and resolved against
///   the request URL (RFC 3986 §5). A redirect from `https` to `http` is refused; on a hop to another origin the
///   secret headers (``HTTPRequest/secretHeaderNames``) are dropped.
/// - Transport failures (connection closed before a response, reset, timeouts, truncated body) and statuses
///   `429` and `5xx` are retried with exponential backoff and jitter, honouring `Retry-After`, within
///   ``FetchPolicy/maxAttempts`` and the run's retry budget. Other `4xx` are final at once.
/// - A body shorter than its `Content-Length`, or an unterminated chunked body, is never returned (B03).
/// - In ``Mode/online`` a stored response's validators are sent (`If-None-Match`, `If-Modified-Since`); a `304`
///   returns the stored body. ``Mode/offline`` replays the store byte for byte and fails for a request it does
///   not hold; ``Mode/refresh`` sends no validators but still updates the store.
/// - Every request appends a ``FetchRecord`` to ``log`` (success or failure); a failure's record is also on the
///   thrown ``FetchError``.
///
/// One client serves one run: its retry budget and per-host limits are shared by all of the run's requests.
package struct HTTPClient: HTTPFetching {
    /// How the response store is used.
    package enum Mode: String, Sendable, CaseIterable {
        /// Conditional GET against the store; the store is updated with every 2xx.
        case online
        /// No network: every `http(s)` request is answered from the store or fails.
        case offline
        /// Unconditional GET (validators not sent); the store is updated.
        case refresh
    }

    /// Timeouts, limits, retries, trust store and proxy.
    package private(set) var policy: FetchPolicy
    /// The response store, if any.
    package let store: ResponseStore?
    /// How the store is used.
    package let mode: Mode
    /// The records of every request made through this client (see ``recording(into:)`` for one per source).
    package private(set) var log: FetchLog
    /// The retries left for this run.
    package private(set) var budget: RetryBudget
    private let limiter: HostLimiter
    private let workers: CurlWorkerPool
    private let clock: FetchClock
    private let logger: Logger

    /// Creates a client for one run.
    /// - Parameters:
    ///   - store: the response store (`ResponseStore(outputDirectory:)`), or nil for none (then `offline` fails).
    ///   - clock: time, sleep and jitter; tests inject a recording sleep.
    /// - Throws: ``ImpactModel/ImpactError`` (`.config`) when the policy is invalid; ``CurlError`` when libcurl
    ///   cannot be initialised.
    package init(
        policy: FetchPolicy = FetchPolicy(), store: ResponseStore? = nil, mode: Mode = .online,
        clock: FetchClock = .system, logger: Logger = Logger(label: "impactmon.fetch")
    ) throws {
        try policy.validate()
        try CurlRuntime.bootstrap()
        self.policy = policy
        self.store = store
        self.mode = mode
        self.log = FetchLog()
        self.budget = RetryBudget(policy.runRetryBudget)
        self.limiter = HostLimiter(limit: policy.perHostConcurrency)
        self.workers = CurlWorkerPool(maxThreads: policy.maxConcurrentTransfers)
        self.clock = clock
        self.logger = logger
    }

    /// The same client (policy, store, retry budget, per-host limits) writing its records into `log` instead:
    /// the fetch stage gives each source its own log and writes it as that source's `fetch.json`, while the
    /// run's budget and host limits stay shared.
    package func recording(into log: FetchLog) -> HTTPClient {
        var copy = self
        copy.log = log
        return copy
    }

    /// The same client (store, log, per-host limits, connections) with its own retry budget of `retries`: the fetch
    /// stage gives each source one (``FetchPolicy/sourceRetryBudget``), so one URL answering `500` cannot spend the
    /// retries of other sources.
    package func withOwnRetryBudget(_ retries: Int) -> HTTPClient {
        var copy = self
        copy.budget = RetryBudget(retries)
        return copy
    }

    /// The same client trusting `caBundle` / `caPath` instead (a source's own `ca_bundle` / `ca_path`); `origin`
    /// names the setting in TLS errors.
    /// - Throws: ``ImpactModel/ImpactError`` (`.config`) when the file or directory does not exist.
    package func withTrust(caBundle: String?, caPath: String?, origin: String) throws -> HTTPClient {
        var copy = self
        copy.policy.caBundlePath = caBundle ?? policy.caBundlePath
        copy.policy.caPath = caPath ?? policy.caPath
        copy.policy.trustOrigin = origin
        try copy.policy.validate()
        return copy
    }

    /// Ends the client's transfer threads after their queued transfers, cleaning up their libcurl handles.
    /// Call it once the run's fetching is done (the threads also end when the last copy of the client is
    /// released, but without waiting).
    package func shutdown() async {
        await workers.shutdown()
    }

    /// GETs `request.url` (see the type's documentation for the rules).
    /// - Throws: ``FetchError`` naming the URL (secrets masked), the failure, the attempts made and what to do.
    package func get(_ request: HTTPRequest) async throws -> HTTPResponse {
        let secretNames = Set(request.secretHeaderNames.map { $0.lowercased() })
        for (name, value) in request.headers where secretNames.contains(name.lowercased()) {
            Secrets.register(value)
        }
        let masked = SecretMasking.mask(request.url, secretNames: request.secretHeaderNames)
        var progress = RequestProgress(url: masked)
        do {
            let response = try await dispatch(request, masked: masked, progress: &progress)
            if let record = response.record { log.append(record) }
            return response
        } catch {
            var failure = error.finished(attempts: progress.attempts)
            let record = progress.failureRecord(failure, at: clock.now())
            failure.record = record
            log.append(record)
            logger.info("fetch failed", metadata: ["url": "\(masked)", "error": "\(failure.message)"])
            throw failure
        }
    }

    // MARK: - Dispatch by scheme

    private func dispatch(_ request: HTTPRequest, masked: String, progress: inout RequestProgress)
        async throws(FetchError)
        -> HTTPResponse
    {
        for (name, value) in request.headers
        where (name + value).unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw FetchError(
                .unsupportedURL, url: masked, attempts: 0,
                message: "GET \(masked): request header \(name) contains a line break; remove it from the configuration"
            )
        }
        guard let components = URLComponents(string: request.url), let scheme = components.scheme?.lowercased()
        else {
            throw FetchError(
                .unsupportedURL, url: masked, attempts: 0,
                message: "GET \(masked): not a valid absolute URL; use https://, http:// or file://")
        }
        switch scheme {
        case "file":
            return try await readFile(request, path: components.path, masked: masked, progress: &progress)
        case "http", "https":
            if mode == .offline { return try replay(request, masked: masked) }
            return try await fetchHTTP(request, masked: masked, progress: &progress)
        default:
            throw FetchError(
                .unsupportedURL, url: masked, attempts: 0,
                message: "GET \(masked): scheme \"\(scheme)\" is not supported; use https://, http:// or file://")
        }
    }

    // MARK: - file://

    private func readFile(_ request: HTTPRequest, path: String, masked: String, progress: inout RequestProgress)
        async throws(FetchError) -> HTTPResponse
    {
        progress.attempts = 1
        let transfer = makeTransfer(url: request.url, headers: [], protocols: "file", scheme: "file")
        let result: CurlResult
        do {
            result = try await workers.perform(transfer)
        } catch let error as CurlError where error.kind == .fileNotReadable {
            let exists = FileManager.default.fileExists(atPath: path)
            let what = exists ? "cannot read file \(path) (check its permissions)" : "file not found: \(path)"
            throw FetchError(
                .fileNotFound, url: masked, attempts: 1,
                message: "\(what) (from \(masked)); check the source's url in the pipeline file "
                    + "(relative paths resolve against the pipeline file)")
        } catch {
            throw mapTransportError(error, masked: masked, host: "localhost")
        }
        let now = clock.now()
        let record = FetchRecord(
            url: masked, effectiveURL: masked, status: 0, bytes: result.body.count,
            sha256: result.bodySHA256 ?? ResponseStore.sha256Hex(result.body), retrievedAt: FetchRecord.timestamp(now),
            attempts: 1,
            bodyBytesTransferred: result.bytesTransferred)
        return HTTPResponse(
            requestURL: request.url, effectiveURL: request.url, status: 0, headers: [:], body: result.body,
            record: record)
    }

    // MARK: - offline replay

    private func replay(_ request: HTTPRequest, masked: String) throws(FetchError) -> HTTPResponse {
        guard let store else {
            throw FetchError(
                .notStored, url: masked, attempts: 0,
                message:
                    "GET \(masked): offline mode needs the response store (<output>/.cache), and none is configured")
        }
        let key = ResponseStore.key(for: request, maskedURL: masked)
        guard let (entry, body) = try store.lookup(key) else {
            throw FetchError(
                .notStored, url: masked, attempts: 0,
                message: "GET \(masked): offline, and the response store \(store.directory.path) has no response "
                    + "for this request (key \(key.prefix(12))…); run once online (without --offline) to record it")
        }
        let record = FetchRecord(
            url: masked, effectiveURL: entry.effectiveURL, status: entry.status,
            contentType: entry.headers["content-type"], etag: entry.etag, lastModified: entry.lastModified,
            bytes: body.count, sha256: entry.sha256, retrievedAt: FetchRecord.timestamp(clock.now()), attempts: 0,
            fromCache: true)
        var response = HTTPResponse(
            requestURL: request.url, effectiveURL: entry.effectiveURL, status: entry.status, headers: entry.headers,
            body: body, record: record)
        response.storedBodyFile = store.bodyFile(of: entry)  // just read and checked against its SHA-256
        return response
    }

    // MARK: - http(s)://

    private func fetchHTTP(_ request: HTTPRequest, masked: String, progress: inout RequestProgress)
        async throws(FetchError)
        -> HTTPResponse
    {
        let key = ResponseStore.key(for: request, maskedURL: masked)
        // Only the entry (validators) now; its body is read and checked only if the server answers 304.
        var stored: ResponseStore.StoredResponse? = nil
        if mode == .online, let store {
            do {
                stored = try store.lookupEntry(key)
            } catch {
                logger.warning(
                    "ignoring a corrupt store entry",
                    metadata: ["url": "\(masked)", "error": "\(SystemErrorText.describe(error))"])
            }
        }
        let secretNames = Set(request.secretHeaderNames.map { $0.lowercased() })
        var headers = request.headers.map { CurlHeader($0.key, $0.value) }.sorted { $0.name < $1.name }
        let given = Set(headers.map { $0.name.lowercased() })
        if let entry = stored {
            if let etag = entry.etag, !given.contains("if-none-match") {
                headers.append(CurlHeader("If-None-Match", etag))
            }
            if let lastModified = entry.lastModified, !given.contains("if-modified-since") {
                headers.append(CurlHeader("If-Modified-Since", lastModified))
            }
        }

        var url = request.url
        while true {
            let result = try await performWithRetries(url: url, headers: headers, masked: masked, progress: &progress)
            // Without a redirect the effective URL is the requested one, already masked.
            progress.effectiveURL =
                result.effectiveURL == request.url
                ? masked : SecretMasking.mask(result.effectiveURL, secretNames: secretNames)
            progress.status = result.status
            progress.contentType = result.header("content-type")
            let status = result.response.status

            if [301, 302, 303, 307, 308].contains(status) {
                url = try nextHop(from: url, result: result.response, masked: masked, progress: &progress)
                try request.scope?.check(url, what: "redirect to", attempts: progress.attempts)
                if origin(of: url) != origin(of: result.response.effectiveURL) {
                    headers.removeAll { secretNames.contains($0.name.lowercased()) }
                }
                continue
            }
            if status == 304 {
                guard let entry = stored, let store else {
                    throw FetchError(
                        .httpStatus, url: masked, status: 304, attempts: progress.attempts,
                        message: "GET \(masked): HTTP 304 Not Modified, but the store holds no copy to reuse; "
                            + "remove If-None-Match/If-Modified-Since from the request's headers")
                }
                let body: Data
                do {
                    body = try store.body(of: entry, key: key)
                } catch {
                    // The stored copy went bad after its entry was read: ask again, unconditionally.
                    logger.warning(
                        "ignoring a corrupt store entry", metadata: ["url": "\(masked)", "error": "\(error.message)"])
                    store.removeBody(of: entry)
                    stored = nil
                    headers.removeAll {
                        let name = $0.name.lowercased()
                        return (name == "if-none-match" || name == "if-modified-since") && !given.contains(name)
                    }
                    continue
                }
                let record = FetchRecord(
                    url: masked, effectiveURL: progress.effectiveURL, status: 304,
                    contentType: entry.headers["content-type"], etag: entry.etag, lastModified: entry.lastModified,
                    bytes: body.count, sha256: entry.sha256, retrievedAt: FetchRecord.timestamp(clock.now()),
                    attempts: progress.attempts, redirects: progress.redirects, fromCache: true, notModified: true,
                    bodyBytesTransferred: progress.transferred)
                logger.debug("not modified", metadata: ["url": "\(masked)"])
                var response = HTTPResponse(
                    requestURL: request.url, effectiveURL: result.response.effectiveURL, status: entry.status,
                    headers: entry.headers, body: body, record: record)
                response.storedBodyFile = store.bodyFile(of: entry)  // just read and checked against its SHA-256
                return response
            }
            guard (200..<300).contains(status) else {
                throw statusError(result.response, masked: masked, progress: progress, note: result.note)
            }
            return success(request, key: key, masked: masked, response: result.response, progress: progress)
        }
    }

    /// The next hop of a redirect, after the loop limit, `Location` and downgrade checks.
    private func nextHop(from url: String, result: CurlResult, masked: String, progress: inout RequestProgress)
        throws(FetchError) -> String
    {
        guard let next = result.redirectURL, let nextScheme = URLComponents(string: next)?.scheme?.lowercased() else {
            throw FetchError(
                .badRedirect, url: masked, status: result.status, attempts: progress.attempts,
                message: "GET \(masked): HTTP \(result.status) redirect without a usable Location header")
        }
        let maskedNext = SecretMasking.mask(next)
        guard progress.redirects < policy.maxRedirects else {
            throw FetchError(
                .tooManyRedirects, url: masked, status: result.status, attempts: progress.attempts,
                message: "GET \(masked): too many redirects: more than \(policy.maxRedirects) hops (last Location "
                    + "\(maskedNext)); the server redirects in a loop or the URL is outdated")
        }
        let currentScheme = URLComponents(string: url)?.scheme?.lowercased() ?? ""
        guard nextScheme == "https" || (nextScheme == "http" && currentScheme == "http") else {
            throw FetchError(
                .badRedirect, url: masked, status: result.status, attempts: progress.attempts,
                message: "GET \(masked): refusing redirect from \(currentScheme) to \(maskedNext); "
                    + "a redirect may not leave https; use the https URL of the source")
        }
        progress.redirects += 1
        logger.debug("redirect", metadata: ["from": "\(SecretMasking.mask(url))", "to": "\(maskedNext)"])
        return next
    }

    private func origin(of url: String) -> String {
        guard let c = URLComponents(string: url) else { return url }
        let scheme = c.scheme?.lowercased() ?? ""
        let port = c.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(c.host?.lowercased() ?? ""):\(port)"
    }

    /// Records and stores a 2xx response.
    private func success(
        _ request: HTTPRequest, key: String, masked: String, response: CurlResult, progress: RequestProgress
    ) -> HTTPResponse {
        let now = clock.now()
        // Hashed once, by the transfer while the body streamed in; the store and fetch.json take that digest.
        let sha = response.bodySHA256 ?? ResponseStore.sha256Hex(response.body)
        var headers: [String: String] = [:]
        for h in response.headers { headers[h.name] = h.value }
        var storedBodyFile: URL? = nil
        let etag = headers["etag"]
        let lastModified = headers["last-modified"]
        if let store {
            let secrets = Set(request.secretHeaderNames.map { $0.lowercased() })
            let kept = headers.filter {
                !ResponseStore.droppedResponseHeaders.contains($0.key) && !secrets.contains($0.key)
            }
            let entry = ResponseStore.StoredResponse(
                url: masked, effectiveURL: progress.effectiveURL, status: response.status, headers: kept, etag: etag,
                lastModified: lastModified, sha256: sha, bytes: response.body.count,
                retrievedAt: FetchRecord.timestamp(now))
            do {
                storedBodyFile = try store.save(key, entry: entry, body: response.body)
            } catch {
                logger.warning(
                    "could not write the response store; offline replay of this request will fail",
                    metadata: [
                        "url": "\(masked)", "store": "\(store.directory.path)",
                        "error": "\(SystemErrorText.describe(error))",
                    ])
            }
        }
        let record = FetchRecord(
            url: masked, effectiveURL: progress.effectiveURL, status: response.status,
            contentType: headers["content-type"], etag: etag, lastModified: lastModified, bytes: response.body.count,
            sha256: sha, retrievedAt: FetchRecord.timestamp(now), attempts: progress.attempts,
            redirects: progress.redirects, bodyBytesTransferred: progress.transferred)
        var result = HTTPResponse(
            requestURL: request.url, effectiveURL: response.effectiveURL, status: response.status, headers: headers,
            body: response.body, record: record)
        result.storedBodyFile = storedBodyFile
        return result
    }

    // MARK: - One hop, with retries

    /// A hop's final response (any status) and, when retrying stopped early, why.
    private struct HopResult {
        var response: CurlResult
        var note: String?
        var effectiveURL: String { response.effectiveURL }
        var status: Int { response.status }
        func header(_ name: String) -> String? { response.header(name) }
    }

    private static func isRetryableStatus(_ status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    private func performWithRetries(url: String, headers: [CurlHeader], masked: String, progress: inout RequestProgress)
        async throws(FetchError) -> HopResult
    {
        let scheme = URLComponents(string: url)?.scheme?.lowercased() ?? "https"
        let host = URLComponents(string: url)?.host?.lowercased() ?? ""
        let transfer = makeTransfer(url: url, headers: headers, protocols: "http,https", scheme: scheme)
        while true {
            progress.attempts = 1 + progress.retries
            var retryAfter: Duration? = nil
            let failure: FetchError
            var response: CurlResult? = nil
            do {
                let result = try await limiter.withPermit(host) { try await workers.perform(transfer) }
                progress.transferred += result.bytesTransferred
                if let short = truncation(result) {
                    failure = FetchError(
                        .truncated, url: masked, status: result.status, attempts: progress.attempts,
                        message: "GET \(masked): truncated body: \(short)", isTransient: true)
                } else if Self.isRetryableStatus(result.status) {
                    response = result
                    failure = statusError(result, masked: masked, progress: progress, note: nil)
                    if let value = result.header("retry-after") {
                        // An HTTP-date is measured against the server's own clock (its `Date` header), so a skewed
                        // local clock neither shortens nor stretches the wait (issue 15).
                        let serverNow = result.header("date").flatMap(RetryAfter.httpDate)
                        retryAfter = RetryAfter.delay(value, now: serverNow ?? clock.now())
                    }
                } else {
                    return HopResult(response: result)
                }
            } catch {
                if let curl = error as? CurlError { progress.transferred += curl.bytesReceived }
                failure = mapTransportError(error, masked: masked, host: host)
                guard failure.isTransient else { throw failure }
            }

            // Decide whether to retry.
            func stop(_ note: String?) throws(FetchError) -> HopResult {
                if let response { return HopResult(response: response, note: note) }
                guard let note else { throw failure }
                throw FetchError(
                    failure.kind, url: failure.url, status: failure.status, contentType: failure.contentType,
                    attempts: failure.attempts, message: "\(failure.message); \(note)", body: failure.body)
            }
            if progress.attempts >= policy.maxAttempts { return try stop(nil) }
            var delay = policy.backoff(retry: progress.retries + 1, random: clock.random)
            if let retryAfter {
                if retryAfter > policy.maxRetryAfter {
                    return try stop(
                        "the server asks to retry after \(Int(retryAfter.seconds.rounded(.up))) s (Retry-After), "
                            + "longer than max_retry_after \(Int(policy.maxRetryAfter.seconds)) s; try again later")
                }
                delay = retryAfter
            }
            guard budget.take() else {
                return try stop(
                    "the retry budget of \(budget.total) retries is spent (fetch.source_retry_budget per source, "
                        + "fetch.retry_budget per client)")
            }
            logger.warning(
                "retrying",
                metadata: [
                    "url": "\(masked)", "attempt": "\(progress.attempts)", "delay_s": "\(delay.seconds)",
                    "reason": "\(failure.message)",
                ])
            do {
                try await clock.sleep(delay)
            } catch {
                throw FetchError(
                    .cancelled, url: masked, attempts: progress.attempts, message: "GET \(masked): cancelled")
            }
            progress.retries += 1
        }
    }

    /// A description of the shortfall when a 2xx body is shorter than its `Content-Length` (identity encoding),
    /// which libcurl normally reports itself as `CURLE_PARTIAL_FILE`; nil when the body is complete.
    private func truncation(_ result: CurlResult) -> String? {
        guard (200..<300).contains(result.status), result.header("content-encoding") == nil,
            let declared = result.header("content-length").flatMap({ Int($0) }), declared != result.body.count
        else { return nil }
        return "received \(result.body.count) bytes, Content-Length says \(declared)"
    }

    private func makeTransfer(url: String, headers: [CurlHeader], protocols: String, scheme: String) -> CurlTransfer {
        CurlTransfer(
            url: url, headers: headers, allowedProtocols: protocols, connectTimeout: policy.connectTimeout,
            totalTimeout: policy.totalTimeout, lowSpeedLimit: policy.lowSpeedLimit, lowSpeedTime: policy.lowSpeedTime,
            maxBodyBytes: policy.maxBodyBytes, userAgent: policy.userAgent, acceptEncoding: "",
            caBundlePath: policy.caBundlePath, caPath: policy.caPath, proxy: policy.proxy.proxy(forScheme: scheme),
            noProxy: policy.proxy.noProxy)
    }

    // MARK: - Errors

    private func statusError(_ result: CurlResult, masked: String, progress: RequestProgress, note: String?)
        -> FetchError
    {
        let status = result.status
        let contentType = result.header("content-type")
        var parts = ["content-type \(contentType ?? "none")", "\(result.body.count) bytes"]
        let snippet = Self.snippet(result.body)
        if !snippet.isEmpty { parts.append("body starts \"\(snippet)\"") }
        let advice: String
        switch status {
        case 404: advice = "not retried; check the URL (table id, entity set, API version)"
        case 401, 403: advice = "not retried; check the credentials (e.g. KVK_API_KEY) and access rights"
        case 400..<500 where !Self.isRetryableStatus(status): advice = "not retried; check the request"
        default: advice = "the server kept failing; try again later"
        }
        var message =
            "GET \(masked): HTTP \(status)\(Self.reason(status)) (\(parts.joined(separator: ", "))); \(advice)"
        if let note { message += "; \(note)" }
        return FetchError(
            .httpStatus, url: masked, status: status, contentType: contentType, attempts: progress.attempts,
            message: message, body: result.body.prefix(65_536), isTransient: Self.isRetryableStatus(status))
    }

    private func mapTransportError(_ error: any Error, masked: String, host: String) -> FetchError {
        guard let curl = error as? CurlError else {
            if error is CancellationError {
                return FetchError(.cancelled, url: masked, attempts: 0, message: "GET \(masked): cancelled")
            }
            return FetchError(
                .transport, url: masked, attempts: 0, message: "GET \(masked): \(SystemErrorText.describe(error))")
        }
        let detail = "libcurl \(curl.code): \(curl.message)"
        let kind: FetchError.Kind
        let what: String
        var transient = true
        switch curl.kind {
        case .emptyReply:
            (kind, what) = (.connectionClosed, "connection closed before response by host \(host) (\(detail))")
        case .connectionLost:
            (kind, what) = (
                .connectionLost, "connection to host \(host) lost after \(curl.bytesReceived) body bytes (\(detail))"
            )
        case .timedOut:
            (kind, what) = (
                .timeout,
                "timed out after \(curl.bytesReceived) body bytes (connect timeout \(policy.connectTimeout), total "
                    + "\(policy.totalTimeout), stall below \(policy.lowSpeedLimit) B/s for \(policy.lowSpeedTime)) "
                    + "(\(detail))"
            )
        case .couldNotResolve, .couldNotConnect:
            (kind, what) = (
                .unreachable, "cannot reach host \(host) (\(detail)); check the URL, DNS and proxy settings"
            )
        case .partialBody, .http2Stream:
            (kind, what) = (
                .truncated, "truncated body: received \(curl.bytesReceived) bytes before the transfer ended (\(detail))"
            )
        case .bodyTooLarge:
            transient = false
            (kind, what) = (
                .bodyTooLarge,
                "body larger than max_body_bytes \(policy.maxBodyBytes) (\(curl.bytesReceived) bytes received); "
                    + "raise fetch.max_body_bytes in the pipeline file or narrow the query"
            )
        case .tls:
            transient = false
            (kind, what) = (
                .tls,
                "TLS \(curl.code == 60 ? "certificate verify failed" : "failure") for host \(host) (\(detail)); "
                    + (curl.code == 77
                        ? "the CA bundle \(policy.caBundlePath ?? "(system)") cannot be read; fix "
                            + (policy.trustOrigin ?? "ca_bundle")
                        : "if the server uses a private CA or a proxy inspects TLS, set ca_bundle (fetch.ca_bundle "
                            + "in the pipeline file, the source's ca_bundle, or CURL_CA_BUNDLE) to your "
                            + "organisation's root certificate bundle (PEM), or ca_path to a directory of them"
                            + (policy.trustOrigin.map { "; now trusted: \($0)" } ?? ""))
                    + "; verification is never switched off"
            )
        case .unsupportedProtocol, .malformedURL:
            transient = false
            (kind, what) = (.unsupportedURL, "unusable URL (\(detail)); use https://, http:// or file://")
        case .cancelled:
            transient = false
            (kind, what) = (.cancelled, "cancelled")
        case .fileNotReadable, .setup, .other:
            transient = false
            (kind, what) = (.transport, detail)
        }
        return FetchError(
            kind, url: masked, status: curl.httpStatus == 0 ? nil : curl.httpStatus, attempts: 0,
            message: "GET \(masked): \(what)", isTransient: transient)
    }

    /// Up to 120 printable characters of a body, for error messages.
    private static func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(240), as: UTF8.self)
        let cleaned = text.map { $0.isNewline || $0 == "\t" ? " " : $0 }
            .filter { ch in !(ch.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }
        return String(String(cleaned).trimmingWhitespace().prefix(120))
    }

    private static func reason(_ status: Int) -> String {
        let reasons = [
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 408: "Request Timeout",
            410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        return reasons[status].map { " \($0)" } ?? ""
    }
}

/// What a request has done so far, for its record.
private struct RequestProgress {
    var url: String
    var effectiveURL: String
    var status = 0
    var contentType: String? = nil
    var attempts = 0
    var retries = 0
    var redirects = 0
    var transferred = 0

    init(url: String) {
        self.url = url
        self.effectiveURL = url
    }

    func failureRecord(_ error: FetchError, at date: Date) -> FetchRecord {
        FetchRecord(
            url: url, effectiveURL: effectiveURL, status: error.status ?? status,
            contentType: error.contentType ?? contentType, retrievedAt: FetchRecord.timestamp(date),
            attempts: attempts, redirects: redirects, bodyBytesTransferred: transferred, error: error.message)
    }
}
