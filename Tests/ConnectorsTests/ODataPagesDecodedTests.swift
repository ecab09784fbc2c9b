import Connectors
import Foundation
import Testing

/// `ODataPaging.fetchAllDecoded` + `ODataPages(entity:decoded:)`: the pages parsed while paging are checked without
/// a second parse, with the same results and the same refusals as the stored-body path.
@Suite("OData pages checked as parsed while paging")
struct ODataPagesDecodedTests {
    /// Three pages of 2, 2 and 1 rows; the first declares `@odata.count` 5 and links are relative.
    private func fetcher(count: Int = 5) -> FixtureFetcher {
        let base = "http://127.0.0.1:9/odata/v1/CBS/T1/"
        func page(_ ids: [Int], next: String?, count: Int?) -> FixtureFetcher.Reply {
            var text = "{"
            if let count { text += "\"@odata.count\":\(count)," }
            if let next { text += "\"@odata.nextLink\":\"\(next)\"," }
            text += "\"value\":[" + ids.map { "{\"Id\":\($0)}" }.joined(separator: ",") + "]}"
            return .bytes(Data(text.utf8))
        }
        return FixtureFetcher(exact: [
            base + "Observations": page([0, 1], next: "Observations?$skip=2", count: count),
            base + "Observations?$skip=2": page([2, 3], next: "Observations?$skip=4", count: nil),
            base + "Observations?$skip=4": page([4], next: nil, count: nil),
        ])
    }

    private let first = "http://127.0.0.1:9/odata/v1/CBS/T1/Observations"

    @Test func decodedPagesGiveTheSameRowsAsTheStoredBodies() async throws {
        let f = fetcher()
        let decoded = try await ODataPaging.fetchAllDecoded(
            entity: "Observations", firstURL: first, firstIndex: 4, using: f, hint: nil)
        #expect(f.requestedURLs.count == 3)
        #expect(decoded.map(\.body.fileName) == ["004-Observations.json", "005-Observations.json", "006-Observations.json"])
        let fromDecoded = try ODataPages(
            entity: "Observations", decoded: decoded.map { (StoredBody($0.body), $0.page) }, hint: nil)
        let fromBodies = try ODataPages(
            entity: "Observations", bodies: decoded.map { StoredBody($0.body) }, hint: nil)
        #expect(fromDecoded.rowCount == 5)  // 2 + 2 + 1
        #expect(fromDecoded.declaredCount == 5)
        #expect(fromBodies.rowCount == fromDecoded.rowCount)
        #expect(fromBodies.pages.map(\.rows) == fromDecoded.pages.map(\.rows))
        #expect(try fromDecoded.verify(declared: fromDecoded.declaredCount, entity: "Observations", table: "T1").isEmpty)
    }

    @Test func aDeclaredCountThatIsNotMetIsStillRefused() async throws {
        let decoded = try await ODataPaging.fetchAllDecoded(
            entity: "Observations", firstURL: first, firstIndex: 1, using: fetcher(count: 6), hint: nil)
        let pages = try ODataPages(
            entity: "Observations", decoded: decoded.map { (StoredBody($0.body), $0.page) }, hint: nil)
        #expect(throws: ConnectorError.self) {
            try pages.verify(declared: pages.declaredCount, entity: "Observations", table: "T1")
        }
    }

    @Test func aMissingMiddlePageIsRefused() async throws {
        let decoded = try await ODataPaging.fetchAllDecoded(
            entity: "Observations", firstURL: first, firstIndex: 1, using: fetcher(), hint: nil)
        let gap = [decoded[0], decoded[2]].map { (StoredBody($0.body), $0.page) }
        #expect(throws: ConnectorError.self) { try ODataPages(entity: "Observations", decoded: gap, hint: nil) }
        #expect(throws: ConnectorError.self) { try ODataPages(entity: "Observations", decoded: [], hint: nil) }
    }
}
