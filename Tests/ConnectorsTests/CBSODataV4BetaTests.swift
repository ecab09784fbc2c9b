import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// 80072ned (Ziekteverzuimpercentage; SBI 2008) from the early v4 host, every entity set of it recorded
/// (`cbs-v4beta-cbsodata4jl`, mapping from the repository's `test/mock_getodata.jl`, PROVENANCE.md §3).
@Suite("CBS OData v4 (beta host recordings)", .enabled(if: SharedData.shouldRun))
struct CBSODataV4BetaTests {
    static let base = "https://beta-odata4.cbs.nl/CBS/80072ned"
    static let dir = "cbs-v4beta-cbsodata4jl"

    static func routes(observations: String) -> [String: FixtureFetcher.Reply] {
        [
            "\(base)/Properties": .real("\(dir)/meta_7.json"),
            "\(base)/Dimensions": .real("\(dir)/meta_6.json"),
            "\(base)/MeasureCodes": .real("\(dir)/meta_5.json"),
            "\(base)/PeriodenCodes": .real("\(dir)/meta_9.json"),
            "\(base)/BedrijfskenmerkenSBI2008Codes": .real("\(dir)/meta_11.json"),
            "\(base)/Observations?$count=true": .real("\(dir)/\(observations)"),
        ]
    }

    @Test("4409 observations, checked against Properties.ObservationCount 4409; 2020KW01 is voorlopig")
    func wholeTable() async throws {
        let fetcher = FixtureFetcher(exact: Self.routes(observations: "meta_4.json"))
        let connector = CBSODataV4Connector(sourceID: "cbs-verzuim", table: "80072ned", baseURL: Self.base)
        let (fetched, parsed) = try await fetchAndParse(connector, fetcher)
        #expect(
            fetched.bodies.map(\.entity) == [
                "Properties", "Dimensions", "MeasureCodes", "PeriodenCodes", "BedrijfskenmerkenSBI2008Codes",
                "Observations",
            ])
        let obs = parsed.observations
        #expect(obs.count == 4409)
        #expect(
            parsed.ledger == LedgerEntry(sourceID: "cbs-verzuim", recordsIn: 4409, recordsOut: 4409, observations: 4409)
        )
        // PeriodenCodes: 2020KW01 "Voorlopige cijfers"; 39 SBI classes have a 2020KW01 row.
        #expect(obs.filter { $0.valueStatus == .voorlopig }.count == 39)
        #expect(Set(obs.filter { $0.valueStatus == .voorlopig }.map(\.periodCode)) == ["2020KW01"])
        let q = try #require(
            obs.first { $0.periodCode == "2019KW04" && $0.dimensions == "BedrijfskenmerkenSBI2008=T001081" })
        #expect(q.value == 4.5)
        #expect(q.unit == "%")
        #expect(q.measureLabel == "Ziekteverzuimpercentage")
        #expect(q.periodStart == (try CivilDate(year: 2019, month: 10, day: 1)))
        #expect(q.periodEnd == (try CivilDate(year: 2020, month: 1, day: 1)))
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test("A page declaring @odata.count 4409 that holds 1 row and no link is a count mismatch (B02)")
    func declaredCountOnPage() async throws {
        // meta_3.json is the recorded `Observations?$count=true&$top=1`: "@odata.count": 4409 and one row.
        let fetcher = FixtureFetcher(exact: Self.routes(observations: "meta_3.json"))
        let connector = CBSODataV4Connector(sourceID: "cbs-verzuim", table: "80072ned", baseURL: Self.base)
        let error = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        #expect(error?.code == .countMismatch)
        #expect(error?.message.contains("declares 4409 rows but 1 were fetched") == true)
    }
}
