import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// The real StatLine CSV exports of `../shared/data/real/statline-csv-ijhidding/` (PROVENANCE.md §4): UTF-8 BOM,
/// `;`, every field quoted, right-aligned numbers, padded codes, `.` markers; 80305ned is CRLF, the others LF.
/// Expected counts come from Python's `csv` module run in the test (``StatLinePython``), independent of CSVCodec.
@Suite("StatLine CSV exports", .enabled(if: SharedData.shouldRun))
struct StatLineCSVTests {
    static let folder = "statline-csv-ijhidding"
    static let bodem = "\(folder)/70262ned_UntypedDataSet_05022020_180935.csv"
    static let kerncijfers = "\(folder)/70072ned_UntypedDataSet_29122019_191739.csv"
    static let nabijheid = "\(folder)/80305ned_UntypedDataSet_31012020_124042.csv"
    static let metadata03759 = "\(folder)/03759ned_metadata.csv"

    /// The stored data body of a real file, as the fetch stage would store it.
    static func dataBody(_ path: String, index: Int = 1) throws -> StoredBody {
        StoredBody(
            fileName: StoredBody.fileName(index: index, entity: StatLineCSVConnector.dataEntity, extension: "csv"),
            url: SharedData.url(path).absoluteString, data: try SharedData.data(path))
    }

    static func parse(_ path: String, selection: CBSSelection = CBSSelection()) throws -> ParseResult {
        let c = StatLineCSVConnector(
            sourceID: "statline", dataURL: SharedData.url(path).absoluteString, selection: selection)
        return try c.parse([try dataBody(path)])
    }

    @Test("70262ned (12 rows × 2 measures): fetched from file:// and parsed; values as in the file")
    func bodemgebruik() async throws {
        let url = SharedData.url(Self.bodem).absoluteString
        let c = StatLineCSVConnector(sourceID: "bodem", dataURL: url)
        let fetched = try await c.fetch(using: FixtureFetcher())
        #expect(fetched.bodies.map(\.fileName) == ["001-StatLineData.csv"])
        let r = try c.parse(fetched.bodies.map(StoredBody.init))
        // By hand: 12 data lines (PV20 … PV31, all 2015JJ00), columns TotaalRecreatieterrein_19 and
        // TotaalBosEnOpenNatuurlijkTerrein_28 → 24 observations, no missing marker.
        #expect(r.observations.count == 24)
        #expect(r.ledger?.recordsIn == 12 && r.ledger?.recordsOut == 12 && r.ledger?.cellsIn == 24)
        #expect(r.ledger?.cellsOut == 24 && r.ledger?.cellsRejected == 0 && r.ledger?.balances == true)
        #expect(r.rejects.isEmpty)
        let first = try #require(r.observations.first)
        // Line 2: "47";"PV20  ";"2015JJ00";"    4009";"   14910"
        #expect(first.dataset == "70262ned" && first.regio == "PV20" && first.periodCode == "2015JJ00")
        #expect(first.measure == "TotaalRecreatieterrein_19" && first.value == 4009)
        #expect(first.periodStart.description == "2015-01-01" && first.periodEnd.description == "2016-01-01")
        // Line 13: "135";"PV31  ";"2015JJ00";"    7302";"   35951"
        let last = try #require(r.observations.last)
        #expect(last.regio == "PV31" && last.measure == "TotaalBosEnOpenNatuurlijkTerrein_28" && last.value == 35951)
        #expect(last.sourceRowID.hasSuffix(":12") && last.valueStatus == .definitief && last.dimensions == "")
        #expect(r.diagnostics.contains { $0.code == "statline.status_unknown" })
    }

