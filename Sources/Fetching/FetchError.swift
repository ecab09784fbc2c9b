import Foundation
import ImpactModel

/// A request that failed for good: after the retry policy, or at once when retrying cannot help.
///
/// ``message`` names the URL (secrets masked), what went wrong with its value (status, content type,
/// bytes received, libcurl's text) and what to do next. The fetch stage turns a failure of a required
/// source into exit status 69 (`EX_UNAVAILABLE`); see ``exitStatus``.
package struct FetchError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    package enum Kind: String, Sendable, Hashable {
        /// A `file://` URL that names no readable file.
        case fileNotFound
        /// A non-2xx HTTP status (after retries for `429` and `5xx`).
        case httpStatus
        /// The server closed the connection before sending a status line.
        case connectionClosed
        /// The connection was reset or broke during the transfer.
        case connectionLost
        /// Connect timeout, total timeout or stalled transfer (below the low-speed limit).
        case timeout
        /// The host name (or the proxy's) did not resolve, or the connection was refused.
        case unreachable
        /// Fewer body bytes than announced (`Content-Length`), or an unterminated chunked body (B03).
        case truncated
        /// The body exceeded the policy's `maxBodyBytes`.
        case bodyTooLarge
        /// More redirect hops than the policy's `maxRedirects` (B24).
        case tooManyRedirects
        /// A redirect from `https` to `http`, or a 3xx without a usable `Location`.
        case badRedirect
        /// TLS failure, typically "certificate verify failed" (B27).
        case tls
        /// Offline mode, and the response store has no entry for this request.
        case notStored
        /// A stored entry's body does not match its recorded SHA-256.
        case storeCorrupt
        /// The URL's scheme is not `http`, `https` or `file`, the URL does not parse, or a header contains a
        /// line break.
        case unsupportedURL
        /// A link from a response body or a redirect that leaves the source's scheme and host (and its
        /// `allow_hosts`), or a `file://` link for a source not declared as a file (``LinkScope``).
        case refusedLink
        /// The task was cancelled.
        case cancelled
        /// Any other transport failure.
        case transport
    }

    /// What failed.
    package let kind: Kind
    /// The requested URL, secrets masked.
    package let url: String
    /// The final HTTP status, if one arrived.
    package let status: Int?
    /// The final response's `Content-Type`, if any (B04: a `text/html` error page where JSON was expected).
    package let contentType: String?
    /// 1 + retries made.
    package let attempts: Int
    /// The operator-facing explanation (see the type's documentation).
    package let message: String
    /// Up to the first 64 KiB of an error response's body (for `httpStatus`), for connectors that add hints.
    package let body: Data?
    /// Whether another attempt could succeed (used inside the retry loop).
    package let isTransient: Bool
    /// The record of the failed request, as written into `fetch.json`.
    package var record: FetchRecord?

    /// An error; `message` should already name the URL, the value and the fix.
    package init(
        _ kind: Kind, url: String, status: Int? = nil, contentType: String? = nil, attempts: Int, message: String,
        body: Data? = nil, isTransient: Bool = false, record: FetchRecord? = nil
    ) {
        self.kind = kind
        self.url = url
        self.status = status
        self.contentType = contentType
        self.attempts = attempts
        self.message = message
        self.body = body
        self.isTransient = isTransient
        self.record = record
    }

    /// The ``message``.
    package var description: String { message }

    /// Exit status for a required source that failed this way: 78 for a local configuration problem
    /// (`unsupportedURL`), otherwise 69 (`EX_UNAVAILABLE`, DESIGN.md).
    package var exitStatus: ExitStatus { kind == .unsupportedURL ? .config : .unavailable }

    /// The same error with the final attempt count, which the message then states.
    func finished(attempts: Int) -> FetchError {
        let plural = attempts == 1 ? "attempt" : "attempts"
        return FetchError(
            kind, url: url, status: status, contentType: contentType, attempts: attempts,
            message: "\(message) (after \(attempts) \(plural))", body: body, isTransient: isTransient)
    }
}

extension FetchError: HTTPStatusReporting {
    /// ``status``: the final HTTP status, nil when no status line arrived (and for `file://`).
    package var httpStatus: Int? { status }
    /// ``contentType``: the final response's `Content-Type`, if any.
    package var httpContentType: String? { contentType }
}
