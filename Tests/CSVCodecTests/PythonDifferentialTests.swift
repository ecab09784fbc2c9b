import Foundation
import TestSupport
import Testing

@testable import CSVCodec

/// The reader against Python's `csv.reader` (strict=False, newline='') on the same bytes: random files and the
/// real StatLine exports. Normalised on purpose, nothing else: Python's `[]` records for blank lines are left out
/// (the script still counts their lines), and where Python returns the rest of an unclosed quoted field as data
/// the Swift reader must throw ``CSVError/Kind/unterminatedQuote``.
@Suite(.enabled(if: PythonReference.shouldRun)) struct PythonDifferentialTests {
    static let pieces: [String] = [
        "a", "b", "Z", "7", " ", ",", ";", "\t", "\"", "\"\"", "\r", "\n", "\r\n", "é", "😀", "\u{2028}", "\u{85}",
        "\u{FEFF}", "\u{0}", "ß",
    ]

    /// One random file: well-formed, stray and misplaced quotes, all three line ends, blank lines, a BOM, empty
    /// fields, unicode; some in Windows-1252, some cut off anywhere (inside quotes or a UTF-8 sequence).
    static func randomFile(_ rng: inout SeededRandom) -> (bytes: [UInt8], delimiter: UInt8) {
        let delimiter = rng.pick([UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
        let latin = rng.chance(0.06)
        var out: [UInt8] = []
        if !latin && rng.chance(0.2) { out += [0xEF, 0xBB, 0xBF] }
        func text(_ max: Int) -> [UInt8] {
            var t: [UInt8] = []
            for _ in 0..<Int.random(in: 0...max, using: &rng) {
                if latin && rng.chance(0.3) {
                    t.append(rng.pick([0xE9, 0x80, 0x81, 0xFC, 0x9D]))
                } else {
                    t += Array(rng.pick(pieces).utf8)
                }
            }
            return t
        }
        func plain(_ max: Int) -> [UInt8] {  // no quote, delimiter or line end
            text(max).filter { $0 != 0x22 && $0 != delimiter && $0 != 0x0A && $0 != 0x0D }
        }
        let recordCount = Int.random(in: 0...10, using: &rng)
        for r in 0..<recordCount {
            if rng.chance(0.1) { out += Array(rng.pick(["\n", "\r\n", "\r"]).utf8) }  // blank line
            for f in 0..<Int.random(in: 1...6, using: &rng) {
                if f > 0 { out.append(delimiter) }
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: break  // empty
                case 1, 2:  // well-formed quoted
                    out.append(0x22)
                    for b in text(8) {
                        if b == 0x22 { out.append(0x22) }
                        out.append(b)
                    }
                    out.append(0x22)
                case 3: out += [0x22] + plain(4) + [0x22] + text(3)  // text after the closing quote
                case 4: out += plain(3) + [0x22] + plain(3)  // stray quote inside an unquoted field
                case 5: out += [0x22] + text(6)  // quote opened, maybe closed by chance later
                case 6: out += text(6)  // raw bytes of anything
                default: out += plain(8)
                }
            }
            if r < recordCount - 1 || rng.chance(0.7) { out += Array(rng.pick(["\n", "\r\n", "\r"]).utf8) }
        }
        if rng.chance(0.05) && !out.isEmpty { out = Array(out[..<Int.random(in: 0..<out.count, using: &rng)]) }
        return (out, delimiter)
    }

    @Test func randomFilesMatchPython() throws {
        let dir = try TempDirectory("pydiff")
        defer { dir.remove() }
        var rng = SeededRandom(seed: 20_240_401)
        var files: [(URL, UInt8)] = []
        var contents: [[UInt8]] = []
        for k in 0..<1500 {
            let (bytes, d) = Self.randomFile(&rng)
            files.append((try dir.file("f\(k).csv", bytes), d))
            contents.append(bytes)
        }
        let dumps = try PythonReference.dump(files, in: dir.url)
        try #require(dumps.count == files.count)
        var compared = (records: 0, unclosed: 0, windows1252: 0, bom: 0)
        for (k, py) in dumps.enumerated() {
            let (url, d) = files[k]
            let options = CSVReadOptions(delimiter: d, hasHeader: false)
            let swift = Result { () throws(CSVError) in
                try CSVReader.read(Data(contents[k]), file: url.path, options: options)
            }
            let streamed = StreamingTests.streamed(url, options, chunk: Int.random(in: 1...16, using: &rng))
            #expect(StreamingTests.same(streamed, swift), "file \(k): streaming differs from whole read")
            if py.bom && py.encoding == "windows-1252" {  // a BOM declares UTF-8: an error, not a guess
                #expect(throws: CSVError.self, "file \(k)") { try swift.get() }
                continue
            }
            if py.eof_in_quotes {
                compared.unclosed += 1
                #expect(
                    { if case .failure(let e) = swift { return e.kind == .unterminatedQuote } else { return false } }(),
                    "file \(k): Python ends inside quotes, Swift must report it")
                continue
            }
            let table = try swift.get()
            #expect(table.records.map(\.fields) == py.records, "file \(k) \(url.path)")
            #expect(table.records.map(\.line) == py.lines, "file \(k) line numbers")
            #expect(table.encoding.rawValue == py.encoding, "file \(k)")
            #expect(table.hadBOM == py.bom, "file \(k)")
            compared.records += py.records.count
            if py.encoding == "windows-1252" { compared.windows1252 += 1 }
            if py.bom { compared.bom += 1 }
        }
        // The generator must exercise every branch it claims to, or the comparison above proves little.
        #expect(compared.records > 5000)
        #expect(compared.unclosed > 20)
        #expect(compared.windows1252 > 20)
        #expect(compared.bom > 100)
    }

    static let statLine = [
        "statline-csv-ijhidding/70072ned_UntypedDataSet_29122019_191739.csv",
        "statline-csv-ijhidding/80305ned_UntypedDataSet_31012020_124042.csv",
        "statline-csv-ijhidding/70262ned_UntypedDataSet_05022020_180935.csv",
        "statline-csv-ijhidding/03759ned_metadata.csv",
    ]

    @Test(.enabled(if: SharedData.shouldRun), arguments: statLine)
    func statLineExportsMatchPython(_ path: String) throws {
        let dir = try TempDirectory("pydiff-statline")
        defer { dir.remove() }
        let url = SharedData.url(path)
        let data = try SharedData.data(path)
        let table = try CSVReader.read(data, file: path, options: CSVReadOptions(hasHeader: false))
        #expect(table.delimiter == UInt8(ascii: ";"))  // detected, also for the metadata's "TableInfos" first line
        #expect(table.hadBOM)
        #expect(table.encoding == .utf8)
        let py = try #require(try PythonReference.dump([(url, UInt8(ascii: ";"))], in: dir.url).first)
        #expect(!py.eof_in_quotes)
        #expect(table.records.map(\.fields) == py.records)
        #expect(table.records.map(\.line) == py.lines)
        var streamed: [CSVRecord] = []
        try CSVReader.forEachRecord(in: url, options: CSVReadOptions(hasHeader: false)) { streamed.append($0) }
        #expect(streamed == table.records)
    }

    /// The shapes PROVENANCE.md gives for each export, with the header read as a header.
    @Test(
        .enabled(if: SharedData.shouldRun),
        arguments: [
            (statLine[0], 300, 309, false), (statLine[1], 156, 128, true), (statLine[2], 12, 5, false),
        ])
    func statLineShapes(_ path: String, _ rows: Int, _ columns: Int, _ crlf: Bool) throws {
        let data = try SharedData.data(path)
        let table = try CSVReader.read(data, file: path)
        #expect(table.header.first == "ID")
        #expect(table.header.allSatisfy { !$0.unicodeScalars.contains("\u{FEFF}") && !$0.contains("\r") })
        #expect(table.header.count == columns)
        #expect(table.records.count == rows)
        #expect(table.records.allSatisfy { $0.fields.count == columns })
        #expect(table.records.last?.line == rows + 1)
        #expect(table.column("RegioS") == 1 && table.column("Perioden") == 2)
        let crlfCount = data.indices.dropLast().filter { data[$0] == 0x0D && data[$0 + 1] == 0x0A }.count
        #expect(crlfCount == (crlf ? rows + 1 : 0))
        #expect(table.records.allSatisfy { $0.fields.allSatisfy { !$0.contains("\r") } })
    }

    /// The metadata export: section titles are one-field records, quoted Descriptions span lines, and the last
    /// record ends on physical line 11766.
    @Test(.enabled(if: SharedData.shouldRun)) func statLineMetadataLines() throws {
        let path = Self.statLine[3]
        let table = try CSVReader.read(try SharedData.data(path), file: path, options: CSVReadOptions(hasHeader: false))
        let titles = table.records.filter { $0.fields.count == 1 }.map { $0.fields[0] }
        #expect(
            titles == [
                "TableInfos", "DataProperties", "Geslacht", "Leeftijd", "BurgerlijkeStaat", "RegioS", "Perioden",
            ])
        #expect(table.records.first { $0.fields == ["RegioS"] }?.line == 341)
        #expect(table.records.first { $0.fields == ["Perioden"] }?.line == 11733)
        #expect(table.records.contains { $0.fields.first == "GM0392" && $0.fields.dropFirst().first == "Haarlem" })
        let last = try #require(table.records.last)
        let breaksInLast = last.fields.map(RoundTripTests.lineBreaks).reduce(0, +)
        #expect(last.line + breaksInLast == 11766)
        #expect(table.records.contains { $0.fields.contains { $0.contains("\n") } })
    }
}
