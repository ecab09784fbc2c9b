import CSVCodec
import Connectors
import Fetching
import Foundation
import ImpactModel
import TestSupport
import Testing

/// Issue 20 item 2: `datastore_search_sql` paging (LIMIT/OFFSET) on the loopback CKAN portal
/// (`tools/loopback/ckan_server.py`) serving the real Amsterdam subsidy register (11,821 rows, PROVENANCE.md §9).
@Suite("CKAN datastore_search_sql over a loopback portal", .enabled(if: SharedData.shouldRun), .serialized)
struct CKANDatastoreSQLTests {
    static let id = CKANDatastoreTests.resourceID

    static func sql(_ url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == "sql" }?.value
    }

    @Test(
        "COUNT(*), then three LIMIT 5000 pages at offsets 0, 5000, 10000: every row, the same table as datastore_search"
    )
    func threePages() async throws {
        let portal = try CKANDatastoreTests.start()
        defer { portal.stop() }
        let client = try CKANDatastoreTests.client()
        var connector = CKANDatastoreConnector(
            sourceID: "subsidies", portalURL: portal.root, resourceID: Self.id, limit: 5000)
        connector.sql = true
        let fetched = try await connector.fetch(using: client)
        var plain = CKANDatastoreConnector(
            sourceID: "subsidies", portalURL: portal.root, resourceID: Self.id, limit: 5000)
        plain.sql = false
        let reference = try await plain.fetch(using: client)
        await client.shutdown()
        #expect(
            fetched.bodies.map(\.fileName) == [
                "001-datastore_count.json", "002-datastore_search_sql.json", "003-datastore_search_sql.json",
                "004-datastore_search_sql.json",
            ])
        #expect(
            fetched.bodies.map { Self.sql($0.url) } == [
                "SELECT COUNT(*) AS n FROM \"\(Self.id)\"",
                "SELECT * FROM \"\(Self.id)\" ORDER BY \"_id\" LIMIT 5000 OFFSET 0",
                "SELECT * FROM \"\(Self.id)\" ORDER BY \"_id\" LIMIT 5000 OFFSET 5000",
                "SELECT * FROM \"\(Self.id)\" ORDER BY \"_id\" LIMIT 5000 OFFSET 10000",
            ])
        let parsed = try connector.parse(fetched.bodies.map(StoredBody.init))
        guard case .tables(let tables) = parsed.output, let t = tables.first else {
            Issue.record("expected one table")
            return
        }
        // 11,821 rows by Python's csv module; the first and last dossiers as in the file.
        let rows = try CKANDatastoreTests.pythonRowCount()
        #expect(rows == 11821 && t.table.records.count == rows)
        #expect(t.fileName == "datastore_search.csv" && !t.table.header.contains("_full_text"))
        #expect(t.table.records.first?.fields[1] == "SBA-000019" && t.table.records.first?.fields[8] == "4000.00")
        #expect(t.table.records.last?.fields[1] == "SBA-016885")
        // Byte for byte the table datastore_search gives.
        guard case .tables(let other) = try plain.parse(reference.bodies.map(StoredBody.init)).output else {
            Issue.record("expected a table")
            return
        }
        #expect(other.first?.csvData() == t.csvData())
    }

    @Test(
        "A portal that refuses SQL (HTTP 403, or 200 with success false) is an error naming the source",
        arguments: ["403", "200"])
    func refused(_ status: String) async throws {
        let portal = try CKANDatastoreTests.start(["--sql-refused", status])
        defer { portal.stop() }
        let client = try CKANDatastoreTests.client()
        var connector = CKANDatastoreConnector(sourceID: "subsidies", portalURL: portal.root, resourceID: Self.id)
        connector.sql = true
        do {
            _ = try await connector.fetch(using: client)
            Issue.record("a refused datastore_search_sql must fail the fetch")
        } catch {
            #expect(
                error.message.contains(
                    "source subsidies: the CKAN portal \(portal.root) does not allow datastore_search_sql"),
                "\(error.message)")
            #expect(error.message.contains("Authorization Error"), "\(error.message)")
        }
        await client.shutdown()
    }
}
