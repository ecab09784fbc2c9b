import CSVCodec
import Fetching
import Foundation
import ImpactModel
import JSONCodec

/// `datastore_search_sql` paging of a CKAN DataStore table (`connector: ckan`, `datastore: true`,
/// `datastore_sql: true`; issue 20 item 2).
///
/// Source: CKAN DataStore API `datastore_search_sql` (ckanext.datastore.logic.action, CKAN 2.9–2.11):
/// `GET <portal>/api/3/action/datastore_search_sql?sql=<SELECT …>` answers `{"success": true, "result": {"records":
/// [{…}], "fields": [{"id", "type"}], "sql", "records_truncated"?}}`; a portal with `ckan.datastore.sqlsearch.enabled
/// = false` (or without the right) answers HTTP 403 `{"success": false, "error": {"__type": "Authorization Error"}}`.
/// The statement is read-only SQL on the resource's PostgreSQL table, named by its resource id in double quotes.
///
/// Paging: first `SELECT COUNT(*) AS n FROM "<id>"` (stored as `001-datastore_count.json`), then
/// `SELECT * FROM "<id>" ORDER BY "_id" LIMIT <limit> OFFSET <rows so far>` until the rows reach `n`; a server that
/// caps a page (`ckan.datastore.search.rows_max`, `records_truncated`) is simply asked again from the next offset.
/// An empty page before `n` is an error (the table changed). Parse checks `n` distinct `_id`s. `_full_text` (the
/// DataStore's search column) is left out. The output is the same table as ``CKANDatastoreConnector``'s.
extension CKANDatastoreConnector {
    /// The entity of the stored count reply.
    package static let countEntity = "datastore_count"
    /// The entity of the stored SQL pages (`002-datastore_search_sql.json`).
    package static let sqlPageEntity = "datastore_search_sql"

    /// `<portal>/api/3/action/datastore_search_sql?sql=<statement>`.
    package func sqlURL(_ statement: String) -> String {
        Fetch.join(portalURL, "api/3/action/datastore_search_sql") + "?sql=" + Fetch.encodeQueryValue(statement)
    }

    /// The table name in SQL: the resource id in double quotes (a `"` doubled).
    static func quoted(_ id: String) -> String { "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The count statement, then the pages; see the extension's notes.
    /// - Throws: ``ConnectorError``; a portal that refuses SQL (403, or `success: false`) gives `.serverError` /
    ///   `.httpStatus` naming the source and saying to use `datastore_search` instead.
    func fetchSQL(resourceID id: String, using fetcher: any HTTPFetching, into result: inout FetchResult)
        async throws(ConnectorError)
    {
        let headers = ["Accept": "application/json"]
        let refusal =
            "source \(sourceID): the CKAN portal \(portalURL) does not allow datastore_search_sql; remove `datastore_sql: true` to page with datastore_search"
        func get(_ statement: String, entity: String) async throws(ConnectorError) -> [JSONValue] {
            let url = sqlURL(statement)
            let response = try await Fetch.get(HTTPRequest(url: url, headers: headers), using: fetcher, hint: refusal)
            let json = try JSONBody.decode(response, url: url)
            if let err = Fetch.serverErrorObject(json) {
                throw ConnectorError(.serverError, "\(refusal) (the portal answered \(err))", url: url)
            }
            guard let records = json["result"]?["records"]?.array else {
                throw ConnectorError(
                    .unexpectedShape, "\(url): datastore_search_sql reply has no result.records", url: url)
            }
            result.bodies.append(
                FetchedBody(
                    url: url, fileName: StoredBody.fileName(index: result.bodies.count + 1, entity: entity),
                    response: response))
            return records
        }
        let table = Self.quoted(id)
        let countRecords = try await get("SELECT COUNT(*) AS n FROM \(table)", entity: Self.countEntity)
        guard let total = countRecords.first?["n"].flatMap({ $0.int ?? Int($0.text) }) else {
            throw ConnectorError(.unexpectedShape, "source \(sourceID): datastore_search_sql COUNT(*) gave no number n")
        }
        var collected = 0
        while collected < total {
            guard result.bodies.count <= maxPages else {
                throw ConnectorError(
                    .pagingLoop, "datastore_search_sql of \(id): \(maxPages) pages without reaching \(total) rows")
            }
            let statement = "SELECT * FROM \(table) ORDER BY \"_id\" LIMIT \(limit) OFFSET \(collected)"
            let records = try await get(statement, entity: Self.sqlPageEntity)
            guard !records.isEmpty else {
                throw ConnectorError(
                    .emptyPage,
                    "datastore_search_sql of \(id): an empty page at offset \(collected) of \(total) rows; the table would be truncated — fetch again",
                    url: sqlURL(statement))
            }
            collected += records.count
        }
    }

    /// Reads the stored count and SQL pages back into one table.
    /// - Throws: ``ConnectorError`` `.missingBody` without the count, `.countMismatch` when the pages do not hold
    ///   `n` distinct `_id`s.
    func parseSQL(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        guard let countBody = bodies.first(where: { $0.entity == Self.countEntity }),
            let total = try JSONBody.decode(countBody)["result"]?["records"]?.array?.first?["n"].flatMap({
                $0.int ?? Int($0.text)
            })
        else {
            throw ConnectorError(
                .missingBody, "source \(sourceID): no stored datastore_search_sql count; run fetch again")
        }
        let pages = bodies.filter { $0.entity == Self.sqlPageEntity }.sorted { $0.sequence < $1.sequence }
        var fields: [String] = []
        var rows: [(id: Int?, record: JSONValue)] = []
        for (i, body) in pages.enumerated() {
            let result = try JSONBody.decode(body)["result"]
            if i == 0 {
                fields = (result?["fields"]?.array ?? []).compactMap { $0["id"]?.string }.filter {
                    $0 != "_id" && $0 != "_full_text"
                }
            }
            rows += (result?["records"]?.array ?? []).map { ($0["_id"]?.int, $0) }
        }
        let ids = rows.compactMap(\.id)
        guard ids.count == rows.count, Set(ids).count == total, rows.count == total else {
            throw ConnectorError(
                .countMismatch,
                "datastore_search_sql: \(rows.count) rows (\(Set(ids).count) distinct _id) over \(pages.count) page(s) but COUNT(*) was \(total); the table changed while paging — fetch again",
                url: countBody.url)
        }
        rows.sort { ($0.id ?? 0) < ($1.id ?? 0) }
        let records = rows.enumerated().map { n, row in
            CSVRecord(
                fields: fields.map { f in
                    switch row.record[f] {
                    case nil, .null?: return ""
                    case let v?: return v.text
                    }
                }, line: n + 2, number: n + 1)
        }
        let digest = StoredBody.sha256Hex(Data(([countBody] + pages).map(\.sha256).joined(separator: "\n").utf8))
        let table = CSVTable(
            header: fields, records: records, delimiter: UInt8(ascii: ","), hadBOM: false, encoding: .utf8)
        return ParseResult(
            output: .tables([
                SourceTable(fileName: Self.tableName, url: countBody.url, sha256: digest, quarter: nil, table: table)
            ]),
            diagnostics: [])
    }
}
