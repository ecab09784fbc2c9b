import Fetching
import Foundation
import ImpactModel

/// Server-driven paging of CBS OData feeds: every page's continuation link is followed exactly as written
/// (KNOWN-FAULTS B02).
///
/// v3 JSON names the link `odata.nextLink`, v4 `@odata.nextLink`; both spellings are honoured for both versions,
/// since a client that knows only one silently truncates the table. A relative link is resolved against the page's
/// own URL (RFC 3986 §5); nothing is re-appended (no second `$format=json`, no re-added `$filter`).
package enum ODataPaging {
    /// CBS serves at most this many rows per page (ODataApi cap, ODataFeed page size, v4 page size).
    package static let pageCap = 10_000
    /// The continuation-link member names: OData JSON v4 (`@odata.nextLink`) and OData v3 verbose-less JSON.
    package static let nextLinkKeys = ["@odata.nextLink", "odata.nextLink"]
    /// The declared-count member names: v4 `@odata.count` (`$count=true`), v3 `odata.count` (`$inlinecount`).
    package static let countKeys = ["@odata.count", "odata.count"]

    /// The continuation link of a decoded page, if any.
    package static func nextLink(of page: JSONValue) -> String? {
        for key in nextLinkKeys {
            if let s = page[key]?.string, !s.isEmpty { return s }
        }
        return nil
    }

    /// The count a page declares for the whole result, if any.
    package static func declaredCount(of page: JSONValue) -> Int? {
        for key in countKeys {
            if let n = page[key]?.int { return n }
        }
        return nil
    }

    /// Fetches `firstURL` and every continuation link after it.
    /// - Parameters:
    ///   - entity: the entity set, used in file names (`Observations`, `UntypedDataSet`).
    ///   - firstIndex: the 1-based number of the first page's file (`001-…`).
    ///   - maxPages: a bound against link cycles (a 23-million-row table is 2,300 pages).
    /// - Returns: one ``FetchedBody`` per page, in order.
    /// - Throws: ``ConnectorError`` for a failed request, a non-JSON or malformed page, a page without `value`,
    ///   or a link that repeats a URL already fetched.
    package static func fetchAll(
        entity: String, firstURL: String, firstIndex: Int, headers: [String: String] = [:],
        using fetcher: any HTTPFetching, hint: String?, maxPages: Int = 5_000
    ) async throws(ConnectorError) -> [FetchedBody] {
        try await fetchAllDecoded(
            entity: entity, firstURL: firstURL, firstIndex: firstIndex, headers: headers, using: fetcher, hint: hint,
            maxPages: maxPages
        ).map(\.body)
    }

    /// ``fetchAll(entity:firstURL:firstIndex:headers:using:hint:maxPages:)`` with every page as parsed on the way,
    /// so a caller that checks the pages (``ODataPages/init(entity:decoded:hint:)``) does not parse them again
    /// (a 200-page table spent a fifth of its fetch time parsing every page a second time; bench/fetch_bench.sh).
    /// - Throws: as ``fetchAll(entity:firstURL:firstIndex:headers:using:hint:maxPages:)``.
    package static func fetchAllDecoded(
        entity: String, firstURL: String, firstIndex: Int, headers: [String: String] = [:],
        using fetcher: any HTTPFetching, hint: String?, maxPages: Int = 5_000
    ) async throws(ConnectorError) -> [(body: FetchedBody, page: JSONValue)] {
        var bodies: [(body: FetchedBody, page: JSONValue)] = []
        var seen: Set<String> = []
        var url = firstURL
        while true {
            guard seen.insert(url).inserted, bodies.count < maxPages else {
                throw ConnectorError(
                    .pagingLoop,
                    "\(entity): continuation link \(url) repeats a page already fetched (or more than \(maxPages) "
                        + "pages); the server's paging is inconsistent, fetch again later", url: url)
            }
            let response = try await Fetch.get(HTTPRequest(url: url, headers: headers), using: fetcher, hint: hint)
            let page = try JSONBody.decode(response, url: url, hint: hint)
            guard page["value"]?.array != nil else {
                throw ConnectorError(
                    .unexpectedShape,
                    "GET \(url): the JSON has no \"value\" array (\(response.body.count) bytes); "
                        + (hint ?? "is this an OData entity set?"), url: url)
            }
            bodies.append(
                (
                    FetchedBody(
                        url: url, fileName: StoredBody.fileName(index: firstIndex + bodies.count, entity: entity),
                        response: response), page
                ))
            guard let link = nextLink(of: page) else { break }
            url = URIReference.resolve(link, against: url)
        }
        return bodies
    }
}

