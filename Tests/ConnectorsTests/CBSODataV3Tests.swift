import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// 83599NED (Openstaande vacatures; SBI 2008, regio) as served by `opendata.cbs.nl/ODataFeed`: the two real
/// UntypedDataSet pages (`tables_2.json` with its real `odata.nextLink`, `tables_3.json`). The repository saved no
/// metadata for this table, so TableInfos, DataProperties and the code lists are built here from the rows
/// themselves, in the shape of the real 80137ned metadata (`meta_6.json`, `meta_7.json`).
struct V3VacaturesFixture {
    static let base = "https://opendata.cbs.nl/ODataFeed/OData/83599NED"
    static let realLink = "https://opendata.cbs.nl/ODataFeed/OData/83599NED/UntypedDataSet/?$format=json&$skip=10000"

    static func metadata(recordCount: Int? = nil) throws -> [String: FixtureFetcher.Reply] {
        let rows = try realRows("cbs-v3-cbsodata3jl/tables_2.json") + realRows("cbs-v3-cbsodata3jl/tables_3.json")
        func keys(_ column: String) -> [[String: Any]] {
            Set(rows.compactMap { $0[column] as? String }).sorted().map { ["Key": $0, "Title": $0] }
        }
        var info: [String: Any] = ["Identifier": "83599NED", "Title": "Openstaande vacatures; SBI 2008, regio"]
        if let recordCount { info["RecordCount"] = recordCount }
        let properties: [[String: Any]] = [
            ["ID": 0, "Type": "Dimension", "Key": "BedrijfstakkenBranchesSBI2008", "Title": "Bedrijfstakken/branches"],
            ["ID": 1, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"],
            ["ID": 2, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"],
            [
                "ID": 3, "Type": "Topic", "Key": "OpenstaandeVacatures_1", "Title": "Openstaande vacatures",
                "Unit": "x 1 000", "Decimals": 1, "Datatype": "Double",
            ],
        ]
        let periods = keys("Perioden").map { ["Key": $0["Key"] ?? "", "Status": "Definitief"] }
        return [
            "\(base)/TableInfos?$format=json": .bytes(try jsonData(["value": [info]])),
            "\(base)/DataProperties?$format=json": .bytes(try jsonData(["value": properties])),
            "\(base)/Perioden?$format=json": .bytes(try jsonData(["value": periods])),
            "\(base)/RegioS?$format=json": .bytes(try jsonData(["value": keys("RegioS")])),
            "\(base)/BedrijfstakkenBranchesSBI2008?$format=json":
                .bytes(try jsonData(["value": keys("BedrijfstakkenBranchesSBI2008")])),
        ]
    }

    static func fetcher(recordCount: Int? = nil, secondPage: Bool = true) throws -> FixtureFetcher {
        var routes = try metadata(recordCount: recordCount)
        if secondPage {
            routes["\(base)/UntypedDataSet?$format=json"] = .real("cbs-v3-cbsodata3jl/tables_2.json")
            routes[realLink] = .real("cbs-v3-cbsodata3jl/tables_3.json")
        } else {
            // Page 1 alone, its continuation link removed: a page of exactly 10,000 rows that ends the feed.
            routes["\(base)/UntypedDataSet?$format=json"] =
                .bytes(try jsonData(["value": try realRows("cbs-v3-cbsodata3jl/tables_2.json")]))
        }
        return FixtureFetcher(exact: routes)
    }
}

@Suite("CBS OData v3", .enabled(if: SharedData.shouldRun))
struct CBSODataV3Tests {
    @Test("83599NED: two real pages give 15,504 rows (10,000 + 5,504), the link followed byte for byte (B02)")
    func pagingFollowsLinkExactly() async throws {
        let fetcher = try V3VacaturesFixture.fetcher()
        let connector = CBSODataV3Connector(
            sourceID: "cbs-vacatures", table: "83599NED", baseURL: V3VacaturesFixture.base)
        let (fetched, parsed) = try await fetchAndParse(connector, fetcher)

        let dataRequests = fetcher.requestedURLs.filter { $0.contains("UntypedDataSet") }
        #expect(
            dataRequests == [
                "https://opendata.cbs.nl/ODataFeed/OData/83599NED/UntypedDataSet?$format=json",
                "https://opendata.cbs.nl/ODataFeed/OData/83599NED/UntypedDataSet/?$format=json&$skip=10000",
            ])
        #expect(fetched.bodies.filter { $0.entity == "UntypedDataSet" }.count == 2)
        #expect(fetcher.requestedURLs.allSatisfy { $0.contains("$format=json") })
        #expect(fetcher.requests.allSatisfy { $0.headers["Accept"] == "application/json" })
        let ledger = try #require(parsed.ledger)
        #expect(ledger.recordsIn == 10_000 + 5_504)
        #expect(ledger.recordsOut == 15_504)
        #expect(ledger.observations == 15_504)
        #expect(ledger.balances)
        #expect(parsed.rejects.isEmpty)
        #expect(!parsed.diagnostics.contains { $0.code == "paging.page_cap" })

        let obs = parsed.observations
        // The one empty cell ("") is "cannot occur": missing, never 0.
        #expect(obs.filter { $0.value == nil }.count == 1)
        #expect(obs.first { $0.value == nil }?.valueAttribute == .impossible)
        // Right-aligned "   135.5" is 135.5; padded "NL01  " is NL01 (B05).
        let first = try #require(obs.first)
        #expect(first.value == 135.5)
        #expect(first.regio == "NL01")
        #expect(first.periodCode == "2011KW01")
        #expect(first.measureLabel == "Openstaande vacatures")
        #expect(first.unit == "x 1 000")
        #expect(first.dimensions == "BedrijfstakkenBranchesSBI2008=T001081")
        #expect(obs.allSatisfy { !$0.regio.hasSuffix(" ") && !$0.dimensions.hasSuffix(" ") })
        #expect(Set(obs.map(\.regio)).count == 17)
        // Records of page 2 carry page 2's hash.
        let sha3 = StoredBody.sha256Hex(try SharedData.data("cbs-v3-cbsodata3jl/tables_3.json"))
        #expect(obs.last?.sourceRowID == "\(sha3.prefix(12)):5504")
    }

    @Test("A declared RecordCount is checked: 15,504 passes, a lost page fails (B02)")
    func declaredCount() async throws {
        let ok = CBSODataV3Connector(sourceID: "s", table: "83599NED", baseURL: V3VacaturesFixture.base)
        let (_, parsed) = try await fetchAndParse(ok, try V3VacaturesFixture.fetcher(recordCount: 15_504))
        #expect(parsed.ledger?.recordsIn == 15_504)

        // A lost second page with RecordCount 15,504 declared: the fetch fails …
        let short = try V3VacaturesFixture.fetcher(recordCount: 15_504, secondPage: false)
        let fetchError = await #expect(throws: ConnectorError.self) { try await ok.fetch(using: short) }
        #expect(fetchError?.code == .countMismatch)
        #expect(fetchError?.message.contains("declares 15504 rows but 10000 were fetched") == true)
        // … and so does a parse of such bodies: stored without the count, then given the declaring TableInfos.
        var bodies = try await ok.fetch(using: try V3VacaturesFixture.fetcher(secondPage: false)).bodies
            .map(StoredBody.init)
        let index = try #require(bodies.firstIndex { $0.entity == "TableInfos" })
        bodies[index] = StoredBody(
            fileName: bodies[index].fileName, url: bodies[index].url,
            data: try jsonData(["value": [["Identifier": "83599NED", "RecordCount": 15_504]]]))
        let parseError = #expect(throws: ConnectorError.self) { try ok.parse(bodies) }
        #expect(parseError?.code == .countMismatch)
        #expect(parseError?.message.contains("declares 15504 rows but 10000 were fetched") == true)
    }

    @Test("A last page of exactly 10,000 rows without a declared count warns of truncation at the page cap (B02)")
    func pageCapWarning() async throws {
        let connector = CBSODataV3Connector(sourceID: "s", table: "83599NED", baseURL: V3VacaturesFixture.base)
        let (fetched, parsed) = try await fetchAndParse(connector, try V3VacaturesFixture.fetcher(secondPage: false))
        #expect(parsed.ledger?.recordsIn == 10_000)
        #expect(fetched.diagnostics.contains { $0.code == "paging.page_cap" })
        let warning = try #require(parsed.diagnostics.first { $0.code == "paging.page_cap" })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("possible truncation at page cap"))
    }

    @Test("The same pages re-shaped as v4 with @odata.nextLink give 15,504 too (B02)")
    func reshapedAsV4() async throws {
        let base = "https://datasets.cbs.nl/odata/v1/CBS/83599NED"
        let link = "\(base)/Observations?$count=true&$skip=10000"
        func reshape(_ path: String) throws -> [[String: Any]] {
            try realRows(path).map { row in
                let raw = (row["OpenstaandeVacatures_1"] as? String ?? "").trimmingCharacters(in: .whitespaces)
                var out: [String: Any] = [
                    "Id": row["ID"] ?? 0, "Measure": "OpenstaandeVacatures_1",
                    "ValueAttribute": raw.isEmpty ? "Impossible" : "None",
                    "RegioS": (row["RegioS"] as? String ?? "").trimmingCharacters(in: .whitespaces),
                    "Perioden": row["Perioden"] ?? "",
                    "BedrijfstakkenBranchesSBI2008":
                        (row["BedrijfstakkenBranchesSBI2008"] as? String ?? "").trimmingCharacters(in: .whitespaces),
                ]
                out["Value"] = Double(raw) ?? NSNull()
                return out
            }
        }
        let page1: [String: Any] = [
            "value": try reshape("cbs-v3-cbsodata3jl/tables_2.json"), "@odata.nextLink": link,
        ]
        let page2: [String: Any] = ["value": try reshape("cbs-v3-cbsodata3jl/tables_3.json")]
        let periods = Set(try realRows("cbs-v3-cbsodata3jl/tables_2.json").compactMap { $0["Perioden"] as? String })
            .union(try realRows("cbs-v3-cbsodata3jl/tables_3.json").compactMap { $0["Perioden"] as? String })
        let dims: [[String: Any]] = [
            ["Identifier": "BedrijfstakkenBranchesSBI2008", "Kind": "Dimension", "ContainsCodes": false],
            ["Identifier": "RegioS", "Kind": "GeoDimension", "ContainsCodes": false],
            ["Identifier": "Perioden", "Kind": "TimeDimension", "ContainsCodes": true],
        ]
        let fetcher = FixtureFetcher(exact: [
            "\(base)/Properties": .bytes(try jsonData(["Identifier": "83599NED", "Status": "Regulier"])),
            "\(base)/Dimensions": .bytes(try jsonData(["value": dims])),
            "\(base)/MeasureCodes": .bytes(
                try jsonData([
                    "value": [
                        ["Identifier": "OpenstaandeVacatures_1", "Title": "Openstaande vacatures", "Unit": "x 1 000"]
                    ]
                ])),
            "\(base)/PeriodenCodes": .bytes(
                try jsonData([
                    "value": periods.sorted().map { ["Identifier": $0, "Status": "Definitief"] }
                ])),
            "\(base)/Observations?$count=true": .bytes(try jsonData(page1)),
            link: .bytes(try jsonData(page2)),
        ])
        let connector = CBSODataV4Connector(sourceID: "s", table: "83599NED", baseURL: base)
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        #expect(fetcher.requestedURLs.suffix(2) == ["\(base)/Observations?$count=true", link])
        #expect(parsed.ledger?.recordsIn == 15_504)
        #expect(parsed.observations.count == 15_504)
        #expect(parsed.observations.filter { $0.value == nil }.count == 1)
    }

    @Test("A snapshot's relative odata.nextLink resolves against the page's own file:// URL (RFC 3986 §5)")
    func relativeLinkInSnapshot() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let routes = try V3VacaturesFixture.metadata()
        for entity in ["DataProperties", "Perioden", "RegioS", "BedrijfstakkenBranchesSBI2008", "TableInfos"] {
            guard case .bytes(let d, _, _)? = routes["\(V3VacaturesFixture.base)/\(entity)?$format=json"] else {
                Issue.record("no fixture for \(entity)")
                return
            }
            try d.write(to: dir.appendingPathComponent("\(entity).json"))
        }
        try jsonData([
            "value": try realRows("cbs-v3-cbsodata3jl/tables_2.json"),
            "odata.nextLink": "pages/../UntypedDataSet-skip10000.json",
        ]).write(to: dir.appendingPathComponent("UntypedDataSet.json"))
        try FileManager.default.createSymbolicLink(
            at: dir.appendingPathComponent("UntypedDataSet-skip10000.json"),
            withDestinationURL: SharedData.url("cbs-v3-cbsodata3jl/tables_3.json"))
        let base = String(dir.absoluteString.dropLast())  // file:///tmp/connectors-…
        let connector = CBSODataV3Connector(
            sourceID: "s", table: "83599NED", baseURL: base,
            selection: CBSSelection(regions: ["PV27"], periodFrom: 2019))
        let fetcher = FixtureFetcher()
        let (_, parsed) = try await fetchAndParse(connector, fetcher)
        #expect(
            fetcher.requestedURLs.suffix(2) == [
                base + "/UntypedDataSet.json", base + "/UntypedDataSet-skip10000.json",
            ])
        #expect(parsed.ledger?.recordsIn == 15_504)
        let obs = parsed.observations
        #expect(!obs.isEmpty)
        #expect(obs.allSatisfy { $0.regio == "PV27" && $0.periodCode >= "2019" })
        #expect(parsed.ledger.map { $0.recordsOut + $0.filtered } == 15_504)
    }

    @Test("80137ned TypedDataSet: 675 rows × 12 Topics, padded Persoonskenmerken keys trimmed")
    func typedDataSet() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (real, name) in [
            ("meta_2.json", "TableInfos.json"), ("meta_7.json", "DataProperties.json"),
            ("meta_6.json", "Perioden.json"),
            ("meta_4.json", "Persoonskenmerken.json"), ("meta_5.json", "BedrijfstakkenSBI93.json"),
            ("meta_8.json", "TypedDataSet.json"),
        ] {
            try FileManager.default.createSymbolicLink(
                at: dir.appendingPathComponent(name), withDestinationURL: SharedData.url("cbs-v3-cbsodata3jl/\(real)"))
        }
        let connector = CBSODataV3Connector(
            sourceID: "cbs-arbeidsrekeningen", table: "80137ned", baseURL: String(dir.absoluteString.dropLast()),
            dataSet: .typed)
        let (_, parsed) = try await fetchAndParse(connector, FixtureFetcher())
        #expect(parsed.ledger?.recordsIn == 675)
        #expect(parsed.ledger?.observations == 675 * 12)
        #expect(parsed.observations.count == 8100)
        // First row of meta_8.json: Persoonskenmerken "1 ", BedrijfstakkenSBI93 "99", 2001JJ00, Totaal_1 = 8811.0.
        let totaal = try #require(parsed.observations.first { $0.measure == "Totaal_1" })
        #expect(totaal.value == 8811)
        #expect(totaal.unit == "1 000 banen")
        #expect(totaal.measureLabel == "Totaal")
        #expect(totaal.dimensions == "Persoonskenmerken=1;BedrijfstakkenSBI93=99")
        #expect(totaal.regio == "")
        let perUur = try #require(parsed.observations.first { $0.measure == "PerGewerktUur_12" })
        #expect(perUur.value == 23.1)
        #expect(!parsed.diagnostics.contains { $0.code == "cbs.unknown_code" })
    }
}
