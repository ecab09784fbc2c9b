import Foundation
import Synchronization

/// What one request did, as the client logs it (``FetchLog``). The fetch stage copies the fields it keeps into the
/// requests of `fetch/<source_id>/fetch.json`, whose one owner type is the Pipeline's `SourceFetchRecord`.
///
/// Encoded with snake_case keys and explicit nulls, so every record has the same fields. URLs have their
/// secrets masked (``SecretMasking``); header values never appear.
package struct FetchRecord: Codable, Sendable, Hashable {
    /// The requested URL, secrets masked.
    package var url: String
    /// The URL after redirects, secrets masked.
    package var effectiveURL: String
    /// The final HTTP status as the server sent it (`304` for a revalidated copy; `0` for `file://` and for a
    /// transfer that never got a status line; the stored status for an offline replay).
    package var status: Int
    /// `Content-Type` of the final response, as sent.
    package var contentType: String?
    /// Validators of the body returned (`ETag`, `Last-Modified`), as sent.
    package var etag: String?
    /// See ``etag``.
    package var lastModified: String?
    /// Size of the body returned, in bytes (after content decoding); 0 on failure.
    package var bytes: Int
    /// Lower-case hex SHA-256 of the body returned; nil on failure.
    package var sha256: String?
    /// When this request finished, ISO 8601 UTC (`2026-11-30T08:15:00Z`).
    package var retrievedAt: String
    /// 1 + the number of retries, over all redirect hops (0 for an offline replay).
    package var attempts: Int
    /// Redirect hops followed.
    package var redirects: Int
    /// The body came from the response store (a `304` revalidation or an offline replay).
    package var fromCache: Bool
    /// The server answered `304 Not Modified` to a conditional GET.
    package var notModified: Bool
    /// Body bytes received on the wire over all attempts (before decoding); 0 for a `304` or a replay.
    package var bodyBytesTransferred: Int
    /// Why the request failed; nil on success.
    package var error: String?

    /// A record with the given fields; the optional ones default to "absent".
    package init(
        url: String, effectiveURL: String, status: Int, contentType: String? = nil, etag: String? = nil,
        lastModified: String? = nil, bytes: Int = 0, sha256: String? = nil, retrievedAt: String, attempts: Int,
        redirects: Int = 0, fromCache: Bool = false, notModified: Bool = false, bodyBytesTransferred: Int = 0,
        error: String? = nil
    ) {
        self.url = url
        self.effectiveURL = effectiveURL
        self.status = status
        self.contentType = contentType
        self.etag = etag
        self.lastModified = lastModified
        self.bytes = bytes
        self.sha256 = sha256
        self.retrievedAt = retrievedAt
        self.attempts = attempts
        self.redirects = redirects
        self.fromCache = fromCache
        self.notModified = notModified
        self.bodyBytesTransferred = bodyBytesTransferred
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case url, status, etag, bytes, sha256, attempts, redirects, error
        case effectiveURL = "effective_url"
        case contentType = "content_type"
        case lastModified = "last_modified"
        case retrievedAt = "retrieved_at"
        case fromCache = "from_cache"
        case notModified = "not_modified"
        case bodyBytesTransferred = "body_bytes_transferred"
    }

    /// Encodes every field, absent ones as `null`, under the snake_case keys of ``CodingKeys``.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(effectiveURL, forKey: .effectiveURL)
        try c.encode(status, forKey: .status)
        try c.encode(contentType, forKey: .contentType)
        try c.encode(etag, forKey: .etag)
        try c.encode(lastModified, forKey: .lastModified)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(retrievedAt, forKey: .retrievedAt)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(redirects, forKey: .redirects)
        try c.encode(fromCache, forKey: .fromCache)
        try c.encode(notModified, forKey: .notModified)
        try c.encode(bodyBytesTransferred, forKey: .bodyBytesTransferred)
        try c.encode(error, forKey: .error)
    }

    /// The records as a pretty-printed JSON array with sorted keys, ending in a newline: the client's request log
    /// as a person or a test reads it (not a run-folder file).
    /// - Throws: `EncodingError` (not expected for these fields).
    package static func logJSON(_ records: [FetchRecord]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(records)
        data.append(0x0A)
        return data
    }

    /// ISO 8601 UTC with seconds, e.g. `2026-11-30T08:15:00Z`.
    package static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .gmt))
    }
}

/// Collects the ``FetchRecord`` of every request a client makes, in completion order.
///
/// The fetch stage reads ``records`` (or filters by URL) to write each source's `fetch.json`.
package final class FetchLog: Sendable {
    private let storage = Mutex<[FetchRecord]>([])

    /// An empty log.
    package init() {}

    /// Appends a record.
    package func append(_ record: FetchRecord) { storage.withLock { $0.append(record) } }

    /// All records so far.
    package var records: [FetchRecord] { storage.withLock { $0 } }
}
