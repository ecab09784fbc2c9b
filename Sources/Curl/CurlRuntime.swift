import CCurl

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The result of the one-time `curl_global_init`, run by Swift's thread-safe lazy global initialisation
/// (swift_once), as swift-corelibs-foundation's `_initializeLibcurl` does. `curl_global_init` itself is
/// thread-safe only from libcurl 7.84 with `CURL_VERSION_THREADSAFE`, so the executable should also call
/// ``CurlRuntime/bootstrap()`` before it starts any task.
private let globalInitCode: CURLcode = ccurl_global_init_default()

/// Process-wide libcurl state: one-time global initialisation and version information.
///
/// See curl_global_init(3) and libcurl-thread(3).
package enum CurlRuntime {
    /// Runs `curl_global_init(CURL_GLOBAL_DEFAULT)` once and ignores `SIGPIPE`.
    ///
    /// Every ``Easy`` handle sets `CURLOPT_NOSIGNAL`, and with it libcurl no longer ignores `SIGPIPE`
    /// for us (CURLOPT_NOSIGNAL(3)); a peer that closes a socket mid-write would otherwise kill the process.
    /// Call this at the top of the command, before any task starts. Calling it again is harmless.
    /// - Throws: ``CurlError`` with kind `.setup` when libcurl cannot initialise (e.g. its TLS library).
    package static func bootstrap() throws(CurlError) {
        try ensureInitialized()
        _ = signal(SIGPIPE, SIG_IGN)
    }

    /// Checks (and on first use performs) the global initialisation.
    /// - Throws: ``CurlError`` when `curl_global_init` failed.
    static func ensureInitialized() throws(CurlError) {
        let code = globalInitCode
        guard code == CURLE_OK else {
            throw CurlError.from(code, detail: "curl_global_init failed; check the libcurl and OpenSSL installation")
        }
    }

    /// The linked libcurl's version, e.g. `7.88.1` (`curl_version_info(CURLVERSION_NOW)->version`).
    package static var version: String {
        guard let info = ccurl_version_info(), let v = info.pointee.version else { return "unknown" }
        return String(cString: v)
    }

    /// Whether the linked libcurl has the threaded or c-ares resolver (`CURL_VERSION_ASYNCHDNS`), so
    /// name-lookup timeouts work with `CURLOPT_NOSIGNAL=1` (KNOWN-FAULTS B26).
    package static var hasAsynchronousDNS: Bool {
        guard let info = ccurl_version_info() else { return false }
        return info.pointee.features & CURL_VERSION_ASYNCHDNS != 0
    }

    /// Whether the linked libcurl can decode `Content-Encoding: gzip` (`CURL_VERSION_LIBZ`) and `br`
    /// (`CURL_VERSION_BROTLI`).
    package static var contentDecoding: (gzip: Bool, brotli: Bool) {
        guard let info = ccurl_version_info() else { return (false, false) }
        let f = info.pointee.features
        return (f & CURL_VERSION_LIBZ != 0, f & CURL_VERSION_BROTLI != 0)
    }
}
