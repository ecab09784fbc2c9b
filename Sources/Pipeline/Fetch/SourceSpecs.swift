import CSVCodec
import Connectors
import ContentHash
import Fetching
import Foundation
import ImpactModel
import Normalization
import RunArtifacts

extension SourceDefinition {
    /// The connector's typed view of this pipeline source.
    var spec: SourceSpec {
        var spec = SourceSpec(
            id: id, connector: ConnectorKind(rawValue: connector.rawValue) ?? .csv, table: table, url: resolvedURL,
            measures: measures, regions: regions, periodFrom: periodFrom, filters: filters, dataSet: dataSet,
            dataset: dataset, resourceName: resourceName, format: format, resourceID: resourceID,
            pinnedURL: pinnedURL, query: query, metadata: metadataURL)
        spec.datastore = datastore
        spec.datastoreSQL = datastoreSQL
        spec.select = select
        spec.encoding = declaredEncoding
        return spec
    }

    /// An expanded URL made absolute: `http(s)://` and `file://` as they are, an absolute path as `file://`, a
    /// relative path against the pipeline file's folder `base`.
    static func resolve(_ expanded: String, base: URL) -> String {
        if expanded.hasPrefix("http://") || expanded.hasPrefix("https://") || expanded.hasPrefix("file://") {
            return expanded
        }
        if expanded.hasPrefix("/") { return "file://" + expanded }
        return "file://" + base.appendingPathComponent(expanded).standardizedFileURL.path
    }

    /// The quarters a `{quarter}` URL expands to: `first_quarter` (default: the run's period) up to the period.
    func quarters(upTo period: Quarter) -> [Quarter] {
        guard url.contains("{quarter}") else { return [] }
        let first = firstQuarter.flatMap { try? Quarter(parsing: $0) } ?? period
        guard first <= period else { return [] }
        return (0...(period - first)).map { first + $0 }
    }
}

/// One entry of `fetch/<source_id>/fetch.json`: a stored body and how it was obtained.
struct StoredBodyRecord: Codable, Sendable {
    var file: String
    var url: String
    var effectiveURL: String?
    var status: Int
    var contentType: String?
    var etag: String?
    var lastModified: String?
    var bytes: Int
    var sha256: String
    var retrievedAt: String
    var attempts: Int?
    var fromCache: Bool?
    var notModified: Bool?
    var bodyBytesTransferred: Int?

    enum CodingKeys: String, CodingKey {
        case file, url, status, etag, bytes, sha256, attempts
        case effectiveURL = "effective_url"
        case contentType = "content_type"
        case lastModified = "last_modified"
        case retrievedAt = "retrieved_at"
        case fromCache = "from_cache"
        case notModified = "not_modified"
        case bodyBytesTransferred = "body_bytes_transferred"
    }
}

/// `fetch/<source_id>/fetch.json`.
struct SourceFetchRecord: Codable, Sendable {
    var sourceID: String
    var connector: String
    /// Set when an optional source could not be fetched and its last good stored response is used instead.
    var staleReason: String?
    var requests: [StoredBodyRecord]
    var diagnostics: [String]

    enum CodingKeys: String, CodingKey {
        case connector, requests, diagnostics
        case sourceID = "source_id"
        case staleReason = "stale_reason"
    }

    static func load(_ folder: URL) throws -> SourceFetchRecord {
        let url = RunFile.fetchRecord.url(inStageFolder: folder)
        do {
            return try JSONDecoder().decode(SourceFetchRecord.self, from: Data(contentsOf: url))
        } catch {
            throw ImpactError(
                .dataInvalid, "\(url.path) cannot be read (\(SystemErrorText.describe(error))); rerun `impactmon fetch`"
            )
        }
    }

    func write(_ folder: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try enc.encode(self) + Data("\n".utf8), to: RunFile.fetchRecord.url(inStageFolder: folder))
    }

    /// The stored bodies, read back for the parse half of the connector; only those of `entities` when given (the
    /// table info of an earlier fetch needs its `Properties`, not its thousands of Observations pages).
    func storedBodies(in folder: URL, entities: Set<String>? = nil) throws -> [StoredBody] {
        try requests.filter { entities?.contains(StoredBody.entity(ofFileName: $0.file)) ?? true }.map { r in
            let url = folder.appendingPathComponent(r.file)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ImpactError(.dataInvalid, "\(url.path) is missing; rerun `impactmon fetch`")
            }
            let sha = sha256Hex(data)
            guard sha == r.sha256 else {
                throw ImpactError(
                    .dataInvalid,
                    "\(url.path): sha256 \(sha.prefix(12))… differs from fetch.json (\(r.sha256.prefix(12))…); the stored body was changed — rerun `impactmon fetch`"
                )
            }
            let media = r.contentType.map {
                $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            }
            return StoredBody(fileName: r.file, url: r.url, data: data, sha256: sha, mediaType: media)
        }
    }
}