    @Test("70072ned (300 rows × 309 columns): counts, markers and one value agree with Python's csv module")
    func kerncijfersAgreeWithPython() throws {
        let py = try StatLinePython.summary(SharedData.url(Self.kerncijfers))
        // Python (this session): 300 rows, 269 numeric topics (37 text topics: Code_267…Naam_302 and
        // KoppelvariabeleRegioCode_306), 80700 cells, 7234 ".", 18264 "" (cannot occur).
        #expect(py.rows == 300 && py.numericTopics == 269 && py.cells == 80700)
        let r = try Self.parse(Self.kerncijfers)
        #expect(r.observations.count == py.cells)
        #expect(r.observations.filter { $0.valueAttribute == .not_available }.count == py.dots)
        #expect(r.observations.filter { $0.valueAttribute == .impossible }.count == py.blanks)
        #expect(r.observations.filter { $0.valueAttribute == .none }.count == py.cells - py.dots - py.blanks)
        #expect(Set(r.observations.map(\.measure)).count == py.numericTopics)
        #expect(r.ledger?.recordsIn == py.rows && r.ledger?.recordsOut == py.rows && r.rejects.isEmpty)
        #expect(r.ledger?.cellsIn == py.cells && r.ledger?.balances == true)
        let note = try #require(r.diagnostics.first { $0.code == "statline.text_topics" })
        #expect(note.message.contains("37 text column(s)") && note.message.contains("Code_267"))
        // "PV27  ";"2019JJ00": TotaleBevolking_1 " 2853359" (Noord-Holland, 1 January 2019).
        let nh = r.observations.first {
            $0.regio == "PV27" && $0.periodCode == "2019JJ00" && $0.measure == "TotaleBevolking_1"
        }
        #expect(nh?.value == py.pv27TotaleBevolking2019)
        #expect(nh?.value == 2_853_359)
    }

