import CSVCodec
import Connectors
import Fetching
import Foundation
import ImpactModel
import TestSupport
import Testing

/// A CKAN portal on 127.0.0.1 (`tools/loopback/ckan_server.py`) serving the real Amsterdam subsidy register
/// (`../shared/data/real/subsidieregister-amsterdam/subsidie_out2.csv`, 11,821 rows, PROVENANCE.md §9) as a DataStore
/// table, fetched with the real libcurl client.
@Suite("CKAN datastore_search over a loopback portal", .enabled(if: SharedData.shouldRun), .serialized)
struct CKANDatastoreTests {
    static let register = "subsidieregister-amsterdam/subsidie_out2.csv"
    static let resourceID = "5b2e1a3c-0000-4000-8000-00000000d5a1"

    /// A running portal; terminated by ``stop()``.
    struct Portal {
        let process: Process
        let port: Int
        var root: String { "http://127.0.0.1:\(port)" }
        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The client as the fetch stage makes it, without a proxy from the environment and with short timeouts.
    static func client() throws -> HTTPClient {
        var p = FetchPolicy()
        p.proxy = .none
        p.connectTimeout = .seconds(5)
        p.totalTimeout = .seconds(60)
        return try HTTPClient(policy: p)
    }

    static func start(_ extra: [String] = []) throws -> Portal {
        let p = Process()
        let script = SharedData.packageRoot.appendingPathComponent("tools/loopback/ckan_server.py")
        let port = try startLoopbackScript(
            p, script: script,
            arguments: [
                "--csv", SharedData.url(register).path, "--parent", "\(ProcessInfo.processInfo.processIdentifier)",
            ]
                + extra)
        return Portal(process: p, port: port)
    }

    /// Rows of the register by Python's csv module (PROVENANCE.md says 11,821).
    static func pythonRowCount() throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            "import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding='utf-8', newline=''), delimiter=';'))) - 1)",
            SharedData.url(register).path,
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("11,821 rows over three pages (the server caps limit at 5,000): _links.next followed, every row read")
    func threePages() async throws {
        let portal = try Self.start(["--rows-max", "5000"])
        defer { portal.stop() }
        let client = try Self.client()
        let connector = CKANDatastoreConnector(
            sourceID: "subsidies", portalURL: portal.root, resourceID: Self.resourceID)
        let fetched = try await connector.fetch(using: client)
        await client.shutdown()
        #expect(
            fetched.bodies.map(\.fileName) == [
                "001-datastore_search.json", "002-datastore_search.json", "003-datastore_search.json",
            ])
        // Page 1 asks for 32,000 at offset 0; the next links carry the server's limit and offsets 5,000 and 10,000.
        #expect(fetched.bodies.map { CKANDatastoreTests.offset($0.url) } == [0, 5000, 10000])
        let parsed = try connector.parse(fetched.bodies.map(StoredBody.init))
        guard case .tables(let tables) = parsed.output, let t = tables.first else {
            Issue.record("expected one table")
            return
        }
        let rows = try Self.pythonRowCount()
        #expect(rows == 11821)
        #expect(t.table.records.count == rows)
        #expect(t.fileName == "datastore_search.csv")
        #expect(t.table.header.count == 13 && t.table.header[1] == "DOSSIERNUMMER")
        #expect(t.table.records.first?.fields[1] == "SBA-000019" && t.table.records.first?.fields[8] == "4000.00")
        #expect(t.table.records.last?.fields[1] == "SBA-016885")
        // The assembled CSV reads back with the same rows (what the CSV mappings of Normalization read).
        let back = try CSVReader.read(t.csvData(), file: t.fileName)
        #expect(back.records.count == rows && back.records[4999].fields == t.table.records[4999].fields)
    }

    @Test("Found by dataset and resource name through package_show; then the same pages")
    func byDatasetName() async throws {
        let portal = try Self.start(["--rows-max", "5000"])
        defer { portal.stop() }
        let client = try Self.client()
        let connector = CKANDatastoreConnector(
            sourceID: "subsidies", portalURL: portal.root, dataset: "subsidieregister", resourceName: "subsidieregister"
        )
        let fetched = try await connector.fetch(using: client)
        await client.shutdown()
        #expect(
            fetched.bodies.map(\.entity) == [
                "package_show", "datastore_search", "datastore_search", "datastore_search",
            ])
        #expect(fetched.bodies[1].url.contains("resource_id=\(Self.resourceID)"))
    }

    @Test("A total the pages never reach is an error naming the empty page, not a silently short table")
    func shortTable() async throws {
        let portal = try Self.start(["--rows-max", "5000", "--total-extra", "3"])
        defer { portal.stop() }
        let client = try Self.client()
        let connector = CKANDatastoreConnector(
            sourceID: "subsidies", portalURL: portal.root, resourceID: Self.resourceID)
        do {
            _ = try await connector.fetch(using: client)
            Issue.record("a short table must fail the fetch")
        } catch {
            #expect(error.code == .emptyPage && error.message.contains("11821 of 11824"))
        }
        await client.shutdown()
    }

    static func offset(_ url: String) -> Int? {
        URLComponents(string: url)?.queryItems?.first { $0.name == "offset" }?.value.flatMap(Int.init)
    }
}
