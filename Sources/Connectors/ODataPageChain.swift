import Foundation
import ImpactModel

/// The paging checks of KNOWN-FAULTS B02 over page summaries (``ODataPageSummary``), so the fetch half checks the pages
/// it scanned and the parse half the pages it decoded with the same code and the same messages.
///
/// Checks: at least one page; every page but the last links (its continuation link resolved against its own URL,
/// RFC 3986 §5) to the URL the next page came from, and the last links nowhere; and, in ``verify(declared:entity:table:)``,
/// the rows against a declared count, or the "possible truncation at page cap" warning.
package struct ODataPageChain: Sendable {
    /// One page: where it is stored, where it came from, what it holds.
    package struct Page: Sendable, Hashable {
        /// The run-directory file name (`005-Observations.json`).
        package var fileName: String
        /// The URL the page was fetched from.
        package var url: String
        /// Its rows, continuation link and declared count.
        package var summary: ODataPageSummary

        /// A page stored as `fileName`, fetched from `url`.
        package init(fileName: String, url: String, summary: ODataPageSummary) {
            self.fileName = fileName
            self.url = url
            self.summary = summary
        }
    }

    /// The pages in request order.
    package let pages: [Page]
    /// The count the first page declares (`@odata.count` / `odata.count`), if any.
    package var declaredCount: Int? { pages.first?.summary.declaredCount }
    /// Rows over all pages.
    package var rowCount: Int { pages.reduce(0) { $0 + ($1.summary.rows ?? 0) } }

    /// Checks that the pages form one unbroken chain of continuation links.
    /// - Throws: ``ConnectorError`` `.missingBody` when `pages` is empty, a link's target is not the next page, or the
    ///   last page links to a page that is not there; `.unexpectedShape` for a page without a `value` array.
    package init(entity: String, pages: [Page], hint: String?) throws(ConnectorError) {
        guard !pages.isEmpty else {
            throw ConnectorError(.missingBody, "no stored \(entity) page; run the fetch stage again")
        }
        for (i, page) in pages.enumerated() {
            guard page.summary.rows != nil else {
                throw ConnectorError(
                    .unexpectedShape, "\(page.fileName) (\(page.url)): no \"value\" array; " + (hint ?? ""),
                    url: page.url)
            }
            let link = page.summary.nextLink.map { URIReference.resolve($0, against: page.url) }
            if i + 1 < pages.count {
                guard link == pages[i + 1].url else {
                    throw ConnectorError(
                        .missingBody,
                        "\(page.fileName): its continuation link is \(link ?? "absent") but the next stored page "
                            + "\(pages[i + 1].fileName) came from \(pages[i + 1].url); run the fetch stage again")
                }
            } else if let link {
                throw ConnectorError(
                    .missingBody,
                    "\(page.fileName) links to a further page \(link) that was not stored: the table would be "
                        + "truncated; run the fetch stage again", url: link)
            }
        }
        self.pages = pages
    }

    /// The count that applies to these pages: the first page's own `@odata.count`/`odata.count`, else the table's
    /// total (`ObservationCount`, `RecordCount`) when the request was live and carried no `$filter` (a snapshot may
    /// be a recorded slice; a filtered request is a part of the table).
    package func applicableCount(tableTotal: Int?) -> Int? {
        if let declaredCount { return declaredCount }
        return Self.totalApplies(toFirstURL: pages.first?.url ?? "") ? tableTotal : nil
    }

    /// Whether a table's total row count is the count of a request for `url`: a live (`http(s)`) request without
    /// `$filter`.
    package static func totalApplies(toFirstURL url: String) -> Bool {
        let filtered = url.contains("$filter=") || url.contains("%24filter=")
        return Fetch.isHTTP(url) && !filtered
    }

    /// Checks the fetched row count against a declared total and looks for a silent page cap (KNOWN-FAULTS B02).
    /// - Parameter declared: the count that applies to this selection (``applicableCount(tableTotal:)``), `nil` if
    ///   none is known.
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
                        + "fetch again", url: pages.first?.url)
            }
            return []
        }
        if let last = pages.last, last.summary.rows == ODataPaging.pageCap {
            return [
                Diagnostic(
                    .warning, code: "paging.page_cap",
                    "\(table) \(entity): possible truncation at page cap: the last page holds exactly "
                        + "\(ODataPaging.pageCap) rows and has no continuation link, and no declared count confirms "
                        + "the total of \(fetched)", file: last.fileName)
            ]
        }
        return []
    }
}
