import CCurl
import Foundation

/// A libcurl easy handle (`CURL *`): one transfer at a time, confined to one thread, cleaned up exactly once.
///
/// `~Copyable` makes the single owner explicit (swift-subprocess's `IODescriptor` pattern); `deinit` calls
/// `curl_easy_cleanup`. The handle is not `Sendable`: libcurl-thread(3) forbids using one handle from two
/// threads at once. Create it on the thread that performs the transfer (``CurlWorker`` does).
///
/// Every handle sets, at creation (see the libcurl man page of each option):
/// - `CURLOPT_NOSIGNAL=1`: no `SIGALRM`/`longjmp` for name-lookup timeouts, which is unsafe in a threaded
///   program (KNOWN-FAULTS B26). This libcurl has the threaded resolver, so DNS timeouts still work.
/// - `CURLOPT_FOLLOWLOCATION=0`: redirects are followed by `Fetching`, one hop per transfer.
/// - `CURLOPT_SSL_VERIFYPEER=1`, `CURLOPT_SSL_VERIFYHOST=2`: TLS verification, never switched off.
/// - `CURLOPT_NOPROGRESS=0` with a progress callback, so a transfer can be cancelled.
package struct Easy: ~Copyable {
    /// The `long`-valued options this wrapper sets, so tests can check what a handle was given.
    package enum LongOption: String, Sendable, CaseIterable {
        case noSignal = "CURLOPT_NOSIGNAL"
        case followLocation = "CURLOPT_FOLLOWLOCATION"
        case sslVerifyPeer = "CURLOPT_SSL_VERIFYPEER"
        case sslVerifyHost = "CURLOPT_SSL_VERIFYHOST"
        case noProgress = "CURLOPT_NOPROGRESS"
        case connectTimeoutMilliseconds = "CURLOPT_CONNECTTIMEOUT_MS"
        case timeoutMilliseconds = "CURLOPT_TIMEOUT_MS"
        case lowSpeedLimit = "CURLOPT_LOW_SPEED_LIMIT"
        case lowSpeedTime = "CURLOPT_LOW_SPEED_TIME"
        case httpGet = "CURLOPT_HTTPGET"

        var option: CURLoption {
            switch self {
            case .noSignal: CURLOPT_NOSIGNAL
            case .followLocation: CURLOPT_FOLLOWLOCATION
            case .sslVerifyPeer: CURLOPT_SSL_VERIFYPEER
            case .sslVerifyHost: CURLOPT_SSL_VERIFYHOST
            case .noProgress: CURLOPT_NOPROGRESS
            case .connectTimeoutMilliseconds: CURLOPT_CONNECTTIMEOUT_MS
            case .timeoutMilliseconds: CURLOPT_TIMEOUT_MS
            case .lowSpeedLimit: CURLOPT_LOW_SPEED_LIMIT
            case .lowSpeedTime: CURLOPT_LOW_SPEED_TIME
            case .httpGet: CURLOPT_HTTPGET
            }
        }
    }

    private let raw: UnsafeMutableRawPointer
    private var longOptions: [LongOption: Int]

    /// Creates a handle with the settings every transfer needs (see the type's documentation).
    /// - Throws: ``CurlError`` (kind `.setup`) when libcurl cannot be initialised or refuses an option.
    package init() throws(CurlError) {
        try CurlRuntime.ensureInitialized()
        guard let handle = curl_easy_init() else {
            throw CurlError(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init returned NULL")
        }
        // Options are set before `self` is complete, so a refused option cleans up here, not in deinit.
        var options: [LongOption: Int] = [:]
        for (option, value) in Self.defaults {
            let code = ccurl_setopt_long(handle, option.option, value)
            guard code == CURLE_OK else {
                curl_easy_cleanup(handle)
                throw CurlError.from(code, detail: "setting \(option.rawValue)=\(value)")
            }
            options[option] = value
        }
        raw = handle
        longOptions = options
    }

    deinit { curl_easy_cleanup(raw) }

    /// The options every handle carries, set at creation and again after every reset.
    private static let defaults: [(LongOption, Int)] = [
        (.noSignal, 1), (.followLocation, 0), (.sslVerifyPeer, 1), (.sslVerifyHost, 2), (.noProgress, 0),
        (.httpGet, 1),
    ]

    /// `curl_easy_reset`, then the defaults again: every option returns to its initial value, while the
    /// handle keeps its connection cache, DNS cache and TLS sessions (so a reused handle reuses connections).
    /// - Throws: ``CurlError`` when libcurl refuses a default option.
    package mutating func resetToDefaults() throws(CurlError) {
        curl_easy_reset(raw)
        longOptions = [:]
        for (option, value) in Self.defaults { try set(option, value) }
    }

    /// The value this wrapper last set for `option`, or nil if it never set it.
    package func value(of option: LongOption) -> Int? { longOptions[option] }

    /// Sets a `long` option and records it.
    /// - Throws: ``CurlError`` when libcurl refuses the option.
    package mutating func set(_ option: LongOption, _ value: Int) throws(CurlError) {
        try check(ccurl_setopt_long(raw, option.option, value), "setting \(option.rawValue)=\(value)")
        longOptions[option] = value
    }

    private func setString(_ option: CURLoption, _ value: String, _ name: String) throws(CurlError) {
        // libcurl copies string options (CURLOPT_* "The application does not have to keep the string around").
        let code = value.withCString { ccurl_setopt_string(raw, option, $0) }
        try check(code, "setting \(name)")
    }

    private func check(_ code: CURLcode, _ what: String) throws(CurlError) {
        guard code == CURLE_OK else { throw CurlError.from(code, detail: what) }
    }

    /// Performs one GET (blocking) and returns its outcome, whatever the HTTP status.
    ///
    /// Starts from ``resetToDefaults()``, so a reused handle carries nothing over but its connections.
    /// Blocks the calling thread until the transfer ends: never call it on the Swift concurrency pool; use
    /// ``CurlWorkerPool`` or ``CurlWorker``.
    /// - Throws: ``CurlError`` for transport failures (no status line, reset, timeout, truncated body, body over
    ///   the cap, TLS, unreadable `file://`) and for options libcurl refuses.
    package mutating func perform(_ transfer: CurlTransfer, cancel: CancelFlag? = nil) throws(CurlError) -> CurlResult {
        // No option of an earlier transfer on this handle may leak into this one (proxy, CA bundle, headers).
        try resetToDefaults()
        try setString(CURLOPT_URL, transfer.url, "CURLOPT_URL")
        try setString(CURLOPT_PROTOCOLS_STR, transfer.allowedProtocols, "CURLOPT_PROTOCOLS_STR")
        try setString(CURLOPT_REDIR_PROTOCOLS_STR, transfer.allowedProtocols, "CURLOPT_REDIR_PROTOCOLS_STR")
        try set(.connectTimeoutMilliseconds, Self.milliseconds(transfer.connectTimeout))
        try set(.timeoutMilliseconds, Self.milliseconds(transfer.totalTimeout))
        try set(.lowSpeedLimit, transfer.lowSpeedLimit)
        try set(.lowSpeedTime, max(1, Int((Self.milliseconds(transfer.lowSpeedTime) + 999) / 1000)))
        try check(
            ccurl_setopt_off_t(raw, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(transfer.maxBodyBytes)),
            "setting CURLOPT_MAXFILESIZE_LARGE")
        try setString(CURLOPT_USERAGENT, transfer.userAgent, "CURLOPT_USERAGENT")
        if let encoding = transfer.acceptEncoding {
            try setString(CURLOPT_ACCEPT_ENCODING, encoding, "CURLOPT_ACCEPT_ENCODING")
        }
        if let ca = transfer.caBundlePath {
            try setString(CURLOPT_CAINFO, ca, "CURLOPT_CAINFO")
        }
        if let dir = transfer.caPath {
            try setString(CURLOPT_CAPATH, dir, "CURLOPT_CAPATH")
        }
        try setString(CURLOPT_PROXY, transfer.proxy ?? "", "CURLOPT_PROXY")
        if let noProxy = transfer.noProxy {
            try setString(CURLOPT_NOPROXY, noProxy, "CURLOPT_NOPROXY")
        }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(list) }
        for header in transfer.headers {
            let line = header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
            guard let appended = curl_slist_append(list, line) else {
                throw CurlError(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed")
            }
            list = appended
        }
        try check(ccurl_setopt_slist(raw, CURLOPT_HTTPHEADER, list), "setting CURLOPT_HTTPHEADER")

        let sink = TransferSink(maxBodyBytes: transfer.maxBodyBytes)
        let flag = cancel ?? CancelFlag()
        let errorSize = Int(ccurl_error_size())
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: errorSize)
        errorBuffer.initialize(repeating: 0, count: errorSize)
        defer { errorBuffer.deallocate() }

        let code: CURLcode = withExtendedLifetime(sink) {
            withExtendedLifetime(flag) {
                let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
                let flagPointer = Unmanaged.passUnretained(flag).toOpaque()
                var setup = ccurl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
                if setup == CURLE_OK { setup = ccurl_setopt_pointer(raw, CURLOPT_WRITEDATA, sinkPointer) }
                if setup == CURLE_OK { setup = ccurl_setopt_data_cb(raw, CURLOPT_WRITEFUNCTION, curlWriteCallback) }
                if setup == CURLE_OK { setup = ccurl_setopt_pointer(raw, CURLOPT_HEADERDATA, sinkPointer) }
                if setup == CURLE_OK { setup = ccurl_setopt_data_cb(raw, CURLOPT_HEADERFUNCTION, curlHeaderCallback) }
                if setup == CURLE_OK { setup = ccurl_setopt_pointer(raw, CURLOPT_XFERINFODATA, flagPointer) }
                if setup == CURLE_OK { setup = ccurl_setopt_xferinfo_cb(raw, curlProgressCallback) }
                let result = setup == CURLE_OK ? curl_easy_perform(raw) : setup
                // No stale pointers into this frame stay in the handle.
                _ = ccurl_setopt_pointer(raw, CURLOPT_WRITEDATA, nil)
                _ = ccurl_setopt_pointer(raw, CURLOPT_HEADERDATA, nil)
                _ = ccurl_setopt_pointer(raw, CURLOPT_XFERINFODATA, nil)
                _ = ccurl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, nil)
                return result
            }
        }
        let detail = String(cString: errorBuffer)

        var status = 0
        _ = ccurl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &status)
        guard code == CURLE_OK else {
            throw CurlError.from(
                code, detail: sink.exceededCap ? "body exceeds the cap of \(transfer.maxBodyBytes) bytes" : detail,
                bytesReceived: sink.body.count, httpStatus: status, exceededBodyCap: sink.exceededCap)
        }
        var downloaded: curl_off_t = 0
        _ = ccurl_getinfo_off_t(raw, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        return CurlResult(
            status: status, headers: sink.headers, body: sink.body,
            effectiveURL: info(CURLINFO_EFFECTIVE_URL) ?? transfer.url, redirectURL: info(CURLINFO_REDIRECT_URL),
            bytesTransferred: Int(downloaded), bodySHA256: sink.digest.hexDigest())
    }

    private func info(_ key: CURLINFO) -> String? {
        var pointer: UnsafeMutablePointer<CChar>? = nil
        guard ccurl_getinfo_string(raw, key, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return max(0, Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
    }
}
