import Foundation
import Testing

@testable import CSVCodec

/// Delimiter, BOM and encoding detection, and the header rules (KNOWN-FAULTS B16, B21).
@Suite struct DetectionTests {
    @Test(arguments: [
        ("a;b;c\n1;2;3\n", ";"),
        ("a,b,c\n", ","),
        ("a\tb\tc\n", "\t"),
        ("\"a;b\",c\n", ","),  // the only ; sits inside quotes
        ("\"x,\"\"y\"\",z\";q\n", ";"),  // doubled quotes stay inside the quoted part
        ("\"TableInfos\"\n\"ID\";\"Title\"\n", ";"),  // StatLine metadata: first line has none
        ("naam\nAlfa\n", ","),  // nothing found: RFC 4180's comma
        ("a;b,c\n", ","),  // a tie goes to the comma
        ("a\tb;c;d\n", ";"),
        ("ab\"c;d\n", ";"),  // a stray quote mid-field does not open a quoted part
    ])
    func detectsDelimiter(_ input: String, _ expected: String) {
        #expect(CSVReader.detectDelimiter(Array(input.utf8)) == Array(expected.utf8)[0])
    }

    /// KNOWN-FAULTS B16: Excel "CSV UTF-8" puts EF BB BF before the first header name.
    @Test func b16BOMIsRemovedFromFirstHeader() throws {
        let body = Array("kvk_nummer;naam;postcode\r\n01234567;Stichting Voorbeeld;1234 AB\r\n".utf8)
        let with = try CSVReader.read(Data([0xEF, 0xBB, 0xBF] + body), file: "b16.csv")
        let without = try CSVReader.read(Data(body), file: "b16.csv")
        for t in [with, without] {
            #expect(t.header == ["kvk_nummer", "naam", "postcode"])
            #expect(t.header[0].unicodeScalars.first != "\u{FEFF}")
            let kvk = try #require(t.column("kvk_nummer"))
            #expect(t.records.map { $0.fields[kvk] } == ["01234567"])
            #expect(t.delimiter == UInt8(ascii: ";"))
        }
        #expect(with.hadBOM && !without.hadBOM)
    }

    /// Only the first BOM is a BOM; a second U+FEFF is data.
    @Test func onlyOneBOMIsRemoved() throws {
        let t = try CSVReader.read(
            Data([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("a\n".utf8)), file: "x.csv",
            options: CSVReadOptions(hasHeader: false))
        #expect(t.records.map(\.fields) == [["\u{FEFF}a"]])
    }

    /// KNOWN-FAULTS B21: duplicate names fail the load, naming the column and both 1-based positions.
    @Test(arguments: [
        ("kvk;naam;postcode;naam\n01234567;Stichting Alfa;1234 AB;Stg. Alfa\n", "naam", 2, 4),
        ("kvk;Naam;naam ;postcode\n1;2;3;4\n", "naam", 2, 3),
    ])
    func b21DuplicateHeaders(_ input: String, _ name: String, _ first: Int, _ second: Int) {
        let error = #expect(throws: CSVError.self) { try CSVReader.read(Data(input.utf8), file: "registry.csv") }
        #expect(error?.kind == .duplicateHeader)
        #expect(error?.line == 1)
        #expect(
            error?.description
                == "registry.csv:1: duplicate column \"\(name)\" at positions \(first) and \(second); rename one "
                + "(names are compared trimmed and case-insensitively)")
    }

    @Test func duplicateHeadersAllowedWhenMappedByPosition() throws {
        let t = try CSVReader.read(
            Data("a;a\n1;2\n".utf8), file: "x.csv", options: CSVReadOptions(rejectDuplicateHeaders: false))
        #expect(t.header == ["a", "a"])
        #expect(t.records.map(\.fields) == [["1", "2"]])
    }

    /// "Coöperatie" saved by an old Excel: ö is 0xF6 in Windows-1252; € is 0x80; 0x81 (undefined) maps to U+0081.
    @Test func windows1252IsDetected() throws {
        let bytes: [UInt8] =
            Array("naam;bedrag\n".utf8) + [0x43, 0x6F, 0xF6, 0x70] + Array(";".utf8) + [0x80, 0x81]
            + [0x0A]
        let t = try CSVReader.read(Data(bytes), file: "old.csv")
        #expect(t.encoding == .windows1252)
        #expect(t.records.map(\.fields) == [["Coöp", "€\u{81}"]])
    }

    @Test func utf8IsDetected() throws {
        let t = try CSVReader.read(Data("naam\nCoöperatie Beta\n".utf8), file: "new.csv")
        #expect(t.encoding == .utf8)
        #expect(t.records[0].fields == ["Coöperatie Beta"])
    }

    /// A declared encoding wins over detection: UTF-8 "é" (C3 A9) read as Windows-1252 is "Ã©"; Windows-1252
    /// bytes declared as UTF-8 are an error naming the line.
    @Test func declaredEncodingWins() {
        let utf8 = Data("naam\né\n".utf8)
        let asLatin = try? CSVReader.read(utf8, file: "x.csv", options: CSVReadOptions(encoding: .windows1252))
        #expect(asLatin?.records.map(\.fields) == [["\u{C3}\u{A9}"]])
        #expect(asLatin?.encoding == .windows1252)
        let latin = Data(Array("naam\nok\n".utf8) + [0xE9, 0x0A])
        let error = #expect(throws: CSVError.self) {
            try CSVReader.read(latin, file: "x.csv", options: CSVReadOptions(encoding: .utf8))
        }
        #expect(error?.kind == .invalidEncoding)
        #expect(error?.line == 3)
    }

    /// A BOM declares UTF-8: Windows-1252 bytes after it are an error naming the line and field.
    @Test func bomWithInvalidUTF8IsAnError() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a;b\nok;ok\nx;Co".utf8) + [0xF6] + Array("p\n".utf8)
        let error = #expect(throws: CSVError.self) { try CSVReader.read(Data(bytes), file: "mixed.csv") }
        #expect(error?.kind == .invalidEncoding)
        #expect(error?.line == 3)
        #expect(
            error?.message.hasPrefix(
                "field 2 of the record starting on line 3 holds bytes that are not valid UTF-8 (F6 70") == true)
    }

    @Test(
        arguments: [
            ([0x61], true), ([0xC3, 0xA9], true), ([0xE2, 0x82, 0xAC], true), ([0xF0, 0x9F, 0x98, 0x80], true),
            ([0xC0, 0x80], false),  // overlong
            ([0xED, 0xA0, 0x80], false),  // surrogate D800
            ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
            ([0xE2, 0x82], false),  // cut off
            ([0x80], false),
        ] as [([UInt8], Bool)])
    func utf8Validation(_ bytes: [UInt8], _ valid: Bool) {
        let padded = Array(repeating: UInt8(ascii: "x"), count: 9) + bytes  // past the 8-byte ASCII fast path
        #expect(padded.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == valid)
        #expect(
            padded.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
                == (String(validating: padded, as: UTF8.self) != nil))
    }
}
