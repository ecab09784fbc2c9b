import Connectors
import Foundation
import Testing

/// `ODataPaging.fetchAllScanned` + `ODataPageChain`: pages scanned while paging (no tree per row) are checked with the
/// same results and refusals as the stored-body path, and offset-paged pages with a known total are fetched ahead,
/// kept only where the server's own links lead.
@Suite("OData paging: scanned pages, offset pages fetched ahead")
struct ODataPagingTests {
    private static let base = "http://127.0.0.1:9/odata/v1/CBS/T1/"
    private let first = base + "Observations"

    private static func page(_ ids: [Int], next: String?, count: Int?) -> FixtureFetcher.Reply {
        var text = "{"
        if let count { text += "\"@odata.count\":\(count)," }
        if let next { text += "\"@odata.nextLink\":\"\(next)\"," }
        text += "\"value\":[" + ids.map { "{\"Id\":\($0)}" }.joined(separator: ",") + "]}"
        return .bytes(Data(text.utf8))
    }

    /// Three pages of 2, 2 and 1 rows; the first declares `@odata.count`; links are relative `$skip` links.
    private func fetcher(count: Int? = 5) -> FixtureFetcher {
        FixtureFetcher(exact: [
            Self.base + "Observations": Self.page([0, 1], next: "Observations?$skip=2", count: count),
            Self.base + "Observations?$skip=2": Self.page([2, 3], next: "Observations?$skip=4", count: nil),
            Self.base + "Observations?$skip=4": Self.page([4], next: nil, count: nil),
            // Past the end: a server answers an empty page (only a wrong count leads here).
            Self.base + "Observations?$skip=6": Self.page([], next: nil, count: nil),
        ])
    }

