import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// Issue 20 item 2: `package_search` results select resources by name, format and date and are read.
@Suite("CKAN package_search → resources by name/format/date", .enabled(if: SharedData.shouldRun))
struct CKANResourceSearchTests {
    static let portal = "https://ckan.example.nl"

    /// One page with two datasets: three subsidy-register exports (2016, 2017, 2018) and a PDF explanation.
    static func searchPage() throws -> Data {
        func resource(_ id: String, _ name: String, _ format: String, created: String, modified: String?) -> [String:
            Any]
        {
            var r: [String: Any] = [
                "id": id, "name": name, "format": format, "url": "\(portal)/dataset/x/resource/\(id)/download/file",
                "created": created,
            ]
            r["last_modified"] = modified ?? NSNull()
            return r
        }
        let a: [String: Any] = [
            "id": "a1", "name": "subsidieregister-amsterdam",
            "resources": [
                resource("r2017", "Subsidieregister 2017", "CSV", created: "2018-01-05T10:00:00", modified: nil),
                resource(
                    "r2018", "Subsidieregister 2018", "CSV", created: "2018-06-01T10:00:00",
                    modified: "2018-12-10T01:00:21"),
                resource("rpdf", "Toelichting subsidieregister", "PDF", created: "2018-01-05T10:00:00", modified: nil),
            ],
        ]
        let b: [String: Any] = [
            "id": "b1", "name": "subsidieregister-archief",
            "resources": [
                resource("r2016", "subsidieregister 2016", "csv", created: "2017-01-03T09:00:00", modified: nil)
            ],
        ]
        return try jsonData(["success": true, "result": ["count": 2, "results": [a, b]]])
    }

    static func fetcher() throws -> FixtureFetcher {
        let csv = FixtureFetcher.Reply.real("subsidieregister-amsterdam/subsidie_out2.csv", contentType: "text/csv")
        return FixtureFetcher(
            exact: [
                "\(portal)/dataset/x/resource/r2018/download/file": csv,
                "\(portal)/dataset/x/resource/r2017/download/file": csv,
                "\(portal)/dataset/x/resource/r2016/download/file": csv,
            ],
            prefixes: [("\(portal)/api/3/action/package_search", .bytes(try searchPage()))])
    }

    @Test("`Subsidieregister *`, CSV, newest: the 2018 export (last_modified 2018-12-10) is downloaded and read")
    func newest() async throws {
        let f = try Self.fetcher()
        let c = CKANResourceSearchConnector(
            sourceID: "subsidies", portalURL: Self.portal, query: "subsidieregister",
            resourceName: "subsidieregister *",
            format: "CSV", newestOnly: true)
        let fetched = try await c.fetch(using: f)
        #expect(fetched.bodies.map(\.fileName) == ["001-package_search.json", "002-resource.csv"])
        #expect(fetched.bodies.last?.url.contains("/r2018/") == true)
        let parsed = try c.parse(fetched.bodies.map(StoredBody.init))
        guard case .tables(let tables) = parsed.output else {
            Issue.record("expected tables")
            return
        }
        // 11,821 rows (PROVENANCE.md §9, counted with Python's csv module in CKANDatastoreTests).
        #expect(tables.count == 1 && tables.first?.table.records.count == 11821)
        #expect(parsed.diagnostics.first?.message.contains("Subsidieregister 2018") == true)
    }

    @Test("select all: the three CSV exports of both datasets, the PDF left out")
    func all() async throws {
        let c = CKANResourceSearchConnector(
            sourceID: "subsidies", portalURL: Self.portal, query: "subsidieregister", resourceName: "subsidieregister*",
            format: "csv", newestOnly: false)
        let fetched = try await c.fetch(using: try Self.fetcher())
        #expect(
            fetched.bodies.compactMap { $0.url.split(separator: "/").dropLast(2).last.map(String.init) }.suffix(3)
                == ["r2017", "r2018", "r2016"])
    }

    @Test("No matching resource is an error naming what the datasets offer")
    func noMatch() async throws {
        let c = CKANResourceSearchConnector(
            sourceID: "subsidies", portalURL: Self.portal, query: "subsidieregister", resourceName: "Begroting*",
            format: nil, newestOnly: true)
        do {
            _ = try await c.fetch(using: try Self.fetcher())
            Issue.record("no match must fail")
        } catch let e as ConnectorError {
            #expect(e.code == .resourceNotFound && e.message.contains("\"Toelichting subsidieregister\" (PDF)"))
        }
    }

    @Test("Name patterns: trimmed, case-insensitive, * for any run")
    func patterns() {
        #expect(CKANResourceSearchConnector.matches(" Subsidieregister 2018 ", pattern: "subsidieregister *"))
        #expect(CKANResourceSearchConnector.matches("Subsidieregister", pattern: "*register"))
        #expect(!CKANResourceSearchConnector.matches("Subsidieregister 2018", pattern: "register*"))
        #expect(CKANResourceSearchConnector.matches("a", pattern: "a"))
    }
}
