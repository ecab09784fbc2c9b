import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// KNOWN-FAULTS B12 and B13 with their inputs (no real CKAN reply was found, PROVENANCE.md "Not found").
@Suite("CKAN")
struct CKANTests {
    static let portal = "https://data.example.nl"
    static let dataset = "sociale-ondernemingen-gemeente-x"

    static func packageShow(_ resources: [[String: Any]]) throws -> Data {
        try jsonData(["success": true, "result": ["name": dataset, "resources": resources]])
    }

    static let csv = Data("kvk_nummer;naam\n01234567;Stichting Voorbeeld A\n".utf8)

    @Test("B13: resource found by name via package_show, …/download/__ read as CSV by format, id change logged")
    func resourceByName() async throws {
        let downloadURL = "https://data.example.nl/dataset/x/resource/2222bbbb/download/__"
        let fetcher = FixtureFetcher(exact: [
            "\(Self.portal)/api/3/action/package_show?id=\(Self.dataset)": .bytes(
                try Self.packageShow([
                    ["id": "0000cccc", "name": "Toelichting", "format": "PDF", "url": "https://data.example.nl/t.pdf"],
                    ["id": "2222bbbb", "name": "Register sociale ondernemingen", "format": "CSV", "url": downloadURL],
                ])),
            downloadURL: .bytes(Self.csv, contentType: "application/octet-stream"),
        ])
        let spec = SourceSpec(
            id: "register", connector: .ckan, url: Self.portal, dataset: Self.dataset,
            resourceName: "Register sociale ondernemingen",
            pinnedURL: "https://data.example.nl/dataset/x/resource/1111aaaa/download/register.csv")
        let connector = try spec.makeConnector(context: ConnectorContext())
        let (fetched, parsed) = try await fetchAndParse(connector, fetcher)
        #expect(fetcher.requestedURLs.last == downloadURL)
        #expect(fetched.bodies.map(\.fileName) == ["001-package_show.json", "002-resource.csv"])
        let note = try #require(fetched.diagnostics.first { $0.code == "ckan.resource_id_changed" })
        #expect(note.message.contains("resource id changed 1111aaaa → 2222bbbb"))
        guard case .tables(let tables) = parsed.output else {
            Issue.record("expected a CSV table")
            return
        }
        #expect(tables.first?.table.header == ["kvk_nummer", "naam"])
        #expect(tables.first?.table.records.first?.fields == ["01234567", "Stichting Voorbeeld A"])
    }

    @Test("B13: two resources with the configured name are an ambiguity error, not the first one")
    func ambiguous() async throws {
        let fetcher = FixtureFetcher(exact: [
            "\(Self.portal)/api/3/action/package_show?id=\(Self.dataset)": .bytes(
                try Self.packageShow([
                    [
                        "id": "2222bbbb", "name": "Register sociale ondernemingen", "format": "CSV",
                        "url": "https://x/a.csv",
                    ],
                    [
                        "id": "3333dddd", "name": "Register sociale ondernemingen ", "format": "csv",
                        "url": "https://x/b.csv",
                    ],
                ]))
        ])
        let connector = CKANResourceConnector(
            sourceID: "register", portalURL: Self.portal, dataset: Self.dataset,
            resourceName: "Register sociale ondernemingen")
        let error = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        #expect(error?.code == .ambiguousResource)
        #expect(error?.message.contains("2222bbbb, 3333dddd") == true)
        #expect(fetcher.requests.count == 1)
    }

    @Test("B13: a format tells two same-named resources apart")
    func formatDisambiguates() throws {
        let show = try JSONBody.decode(
            try Self.packageShow([
                ["id": "a", "name": "Register", "format": "XLSX", "url": "https://x/a.xlsx"],
                ["id": "b", "name": "Register", "format": "CSV", "url": "https://x/b"],
            ]), url: "u")
        let connector = CKANResourceConnector(
            sourceID: "r", portalURL: Self.portal, dataset: Self.dataset, resourceName: "register", format: "csv")
        #expect(try connector.chooseResource(in: show, url: "u").id == "b")
    }

    /// A fake `package_search` over 2,345 datasets that returns at most `cap` per call and 10 without `rows`.
    static func searchFetcher(count: Int = 2345, cap: Int, emptyAt: Int? = nil) -> FixtureFetcher {
        FixtureFetcher(dynamic: { url in
            guard let items = URLComponents(string: url)?.queryItems else { return nil }
            let rows = items.first { $0.name == "rows" }.flatMap { $0.value.flatMap(Int.init) } ?? 10
            let start = items.first { $0.name == "start" }.flatMap { $0.value.flatMap(Int.init) } ?? 0
            let n = start == emptyAt ? 0 : max(0, min(rows, cap, count - start))
            let results = (start..<(start + n)).map { ["id": "ds-\($0)", "name": "dataset-\($0)"] }
            guard let data = try? jsonData(["success": true, "result": ["count": count, "results": results]]) else {
                return nil
            }
            return .bytes(data)
        })
    }

    @Test("B12: rows=1000 pages start=0|1000|2000 and collects 2,345 unique ids")
    func searchPaging() async throws {
        let fetcher = Self.searchFetcher(cap: 1000)
        let connector = CKANPackageSearchConnector(sourceID: "catalogus", portalURL: Self.portal, query: "*:*")
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        let starts = fetcher.requestedURLs.compactMap {
            URLComponents(string: $0)?.queryItems?.first { $0.name == "start" }?.value
        }
        #expect(starts == ["0", "1000", "2000"])
        #expect(fetcher.requestedURLs.allSatisfy { $0.contains("rows=1000") })
        guard case .datasetIDs(let ids) = parsed.output else {
            Issue.record("expected ids")
            return
        }
        #expect(ids.count == 2345)
        #expect(Set(ids).count == 2345)
    }

    @Test("B12: a server capping at 500 for rows=1000 is paged by what it returned, still 2,345")
    func searchLowerCap() async throws {
        let fetcher = Self.searchFetcher(cap: 500)
        let connector = CKANPackageSearchConnector(sourceID: "catalogus", portalURL: Self.portal, query: "*:*")
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        let starts = fetcher.requestedURLs.compactMap {
            URLComponents(string: $0)?.queryItems?.first { $0.name == "start" }?.value
        }
        #expect(starts == ["0", "500", "1000", "1500", "2000"])
        guard case .datasetIDs(let ids) = parsed.output else {
            Issue.record("expected ids")
            return
        }
        #expect(ids.count == 2345)
    }

    @Test("B12: an empty page before count is an error, not the end of the list")
    func emptyPageIsError() async throws {
        let fetcher = Self.searchFetcher(cap: 1000, emptyAt: 1000)
        let connector = CKANPackageSearchConnector(sourceID: "catalogus", portalURL: Self.portal, query: "*:*")
        let error = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        #expect(error?.code == .emptyPage)
        #expect(error?.message.contains("start=1000 before count 2345") == true)
    }
}
