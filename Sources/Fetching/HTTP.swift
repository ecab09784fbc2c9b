import Foundation

/// A GET request as the fetch stage issues it. Header names are compared case-insensitively.
package struct HTTPRequest: Sendable, Hashable {
    /// Absolute URL: `https://`, `http://` or `file://`.
    package var url: String
    /// Extra request headers (`Accept`, `If-None-Match`, `apikey`). Secret values are never logged.
    package var headers: [String: String]
    /// Names of headers whose values are secrets (masked in logs, fetch.json and the response store).
    package var secretHeaderNames: Set<String>
    /// Where this request's redirects may lead (the source's scheme and host, or its `allow_hosts`); nil follows
    /// redirects to any `http(s)` host (never from `https` to `http`). Set by ``ScopedFetcher``.
    package var scope: LinkScope? = nil

    /// A GET of `url` with extra headers; names in `secretHeaderNames` are masked everywhere.
    package init(url: String, headers: [String: String] = [:], secretHeaderNames: Set<String> = []) {
        self.url = url
        self.headers = headers
        self.secretHeaderNames = secretHeaderNames
    }
}

/// A response: final status, headers of the final hop, body bytes as received (decoded from gzip/br).
package struct HTTPResponse: Sendable {
    /// The URL that was requested.
    package var requestURL: String
    /// The URL after redirects.
    package var effectiveURL: String
    /// HTTP status; 0 for `file://`, where success means the file was read.
    package var status: Int
    /// Header names lower-cased; the last value wins for repeated names.
    package var headers: [String: String]
    /// The body as received, after content decoding (gzip, br).
    package var body: Data
    /// What the request did (attempts, cache use, sha256), as written into `fetch.json`; nil from transports
    /// that keep no records (test fixtures).
    package var record: FetchRecord?
    /// A file that holds exactly ``body``: the response store's content-addressed copy (`.cache/bodies/<sha256>`),
    /// which the fetch stage hard-links into `fetch/` instead of writing the bytes a second time. The store never
    /// writes into an existing body file (it replaces one by a rename), so the linked bytes stay the body's.
    /// nil when no store holds it (no store, a failed store write, `file://`, test fixtures).
    package var storedBodyFile: URL? = nil

    /// A response with the given fields.
    package init(
        requestURL: String, effectiveURL: String, status: Int, headers: [String: String], body: Data,
        record: FetchRecord? = nil
    ) {
        self.requestURL = requestURL
        self.effectiveURL = effectiveURL
        self.status = status
        self.headers = headers
        self.body = body
        self.record = record
    }

    /// `Content-Type` without parameters, lower-cased (`application/json`).
    package var mediaType: String? {
        headers["content-type"].map {
            $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
    }
}

/// Anything that can GET a URL: the libcurl client in production, a fixture transport in tests.
///
/// Implementations throw for transport failures and for non-2xx statuses after their retry policy;
/// the error names the URL and the status.
package protocol HTTPFetching: Sendable {
    /// GETs `request.url`.
    /// - Throws: an error naming the URL (and the status and content type for a non-2xx response).
    func get(_ request: HTTPRequest) async throws -> HTTPResponse
}
