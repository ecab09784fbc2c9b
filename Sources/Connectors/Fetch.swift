import Fetching
import Foundation
import ImpactModel

/// Issuing one GET through an ``Fetching/HTTPFetching`` and turning transport errors into ``ConnectorError``s
/// that name the URL.
package enum Fetch {
    /// The outcome of a GET whose `404` is a result rather than a failure (KvK Basisprofiel).
    package enum Outcome: Sendable {
        case found(HTTPResponse)
        case notFound(status: Int?)
    }

    /// GETs `request`, returning the response only when it is 2xx (or a `file://` read).
    /// - Throws: ``ConnectorError`` `.httpStatus` naming URL, status, content type and `hint`.
    package static func get(
        _ request: HTTPRequest, using fetcher: any HTTPFetching, hint: String? = nil
    ) async throws(ConnectorError) -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await fetcher.get(request)
        } catch let e as ConnectorError {
            throw e
        } catch let e as any HTTPStatusReporting {
            let status = e.httpStatus.map { "HTTP \($0)" } ?? "no HTTP status"
            throw ConnectorError(
                .httpStatus,
                "GET \(request.url): \(status), Content-Type \(e.httpContentType ?? "none") (\(e))"
                    + (hint.map { "; \($0)" } ?? ""), url: request.url)
        } catch {
            throw ConnectorError(
                .httpStatus, "GET \(request.url) failed: \(error)" + (hint.map { "; \($0)" } ?? ""), url: request.url)
        }
        if response.status != 0 && !(200..<300).contains(response.status) {
            throw ConnectorError(
                .httpStatus,
                "GET \(request.url): HTTP \(response.status), Content-Type \(response.headers["content-type"] ?? "none")"
                    + (hint.map { "; \($0)" } ?? ""), url: request.url)
        }
        return response
    }

    /// GETs `request` where `404`/`410` (or a missing `file://` file) is an answer, not a failure.
    /// - Throws: ``ConnectorError`` `.httpStatus` for any other failure.
    package static func getAllowingNotFound(
        _ request: HTTPRequest, using fetcher: any HTTPFetching
    ) async throws(ConnectorError) -> Outcome {
        if let path = fileSystemPath(request.url), !FileManager.default.fileExists(atPath: path) {
            return .notFound(status: nil)
        }
        let response: HTTPResponse
        do {
            response = try await fetcher.get(request)
        } catch let e as any HTTPStatusReporting where e.httpStatus == 404 || e.httpStatus == 410 {
            return .notFound(status: e.httpStatus)
        } catch let e as ConnectorError {
            throw e
        } catch {
            throw ConnectorError(.httpStatus, "GET \(request.url) failed: \(error)", url: request.url)
        }
        if response.status == 404 || response.status == 410 { return .notFound(status: response.status) }
        if response.status != 0 && !(200..<300).contains(response.status) {
            throw ConnectorError(
                .httpStatus,
                "GET \(request.url): HTTP \(response.status), Content-Type \(response.headers["content-type"] ?? "none")",
                url: request.url)
        }
        return .found(response)
    }

    /// The file-system path of a `file://` URL (percent-decoded), `nil` for other schemes.
    package static func fileSystemPath(_ url: String) -> String? {
        guard URIReference.scheme(of: url) == "file", let u = URL(string: url) else { return nil }
        return u.path
    }

    /// Whether the URL is `http://` or `https://`.
    package static func isHTTP(_ url: String) -> Bool {
        let s = URIReference.scheme(of: url)
        return s == "http" || s == "https"
    }

    /// Appends `component` to a base URL with exactly one `/` between them.
    package static func join(_ base: String, _ component: String) -> String {
        base.hasSuffix("/") ? base + component : base + "/" + component
    }

    /// Percent-encodes a query value (RFC 3986 §3.4): unreserved characters and `'(),$*:` stay, space is `%20`.
    package static func encodeQueryValue(_ s: String) -> String {
        let allowed = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'(),$*:/")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}