    @Test("70072ned with a selection: regions and period_from filter rows client-side, the ledger balances")
    func selection() throws {
        let r = try Self.parse(
            Self.kerncijfers,
            selection: CBSSelection(measures: ["TotaleBevolking_1"], regions: ["PV27"], periodFrom: 2018))
        // PV27 has 25 years (1995–2019): 2018 and 2019 are kept, the other 298 rows filtered.
        #expect(r.observations.map(\.value) == [2_831_182, 2_853_359])
        #expect(r.ledger?.recordsIn == 300 && r.ledger?.filtered == 298 && r.ledger?.recordsOut == 2)
        #expect(r.ledger?.cellsIn == 2 && r.ledger?.balances == true)
        #expect(throws: ConnectorError.self) {
            try Self.parse(Self.kerncijfers, selection: CBSSelection(measures: ["TotaleBevolkin_1"]))
        }
    }

    @Test("80305ned (CRLF, 156 rows, 125 measures): counts and a decimal value agree with Python")
    func nabijheidCRLF() throws {
        let py = try StatLinePython.summary(SharedData.url(Self.nabijheid))
        #expect(py.rows == 156 && py.numericTopics == 125 && py.cells == 19500 && py.dots == 6132)
        let r = try Self.parse(Self.nabijheid)
        #expect(r.observations.count == py.cells)
        #expect(r.observations.filter { $0.valueAttribute == .not_available }.count == py.dots)
        #expect(r.ledger?.recordsIn == 156 && r.ledger?.balances == true)
        // "PV27  ";"2018JJ00";"     0.8" (AfstandTotHuisartsenpraktijk_1, km).
        let v = r.observations.first {
            $0.regio == "PV27" && $0.periodCode == "2018JJ00" && $0.measure == "AfstandTotHuisartsenpraktijk_1"
        }
        #expect(v?.value == 0.8)
    }

    @Test("The same export with its columns in another order gives the same observations")
    func columnOrderDoesNotMatter() throws {
        let text = String(decoding: try SharedData.data(Self.bodem), as: UTF8.self)
        // Swap Perioden and RegioS and move the second measure before the first, line by line.
        let permuted = text.split(separator: "\n").map { line -> String in
            let f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            return [f[0], f[2], f[4], f[1], f[3]].joined(separator: ";")
        }.joined(separator: "\n")
        let body = StoredBody(
            fileName: "001-StatLineData.csv", url: "file:///x/70262ned_UntypedDataSet_05022020_180935.csv",
            data: Data(permuted.utf8))
        let r = try StatLineCSVConnector(sourceID: "statline", dataURL: body.url).parse([body])
        let original = try Self.parse(Self.bodem)
        func key(_ o: Observation) -> String { "\(o.regio)|\(o.periodCode)|\(o.measure)|\(o.value ?? -1)" }
        #expect(Set(r.observations.map(key)) == Set(original.observations.map(key)))
        #expect(r.observations.count == 24)
    }

    @Test("03759ned metadata CSV: sections, DataProperties, code lists (counts from Python's csv module)")
    func metadata() throws {
        let m = try StatLineMetadata.parse(try SharedData.data(Self.metadata03759), file: "03759ned_metadata.csv")
        #expect(m.identifier == "03759ned")
        #expect(m.title == "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio")
        #expect(m.modified == "2019-05-17T02:00:00" && m.reasonDelivery == "Correctie")
        // Python: DataProperties 7 rows; Geslacht 3, Leeftijd 108, BurgerlijkeStaat 5, RegioS 887, Perioden 32.
        #expect(
            m.properties.map(\.key) == [
                "Geslacht", "Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden", "BevolkingOp1Januari_1",
                "GemiddeldeBevolking_2",
            ])
        let topic = try #require(m.properties.first { $0.key == "GemiddeldeBevolking_2" })
        #expect(topic.title == "Gemiddelde bevolking" && topic.unit == "aantal" && topic.decimals == 1)
        #expect(topic.datatype == "Double" && topic.isMeasure)
        #expect(m.properties.first { $0.key == "RegioS" }?.type == "GeoDimension")
        #expect(m.codeLists["Geslacht"]?.map(\.key) == ["T001038", "3000", "4000"])
        #expect(m.codeLists["Leeftijd"]?.count == 108 && m.codeLists["BurgerlijkeStaat"]?.count == 5)
        #expect(m.codeLists["RegioS"]?.count == 887 && m.codeLists["Perioden"]?.count == 32)
        #expect(m.codeLists["RegioS"]?.first { $0.key == "GM0392" }?.title == "Haarlem")
        #expect(m.codeLists["Perioden"]?.last.map { [$0.key, $0.status ?? ""] } == ["2019JJ00", "Definitief"])
    }

    /// A small 03759ned export in StatLine's form, built here (the repository saved no data file of 03759ned):
    /// columns in another order than the metadata, padded codes, right-aligned numbers.
    static func export03759(_ rows: [[String]]) -> Data {
        let header = [
            "ID", "Perioden", "RegioS", "BurgerlijkeStaat", "Leeftijd", "Geslacht", "GemiddeldeBevolking_2",
            "BevolkingOp1Januari_1",
        ]
        let lines = ([header] + rows).map { $0.map { "\"\($0)\"" }.joined(separator: ";") }
        return Data([0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\r\n") + "\r\n").utf8))
    }

    @Test("Data with the real 03759ned metadata: labels, units, dimension order, cell and row rejects, decimals")
    func withMetadata() throws {
        let data = Self.export03759([
            ["0", "2018JJ00", "GM0392    ", "T001019", "10000  ", "T001038", "  161223.5", "  161265"],
            ["1", "2018JJ00", "GM0392    ", "T001019", "10000  ", "3000   ", "       ?", "   79210"],
            ["2", "2018JJ00", "GM0392    ", "T001019", "10000  ", "4000   ", "  82055.25", "       ."],
            ["3", "2018JJ00", "GM0363    ", "T001019", "10000  ", "T001038", "      n/a", "       ?"],
        ])
        let meta = StoredBody(
            fileName: "001-StatLineMetadata.csv", url: SharedData.url(Self.metadata03759).absoluteString,
            data: try SharedData.data(Self.metadata03759))
        let body = StoredBody(fileName: "002-StatLineData.csv", url: "file:///x/export.csv", data: data)
        let c = StatLineCSVConnector(
            sourceID: "bevolking", table: "03759NED", dataURL: body.url, metadataURL: meta.url)
        let r = try c.parse([meta, body])
        // Row 1: 2 cells; row 2: 1 good cell + 1 cell reject; row 3: 2 cells (a "." marker); row 4: row reject.
        #expect(r.observations.count == 5)
        #expect(r.ledger?.recordsIn == 4 && r.ledger?.recordsOut == 3 && r.ledger?.rejected == 1)
        #expect(r.ledger?.cellsIn == 6 && r.ledger?.cellsOut == 5 && r.ledger?.cellsRejected == 1)
        #expect(r.ledger?.balances == true && r.rejects.count == r.ledger?.rejectLines)
        let cell = try #require(r.rejects.first { $0.line == 3 })
        #expect(
            cell.field == "GemiddeldeBevolking_2" && cell.value == "       ?" && cell.reason == "value.unknown_symbol")
        #expect(cell.file == "002-StatLineData.csv" && cell.message.contains("002-StatLineData.csv:3"))
        let row = try #require(r.rejects.first { $0.line == 5 })
        #expect(
            row.field == "GemiddeldeBevolking_2" && row.value == "      n/a" && row.message.contains("none of the 2"))
        let kept = try #require(r.observations.first { $0.sourceRowID.hasSuffix(":2") })
        #expect(kept.measure == "BevolkingOp1Januari_1" && kept.value == 79210)
        #expect(kept.measureLabel == "Bevolking op 1 januari" && kept.unit == "aantal")
        #expect(kept.dataset == "03759NED" && kept.regio == "GM0392")
        #expect(kept.dimensions == "Geslacht=3000;Leeftijd=10000;BurgerlijkeStaat=T001019")
        #expect(
            r.observations.first { $0.sourceRowID.hasSuffix(":3") && $0.measure == "BevolkingOp1Januari_1" }?
                .valueAttribute == .not_available)
        // 82055.25 has 2 decimals where the metadata publishes 1: kept, and a warning names it.
        let w = try #require(r.diagnostics.first { $0.code == "statline.decimals_exceeded" })
        #expect(w.message.contains("1 value(s)") && w.message.contains("82055.25"))
        #expect(!r.diagnostics.contains { $0.code == "statline.status_unknown" })
    }

    @Test("A metadata CSV of another table, or data columns the metadata does not know, is an error")
    func mismatchedMetadata() throws {
        let meta = StoredBody(
            fileName: "001-StatLineMetadata.csv", url: "file:///m.csv", data: try SharedData.data(Self.metadata03759))
        let bodem = try Self.dataBody(Self.bodem, index: 2)
        let wrongTable = StatLineCSVConnector(
            sourceID: "s", table: "70262ned", dataURL: bodem.url, metadataURL: meta.url)
        #expect(throws: ConnectorError.self) { try wrongTable.parse([meta, bodem]) }
        let unknownColumns = StatLineCSVConnector(sourceID: "s", dataURL: bodem.url, metadataURL: meta.url)
        let e = #expect(throws: ConnectorError.self) { try unknownColumns.parse([meta, bodem]) }
        #expect(e?.message.contains("TotaalRecreatieterrein_19") == true)
    }

    @Test("Table id from the export's file name")
    func tableIDFromName() {
        #expect(
            StatLineCSVConnector.tableID(inFileName: "file:///d/70072ned_UntypedDataSet_29122019_191739.csv")
                == "70072ned")
        #expect(StatLineCSVConnector.tableID(inFileName: "03759ned_metadata.csv") == "03759ned")
        #expect(StatLineCSVConnector.tableID(inFileName: "export.csv") == nil)
    }
}

