import Fetching
import Foundation
import ImpactModel
import JSONCodec

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

    /// Pages fetched at once when the remaining pages are known in advance (offset paging with a known total); the
    /// client's `per_host_concurrency` (4 by default) bounds how many of them are transferred at the same time.
    package static let pageWindow = 8

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
        try await fetchAllScanned(
            entity: entity, firstURL: firstURL, firstIndex: firstIndex, headers: headers, using: fetcher, hint: hint,
            maxPages: maxPages
        ).map(\.body)
    }

    /// ``fetchAll(entity:firstURL:firstIndex:headers:using:hint:maxPages:)`` with every page's
    /// ``ODataPageSummary`` (rows, continuation link, declared count) read by the streaming scan
    /// (``ODataPageScan``) on the way, never a JSON tree per row, so the caller checks the chain and the count
    /// (``ODataPageChain``) without parsing a page again.
    ///
    /// Pages are fetched one after another, each from the link of the one before (`@odata.nextLink` is sequential
    /// by nature), except for offset paging with a known total: when the first page's link asks for `$skip=N` with N
    /// the rows of that page, and the total is known (the first page's `@odata.count`/`odata.count`, else
    /// `knownTotal`), the URLs of the remaining pages are the same link with `$skip=2N`, `3N`, … and are fetched
    /// ``pageWindow`` at a time. Every such page is kept only when the page before it links to exactly its URL;
    /// at the first page that does not (the server pages otherwise, or the table changed), the pages fetched
    /// ahead are dropped and paging goes on from the link as written. The stored chain is therefore always the one
    /// the server's links describe, as in a sequential fetch.
    /// - Parameter knownTotal: the rows the request returns when no page declares it (v3 `TableInfos`
    ///   `RecordCount` for a live request without `$filter`), or nil.
    /// - Throws: as ``fetchAll(entity:firstURL:firstIndex:headers:using:hint:maxPages:)``.
    package static func fetchAllScanned(
        entity: String, firstURL: String, firstIndex: Int, headers: [String: String] = [:],
        using fetcher: any HTTPFetching, hint: String?, maxPages: Int = 5_000, knownTotal: Int? = nil
    ) async throws(ConnectorError) -> [ScannedPage] {
        var pages: [ScannedPage] = []
        var seen: Set<String> = []
        var url = firstURL
        var speculated = false
        func accept(_ fetched: FetchedPage) {
            pages.append(
                ScannedPage(
                    body: FetchedBody(
                        url: fetched.url,
                        fileName: StoredBody.fileName(index: firstIndex + pages.count, entity: entity),
                        response: fetched.response),
                    summary: fetched.summary))
        }
        paging: while true {
            guard seen.insert(url).inserted, pages.count < maxPages else {
                throw ConnectorError(
                    .pagingLoop,
                    "\(entity): continuation link \(url) repeats a page already fetched (or more than \(maxPages) "
                        + "pages); the server's paging is inconsistent, fetch again later", url: url)
            }
            accept(
                try await fetchPage(
                    url, entity: entity, page: pages.count + 1, headers: headers, using: fetcher, hint: hint))
            guard let link = pages[pages.count - 1].summary.nextLink else { break }
            url = URIReference.resolve(link, against: url)
            guard !speculated, pages.count == 1, let first = pages.first?.summary.rows,
                let total = pages.first?.summary.declaredCount ?? knownTotal,
                let ahead = OffsetPaging(nextURL: url, rowsSoFar: first)?.urls(total: total, limit: maxPages - 1)
            else { continue }
            speculated = true
            // Fetch ahead, at most `pageWindow` pages beyond the last one kept; keep each page while the chain leads to
            // it; stop at the first break (at most a window of requests wasted).
            let outcome: AheadOutcome = await withTaskGroup(of: AheadPage.self) { group in
                var issued = 0
                var kept = 0
                var arrived: [Int: AheadPage] = [:]
                while true {
                    while issued < ahead.count, issued - kept < pageWindow {
                        let index = issued
                        let target = ahead[index]
                        group.addTask {
                            do throws(ConnectorError) {
                                let page = try await fetchPage(
                                    target, entity: entity, page: index + 2, headers: headers, using: fetcher,
                                    hint: hint)
                                return AheadPage(index: index, url: target, result: .success(page))
                            } catch {
                                return AheadPage(index: index, url: target, result: .failure(error))
                            }
                        }
                        issued += 1
                    }
                    guard let done = await group.next() else { return .exhausted }
                    arrived[done.index] = done
                    while let next = arrived.removeValue(forKey: kept) {
                        // Kept only when the chain leads to exactly the URL this page was fetched from.
                        guard next.url == url, seen.insert(url).inserted else {
                            group.cancelAll()
                            return .diverged
                        }
                        switch next.result {
                        case .failure(let error):
                            group.cancelAll()
                            return .failed(error)
                        case .success(let fetched):
                            guard fetched.url == url else {
                                group.cancelAll()
                                return .diverged
                            }
                            accept(fetched)
                        }
                        kept += 1
                        guard let link = pages[pages.count - 1].summary.nextLink else {
                            group.cancelAll()
                            return .ended
                        }
                        url = URIReference.resolve(link, against: url)
                    }
                }
            }
            switch outcome {
            case .ended: break paging
            case .failed(let error): throw error
            case .diverged, .exhausted: continue paging
            }
        }
        return pages
    }

    /// A page fetched ahead: its place among the predicted URLs, the URL it was fetched from, and the outcome.
    private struct AheadPage: Sendable {
        var index: Int
        var url: String
        var result: Result<FetchedPage, ConnectorError>
    }

    /// A page fetched and scanned, before it has its place (file name) in the chain.
    private struct FetchedPage: Sendable {
        var url: String
        var response: HTTPResponse
        var summary: ODataPageSummary
    }

    /// GETs and scans one page.
    /// - Throws: ``ConnectorError``: the request's, `.notJSON`, or `.malformedJSON` naming the entity, the page number,
    ///   the URL and the byte offset of the fault.
    private static func fetchPage(
        _ url: String, entity: String, page: Int, headers: [String: String], using fetcher: any HTTPFetching,
        hint: String?
    ) async throws(ConnectorError) -> FetchedPage {
        let response = try await Fetch.get(HTTPRequest(url: url, headers: headers), using: fetcher, hint: hint)
        try JSONBody.check(response, url: url, hint: hint)
        let summary: ODataPageSummary
        do {
            summary = try ODataPageScan.scan(response.body)
        } catch {
            let tail = String(decoding: response.body.suffix(40), as: UTF8.self)
            throw ConnectorError(
                .malformedJSON,
                "GET \(url): \(entity) page \(page): the body (\(response.body.count) bytes) is not valid JSON "
                    + "(\(error.expected) at byte offset \(error.offset)); it ends with \"\(tail)\" — a body cut off "
                    + "mid-transfer is the usual cause: fetch the source again", url: url)
        }
        guard summary.rows != nil else {
            throw ConnectorError(
                .unexpectedShape,
                "GET \(url): \(entity) page \(page): the JSON has no \"value\" array (\(response.body.count) bytes); "
                    + (hint ?? "is this an OData entity set?"), url: url)
        }
        return FetchedPage(url: url, response: response, summary: summary)
    }

    /// How fetching ahead ended: the chain's last page kept, a page the chain does not lead to (or no more predicted
    /// pages: paging goes on from the link), or a kept page that failed.
    private enum AheadOutcome {
        case ended, diverged, exhausted
        case failed(ConnectorError)
    }
}

