import CSVCodec
import Foundation
import TestSupport
import Testing

/// Issue 4: on the demo, every record of every source appears exactly once — as the source of observations, as a
/// reject, or in the ledger's filtered/merged counts.
@Suite("Every input record accounted for exactly once", .serialized)
struct RecordAccountingTests {
    @Test func everyRecordOfEverySourceIsAccountedForOnce() throws {
        let ws = try DemoWorkspace("e2e-records")
        #expect(try ws.impactmon("run").status == 0)
        let observations = try CSVReader.read(try ws.read("normalize/observations.csv"), file: "observations.csv")
        let rejects = try CSVReader.read(try ws.read("normalize/rejects.csv"), file: "rejects.csv")
        let oSource = try #require(observations.column("source_id"))
        let oRow = try #require(observations.column("source_row_id"))
        let oDims = try #require(observations.column("dimensions"))
        let rSource = try #require(rejects.column("source_id"))
        let rRow = try #require(rejects.column("source_row_id"))
        var outIDs: [String: Set<String>] = [:]
        for r in observations.records where !r.fields[oDims].contains("quarter_rule=") {
            // Quarters folded from months are derived, not input records.
            outIDs[r.fields[oSource], default: []].insert(r.fields[oRow])
        }
        var rejectIDs: [String: [String]] = [:]
        for r in rejects.records { rejectIDs[r.fields[rSource], default: []].append(r.fields[rRow]) }
        let ledger = try #require(
            try JSONSerialization.jsonObject(with: try ws.read("normalize/ledger.json")) as? [[String: Any]])
        // One entry per source of the demo pipeline (counted in the file: its `  - id:` lines) and the registry.
        let pipelineText = try String(contentsOf: URL(fileURLWithPath: ws.pipeline), encoding: .utf8)
        let sources = pipelineText.split(separator: "\n").filter { $0.hasPrefix("  - id: ") }.count
        #expect(sources == 14)  // 10 CBS tables, KvK, returns, procurement, subsidy register
        #expect(ledger.count == sources + 1)
        for entry in ledger {
            let id = try #require(entry["source_id"] as? String)
            let n = { (k: String) in entry[k] as? Int ?? -1 }
            let out = outIDs[id] ?? []
            let rejected = rejectIDs[id] ?? []
            // A record is either out or rejected, never both, and never rejected twice.
            #expect(Set(rejected).count == rejected.count, "\(id): a record rejected twice")
            #expect(out.isDisjoint(with: rejected), "\(id): a record both used and rejected")
            #expect(rejected.count == n("rejected"), "\(id)")
            if id != "registry" && id != "kvk-basisprofielen" {
                #expect(
                    out.count == n("records_out"),
                    "\(id): \(out.count) distinct records in observations, ledger says \(n("records_out"))")
            }
            #expect(n("records_in") == n("records_out") + n("rejected") + n("filtered") + n("merged"), "\(id)")
        }
        // The returns: 751 data rows in the 27 files (counted with Python's csv module); 1 merged (the exact
        // duplicate), 2 rejected (an unknown KvK-nummer and one in scientific notation).
        let returns = try #require(ledger.first { $0["source_id"] as? String == "impact-returns" })
        #expect(returns["records_in"] as? Int == 751)
        #expect(returns["merged"] as? Int == 1)
        #expect(returns["rejected"] as? Int == 2)
        #expect(returns["records_out"] as? Int == 751 - 1 - 2)
        // Procurement: 300 awards; 1 unreadable amount rejected; the non-addressable ones filtered.
        let procurement = try #require(ledger.first { $0["source_id"] as? String == "procurement" })
        #expect(procurement["records_in"] as? Int == 300)
        #expect(procurement["rejected"] as? Int == 1)
    }
}
