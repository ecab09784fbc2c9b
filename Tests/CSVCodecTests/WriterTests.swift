import Foundation
import Testing

@testable import CSVCodec

/// The writer profiles of KNOWN-FAULTS B15, number formatting, and the buffered file writer.
@Suite struct WriterTests {
    static let b15Header = ["kvk", "naam", "kwartaal", "aandeel", "omzet"]

    static func b15Row(_ p: CSVProfile) -> [String] {
        ["01234567", "Stichting Voorbeeld, Zuid", "2024Q2", p.decimal(1.33) ?? "?", p.decimal(1234567.5) ?? "?"]
    }

    /// B15, machine profile: no BOM, LF, `,`, quoted only where the comma requires it.
    @Test func b15MachineBytes() {
        var w = CSVWriter(profile: .machine)
        w.write(Self.b15Header)
        w.write(Self.b15Row(.machine))
        let expected = "kvk,naam,kwartaal,aandeel,omzet\n01234567,\"Stichting Voorbeeld, Zuid\",2024Q2,1.33,1234567.5\n"
        #expect(Array(w.data) == Array(expected.utf8))
    }

    /// B15, excel-nl profile: BOM, CRLF, `;`, decimal comma; the comma in the name needs no quotes.
    @Test func b15ExcelNLBytes() {
        var w = CSVWriter(profile: .excelNL)
        w.write(Self.b15Header)
        w.write(Self.b15Row(.excelNL))
        let expected = "kvk;naam;kwartaal;aandeel;omzet\r\n01234567;Stichting Voorbeeld, Zuid;2024Q2;1,33;1234567,5\r\n"
        #expect(Array(w.data) == [0xEF, 0xBB, 0xBF] + Array(expected.utf8))
    }

    @Test(arguments: [
        ("a;b", "\"a;b\""), ("say \"x\"", "\"say \"\"x\"\"\""), ("line\rbreak", "\"line\rbreak\""),
        ("l\nb", "\"l\nb\""), ("a,b", "a,b"), ("", ""), ("\u{FEFF}x", "\"\u{FEFF}x\""),
    ])
    func excelNLQuoting(_ field: String, _ written: String) {
        var w = CSVWriter(profile: .excelNL)
        w.write([field, "z"])
        #expect(Array(w.data) == [0xEF, 0xBB, 0xBF] + Array((written + ";z\r\n").utf8))
    }

    @Test func singleEmptyFieldIsQuotedSoItIsNotABlankLine() throws {
        var w = CSVWriter(profile: .machine)
        w.write(["h"])
        w.write([""])
        #expect(Array(w.data) == Array("h\n\"\"\n".utf8))
        let t = try CSVReader.read(w.data, file: "x.csv", options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
        #expect(t.records.map(\.fields) == [[""]])
    }

    @Test(arguments: [
        (1.33, "1.33", "1,33"), (1234567.5, "1234567.5", "1234567,5"), (1e-7, "0.0000001", "0,0000001"),
        (1e16, "10000000000000000", "10000000000000000"), (-1.2345e16, "-12345000000000000", "-12345000000000000"),
        (2.5e-5, "0.000025", "0,000025"), (100.0, "100.0", "100,0"), (0.1, "0.1", "0,1"),
    ])
    func decimals(_ value: Double, _ machine: String, _ excel: String) {
        #expect(CSVProfile.machine.decimal(value) == machine)
        #expect(CSVProfile.excelNL.decimal(value) == excel)
    }

    @Test func decimalsNeverUseAnExponentAndReadBack() {
        var rng = SeededRandom(seed: 15)
        for _ in 0..<5000 {
            let v = Double(bitPattern: rng.next())
            guard v.isFinite else {
                #expect(CSVProfile.machine.decimal(v) == nil)
                continue
            }
            let text = CSVProfile.machine.decimal(v) ?? ""
            #expect(!text.contains("e") && !text.contains("E"), "\(v) → \(text)")
            #expect(Double(text) == v, "\(v) → \(text)")
        }
    }

    @Test(arguments: [CSVProfile.machine, .excelNL])
    func fileWriterWritesTheSameBytesAsTheMemoryWriter(_ profile: CSVProfile) throws {
        let dir = try TempDirectory("writer")
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("out.csv")
        var memory = CSVWriter(profile: profile)
        var file = try CSVFileWriter(url: url, profile: profile, bufferSize: 64)  // many flushes
        for i in 0..<2000 {
            let row = ["\(i)", "naam \(i), \"quoted\"", i % 7 == 0 ? "a\nb" : "x;y", ""]
            memory.write(row)
            try file.write(row)
        }
        #expect(file.recordCount == 2000)
        #expect(file.byteCount == memory.data.count)
        try file.close()
        #expect(try Data(contentsOf: url) == memory.data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["out.csv"])
    }

    /// 1,000 rows of 20 bytes fit the 1 MiB buffer: nothing reaches the disk before close, then all of it.
    @Test func fileWriterBuffersAndPublishesAtomically() throws {
        let dir = try TempDirectory("atomic")
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("metrics.csv")
        var w = try CSVFileWriter(url: url, profile: .machine)
        for i in 0..<1000 { try w.write(["row", String(format: "%012d", i)]) }  // "row," + 12 digits + "\n" = 17 bytes
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(names.count == 1 && names[0].hasPrefix("metrics.csv.partial-"))
        let partialSize =
            try FileManager.default.attributesOfItem(atPath: dir.url.appendingPathComponent(names[0]).path)[.size]
            as? Int
        #expect(partialSize == 0)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        try w.close()
        #expect(try Data(contentsOf: url).count == 1000 * 17)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["metrics.csv"])
    }

    @Test func droppedWriterLeavesNothing() throws {
        let dir = try TempDirectory("dropped")
        defer { dir.remove() }
        do {
            var w = try CSVFileWriter(url: dir.url.appendingPathComponent("x.csv"))
            try w.write(["a"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
    }

    @Test func unwritableFolderIsAnIOError() {
        let error = #expect(throws: CSVError.self) {
            _ = try CSVFileWriter(url: URL(fileURLWithPath: "/nonexistent-dir/x.csv"))
        }
        #expect(error?.kind == .io)
        #expect(error?.message.contains("check that the folder exists") == true)
    }
}