/// One page of a paged entity set as the fetch half has it: the body to store and its scan.
package struct ScannedPage: Sendable {
    /// The response, its URL and its file name.
    package var body: FetchedBody
    /// What the scan read of it.
    package var summary: ODataPageSummary

    /// A page with its scan.
    package init(body: FetchedBody, summary: ODataPageSummary) {
        self.body = body
        self.summary = summary
    }

    /// The page as ``ODataPageChain`` checks it.
    package var chainPage: ODataPageChain.Page {
        ODataPageChain.Page(fileName: body.fileName, url: body.url, summary: summary)
    }
}

/// Offset paging (`$skip`): from the first continuation link, the URLs of all remaining pages.
struct OffsetPaging {
    /// The link with its `$skip` value cut out: text before and after the digits.
    let prefix: Substring
    let suffix: Substring
    /// The rows per page (the first link's `$skip`).
    let step: Int

    /// Recognises a link whose query has `$skip=<rowsSoFar>` (also written `%24skip=`), `rowsSoFar` > 0.
    init?(nextURL: String, rowsSoFar: Int) {
        guard rowsSoFar > 0, let query = nextURL.firstIndex(of: "?") else { return nil }
        let rest = nextURL[query...]
        guard let key = rest.range(of: "$skip=") ?? rest.range(of: "%24skip="),
            [Character("?"), "&"].contains(nextURL[nextURL.index(before: key.lowerBound)])
        else { return nil }
        let digitsEnd = nextURL[key.upperBound...].firstIndex { !$0.isASCII || !$0.isNumber } ?? nextURL.endIndex
        guard let value = Int(nextURL[key.upperBound..<digitsEnd]), value == rowsSoFar else { return nil }
        prefix = nextURL[..<key.upperBound]
        suffix = nextURL[digitsEnd...]
        step = value
    }

    /// The URLs with `$skip` = step, 2·step, … below `total`, at most `limit` of them.
    func urls(total: Int, limit: Int) -> [String]? {
        guard total > step, limit > 0 else { return nil }
        let pages = min(limit, (total - 1) / step)
        return (1...pages).map { String(prefix) + String($0 * step) + String(suffix) }
    }
}

/// The rows of one paged entity set read back from stored bodies, with the paging checks of KNOWN-FAULTS B02
/// (``ODataPageChain``, the same checks the fetch half runs on its scanned pages).
package struct ODataPages: Sendable {
    /// Each page's rows, with the body they came from.
    package var pages: [(body: StoredBody, rows: [JSONValue])]
    /// The chain of pages the checks ran on.
    package let chain: ODataPageChain
    /// The count the server declared (`@odata.count`/`odata.count` on the first page), if any.
    package var declaredCount: Int? { chain.declaredCount }

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

    /// The same checks over pages already parsed, in request order.
    /// - Throws: ``ConnectorError`` `.missingBody` when `decoded` is empty or a link's target is not the next body,
    ///   `.unexpectedShape` for a page without a `value` array.
    package init(entity: String, decoded: [(body: StoredBody, page: JSONValue)], hint: String?) throws(ConnectorError) {
        chain = try ODataPageChain(
            entity: entity,
            pages: decoded.map {
                ODataPageChain.Page(
                    fileName: $0.body.fileName, url: $0.body.url, summary: ODataPageSummary(tree: $0.page))
            }, hint: hint)
        pages = decoded.map { ($0.body, $0.page["value"]?.array ?? []) }
    }

    /// See ``ODataPageChain/applicableCount(tableTotal:)``.
    package func applicableCount(tableTotal: Int?) -> Int? { chain.applicableCount(tableTotal: tableTotal) }

    /// See ``ODataPageChain/verify(declared:entity:table:)``.
    package func verify(declared: Int?, entity: String, table: String) throws(ConnectorError) -> [Diagnostic] {
        try chain.verify(declared: declared, entity: entity, table: table)
    }
}
