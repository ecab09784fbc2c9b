import ContentHash
import Fetching
import Foundation
import ImpactModel

/// One response as the fetch half of a connector returns it, in request order.
///
/// The fetch stage writes ``response``'s body to `fetch/<source_id>/<fileName>` and records the URL, status,
/// headers and sha256 in `fetch.json`; the normalize stage later reads it back as a ``StoredBody``.
package struct FetchedBody: Sendable {
    /// The URL requested, byte for byte (for a followed continuation link: the link string, resolved if relative).
    package var url: String
    /// The file name in the run directory: `NNN-<Entity>.<ext>` (`001-Observations.json`, `004-PeriodenCodes.json`).
    package var fileName: String
    /// The response as the transport returned it.
    package var response: HTTPResponse

    /// A body fetched from `url`, to be stored as `fileName`.
    package init(url: String, fileName: String, response: HTTPResponse) {
        self.url = url
        self.fileName = fileName
        self.response = response
    }

    /// The entity part of the file name (`Observations` for `002-Observations.json`).
    package var entity: String { StoredBody.entity(ofFileName: fileName) }
}

/// What the fetch half of a connector produced: the bodies in request order and the problems met on the way.
package struct FetchResult: Sendable {
    /// The bodies, in request order (pages in link order).
    package var bodies: [FetchedBody]
    /// Recoverable findings: "possible truncation at page cap", "not in the Handelsregister", "resource id changed".
    package var diagnostics: [Diagnostic]

    /// A result with the given bodies and diagnostics.
    package init(bodies: [FetchedBody] = [], diagnostics: [Diagnostic] = []) {
        self.bodies = bodies
        self.diagnostics = diagnostics
    }
}

/// A response body as the fetch stage stored it, given back to the parse half of a connector (offline).
package struct StoredBody: Sendable, Hashable {
    /// File name in `fetch/<source_id>/` (`001-Observations.json`); its entity part tells the parser what it is.
    package var fileName: String
    /// The URL the body was fetched from (continuation links are resolved against it).
    package var url: String
    /// The body bytes as received (after content decoding).
    package var data: Data
    /// Lower-case hex SHA-256 of ``data`` (FIPS 180-4), as in `fetch.json`.
    package var sha256: String
    /// `Content-Type` without parameters, lower-cased, when `fetch.json` recorded one (`file://` has none).
    package var mediaType: String?

    /// A stored body as recorded in `fetch.json` (its sha256 given, not recomputed).
    package init(fileName: String, url: String, data: Data, sha256: String, mediaType: String? = nil) {
        self.fileName = fileName
        self.url = url
        self.data = data
        self.sha256 = sha256
        self.mediaType = mediaType
    }

    /// A stored body with its SHA-256 computed from `data` (tests, and the fetch stage before it writes).
    package init(fileName: String, url: String, data: Data, mediaType: String? = nil) {
        self.init(fileName: fileName, url: url, data: data, sha256: Self.sha256Hex(data), mediaType: mediaType)
    }

    /// The body a fetch returned, as it will be stored, with the SHA-256 the transfer computed while the body
    /// streamed in (``Fetching/FetchRecord/sha256``); computed here only for a response without a record (tests).
    package init(_ fetched: FetchedBody) {
        let body = fetched.response.body
        if let record = fetched.response.record, let sha = record.sha256, record.bytes == body.count {
            self.init(
                fileName: fetched.fileName, url: fetched.url, data: body, sha256: sha,
                mediaType: fetched.response.mediaType)
        } else {
            self.init(fileName: fetched.fileName, url: fetched.url, data: body, mediaType: fetched.response.mediaType)
        }
    }

    /// The entity part of the file name (`Observations` for `002-Observations.json`).
    package var entity: String { Self.entity(ofFileName: fileName) }

    /// The numeric prefix of the file name (`2` for `002-Observations.json`), the request order; `0` if none.
    package var sequence: Int { Int(fileName.prefix(while: \.isNumber)) ?? 0 }

    /// The stable id of the body's `record`-th record (1-based): the first 12 hex digits of the body's sha256,
    /// a colon and the record number (`3f2a9c01be77:42`), as ``ImpactModel/Reject/sourceRowID`` requires.
    package func sourceRowID(record: Int) -> String { "\(sha256.prefix(12)):\(record)" }

    /// Lower-case hex SHA-256 of `data`.
    package static func sha256Hex(_ data: Data) -> String { ContentHash.sha256Hex(data) }

    /// `NNN-<Entity>.<ext>` → `<Entity>`; a name without the numeric prefix is returned without its extension.
    package static func entity(ofFileName name: String) -> String {
        var base = Substring(name)
        if let dot = base.lastIndex(of: ".") { base = base[..<dot] }
        if let dash = base.firstIndex(of: "-"), base[..<dash].allSatisfy(\.isNumber), !base[..<dash].isEmpty {
            base = base[base.index(after: dash)...]
        }
        return String(base)
    }

    /// The run-directory file name of the `index`-th body (1-based): `001-Observations.json`.
    package static func fileName(index: Int, entity: String, extension ext: String = "json") -> String {
        let n = String(index)
        return String(repeating: "0", count: max(0, 3 - n.count)) + n + "-" + entity + "." + ext
    }
}
