import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// A fake `datasets.cbs.nl` serving one table of `cbs-v4-checkdecijfers/<table>` (the capture merged all pages
/// into `observations-page-1.json`, PROVENANCE.md §1).
func cbsV4Fixture(_ table: String) throws -> (base: String, fetcher: FixtureFetcher) {
    let base = "https://datasets.cbs.nl/odata/v1/CBS/\(table)"
    let dir = "cbs-v4-checkdecijfers/\(table)"
    var exact: [String: FixtureFetcher.Reply] = [
        "\(base)/Properties": .real("\(dir)/properties.json"),
        "\(base)/Dimensions": .real("\(dir)/dimensions.json"),
        "\(base)/MeasureCodes": .real("\(dir)/measure-codes.json"),
    ]
    let files = try FileManager.default.contentsOfDirectory(atPath: SharedData.url(dir).path)
    for f in files where f.hasPrefix("codes-") {
        let dim = f.dropFirst("codes-".count).dropLast(".json".count)
        exact["\(base)/\(dim)Codes"] = .real("\(dir)/\(f)")
    }
    let fetcher = FixtureFetcher(
        exact: exact, prefixes: [("\(base)/Observations?", .real("\(dir)/observations-page-1.json"))])
    return (base, fetcher)
}

@Suite("CBS OData v4", .enabled(if: SharedData.shouldRun))
struct CBSODataV4Tests {
    @Test("83625NED: Haarlem's 11 yearly average prices, 2015 = 268197 and 2025 = 576569 (PROVENANCE.md)")
    func haarlemHousePrices() async throws {
        let (base, fetcher) = try cbsV4Fixture("83625NED")
        let connector = CBSODataV4Connector(
            sourceID: "cbs-woningprijzen", table: "83625NED", baseURL: base,
            selection: CBSSelection(regions: ["GM0392"], periodFrom: 2015))
        let (_, parsed) = try await fetchAndParse(connector, fetcher)

        let observationsURL = try #require(fetcher.requestedURLs.last)
        #expect(
            observationsURL
                == "\(base)/Observations?$count=true&$filter=(RegioS%20eq%20'GM0392')%20and%20Perioden%20ge%20'2015'"
                || observationsURL
                    == "\(base)/Observations?$count=true&$filter=RegioS%20eq%20'GM0392'%20and%20Perioden%20ge%20'2015'"
        )

        #expect(fetcher.requests.allSatisfy { $0.headers["Accept"] == "application/json" })
        let haarlem = parsed.observations
        #expect(haarlem.count == 11)
        #expect(haarlem.map(\.periodCode) == (2015...2025).map { "\($0)JJ00" })
        let first = try #require(haarlem.first)
        #expect(first.value == 268197)
        #expect(haarlem.last?.value == 576569)
        #expect(first.regio == "GM0392")
        #expect(first.measure == "M001534")
        #expect(first.measureLabel == "Gemiddelde verkoopprijs")
        #expect(first.unit == "euro")
        #expect(first.periodStart == (try CivilDate(year: 2015, month: 1, day: 1)))
        #expect(first.periodEnd == (try CivilDate(year: 2016, month: 1, day: 1)))
        #expect(first.valueStatus == .definitief)
        #expect(first.dimensions == "")

