import CCurl

/// A failed libcurl transfer: the `CURLcode`, libcurl's text for it plus the detail from `CURLOPT_ERRORBUFFER`.
///
/// HTTP statuses (404, 503, ...) are **not** curl errors: a transfer that received a status line succeeds at
/// this layer, and `Fetching` decides what a status means. See libcurl-errors(3) for the codes.
package struct CurlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is, for retry decisions and messages; derived from ``code``.
    package enum Kind: String, Sendable, Hashable {
        /// `CURLE_COULDNT_RESOLVE_HOST` (6) or `CURLE_COULDNT_RESOLVE_PROXY` (5).
        case couldNotResolve
        /// `CURLE_COULDNT_CONNECT` (7): refused or unreachable.
        case couldNotConnect
        /// `CURLE_OPERATION_TIMEDOUT` (28): connect timeout, total timeout or the low-speed limit.
        case timedOut
        /// `CURLE_GOT_NOTHING` (52): the server closed the connection without sending a status line.
        case emptyReply
        /// `CURLE_RECV_ERROR` (56) or `CURLE_SEND_ERROR` (55): e.g. connection reset by peer.
        case connectionLost
        /// `CURLE_PARTIAL_FILE` (18): fewer body bytes than `Content-Length`, or an unterminated chunked body.
        case partialBody
        /// `CURLE_HTTP2` / `CURLE_HTTP2_STREAM` (16, 92): the HTTP/2 stream broke off.
        case http2Stream
        /// The body exceeded the byte cap: our write callback refused it (`CURLE_WRITE_ERROR`, 23) or
        /// `CURLOPT_MAXFILESIZE_LARGE` refused the announced `Content-Length` (`CURLE_FILESIZE_EXCEEDED`, 63).
        case bodyTooLarge
        /// `CURLE_FILE_COULDNT_READ_FILE` (37): a `file://` URL that does not name a readable file.
        case fileNotReadable
        /// TLS: `CURLE_PEER_FAILED_VERIFICATION` (60), `CURLE_SSL_CACERT_BADFILE` (77),
        /// `CURLE_SSL_CONNECT_ERROR` (35) and the other `CURLE_SSL_*` codes.
        case tls
        /// `CURLE_UNSUPPORTED_PROTOCOL` (1): a scheme outside the transfer's allowed protocols.
        case unsupportedProtocol
        /// `CURLE_URL_MALFORMAT` (3).
        case malformedURL
        /// `CURLE_ABORTED_BY_CALLBACK` (42): the transfer was cancelled through its ``CancelFlag``.
        case cancelled
        /// Setting up the handle failed (`curl_easy_init`, `curl_global_init`, an option libcurl refused).
        case setup
        /// Any other code.
        case other
    }

    /// The `CURLcode` (0 = `CURLE_OK` never appears here).
    package let code: Int
    /// `curl_easy_strerror(code)`, then the error buffer's detail when it adds something.
    package let message: String
    /// Body bytes received before the failure (after content decoding), for messages like "received 812 bytes".
    package var bytesReceived: Int
    /// The HTTP status seen before the failure, or 0 when none arrived.
    package var httpStatus: Int
    /// Set when the failure was the body byte cap (the callback returns 0, so libcurl reports code 23).
    package var exceededBodyCap: Bool

    /// An error with the given code and message; the other fields describe how far the transfer got.
    package init(code: Int, message: String, bytesReceived: Int = 0, httpStatus: Int = 0, exceededBodyCap: Bool = false)
    {
        self.code = code
        self.message = message
        self.bytesReceived = bytesReceived
        self.httpStatus = httpStatus
        self.exceededBodyCap = exceededBodyCap
    }

    /// The classification of ``code``.
    package var kind: Kind {
        if exceededBodyCap { return .bodyTooLarge }
        switch UInt32(truncatingIfNeeded: code) {
        case CURLE_COULDNT_RESOLVE_HOST.rawValue, CURLE_COULDNT_RESOLVE_PROXY.rawValue: return .couldNotResolve
        case CURLE_COULDNT_CONNECT.rawValue: return .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT.rawValue: return .timedOut
        case CURLE_GOT_NOTHING.rawValue: return .emptyReply
        case CURLE_RECV_ERROR.rawValue, CURLE_SEND_ERROR.rawValue: return .connectionLost
        case CURLE_PARTIAL_FILE.rawValue: return .partialBody
        case CURLE_HTTP2.rawValue, CURLE_HTTP2_STREAM.rawValue: return .http2Stream
        case CURLE_FILESIZE_EXCEEDED.rawValue: return .bodyTooLarge
        case CURLE_FILE_COULDNT_READ_FILE.rawValue: return .fileNotReadable
        case CURLE_PEER_FAILED_VERIFICATION.rawValue, CURLE_SSL_CACERT_BADFILE.rawValue,
            CURLE_SSL_CONNECT_ERROR.rawValue, CURLE_SSL_CERTPROBLEM.rawValue, CURLE_SSL_CIPHER.rawValue,
            CURLE_SSL_ISSUER_ERROR.rawValue, CURLE_SSL_CRL_BADFILE.rawValue, CURLE_SSL_PINNEDPUBKEYNOTMATCH.rawValue:
            return .tls
        case CURLE_UNSUPPORTED_PROTOCOL.rawValue: return .unsupportedProtocol
        case CURLE_URL_MALFORMAT.rawValue: return .malformedURL
        case CURLE_ABORTED_BY_CALLBACK.rawValue: return .cancelled
        case CURLE_FAILED_INIT.rawValue, CURLE_OUT_OF_MEMORY.rawValue, CURLE_BAD_FUNCTION_ARGUMENT.rawValue,
            CURLE_UNKNOWN_OPTION.rawValue, CURLE_NOT_BUILT_IN.rawValue:
            return .setup
        default: return .other
        }
    }

    /// `libcurl error <code>: <message>`.
    package var description: String { "libcurl error \(code): \(message)" }

    /// Builds the error for `code`, joining `curl_easy_strerror` and the error buffer's detail.
    static func from(
        _ code: CURLcode, detail: String, bytesReceived: Int = 0, httpStatus: Int = 0,
        exceededBodyCap: Bool = false
    ) -> CurlError {
        let base = String(cString: curl_easy_strerror(code))
        let trimmed = detail.trimmingWhitespace()
        let message = trimmed.isEmpty || trimmed == base ? base : "\(base): \(trimmed)"
        return CurlError(
            code: Int(code.rawValue), message: message, bytesReceived: bytesReceived, httpStatus: httpStatus,
            exceededBodyCap: exceededBodyCap)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