/// Python's `csv` module over a StatLine export: the independent reference for the counts above.
enum StatLinePython {
    struct Summary: Decodable {
        var rows: Int
        var numericTopics: Int
        var cells: Int
        var dots: Int
        var blanks: Int
        var pv27TotaleBevolking2019: Double?
    }

    /// Rows, numeric Topic columns (key ending `_<n>`, holding a number, not only blank-padded), their cells, the
    /// `.` cells and the empty/blank cells among them, and PV27 2019 TotaleBevolking_1 when present.
    static let script = """
        import csv, json, re, sys
        rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))
        h, d = rows[0], rows[1:]
        num = lambda v: re.fullmatch(r'-?\\d+(\\.\\d+)?', v.strip()) is not None
        cols = []
        for j, c in enumerate(h):
            if not re.search(r'_\\d+$', c): continue
            vals = [r[j] for r in d]
            text = any(v.strip() not in ('', '.', 'x', 'X', '-') and not num(v) for v in vals)
            padded = all(v != '' and v.strip() == '' for v in vals)
            if (text and not any(num(v) for v in vals)) or padded: continue
            cols.append(j)
        cells = [r[j] for r in d for j in cols]
        pv = None
        if 'TotaleBevolking_1' in h:
            k = h.index('TotaleBevolking_1')
            pv = [float(r[k]) for r in d if r[1].strip() == 'PV27' and r[2] == '2019JJ00'][0]
        print(json.dumps({'rows': len(d), 'numericTopics': len(cols), 'cells': len(cells),
            'dots': sum(v.strip() == '.' for v in cells), 'blanks': sum(v.strip() == '' for v in cells),
            'pv27TotaleBevolking2019': pv}))
        """

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func summary(_ file: URL) throws -> Summary {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, file.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(description: "python3 exited \(p.terminationStatus)") }
        return try JSONDecoder().decode(Summary.self, from: data)
    }
}
