import Connectors
import Fetching
import Foundation
import Testing

/// Pages fetched ahead arrive in any order; the chain stored must still be the one the server's links describe, and
/// every page fetched ahead is used (issue 19 item 4). Background: the first cut's release build failed 11 of 25
/// fetches against the loopback race server ("005-UntypedDataSet.json: its continuation link is …$skip=2713 but the
/// next stored page came from …$skip=13565"): an arrival was paired with the wrong place in the chain. Its debug
/// build and this test did not show it; the rewrite carries each page's URL with its result and keeps a page only
/// when that URL is the one the chain leads to (0 of 30 release fetches failed). This test pins the ordering logic.
@Suite("OData paging: pages fetched ahead answer out of order")
struct ODataPagesOutOfOrderTests {
    static let base = "http://127.0.0.1:9/v3/T1/UntypedDataSet?$format=json"
    static let pages = 12
    static let rows = 3

    /// v3 offset pages of 3 rows, 12 pages, no declared count (the total comes from `knownTotal`, as v3's
    /// `RecordCount`); page n answers after (pages − n) × 4 ms, so the last pages requested arrive first.
    struct SlowFirstFetcher: HTTPFetching {
        let fixture: FixtureFetcher
        func get(_ request: HTTPRequest) async throws -> HTTPResponse {
            let skip = request.url.split(separator: "$skip=").last.flatMap { Int($0) } ?? 0
            let page = skip / ODataPagesOutOfOrderTests.rows
            try await Task.sleep(for: .milliseconds(4 * (ODataPagesOutOfOrderTests.pages - page)))
            return try await fixture.get(request)
        }
    }

    static func fetcher() -> FixtureFetcher {
        var exact: [String: FixtureFetcher.Reply] = [:]
        for n in 0..<pages {
            let ids = (n * rows..<(n + 1) * rows).map { "{\"ID\":\($0)}" }.joined(separator: ",")
            let next = n + 1 < pages ? ",\"odata.nextLink\":\"\(base)&$skip=\((n + 1) * rows)\"" : ""
            let url = n == 0 ? base : base + "&$skip=\(n * rows)"
            exact[url] = .bytes(Data("{\"value\":[\(ids)]\(next)}".utf8))
        }
        return FixtureFetcher(exact: exact)
    }

    @Test(arguments: 1...5)
    func theStoredChainIsTheServersChain(round: Int) async throws {
        let fixture = Self.fetcher()
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "UntypedDataSet", firstURL: Self.base, firstIndex: 5, using: SlowFirstFetcher(fixture: fixture),
            hint: nil, knownTotal: Self.pages * Self.rows)
        let expected = [Self.base] + (1..<Self.pages).map { Self.base + "&$skip=\($0 * Self.rows)" }
        #expect(pages.map(\.body.url) == expected)
        #expect(
            pages.map(\.body.fileName) == (5..<5 + Self.pages).map { String(format: "%03d-UntypedDataSet.json", $0) })
        // Every page requested once: nothing fetched ahead was thrown away and refetched one by one.
        #expect(fixture.requestedURLs.count == Self.pages, "\(fixture.requestedURLs)")
        #expect(Set(fixture.requestedURLs) == Set(expected))
        _ = try ODataPageChain(entity: "UntypedDataSet", pages: pages.map(\.chainPage), hint: nil)
    }
}
