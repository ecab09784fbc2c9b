import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// Issue 20 item 3: Title, Modified and status of a CBS table from the real replies; the changes between two fetches;
/// municipality rows selected server-side.
@Suite("CBS tables that change", .enabled(if: SharedData.shouldRun))
struct CBSTableInfoTests {
    static func propertiesBody(_ data: Data) -> StoredBody {
        StoredBody(
            fileName: "001-Properties.json", url: "https://datasets.cbs.nl/odata/v1/CBS/37789ksz/Properties", data: data
        )
    }

    @Test("v4 Properties of 37789ksz (real): title, Modified, status; a new Modified is a revision with CBS's reason")
    func v4Revision() throws {
        let real = try SharedData.data("cbs-v4-checkdecijfers/37789ksz/properties.json")
        let before = try #require(CBSTableInfo.read(from: [Self.propertiesBody(real)], table: "37789ksz"))
        #expect(before.title == "Sociale zekerheid; kerncijfers, uitkeringen naar uitkeringssoort")
        #expect(before.modified == "2026-06-30T00:00:00+02:00" && before.status == "Regulier")
        #expect(before.reason == "Actualisering bijzonder" && !before.isDiscontinued)
        #expect(before.changes(since: before).isEmpty)
        // The same reply with a later Modified and another reason, as CBS publishes a correction.
        var json = try #require(try JSONSerialization.jsonObject(with: real) as? [String: Any])
        json["Modified"] = "2026-09-30T00:00:00+02:00"
        json["VersionReason"] = "Correctie"
        let after = try #require(
            CBSTableInfo.read(
                from: [Self.propertiesBody(try JSONSerialization.data(withJSONObject: json))], table: "37789ksz"))
        let changes = after.changes(since: before)
        #expect(
            changes == [
                .revised(from: "2026-06-30T00:00:00+02:00", to: "2026-09-30T00:00:00+02:00", reason: "Correctie")
            ])
        #expect(changes[0].sentence(table: "37789ksz").contains("37789ksz was revised"))
        #expect(after.changes(since: nil).isEmpty)
    }

    @Test("v3 TableInfos with OutputStatus Gediscontinueerd (the real 83257NED catalogue row) is a discontinued table")
    func v3Discontinued() throws {
        let catalogue = try #require(
            try JSONSerialization.jsonObject(with: try SharedData.data("cbs-v3-cbsodata3jl/tables_1.json"))
                as? [String: Any])
        let row = try #require(
            (catalogue["value"] as? [[String: Any]])?.first { ($0["Identifier"] as? String) == "83257NED" })
        let body = StoredBody(
            fileName: "001-TableInfos.json", url: "https://opendata.cbs.nl/ODataFeed/odata/83257NED/TableInfos",
            data: try JSONSerialization.data(withJSONObject: ["value": [row]]))
        let info = try #require(CBSTableInfo.read(from: [body], table: "83257NED"))
        #expect(info.isDiscontinued && info.reason == "Stopgezet" && info.modified == "2019-10-24T02:00:00")
        #expect(info.changes(since: nil) == [.discontinued(status: "Gediscontinueerd")])
        let retitled = CBSTableInfo(table: "83257NED", title: "Instromers flexibele schil", modified: info.modified)
        #expect(info.changes(since: retitled).first == .retitled(from: "Instromers flexibele schil", to: info.title))
    }

    @Test("StatLine metadata CSV (real 03759ned): its TableInfos section gives title and Modified")
    func statlineMetadata() throws {
        let body = StoredBody(
            fileName: "001-StatLineMetadata.csv", url: "file:///m.csv",
            data: try SharedData.data("statline-csv-ijhidding/03759ned_metadata.csv"))
        let info = try #require(CBSTableInfo.read(from: [body], table: "x"))
        #expect(info.table == "03759ned" && info.modified == "2019-05-17T02:00:00" && info.reason == "Correctie")
    }

    @Test("Haarlem, peers and NL are selected server-side: $filter on RegioS (v4 eq, v3 startswith on padded keys)")
    func regionsServerSide() {
        let selection = CBSSelection(regions: ["GM0392", "GM0363", "GM0599", "NL01"])
        let v4 = CBSODataV4Connector(
            sourceID: "s", table: "83625NED", baseURL: "https://datasets.cbs.nl/odata/v1/CBS/83625NED",
            selection: selection)
        let url = v4.observationsURL(dimensions: [
            V4Dimension(identifier: "RegioS", kind: "GeoDimension"),
            V4Dimension(identifier: "Perioden", kind: "TimeDimension"),
        ])
        let filter = URLComponents(string: url)?.queryItems?.first { $0.name == "$filter" }?.value
        #expect(filter == "(RegioS eq 'GM0392' or RegioS eq 'GM0363' or RegioS eq 'GM0599' or RegioS eq 'NL01')")
        let v3 = CBSODataV3Connector(
            sourceID: "s", table: "70072ned", baseURL: "https://opendata.cbs.nl/ODataFeed/odata/70072ned",
            selection: selection)
        let v3URL = v3.dataSetURL(properties: [V3DataProperty(key: "RegioS", type: "GeoDimension", title: "", unit: "")]
        )
        let v3Filter = URLComponents(string: v3URL)?.queryItems?.first { $0.name == "$filter" }?.value
        #expect(
            v3Filter
                == "(startswith(RegioS,'GM0392') or startswith(RegioS,'GM0363') or startswith(RegioS,'GM0599') or startswith(RegioS,'NL01'))"
        )
    }
}