/// The rows of one paged entity set read back from stored bodies, with the paging checks of KNOWN-FAULTS B02.
package struct ODataPages: Sendable {
    /// Each page's rows, with the body they came from.
    package var pages: [(body: StoredBody, rows: [JSONValue])]
    /// The count the server declared (`@odata.count`/`odata.count` on the first page), if any.
    package var declaredCount: Int?

    /// Rows over all pages: the rows fetched.
    package var rowCount: Int { pages.reduce(0) { $0 + $1.rows.count } }

    /// Decodes the stored pages of `entity` in file-name order and checks that each link led to the next page.
    /// - Throws: ``ConnectorError`` `.missingBody` when no page is stored or a link's target is not the next body.
    package init(entity: String, bodies: [StoredBody], hint: String?) throws(ConnectorError) {
        let mine = bodies.filter { $0.entity == entity }.sorted {
            ($0.sequence, $0.fileName) < ($1.sequence, $1.fileName)
        }
        guard !mine.isEmpty else {
            throw ConnectorError(
                .missingBody, "no stored \(entity) page among \(bodies.map(\.fileName)); run the fetch stage again")
        }
        var decoded: [(body: StoredBody, page: JSONValue)] = []
        for body in mine { decoded.append((body, try JSONBody.decode(body, hint: hint))) }
        try self.init(entity: entity, decoded: decoded, hint: hint)
    }

    /// The same checks over pages already parsed, in request order (from
    /// ``ODataPaging/fetchAllDecoded(entity:firstURL:firstIndex:headers:using:hint:maxPages:)``).
    /// - Throws: ``ConnectorError`` `.missingBody` when `decoded` is empty or a link's target is not the next body,
    ///   `.unexpectedShape` for a page without a `value` array.
    package init(entity: String, decoded: [(body: StoredBody, page: JSONValue)], hint: String?) throws(ConnectorError) {
        let mine = decoded.map(\.body)
        guard !mine.isEmpty else {
            throw ConnectorError(.missingBody, "no stored \(entity) page; run the fetch stage again")
        }
        var pages: [(body: StoredBody, rows: [JSONValue])] = []
        var declared: Int?
        for (i, (body, page)) in decoded.enumerated() {
            guard let rows = page["value"]?.array else {
                throw ConnectorError(
                    .unexpectedShape, "\(body.fileName) (\(body.url)): no \"value\" array; " + (hint ?? ""),
                    url: body.url)
            }
            if i == 0 { declared = ODataPaging.declaredCount(of: page) }
            let link = ODataPaging.nextLink(of: page).map { URIReference.resolve($0, against: body.url) }
            if i + 1 < mine.count {
                guard link == mine[i + 1].url else {
                    throw ConnectorError(
                        .missingBody,
                        "\(body.fileName): its continuation link is \(link ?? "absent") but the next stored page "
                            + "\(mine[i + 1].fileName) came from \(mine[i + 1].url); run the fetch stage again")
                }
            } else if let link {
                throw ConnectorError(
                    .missingBody,
                    "\(body.fileName) links to a further page \(link) that was not stored: the table would be "
                        + "truncated; run the fetch stage again", url: link)
            }
            pages.append((body, rows))
        }
        self.pages = pages
        self.declaredCount = declared
    }

    /// The count that applies to these pages: the first page's own `@odata.count`/`odata.count`, else the table's
    /// total (`ObservationCount`, `RecordCount`) when the request was live and carried no `$filter` (a snapshot may
    /// be a recorded slice; a filtered request is a part of the table).
    package func applicableCount(tableTotal: Int?) -> Int? {
        if let declaredCount { return declaredCount }
        let first = pages.first?.body.url ?? ""
        let filtered = first.contains("$filter=") || first.contains("%24filter=")
        return Fetch.isHTTP(first) && !filtered ? tableTotal : nil
    }

    /// Checks the fetched row count against a declared total and looks for a silent page cap (KNOWN-FAULTS B02).
    /// - Parameter declared: the count that applies to this selection (the first page's `@odata.count`, or the
    ///   table's `ObservationCount`/`RecordCount` when no server-side filter was sent), `nil` if none is known.
    /// - Returns: a "possible truncation at page cap" warning when the last page holds exactly
    ///   ``ODataPaging/pageCap`` rows and no declared count confirms the total.
    /// - Throws: ``ConnectorError`` `.countMismatch` when a declared count differs from the rows fetched.
    package func verify(declared: Int?, entity: String, table: String) throws(ConnectorError) -> [Diagnostic] {
        let fetched = rowCount
        if let declared {
            guard declared == fetched else {
                throw ConnectorError(
                    .countMismatch,
                    "\(table) \(entity): the server declares \(declared) rows but \(fetched) were fetched in "
                        + "\(pages.count) page(s); the download is incomplete or the table changed while paging: "
                        + "fetch again", url: pages.first?.body.url)
            }
            return []
        }
        if let last = pages.last, last.rows.count == ODataPaging.pageCap {
            return [
                Diagnostic(
                    .warning, code: "paging.page_cap",
                    "\(table) \(entity): possible truncation at page cap: the last page holds exactly "
                        + "\(ODataPaging.pageCap) rows and has no continuation link, and no declared count confirms "
                        + "the total of \(fetched)", file: last.body.fileName)
            ]
        }
        return []
    }
}
