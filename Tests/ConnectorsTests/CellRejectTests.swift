import Connectors
import Foundation
import ImpactModel
import Testing

/// Issue 20 item 5: in a wide CBS v3 row an unreadable cell rejects that measure of that row, not the row.
@Suite("CBS v3: cell-level rejects")
struct CellRejectTests {
    static func bodies(_ rows: [[String: Any]]) throws -> [StoredBody] {
        let base = "file:///snapshots/99991NED"
        let properties: [[String: Any]] = [
            ["Key": "RegioS", "Type": "GeoDimension", "Title": "Regio's"],
            ["Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"],
            ["Key": "A_1", "Type": "Topic", "Title": "A", "Unit": "aantal", "Decimals": 0, "Datatype": "Long"],
            ["Key": "B_2", "Type": "Topic", "Title": "B", "Unit": "aantal", "Decimals": 0, "Datatype": "Long"],
        ]
        func json(_ o: Any) throws -> Data { try JSONSerialization.data(withJSONObject: o) }
        return [
            StoredBody(
                fileName: "001-DataProperties.json", url: base + "/DataProperties.json",
                data: try json(["value": properties])),
            StoredBody(
                fileName: "002-RegioS.json", url: base + "/RegioS.json",
                data: try json(["value": [["Key": "GM0392    ", "Title": "Haarlem"]]])),
            StoredBody(
                fileName: "003-Perioden.json", url: base + "/Perioden.json",
                data: try json(["value": [["Key": "2024JJ00", "Status": "Definitief"]]])),
            StoredBody(
                fileName: "004-UntypedDataSet.json", url: base + "/UntypedDataSet.json",
                data: try json(["value": rows])),
        ]
    }

    @Test("\"?\" in A_1 loses A_1 of that row only; a row with both cells unreadable is one row reject")
    func cellAndRow() throws {
        let rows: [[String: Any]] = [
            ["ID": 0, "RegioS": "GM0392    ", "Perioden": "2024JJ00", "A_1": "       ?", "B_2": "      17"],
            ["ID": 1, "RegioS": "GM0392    ", "Perioden": "2024JJ00", "A_1": "       ?", "B_2": "n/a"],
        ]
        let bodies = try Self.bodies(rows)
        let c = CBSODataV3Connector(sourceID: "s", table: "99991NED", baseURL: "file:///snapshots/99991NED")
        let r = try c.parse(bodies)
        #expect(r.observations.map { "\($0.measure)=\($0.value ?? -1)" } == ["B_2=17.0"])
        let ledger = try #require(r.ledger)
        #expect(ledger.recordsIn == 2 && ledger.recordsOut == 1 && ledger.rejected == 1)
        #expect(ledger.cellsIn == 2 && ledger.cellsOut == 1 && ledger.cellsRejected == 1 && ledger.balances)
        #expect(r.rejects.count == ledger.rejectLines)
        let cell = try #require(r.rejects.first { $0.line == 1 })
        #expect(cell.field == "A_1" && cell.value == "       ?" && cell.message.contains("its other measures are"))
        let row = try #require(r.rejects.first { $0.line == 2 })
        #expect(row.message.contains("none of the 2 measure cells"))
    }
}
