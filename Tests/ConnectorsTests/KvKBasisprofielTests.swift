import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

@Suite("KvK Basisprofiel", .enabled(if: SharedData.shouldRun))
struct KvKBasisprofielTests {
    static let real = "kvk-api-openforms/basisprofiel_response.json"

    @Test("The real test-environment Basisprofiel of 69599084 maps field by field")
    func realProfile() async throws {
        let live = "https://api.kvk.nl/api/v1/basisprofielen/{kvk_number}"
        let fetcher = FixtureFetcher(exact: [
            "https://api.kvk.nl/api/v1/basisprofielen/69599084": .real(Self.real),
            "https://api.kvk.nl/api/v1/basisprofielen/12345678": .bytes(
                Data(#"{"fout":[{"code":"IPD0004","omschrijving":"Het KVK-nummer is niet gevonden"}]}"#.utf8),
                status: 404),
            "https://api.kvk.nl/api/v1/basisprofielen/87654321": .thrown(status: 404, contentType: "application/json"),
        ])
        let numbers = try ["69599084", "12345678", "87654321"].map { try #require(KvKNumber($0)) }
        let connector = try KvKBasisprofielConnector(
            sourceID: "kvk", urlTemplate: live, kvkNumbers: numbers, apiKey: "l7xx-test-key")
        let (fetched, parsed) = try await fetchAndParse(connector, fetcher)

        // One request per number, each with the secret apikey header.
        #expect(fetcher.requests.count == 3)
        #expect(
            fetcher.requests.allSatisfy {
                $0.headers["apikey"] == "l7xx-test-key" && $0.secretHeaderNames == ["apikey"]
            })
        #expect(fetched.bodies.map(\.fileName) == ["001-basisprofiel-69599084.json"])
        #expect(fetched.diagnostics.filter { $0.code == "kvk.not_found" }.count == 2)

        guard case .kvkProfiles(let lookup) = parsed.output else {
            Issue.record("expected KvK profiles")
            return
        }
        #expect(lookup.notFound.map(\.digits) == ["12345678", "87654321"])
        let p = try #require(lookup.profiles.first)
        #expect(p.kvkNumber.digits == "69599084")
        #expect(p.name == "Test EMZ Dagobert")
        #expect(p.registrationDate == (try CivilDate(year: 2017, month: 1, day: 8)))  // datumAanvang "20170108"
        #expect(p.mainSBICode?.code == "1011")  // indHoofdactiviteit "Ja"
        #expect(p.hoofdvestigingsnummer?.digits == "000038509504")  // leading zeros kept
        #expect(p.postcode?.text == "1034 WL")
        #expect(p.houseNumber == "17")
        #expect(p.plaats == "Amsterdam")
        #expect(parsed.ledger == LedgerEntry(sourceID: "kvk", recordsIn: 1, recordsOut: 1))
    }

    @Test("A file:// template: a missing file means not in the Handelsregister; no key is needed")
    func fileTemplate() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("69599084.json"), withDestinationURL: SharedData.url(Self.real))
        let numbers = try ["69599084", "00012345"].map { try #require(KvKNumber($0)) }
        let spec = SourceSpec(id: "kvk", connector: .kvkBasisprofiel, url: dir.absoluteString + "{kvk_number}.json")
        let connector = try spec.makeConnector(context: ConnectorContext(kvkNumbers: numbers))
        let fetcher = FixtureFetcher()
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        #expect(fetcher.requests.count == 1)  // the absent file is not requested
        #expect(fetcher.requests.first?.headers["apikey"] == nil)
        guard case .kvkProfiles(let lookup) = parsed.output else {
            Issue.record("expected KvK profiles")
            return
        }
        #expect(lookup.profiles.map(\.kvkNumber.digits) == ["69599084"])
        #expect(lookup.notFound.map(\.digits) == ["00012345"])
    }

    @Test("A live template without KVK_API_KEY fails before any request, naming the variable")
    func missingKey() async throws {
        let spec = SourceSpec(
            id: "kvk", connector: .kvkBasisprofiel, url: "https://api.kvk.nl/api/v1/basisprofielen/{kvk_number}")
        let connector = try spec.makeConnector(
            context: ConnectorContext(kvkNumbers: [try #require(KvKNumber("69599084"))], environment: [:]))
        let fetcher = FixtureFetcher()
        let error = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        #expect(error?.code == .environment)
        #expect(error?.message.contains("KVK_API_KEY") == true)
        #expect(fetcher.requests.isEmpty)
    }

    @Test("A profile for another number than requested is a reject, not a profile")
    func wrongNumber() throws {
        let body = StoredBody(
            fileName: "001-basisprofiel-11111111.json", url: "file:///kvk/11111111.json",
            data: try SharedData.data(Self.real))
        let connector = try KvKBasisprofielConnector(
            sourceID: "kvk", urlTemplate: "file:///kvk/{kvk_number}.json",
            kvkNumbers: [try #require(KvKNumber("11111111"))], apiKey: nil)
        let parsed = try connector.parse([body])
        #expect(parsed.rejects.map(\.field) == ["kvkNummer"])
        #expect(parsed.rejects.first?.value == "69599084")
        #expect(parsed.ledger?.balances == true)
    }
}
