import CSVCodec
import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

@Suite("CSV sources", .enabled(if: SharedData.shouldRun))
struct CSVSourceTests {
    struct Export: Sendable, CustomTestStringConvertible {
        var file: String
        var rows: Int
        var columns: Int
        var lastHeader: String
        var testDescription: String { file }
    }

    // Row × column counts from PROVENANCE.md §4.
    static let exports: [Export] = [
        Export(
            file: "70072ned_UntypedDataSet_29122019_191739.csv", rows: 300, columns: 309,
            lastHeader: "KoppelvariabeleRegioCode_306"),
        Export(file: "80305ned_UntypedDataSet_31012020_124042.csv", rows: 156, columns: 128, lastHeader: ""),
        Export(
            file: "70262ned_UntypedDataSet_05022020_180935.csv", rows: 12, columns: 5,
            lastHeader: "TotaalBosEnOpenNatuurlijkTerrein_28"),
    ]

    @Test("StatLine CSV exports: BOM removed, header intact, exact rows × columns", arguments: exports)
    func statlineExport(_ e: Export) async throws {
        let url = SharedData.url("statline-csv-ijhidding/\(e.file)").absoluteString
        let connector = try SourceSpec(id: "statline", connector: .csv, url: url).makeConnector(
            context: ConnectorContext())
        let (fetched, parsed) = try await fetchAndParse(connector, FixtureFetcher())
        #expect(fetched.bodies.map(\.fileName) == ["001-\(e.file)"])
        guard case .tables(let tables) = parsed.output, let t = tables.first?.table else {
            Issue.record("expected one table")
            return
        }
        #expect(t.hadBOM)
        #expect(t.header.first == "ID")
        #expect(t.header.first?.unicodeScalars.first != "\u{FEFF}")
        #expect(t.header.count == e.columns)
        #expect(t.records.count == e.rows)
        #expect(t.records.allSatisfy { $0.fields.count == e.columns })
        #expect(t.delimiter == UInt8(ascii: ";"))
        if !e.lastHeader.isEmpty { #expect(t.header.last == e.lastHeader) }
        // Padded codes and symbols are kept verbatim for the mapping stage.
        #expect(t.records.first?.fields[1].hasPrefix("PV20") == true)
        #expect(t.records.allSatisfy { !($0.fields.last ?? "").hasSuffix("\r") })
    }

    @Test("70262ned: first data row read exactly (\"47\";\"PV20  \";\"2015JJ00\";\"    4009\";\"   14910\")")
    func firstRow() throws {
        let body = StoredBody(
            fileName: "001-70262ned.csv", url: "file:///x/70262ned.csv",
            data: try SharedData.data("statline-csv-ijhidding/70262ned_UntypedDataSet_05022020_180935.csv"))
        let t = try CSVSourceConnector.table(from: body, quarter: nil).table
        #expect(t.records.first?.fields == ["47", "PV20  ", "2015JJ00", "    4009", "   14910"])
        #expect(CBSCell.parse(Substring(t.records[0].fields[3])) == .value(4009))
    }

    @Test("{quarter} is expanded per quarter; an absent quarter file is a warning")
    func quarterTemplate() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("kvk_nummer,kwartaal,fte\n01234567,2026Q2,3.5\n".utf8)
            .write(to: dir.appendingPathComponent("impact-2026Q2.csv"))
        try Data("kvk_nummer,kwartaal,fte\n01234567,2026Q3,4.0\n07654321,2026Q3,\n".utf8)
            .write(to: dir.appendingPathComponent("impact-2026Q3.csv"))
        let quarters = [
            try Quarter(year: 2026, quarter: 1), try Quarter(year: 2026, quarter: 2),
            try Quarter(year: 2026, quarter: 3),
        ]
        let spec = SourceSpec(id: "impact", connector: .csv, url: dir.absoluteString + "impact-{quarter}.csv")
        let connector = try spec.makeConnector(context: ConnectorContext(quarters: quarters))
        let (fetched, parsed) = try await fetchAndParse(connector, FixtureFetcher())
        #expect(fetched.bodies.map(\.fileName) == ["001-impact-2026Q2.csv", "002-impact-2026Q3.csv"])
        #expect(fetched.diagnostics.map(\.code) == ["source.file_absent"])
        #expect(fetched.diagnostics.first?.message.contains("2026Q1") == true)
        guard case .tables(let tables) = parsed.output else {
            Issue.record("expected tables")
            return
        }
        #expect(tables.map { $0.quarter?.description } == ["2026Q2", "2026Q3"])
        #expect(tables.map(\.table.records.count) == [1, 2])
        #expect(tables[1].table.records[0].fields[0] == "01234567")  // leading zero kept: text
        let sha = StoredBody.sha256Hex(try Data(contentsOf: dir.appendingPathComponent("impact-2026Q3.csv")))
        #expect(tables[1].sourceRowID(tables[1].table.records[1]) == "\(sha.prefix(12)):2")
    }

    @Test("A {quarter} URL without quarters is a configuration error")
    func quarterWithoutQuarters() {
        let spec = SourceSpec(id: "impact", connector: .csv, url: "file:///x/impact-{quarter}.csv")
        let error = #expect(throws: ConnectorError.self) { try spec.makeConnector(context: ConnectorContext()) }
        #expect(error?.code == .parameter)
        #expect(error?.exitStatus == .config)
    }

    @Test("An HTML login page where a CSV was expected is an error naming the URL")
    func htmlInsteadOfCSV() throws {
        let body = StoredBody(
            fileName: "001-inkoop.csv", url: "https://portal.example/inkoop.csv",
            data: Data("<!DOCTYPE html><html><body>Log in</body></html>".utf8), mediaType: "text/html")
        let error = #expect(throws: ConnectorError.self) { try CSVSourceConnector.table(from: body, quarter: nil) }
        #expect(error?.message.contains("https://portal.example/inkoop.csv") == true)
    }
}