        // The fake ignores $filter (like a snapshot): the other 8195 - 11 rows are filtered client-side.
        let ledger = try #require(parsed.ledger)
        #expect(ledger.recordsIn == 8195)
        #expect(ledger.filtered == 8195 - 11)
        #expect(ledger.recordsOut == 11)
        #expect(ledger.rejected == 0)
        #expect(ledger.balances)
    }

    @Test("83625NED: 8195 rows, the 4023 Impossible/null cells are missing values, never 0")
    func impossibleIsMissing() async throws {
        let (base, fetcher) = try cbsV4Fixture("83625NED")
        let connector = CBSODataV4Connector(
            sourceID: "cbs-woningprijzen", table: "83625NED", baseURL: base,
            selection: CBSSelection(periodFrom: 2015))
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        let obs = parsed.observations
        #expect(obs.count == 8195)
        let missing = obs.filter { $0.value == nil }
        #expect(missing.count == 4023)
        #expect(missing.allSatisfy { $0.valueAttribute == .impossible })
        #expect(obs.filter { $0.value != nil }.count == 8195 - 4023)
        #expect(!obs.contains { $0.value == 0 && $0.valueAttribute != .none })
        #expect(parsed.rejects.isEmpty)
        #expect(parsed.ledger?.balances == true)
        // Stable row ids: first 12 hex of the body's sha256, then the record number.
        let sha = StoredBody.sha256Hex(try SharedData.data("cbs-v4-checkdecijfers/83625NED/observations-page-1.json"))
        #expect(obs.first?.sourceRowID == "\(sha.prefix(12)):1")
        #expect(obs.last?.sourceRowID == "\(sha.prefix(12)):8195")
    }

    struct TableCase: Sendable, CustomTestStringConvertible {
        var table: String
        var filters: [String: [String]]
        var rows: Int
        var impossible: Int
        var voorlopig: Int
        var naderVoorlopig: Int
        var years: Int
        var quarters: Int
        var months: Int
        var dimensions: String
        var testDescription: String { table }
    }

    // Counts from the files themselves (PROVENANCE.md §1 table and codes-Perioden.json Status values):
    // 37789ksz: 2026MM02–MM04 Voorlopig × 17 measures with rows = 51; 82242NED: MM04 NaderVoorlopig and MM05
    // Voorlopig × 4 TypeGefailleerde = 4 each; 82610NED: 2024JJ00 and 2025JJ00 NaderVoorlopig = 208 rows.
    static let tables: [TableCase] = [
        TableCase(
            table: "37789ksz", filters: [:], rows: 6470, impossible: 819, voorlopig: 51, naderVoorlopig: 0,
            years: 474, quarters: 0, months: 5996, dimensions: ""),
        TableCase(
            table: "80590ned", filters: ["Geslacht": ["T001038"], "Leeftijd": ["52052"]], rows: 5586,
            impossible: 161, voorlopig: 0, naderVoorlopig: 0, years: 322, quarters: 1316, months: 3948,
            dimensions: "Geslacht=T001038;Leeftijd=52052"),
        TableCase(
            table: "82242NED", filters: [:], rows: 3084, impossible: 0, voorlopig: 4, naderVoorlopig: 4, years: 180,
            quarters: 724, months: 2180, dimensions: "TypeGefailleerde=T001243"),
        TableCase(
            table: "82610NED", filters: [:], rows: 3863, impossible: 288, voorlopig: 0, naderVoorlopig: 208,
            years: 3863, quarters: 0, months: 0, dimensions: "BronTechniek=T001028"),
    ]

    @Test("Row counts, statuses and JJ/KW/MM periods", arguments: tables)
    func tableCounts(_ c: TableCase) async throws {
        let (base, fetcher) = try cbsV4Fixture(c.table)
        let connector = CBSODataV4Connector(
            sourceID: "cbs-\(c.table.lowercased())", table: c.table, baseURL: base,
            selection: CBSSelection(dimensions: c.filters))
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        let obs = parsed.observations
        #expect(obs.count == c.rows)
        #expect(obs.filter { $0.valueAttribute == .impossible && $0.value == nil }.count == c.impossible)
        #expect(obs.filter { $0.valueStatus == .voorlopig }.count == c.voorlopig)
        #expect(obs.filter { $0.valueStatus == .nader_voorlopig }.count == c.naderVoorlopig)
        let kinds = obs.map { try? PeriodCode(parsing: $0.periodCode).kind }
        #expect(kinds.filter { $0 == .year }.count == c.years)
        #expect(kinds.filter { if case .quarter? = $0 { true } else { false } }.count == c.quarters)
        #expect(kinds.filter { if case .month? = $0 { true } else { false } }.count == c.months)
        #expect(obs.first?.dimensions == c.dimensions)
        #expect(parsed.rejects.isEmpty)
        let ledger = try #require(parsed.ledger)
        #expect(ledger.recordsIn == c.rows && ledger.recordsOut == c.rows && ledger.balances)
        // Without a server-side filter, Properties.ObservationCount is the declared total and was checked.
        #expect(fetcher.requestedURLs.last?.contains("$filter=") == !c.filters.isEmpty)
    }

    @Test("82242NED: MM/KW periods map to their own bounds; provisional months stay flagged")
    func periodsAndStatus() async throws {
        let (base, fetcher) = try cbsV4Fixture("82242NED")
        let connector = CBSODataV4Connector(
            sourceID: "cbs-faillissementen", table: "82242NED", baseURL: base,
            selection: CBSSelection(dimensions: ["TypeGefailleerde": ["T001243"]]))
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        let byPeriod = Dictionary(parsed.observations.map { ($0.periodCode, $0) }, uniquingKeysWith: { a, _ in a })
        let may = try #require(byPeriod["2026MM05"])
        #expect(may.value == 292)
        #expect(may.valueStatus == .voorlopig)
        #expect(may.periodStart == (try CivilDate(year: 2026, month: 5, day: 1)))
        #expect(may.periodEnd == (try CivilDate(year: 2026, month: 6, day: 1)))
        let april = try #require(byPeriod["2026MM04"])
        #expect(april.value == 303)
        #expect(april.valueStatus == .nader_voorlopig)
        let q1 = try #require(byPeriod["2026KW01"])
        #expect(q1.value == 1002)
        #expect(q1.periodStart == (try CivilDate(year: 2026, month: 1, day: 1)))
        #expect(q1.periodEnd == (try CivilDate(year: 2026, month: 4, day: 1)))
        let year = try #require(byPeriod["2025JJ00"])
        #expect(year.value == 4105)
        #expect(year.periodEnd == (try CivilDate(year: 2026, month: 1, day: 1)))
        #expect(parsed.observations.count == 771)
        #expect(parsed.ledger?.filtered == 3084 - 771)
    }

    @Test("ObservationCount is the declared total when no filter is sent: a short download fails (B02)")
    func declaredCountMismatch() async throws {
        let base = "https://datasets.cbs.nl/odata/v1/CBS/82242NED"
        let dir = "cbs-v4-checkdecijfers/82242NED"
        var rows = try realRows("\(dir)/observations-page-1.json")
        rows.removeLast()
        let fetcher = FixtureFetcher(
            exact: [
                "\(base)/Properties": .real("\(dir)/properties.json"),
                "\(base)/Dimensions": .real("\(dir)/dimensions.json"),
                "\(base)/MeasureCodes": .real("\(dir)/measure-codes.json"),
                "\(base)/PeriodenCodes": .real("\(dir)/codes-Perioden.json"),
                "\(base)/TypeGefailleerdeCodes": .real("\(dir)/codes-TypeGefailleerde.json"),
            ],
            prefixes: [("\(base)/Observations?", .bytes(try jsonData(["value": rows])))])
        let connector = CBSODataV4Connector(sourceID: "s", table: "82242NED", baseURL: base)
        // The fetch fails, so the short table is never stored as a good response …
        let fetchError = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        #expect(fetchError?.code == .countMismatch)
        #expect(fetchError?.message.contains("declares 3084 rows but 3083 were fetched") == true)
        // … and a parse of such bodies (recorded elsewhere) fails the same way.
        let bodies = try [
            ("001-Properties.json", "\(base)/Properties", SharedData.data("\(dir)/properties.json")),
            ("002-Dimensions.json", "\(base)/Dimensions", SharedData.data("\(dir)/dimensions.json")),
            ("003-MeasureCodes.json", "\(base)/MeasureCodes", SharedData.data("\(dir)/measure-codes.json")),
            ("004-PeriodenCodes.json", "\(base)/PeriodenCodes", SharedData.data("\(dir)/codes-Perioden.json")),
            ("005-Observations.json", "\(base)/Observations?$count=true", jsonData(["value": rows])),
        ].map { StoredBody(fileName: $0.0, url: $0.1, data: $0.2) }
        let parseError = #expect(throws: ConnectorError.self) { try connector.parse(bodies) }
        #expect(parseError?.code == .countMismatch)
        #expect(parseError?.message.contains("declares 3084 rows but 3083 were fetched") == true)
    }

    @Test("A file:// snapshot directory: no query sent, entity sets read from <EntitySet>.json")
    func snapshotDirectory() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = "cbs-v4-checkdecijfers/82242NED"
        for (from, to) in [
            ("observations-page-1.json", "Observations.json"), ("measure-codes.json", "MeasureCodes.json"),
            ("codes-Perioden.json", "PeriodenCodes.json"), ("dimensions.json", "Dimensions.json"),
            ("properties.json", "Properties.json"),
        ] {
            try FileManager.default.createSymbolicLink(
                at: dir.appendingPathComponent(to), withDestinationURL: SharedData.url("\(real)/\(from)"))
        }
        let base = dir.absoluteString.hasSuffix("/") ? String(dir.absoluteString.dropLast()) : dir.absoluteString
        let connector = CBSODataV4Connector(
            sourceID: "s", table: "82242NED", baseURL: base, selection: CBSSelection(periodFrom: 2026))
        let fetcher = FixtureFetcher()
        let (fetched, parsed) = try await fetchAndParse(connector, fetcher)
        #expect(fetcher.requestedURLs.allSatisfy { !$0.contains("?") })
        #expect(fetcher.requestedURLs.last == base + "/Observations.json")
        #expect(
            fetched.bodies.map(\.fileName) == [
                "001-Properties.json", "002-Dimensions.json", "003-MeasureCodes.json", "004-PeriodenCodes.json",
                "005-Observations.json",
            ])
        // TypeGefailleerdeCodes.json is absent from the snapshot: noted, not fatal.
        #expect(fetched.diagnostics.contains { $0.code == "cbs.codes_absent" })
        // 2026: MM01–MM05 and KW01 (the 2026 months and quarter in the table) × 4 TypeGefailleerde.
        let periods = Set(parsed.observations.map(\.periodCode))
        #expect(periods == ["2026MM01", "2026MM02", "2026MM03", "2026MM04", "2026MM05", "2026KW01"])
        #expect(parsed.observations.count == 6 * 4)
        #expect(parsed.ledger?.filtered == 3084 - 24)
    }
}
