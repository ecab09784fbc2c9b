import Fetching
import Foundation
import ImpactModel
import JSONCodec

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
        let shown = Secrets.mask(request.url, secretNames: request.secretHeaderNames)
        do {
            response = try await fetcher.get(request)
        } catch let e as ConnectorError {
            throw e
        } catch let e as FetchError where e.kind == .refusedLink {
            throw ConnectorError(.refusedLink, e.message, url: e.url)
        } catch let e as FetchError where serverErrorObject(e.body) != nil {
            throw ConnectorError(
                .serverError,
                "GET \(shown): HTTP \(e.status.map(String.init) ?? "?"): the server answered with an error object: "
                    + (serverErrorObject(e.body) ?? "") + (hint.map { "; \($0)" } ?? ""), url: shown)
        } catch let e as any HTTPStatusReporting {
            let status = e.httpStatus.map { "HTTP \($0)" } ?? "no HTTP status"
            throw ConnectorError(
                .httpStatus,
                "GET \(shown): \(status), Content-Type \(e.httpContentType ?? "none") (\(e))"
                    + (hint.map { "; \($0)" } ?? ""), url: shown)
        } catch {
            throw ConnectorError(
                .httpStatus, "GET \(shown) failed: \(SystemErrorText.describe(error))" + (hint.map { "; \($0)" } ?? ""),
                url: shown)
        }
        if response.status != 0 && !(200..<300).contains(response.status) {
            throw ConnectorError(
                .httpStatus,
                "GET \(shown): HTTP \(response.status), Content-Type \(response.headers["content-type"] ?? "none")"
                    + (hint.map { "; \($0)" } ?? ""), url: shown)
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
        let shown = Secrets.mask(request.url, secretNames: request.secretHeaderNames)
        do {
            response = try await fetcher.get(request)
        } catch let e as any HTTPStatusReporting where e.httpStatus == 404 || e.httpStatus == 410 {
            return .notFound(status: e.httpStatus)
        } catch let e as FetchError where e.kind == .refusedLink {
            throw ConnectorError(.refusedLink, e.message, url: e.url)
        } catch let e as ConnectorError {
            throw e
        } catch {
            throw ConnectorError(.httpStatus, "GET \(shown) failed: \(SystemErrorText.describe(error))", url: shown)
        }
        if response.status == 404 || response.status == 410 { return .notFound(status: response.status) }
        if response.status != 0 && !(200..<300).contains(response.status) {
            throw ConnectorError(
                .httpStatus,
                "GET \(shown): HTTP \(response.status), Content-Type \(response.headers["content-type"] ?? "none")",
                url: shown)
        }
        return .found(response)
    }

    /// The message of a CKAN-style error object (`{"success": false, "error": {"__type": …, "message": …}}`) in an
    /// error response's body, or nil when the body is not one. Values are quoted as text (no markup), so the
    /// operator sees the portal's own explanation ("Not found", "Authorization Error").
    package static func serverErrorObject(_ body: Data?) -> String? {
        guard let body, body.first == UInt8(ascii: "{"), let json = try? JSONParser.parse(body) else { return nil }
        return serverErrorObject(json)
    }

    /// ``serverErrorObject(_:)-(Data?)`` for a decoded document.
    package static func serverErrorObject(_ json: JSONValue) -> String? {
        guard json["success"] == .bool(false) else { return nil }
        let error = json["error"]
        let type = error?["__type"]?.string
        var message = error?["message"]?.string ?? error?["info"]?.string ?? error.map { $0.text } ?? "no message"
        if let fields = error?.object?.filter({ $0.key != "__type" && $0.key != "message" }), !fields.isEmpty,
            error?["message"] == nil
        {
            message = fields.map { "\($0.key): \($0.value.text)" }.sorted().joined(separator: "; ")
        }
        let text = (type.map { "\($0): " } ?? "") + message
        return "\"" + String(text.filter { !$0.isNewline && ($0.asciiValue.map { $0 >= 0x20 } ?? true) }.prefix(300))
            + "\""
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
