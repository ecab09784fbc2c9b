import Foundation

/// One request header as sent on the wire (`name: value`).
package struct CurlHeader: Sendable, Hashable {
    /// Field name as written (`Accept`, `If-None-Match`); compared case-insensitively by servers.
    package var name: String
    /// Field value, without CR or LF.
    package var value: String
    /// A header `name: value`.
    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Everything one libcurl transfer needs: a single GET of one URL, with no redirect following
/// (`CURLOPT_FOLLOWLOCATION=0`; `Fetching` follows redirects itself so it can refuse downgrades and drop
/// secret headers on a cross-origin hop).
///
/// Durations are rounded up to whole milliseconds (`CURLOPT_*_MS`); byte counts are bytes.
package struct CurlTransfer: Sendable, Hashable {
    /// Absolute URL. libcurl parses it (RFC 3986, with its own leniencies).
    package var url: String
    /// Request headers. A header with an empty value is sent as `Name;` so it is really sent empty.
    package var headers: [CurlHeader]
    /// `CURLOPT_PROTOCOLS_STR`, e.g. `"http,https"` or `"file"`: the schemes this transfer may use.
    package var allowedProtocols: String
    /// `CURLOPT_CONNECTTIMEOUT_MS`: time allowed for name lookup, TCP connect and TLS handshake.
    package var connectTimeout: Duration
    /// `CURLOPT_TIMEOUT_MS`: the whole transfer, headers and body.
    package var totalTimeout: Duration
    /// `CURLOPT_LOW_SPEED_LIMIT` (bytes per second) and `CURLOPT_LOW_SPEED_TIME`: abort a transfer that stays
    /// below the limit for that long (a stalled body). A limit of 0 disables the check.
    package var lowSpeedLimit: Int
    /// See ``lowSpeedLimit``; rounded up to whole seconds, at least 1.
    package var lowSpeedTime: Duration
    /// Largest decoded body accepted, in bytes; enforced in the write callback and, from `Content-Length`,
    /// by `CURLOPT_MAXFILESIZE_LARGE` before the body starts.
    package var maxBodyBytes: Int
    /// `CURLOPT_USERAGENT`.
    package var userAgent: String
    /// `CURLOPT_ACCEPT_ENCODING`: `""` offers every encoding this libcurl decodes (gzip, br, zstd, deflate)
    /// and decodes the body transparently; `nil` asks for the identity encoding.
    package var acceptEncoding: String?
    /// `CURLOPT_CAINFO`: a PEM bundle of trusted roots instead of the system default. Verification of the peer
    /// and of the host name (`CURLOPT_SSL_VERIFYPEER`, `CURLOPT_SSL_VERIFYHOST`) is always on.
    package var caBundlePath: String?
    /// `CURLOPT_CAPATH`: a directory of hashed trusted certificates, in addition to the bundle.
    package var caPath: String?
    /// `CURLOPT_PROXY`: the proxy for this URL, or `nil` for none. The option is always set (to `""` for none),
    /// so libcurl never reads proxy environment variables on its own; `Fetching` decides.
    package var proxy: String?
    /// `CURLOPT_NOPROXY`: comma-separated hosts and domain suffixes that bypass ``proxy``; `*` matches all.
    package var noProxy: String?

    /// A transfer of `url` with the given limits; the defaults match `FetchPolicy`'s.
    package init(
        url: String, headers: [CurlHeader] = [], allowedProtocols: String = "http,https",
        connectTimeout: Duration = .seconds(15), totalTimeout: Duration = .seconds(300), lowSpeedLimit: Int = 1,
        lowSpeedTime: Duration = .seconds(60), maxBodyBytes: Int = 256 << 20, userAgent: String = "impactmon",
        acceptEncoding: String? = "", caBundlePath: String? = nil, caPath: String? = nil, proxy: String? = nil,
        noProxy: String? = nil
    ) {
        self.url = url
        self.headers = headers
        self.allowedProtocols = allowedProtocols
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBodyBytes = maxBodyBytes
        self.userAgent = userAgent
        self.acceptEncoding = acceptEncoding
        self.caBundlePath = caBundlePath
        self.caPath = caPath
        self.proxy = proxy
        self.noProxy = noProxy
    }
}

/// The outcome of one completed transfer (any HTTP status; `0` for `file://`).
package struct CurlResult: Sendable {
    /// `CURLINFO_RESPONSE_CODE`: the HTTP status, or 0 for `file://`.
    package var status: Int
    /// Response headers of the last response (after any `1xx` or proxy `CONNECT` response), in order, names
    /// lower-cased, values trimmed; obsolete line folding is joined.
    package var headers: [CurlHeader]
    /// The body after content decoding (gzip, br).
    package var body: Data
    /// `CURLINFO_EFFECTIVE_URL`.
    package var effectiveURL: String
    /// `CURLINFO_REDIRECT_URL`: for a `3xx` with a `Location` header (matched case-insensitively by libcurl),
    /// that location resolved against the request URL (RFC 3986 §5); otherwise `nil`.
    package var redirectURL: String?
    /// `CURLINFO_SIZE_DOWNLOAD_T`: body bytes received on the wire (before decoding), in bytes.
    package var bytesTransferred: Int
    /// Lower-case hex SHA-256 of ``body``, computed chunk by chunk while the body streamed in (nil from callers
    /// that built the result themselves: tests).
    package var bodySHA256: String?

    /// A result with the given fields (used by the transfer and by tests).
    package init(
        status: Int, headers: [CurlHeader], body: Data, effectiveURL: String, redirectURL: String?,
        bytesTransferred: Int, bodySHA256: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.effectiveURL = effectiveURL
        self.redirectURL = redirectURL
        self.bytesTransferred = bytesTransferred
        self.bodySHA256 = bodySHA256
    }

    /// The last value of a header, by case-insensitive name (RFC 9110 §5.1).
    package func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.last(where: { $0.name == n })?.value
    }
}
