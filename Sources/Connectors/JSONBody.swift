import Fetching
import Foundation
import JSONCodec

/// Checks a reply before any JSON decoding and decodes it with messages that name the URL (KNOWN-FAULTS B04, B03).
///
/// Order of checks: the HTTP status (2xx; `0` is a `file://` read), the media type (a declared type must be JSON:
/// `application/json`, `…+json`, or `text/json`/`text/plain` that CBS and CKAN sometimes send), then the first
/// non-blank byte (`<` means HTML or XML whatever the header says), then the decoder.
package enum JSONBody {
    /// A hint appended to CBS errors: which entity sets each OData version exposes.
    package static let cbsVersionHint =
        "CBS OData v3 tables (opendata.cbs.nl/ODataApi|ODataFeed/odata/<table>) expose TypedDataSet/UntypedDataSet, "
        + "while v4 tables (datasets.cbs.nl/odata/v1/CBS/<table>) expose Observations: check the source's `connector:` "
        + "(cbs-odata-v3 or cbs-odata-v4) against its `url`"

    /// Checks status and content type of a live response.
    /// - Parameter hint: what to tell the operator on a non-JSON reply (e.g. ``cbsVersionHint``).
    /// - Throws: ``ConnectorError`` `.httpStatus` (non-2xx) or `.notJSON`, naming URL, status and content type.
    package static func check(_ response: HTTPResponse, url: String, hint: String? = nil) throws(ConnectorError) {
        let type = response.headers["content-type"] ?? "none"
        if response.status != 0 && !(200..<300).contains(response.status) {
            throw ConnectorError(
                .httpStatus,
                "GET \(url): HTTP \(response.status), Content-Type \(type)"
                    + (hint.map { "; \($0)" } ?? ""), url: url)
        }
        try checkMediaType(response.mediaType, status: response.status, data: response.body, url: url, hint: hint)
    }

    /// Checks the recorded media type and the first byte of a body.
    /// - Throws: ``ConnectorError`` `.notJSON` ("expected JSON, got text/html") naming URL, status and type.
    package static func checkMediaType(
        _ mediaType: String?, status: Int?, data: Data, url: String, hint: String? = nil
    ) throws(ConnectorError) {
        let statusText = status.map { $0 == 0 ? "file" : "HTTP \($0)" } ?? "stored"
        if let m = mediaType, !m.isEmpty, !isJSONMediaType(m) {
            throw ConnectorError(
                .notJSON,
                "GET \(url): expected JSON, got \(m) (\(statusText), \(data.count) bytes)"
                    + (hint.map { "; \($0)" } ?? ""), url: url)
        }
        if let first = data.first(where: {
            !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF
                || $0 == 0xBB || $0 == 0xBF)
        }), first == UInt8(ascii: "<") {
            let kind = sniffMarkup(data)
            throw ConnectorError(
                .notJSON,
                "GET \(url): expected JSON, got \(kind) (\(statusText), Content-Type \(mediaType ?? "none"), "
                    + "\(data.count) bytes)" + (hint.map { "; \($0)" } ?? ""), url: url)
        }
    }

    /// Whether a media type is JSON or a type JSON APIs are known to mislabel their JSON with.
    package static func isJSONMediaType(_ m: String) -> Bool {
        m == "application/json" || m.hasSuffix("+json") || m == "text/json" || m == "text/plain"
            || m == "text/javascript" || m == "application/octet-stream"
    }

    private static func sniffMarkup(_ data: Data) -> String {
        let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        if head.contains("<html") || head.contains("<!doctype html") { return "an HTML page" }
        if head.contains("<feed") || head.contains("atom") { return "an Atom/XML feed" }
        return "XML"
    }

    /// Decodes a body as JSON after ``checkMediaType(_:status:data:url:hint:)``.
    /// - Throws: ``ConnectorError`` `.notJSON`, or `.malformedJSON` naming the URL, the byte count and the decoder's
    ///   finding (a body cut off mid-transfer is the usual cause: refetch that page, KNOWN-FAULTS B03).
    package static func decode(
        _ data: Data, url: String, mediaType: String? = nil, status: Int? = nil, hint: String? = nil
    ) throws(ConnectorError) -> JSONValue {
        try checkMediaType(mediaType, status: status, data: data, url: url, hint: hint)
        do {
            return try JSONParser.parse(data)
        } catch {
            let finding = error.description
            let tail = String(decoding: data.suffix(40), as: UTF8.self)
            throw ConnectorError(
                .malformedJSON,
                "GET \(url): the body (\(data.count) bytes) is not valid JSON (\(finding)); it ends with "
                    + "\"\(tail)\" — a body cut off mid-transfer is the usual cause: fetch the source again", url: url)
        }
    }

    /// Decodes a live response after ``check(_:url:hint:)``.
    package static func decode(_ response: HTTPResponse, url: String, hint: String? = nil) throws(ConnectorError)
        -> JSONValue
    {
        try check(response, url: url, hint: hint)
        return try decode(response.body, url: url, mediaType: response.mediaType, status: response.status, hint: hint)
    }

    /// Decodes a stored body.
    package static func decode(_ body: StoredBody, hint: String? = nil) throws(ConnectorError) -> JSONValue {
        try decode(body.data, url: "\(body.fileName) (\(body.url))", mediaType: body.mediaType, hint: hint)
    }
}
