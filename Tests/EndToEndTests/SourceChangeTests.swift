import Foundation
import TestSupport
import Testing

/// Issue 20 end to end with the built `impactmon`: a CBS table revised or retitled between fetches is a
/// `table_changed` warning; a StatLine CSV export is a pipeline source like the OData ones.
@Suite("Sources that change, StatLine CSV in a pipeline", .serialized)
struct SourceChangeTests {
    struct Fact: Decodable {
        var stage: String
        var source: String
        var kind: String
        var subject: String
        var message: String
    }

    static func facts(_ ws: DemoWorkspace, _ stage: String) throws -> [Fact] {
        try JSONDecoder().decode([Fact].self, from: try ws.read("\(stage)/warnings.json"))
    }

    @Test("A new Modified of 37789ksz between two fetches, then a pinned title that differs: table_changed warnings")
    func revisedAndRetitled() throws {
        let ws = try DemoWorkspace("e2e-table-change")
        let first = try ws.impactmon("fetch", ["--period", "2026Q3"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.facts(ws, "fetch").allSatisfy { $0.kind != "table_changed" })

        // CBS revises the table: Modified and VersionReason change in the snapshot the source reads.
        let properties = ws.root.appendingPathComponent("pipelines/haarlem-demo/cbs/37789ksz/Properties.json")
        let text = try String(contentsOf: properties, encoding: .utf8)
        #expect(text.contains("\"Modified\": \"2026-06-30T00:00:00+02:00\""))
        try text.replacingOccurrences(
            of: "\"Modified\": \"2026-06-30T00:00:00+02:00\"", with: "\"Modified\": \"2026-09-30T00:00:00+02:00\""
        ).replacingOccurrences(
            of: "\"VersionReason\": \"Actualisering bijzonder\"", with: "\"VersionReason\": \"Correctie\""
        )
        .write(to: properties, atomically: true, encoding: .utf8)
        let second = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"])
        #expect(second.status == 0, "\(second.stderr)")
        let revised = try Self.facts(ws, "fetch").filter { $0.kind == "table_changed" }
        #expect(revised.count == 1)
        #expect(revised.first?.source == "cbs-bijstand")
        #expect(revised.first?.subject == "37789ksz: Modified 2026-06-30T00:00:00+02:00 → 2026-09-30T00:00:00+02:00")
        #expect(revised.first?.message.contains("(Correctie)") == true)

        // A pin in the pipeline file: the title the metrics were written for differs from CBS's.
        let yaml = try String(contentsOfFile: ws.pipeline, encoding: .utf8)
        try yaml.replacingOccurrences(
            of: "    table: 37789ksz\n",
            with:
                "    table: 37789ksz\n    pinned_title: \"Sociale zekerheid; kerncijfers\"\n    pinned_modified: \"2026-09-30T00:00:00+02:00\"\n"
        ).write(toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let validate = try ws.impactmon("validate")
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let third = try ws.impactmon("fetch", ["--period", "2026Q3", "--force"])
        #expect(third.status == 0, "\(third.stderr)")
        let retitled = try Self.facts(ws, "fetch").filter { $0.kind == "table_changed" }
        #expect(retitled.map(\.subject) == ["37789ksz: title"])
        #expect(
            retitled.first?.message.contains(
                "\"Sociale zekerheid; kerncijfers\" → \"Sociale zekerheid; kerncijfers, uitkeringen naar uitkeringssoort\""
            ) == true)
    }

    @Test(
        "A statline-csv source (the real 70262ned export) is fetched, normalized and counted by row and cell",
        .enabled(if: SharedData.shouldRun))
    func statlineCSVSource() throws {
        let ws = try DemoWorkspace("e2e-statline-csv")
        let file = SharedData.url("statline-csv-ijhidding/70262ned_UntypedDataSet_05022020_180935.csv").path
        let yaml = try String(contentsOfFile: ws.pipeline, encoding: .utf8)
        let source = """
            sources:
              - id: cbs-bodemgebruik-csv
                connector: statline-csv
                url: \(file)
                regions: [PV27, PV28]
                required: false

            """
        try yaml.replacingOccurrences(of: "sources:\n", with: source).write(
            toFile: ws.pipeline, atomically: true, encoding: .utf8)
        let validate = try ws.impactmon("validate")
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let fetch = try ws.impactmon("fetch", ["--period", "2026Q3"])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        let normalize = try ws.impactmon("normalize", ["--period", "2026Q3"])
        #expect(normalize.status == 0, "\(normalize.stderr)")
        // By hand: PV27 and PV28 are 2 of the 12 rows (10 filtered); 2 measures each → 4 observations.
        let observations = String(decoding: try ws.read("normalize/observations.csv"), as: UTF8.self)
        let rows = observations.split(separator: "\n").filter { $0.hasPrefix("cbs-bodemgebruik-csv,") }
        #expect(rows.count == 4)
        #expect(
            rows.contains {
                $0.contains(",70262ned,TotaalRecreatieterrein_19,") && $0.contains(",PV27,") && $0.contains(",15003,")
            })
        struct Entry: Decodable {
            var source_id: String
            var records_in: Int
            var records_out: Int
            var filtered: Int
            var cells_in: Int?
            var cells_out: Int?
        }
        let ledger = try JSONDecoder().decode([Entry].self, from: try ws.read("normalize/ledger.json"))
        let e = try #require(ledger.first { $0.source_id == "cbs-bodemgebruik-csv" })
        #expect(e.records_in == 12 && e.records_out == 2 && e.filtered == 10 && e.cells_in == 4 && e.cells_out == 4)
    }
}