    @Test func scannedPagesGiveTheSameRowsAsTheStoredBodies() async throws {
        let f = fetcher()
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 4, using: f, hint: nil)
        #expect(f.requestedURLs.count == 3)
        #expect(
            pages.map(\.body.fileName) == ["004-Observations.json", "005-Observations.json", "006-Observations.json"])
        #expect(pages.map(\.summary.rows) == [2, 2, 1])
        let chain = try ODataPageChain(entity: "Observations", pages: pages.map(\.chainPage), hint: nil)
        let fromBodies = try ODataPages(entity: "Observations", bodies: pages.map { StoredBody($0.body) }, hint: nil)
        #expect(chain.rowCount == 5)  // 2 + 2 + 1
        #expect(chain.declaredCount == 5)
        #expect(fromBodies.rowCount == chain.rowCount)
        #expect(fromBodies.chain.pages == chain.pages)
        #expect(try chain.verify(declared: chain.declaredCount, entity: "Observations", table: "T1").isEmpty)
    }

    /// With `@odata.count` 5 and a first page of 2 rows linking to `$skip=2`, pages `$skip=2` and `$skip=4` are
    /// requested without waiting for the links (both after the first), and nothing past the count.
    @Test func offsetPagesWithAKnownCountAreFetchedAhead() async throws {
        let f = fetcher()
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 1, using: f, hint: nil)
        #expect(f.requestedURLs.first == first)
        #expect(Set(f.requestedURLs.dropFirst()) == [first + "?$skip=2", first + "?$skip=4"])
        #expect(pages.map(\.body.url) == [first, first + "?$skip=2", first + "?$skip=4"])
    }

    /// Without a declared count the pages are fetched one after another; `knownTotal` (v3 `RecordCount`) stands in.
    @Test func withoutACountPagesFollowTheLinks() async throws {
        let f = fetcher(count: nil)
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 1, using: f, hint: nil)
        #expect(f.requestedURLs == [first, first + "?$skip=2", first + "?$skip=4"])
        #expect(pages.count == 3)
        let g = fetcher(count: nil)
        _ = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 1, using: g, hint: nil, knownTotal: 5)
        #expect(g.requestedURLs.count == 3)
    }

    /// A count larger than the table (7 for 5 rows): page `$skip=6` is fetched ahead but is not in the chain (page
    /// `$skip=4` links nowhere), and the count check refuses the download.
    @Test func aPageFetchedAheadPastTheLastLinkIsDropped() async throws {
        let f = fetcher(count: 7)
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 1, using: f, hint: nil)
        #expect(f.requestedURLs.contains(first + "?$skip=6"))
        #expect(pages.map(\.body.url) == [first, first + "?$skip=2", first + "?$skip=4"])
        let chain = try ODataPageChain(entity: "Observations", pages: pages.map(\.chainPage), hint: nil)
        #expect(throws: ConnectorError.self) {
            try chain.verify(declared: chain.declaredCount, entity: "Observations", table: "T1")
        }
    }

    /// A server whose second page links elsewhere than the predicted `$skip=4` (a `$skiptoken`): the page fetched
    /// ahead is dropped and paging follows the link as written.
    @Test func aLinkThatLeavesTheOffsetPatternIsFollowedAsWritten() async throws {
        let f = FixtureFetcher(exact: [
            Self.base + "Observations": Self.page([0, 1], next: "Observations?$skip=2", count: 5),
            Self.base + "Observations?$skip=2": Self.page([2, 3], next: "Observations?$skiptoken=K4", count: nil),
            Self.base + "Observations?$skiptoken=K4": Self.page([4], next: nil, count: nil),
            Self.base + "Observations?$skip=4": Self.page([99], next: nil, count: nil),
        ])
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 1, using: f, hint: nil)
        #expect(pages.map(\.body.url) == [first, first + "?$skip=2", first + "?$skiptoken=K4"])
        #expect(
            pages.map(\.body.fileName) == ["001-Observations.json", "002-Observations.json", "003-Observations.json"])
        let chain = try ODataPageChain(entity: "Observations", pages: pages.map(\.chainPage), hint: nil)
        #expect(try chain.verify(declared: chain.declaredCount, entity: "Observations", table: "T1").isEmpty)
    }

    @Test func aDeclaredCountThatIsNotMetIsStillRefused() async throws {
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 1, using: fetcher(count: 6), hint: nil)
        let chain = try ODataPageChain(entity: "Observations", pages: pages.map(\.chainPage), hint: nil)
        #expect(throws: ConnectorError.self) {
            try chain.verify(declared: chain.declaredCount, entity: "Observations", table: "T1")
        }
    }

    @Test func aMissingMiddlePageIsRefused() async throws {
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: first, firstIndex: 1, using: fetcher(), hint: nil)
        let gap = [pages[0], pages[2]].map(\.chainPage)
        #expect(throws: ConnectorError.self) { try ODataPageChain(entity: "Observations", pages: gap, hint: nil) }
        #expect(throws: ConnectorError.self) { try ODataPageChain(entity: "Observations", pages: [], hint: nil) }
    }

    /// A page cut off mid-transfer: the error names the entity, the page number, the URL and the byte offset. Page 2
    /// is `{"value":[{"Id":2},{"Id` (23 bytes): the string `"Id` is unterminated, so the fault is at byte 23, the end.
    @Test func aMalformedPageIsNamedWithPageAndOffset() async throws {
        let cut = Data(#"{"value":[{"Id":2},{"Id"#.utf8)
        #expect(cut.count == 23)
        let f = FixtureFetcher(exact: [
            Self.base + "Observations": Self.page([0, 1], next: "Observations?$skip=2", count: nil),
            Self.base + "Observations?$skip=2": .bytes(cut),
        ])
        do {
            _ = try await ODataPaging.fetchAllScanned(
                entity: "Observations", firstURL: first, firstIndex: 1, using: f, hint: nil)
            Issue.record("a truncated page was accepted")
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.message.contains("GET \(first)?$skip=2: Observations page 2"))
            #expect(error.message.contains("closing '\"' at byte offset 23"))
            #expect(error.message.contains("(23 bytes)"))
            #expect(error.url == first + "?$skip=2")
        }
    }
}
