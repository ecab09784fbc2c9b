import CSVCodec
import Fetching
import Foundation
import ImpactModel
import JSONCodec

/// A CKAN DataStore table read through `datastore_search`, page by page (`connector: ckan`, `datastore: true`).
///
/// Source: CKAN DataStore API (`ckanext.datastore.logic.action.datastore_search`, CKAN 2.9–2.11 docs):
/// `GET <portal>/api/3/action/datastore_search?resource_id=<id>&limit=<n>&offset=<k>` answers
/// `{"success": true, "result": {"resource_id", "fields": [{"id", "type"}], "records": [{…}], "total",
/// "total_was_estimated"?, "limit", "_links": {"start", "next"}}}`. The server caps `limit` at
/// `ckan.datastore.search.rows_max` (32000 by default) without saying so, and `_links.next` is present on the last
/// page too; `total` is an estimate when `total_was_estimated` is true (large tables, CKAN ≥ 2.10).
///
/// Paging: the first request asks for ``limit`` rows at offset 0; every next page is `_links.next` as written,
/// resolved against the portal (it is a path, RFC 3986 §5). Paging stops when the rows collected reach `total`, or —
/// when `total` was estimated — at the first empty page. An empty page before `total` is an error (the table changed
/// or the server failed), and so is a page whose link does not move the offset forward. Parse checks that the pages
/// hold `total` distinct `_id`s.
///
/// The resource is named by `resource_id`, or found by `dataset` + `resource_name` (+ `format`) through
/// `package_show` (``CKANResourceConnector/chooseResource(in:url:)``), so a renamed resource id is followed.
///
/// Output: one ``SourceTable`` named `datastore_search.csv` with the fields in the order of `fields` (without
/// `_id`), one record per DataStore row in `_id` order; values as text (`null` → empty, numbers as written: a
/// KvK-nummer stored as a number lost its leading zero and is repaired by Normalization with a warning). Its
/// ``SourceTable/csvData()`` is what the CSV mappings (`record: impact_return`, …) read; record *n* is line *n* + 1
/// of that CSV.
package struct CKANDatastoreConnector: SourceConnector {
    /// The entity part of the stored pages (`002-datastore_search.json`).
    package static let pageEntity = "datastore_search"
    /// The name of the assembled table.
    package static let tableName = "datastore_search.csv"

    /// The pipeline source id.
    package let sourceID: String
    /// The portal root (`https://ckan.example.nl`).
    package let portalURL: String
    /// `resource_id`: the DataStore resource, or `nil` to find it by ``dataset`` and ``resourceName``.
    package let resourceID: String?
    /// `dataset` (with ``resourceName``) when the resource is found through `package_show`.
    package let dataset: String?
    /// `resource_name`.
    package let resourceName: String?
    /// `format`.
    package let format: String?
    /// Rows asked for per page (the server may return fewer).
    package let limit: Int
    /// A bound on pages against a server whose links never end.
    package let maxPages: Int
    /// `datastore_sql: true`: page with `datastore_search_sql` (LIMIT/OFFSET) instead of `datastore_search`
    /// (``fetchSQL(resourceID:using:into:)``).
    package var sql: Bool = false

    /// Creates the value from its parts.
    package init(
        sourceID: String, portalURL: String, resourceID: String? = nil, dataset: String? = nil,
        resourceName: String? = nil, format: String? = nil, limit: Int = 32000, maxPages: Int = 10_000
    ) {
        self.sourceID = sourceID
        self.portalURL = portalURL
        self.resourceID = resourceID
        self.dataset = dataset
        self.resourceName = resourceName
        self.format = format
        self.limit = limit
        self.maxPages = maxPages
    }

    /// `<portal>/api/3/action/datastore_search?resource_id=<id>&limit=<n>&offset=0`.
    package func firstPageURL(resourceID id: String) -> String {
        Fetch.join(portalURL, "api/3/action/datastore_search") + "?resource_id=" + Fetch.encodeQueryValue(id)
            + "&limit=\(limit)&offset=0"
    }

    /// One page of a `datastore_search` reply.
    struct Page {
        var fields: [String]
        var records: [JSONValue]
        var total: Int
        var totalWasEstimated: Bool
        var next: String?
        var offset: Int?
    }

    /// Reads one reply.
    /// - Throws: ``ConnectorError`` `.serverError` for `success: false`, `.unexpectedShape` without
    ///   `result.records`/`result.total`.
    static func page(_ json: JSONValue, url: String) throws(ConnectorError) -> Page {
        if let err = Fetch.serverErrorObject(json) {
            throw ConnectorError(.serverError, "\(url): datastore_search failed, the portal answered \(err)", url: url)
        }
        guard let result = json["result"], let records = result["records"]?.array, let total = result["total"]?.int
        else {
            throw ConnectorError(
                .unexpectedShape, "\(url): datastore_search reply has no result.records/result.total", url: url)
        }
        var estimated = false
        if case .bool(let b)? = result["total_was_estimated"] { estimated = b }
        let fields = (result["fields"]?.array ?? []).compactMap { $0["id"]?.string }
        return Page(
            fields: fields, records: records, total: total, totalWasEstimated: estimated,
            next: result["_links"]?["next"]?.string, offset: result["offset"]?.int)
    }

    /// The `offset` query parameter of a URL, if any.
    static func offset(in url: String) -> Int? {
        guard let q = url.firstIndex(of: "?") else { return nil }
        for part in url[url.index(after: q)...].split(separator: "&") where part.hasPrefix("offset=") {
            return Int(part.dropFirst("offset=".count))
        }
        return nil
    }

    /// package_show (when the resource is named by dataset), then every page; see the type's notes.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        var result = FetchResult()
        let headers = ["Accept": "application/json"]
        var chosenID = resourceID
        if chosenID == nil {
            guard let dataset, let resourceName else {
                throw ConnectorError(
                    .parameter,
                    "source \(sourceID) (ckan, datastore): give `resource_id:` or `dataset:` with `resource_name:`")
            }
            let lookup = CKANResourceConnector(
                sourceID: sourceID, portalURL: portalURL, dataset: dataset, resourceName: resourceName, format: format)
            let showURL = lookup.packageShowURL
            let show = try await Fetch.get(HTTPRequest(url: showURL, headers: headers), using: fetcher)
            chosenID = try lookup.chooseResource(in: try JSONBody.decode(show, url: showURL), url: showURL).id
            result.bodies.append(
                FetchedBody(
                    url: showURL, fileName: StoredBody.fileName(index: 1, entity: "package_show"), response: show))
        }
        guard let id = chosenID, !id.isEmpty else {
            throw ConnectorError(.resourceNotFound, "source \(sourceID): the chosen resource has no id")
        }
        if sql {
            try await fetchSQL(resourceID: id, using: fetcher, into: &result)
            return result
        }
        var url = firstPageURL(resourceID: id)
        var collected = 0
        var lastOffset = -1
        while true {
            guard result.bodies.count < maxPages else {
                throw ConnectorError(
                    .pagingLoop, "datastore_search of \(id): \(maxPages) pages without reaching the total", url: url)
            }
            let response = try await Fetch.get(HTTPRequest(url: url, headers: headers), using: fetcher)
            let page = try Self.page(try JSONBody.decode(response, url: url), url: url)
            result.bodies.append(
                FetchedBody(
                    url: url,
                    fileName: StoredBody.fileName(index: result.bodies.count + 1, entity: Self.pageEntity),
                    response: response))
            collected += page.records.count
            if page.records.isEmpty {
                guard page.totalWasEstimated || collected >= page.total else {
                    throw ConnectorError(
                        .emptyPage,
                        "datastore_search of \(id): an empty page at \(url) after \(collected) of \(page.total) rows; "
                            + "the table would be truncated — fetch again", url: url)
                }
                break
            }
            if !page.totalWasEstimated && collected >= page.total { break }
            guard let next = page.next else { break }
            let nextURL = URIReference.resolve(next, against: url)
            let offset = Self.offset(in: nextURL) ?? -1
            guard offset > lastOffset, nextURL != url else {
                throw ConnectorError(
                    .pagingLoop,
                    "datastore_search of \(id): _links.next \(next) does not move past offset \(lastOffset)",
                    url: url)
            }
            lastOffset = offset
            url = nextURL
        }
        return result
    }

    /// Reads the stored pages back into one table; see the type's notes.
    /// - Throws: ``ConnectorError`` `.missingBody` without pages, `.countMismatch` when the pages do not hold
    ///   `total` distinct `_id`s.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        if bodies.contains(where: { $0.entity == Self.sqlPageEntity }) { return try parseSQL(bodies) }
        let pages = bodies.filter { $0.entity == Self.pageEntity }.sorted { $0.sequence < $1.sequence }
        guard let first = pages.first else {
            throw ConnectorError(.missingBody, "source \(sourceID): no stored datastore_search page; run fetch again")
        }
        var fields: [String] = []
        var rows: [(id: Int?, record: JSONValue)] = []
        var total = 0
        var estimated = false
        for (i, body) in pages.enumerated() {
            let page = try Self.page(try JSONBody.decode(body), url: body.url)
            if i == 0 {
                fields = page.fields.filter { $0 != "_id" }
                total = page.total
                estimated = page.totalWasEstimated
            }
            rows += page.records.map { ($0["_id"]?.int, $0) }
        }
        if fields.isEmpty, let keys = rows.first?.record.object?.keys {
            fields = keys.filter { $0 != "_id" }.sorted()
        }
        let ids = rows.compactMap(\.id)
        let distinct = Set(ids)
        guard distinct.count == ids.count, estimated || rows.count == total else {
            throw ConnectorError(
                .countMismatch,
                "datastore_search: \(rows.count) rows (\(distinct.count) distinct _id) over \(pages.count) page(s) but "
                    + "the portal declares total \(total); the table changed while paging — fetch again",
                url: first.url)
        }
        if ids.count == rows.count { rows.sort { ($0.id ?? 0) < ($1.id ?? 0) } }
        let records = rows.enumerated().map { n, row in
            CSVRecord(
                fields: fields.map { f in
                    switch row.record[f] {
                    case nil, .null?: return ""
                    case let v?: return v.text
                    }
                }, line: n + 2, number: n + 1)
        }
        let digest = StoredBody.sha256Hex(Data(pages.map(\.sha256).joined(separator: "\n").utf8))
        let table = CSVTable(
            header: fields, records: records, delimiter: UInt8(ascii: ","), hadBOM: false, encoding: .utf8)
        var diagnostics: [Diagnostic] = []
        if estimated {
            diagnostics.append(
                Diagnostic(
                    .note, code: "ckan.total_estimated",
                    "datastore_search: the portal estimated the total (\(total)); \(rows.count) rows were read up to "
                        + "the first empty page"))
        }
        return ParseResult(
            output: .tables([
                SourceTable(fileName: Self.tableName, url: first.url, sha256: digest, quarter: nil, table: table)
            ]), diagnostics: diagnostics)
    }
}

extension SourceTable {
    /// The table as RFC 4180 CSV (machine profile: `,`, LF, UTF-8), header first: what the CSV mappings of the
    /// Normalization module read when no stored body of this name exists (a CKAN DataStore table assembled from
    /// its pages).
    package func csvData() -> Data {
        var w = CSVWriter(profile: .machine)
        w.write(table.header)
        w.write(rows: table.records.map(\.fields))
        return w.data
    }
}
