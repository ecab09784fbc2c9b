import Foundation
import Testing

@testable import CSVCodec

/// RFC 4180 §2 rules and the relaxations shared with Python's csv module (strict=False), one case per rule.
/// Expected fields are written out by hand from the rule; lines count CRLF, LF and a lone CR as one line each.
@Suite struct ReaderGrammarTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let fields: [[String]]
        let lines: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "§2.1 LF and CRLF line ends", input: "a,b\r\nc,d\ne,f",
            fields: [["a", "b"], ["c", "d"], ["e", "f"]], lines: [1, 2, 3]),
        Case(name: "lone CR ends a record", input: "a\rb\r", fields: [["a"], ["b"]], lines: [1, 2]),
        Case(
            name: "§2.2 last record without line break", input: "x,y\n1,2", fields: [["x", "y"], ["1", "2"]],
            lines: [1, 2]),
        Case(name: "§2.4 empty fields", input: ",,\n,\n", fields: [["", "", ""], ["", ""]], lines: [1, 2]),
        Case(name: "§2.5 quoted fields", input: "\"a\",\"b c\"\n", fields: [["a", "b c"]], lines: [1]),
        Case(
            name: "§2.6 delimiter, CRLF, LF, CR inside quotes", input: "\"a,b\",\"c\r\nd\",\"e\nf\",\"g\rh\"\nnext\n",
            fields: [["a,b", "c\r\nd", "e\nf", "g\rh"], ["next"]], lines: [1, 1 + 3 + 1]),
        Case(
            name: "§2.7 doubled quotes", input: "\"say \"\"hi\"\"\",\"\"\"\"\n", fields: [["say \"hi\"", "\""]],
            lines: [1]),
        Case(
            name: "blank lines are skipped but counted", input: "a\n\n\r\n\rb\n", fields: [["a"], ["b"]], lines: [1, 5]),
        Case(name: "quoted empty field is a record", input: "\"\"\n\n\"\"", fields: [[""], [""]], lines: [1, 3]),
        Case(
            name: "stray quote inside an unquoted field is data", input: "ab\"c,d\"\n", fields: [["ab\"c", "d\""]],
            lines: [1]),
        Case(
            name: "text after a closing quote is appended", input: "\"ab\"c,\"x\" \"y\"\n",
            fields: [["abc", "x \"y\""]], lines: [1]),
        Case(name: "\"\" then text", input: "\"\"x,1\n", fields: [["x", "1"]], lines: [1]),
        Case(
            name: "whitespace is kept; a quote after a space is data", input: " a , \" b\" \n",
            fields: [[" a ", " \" b\" "]], lines: [1]),
        Case(
            name: "line after a 3-line quoted field", input: "h\n\"1\r\n2\r\n3\"\r\nlast\r\n",
            fields: [["h"], ["1\r\n2\r\n3"], ["last"]], lines: [1, 2, 5]),
        Case(name: "trailing delimiter at end of input", input: "a,", fields: [["a", ""]], lines: [1]),
        Case(name: "unicode and NUL pass through", input: "é😀,\u{0}x\n", fields: [["é😀", "\u{0}x"]], lines: [1]),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) throws {
        let t = try CSVReader.read(
            Data(c.input.utf8), file: "case.csv",
            options: CSVReadOptions(delimiter: UInt8(ascii: ","), hasHeader: false))
        #expect(t.records.map(\.fields) == c.fields)
        #expect(t.records.map(\.line) == c.lines)
        #expect(t.records.map(\.number) == Array(1...c.fields.count))
    }

    @Test func unterminatedQuoteNamesFileAndOpeningLine() throws {
        let input = "id,text\n1,ok\n2,\"never\nclosed\n"
        let error = #expect(throws: CSVError.self) {
            try CSVReader.read(Data(input.utf8), file: "registry.csv")
        }
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("registry.csv:3: field 2 of the record starting on line 3") == true)
    }

    @Test func quoteClosedAtVeryEndIsFine() throws {
        let t = try CSVReader.read(Data("h\n\"a\"\"\"".utf8), file: "x.csv")
        #expect(t.records.map(\.fields) == [["a\""]])
    }

    @Test func emptyFileHasNoHeader() {
        let error = #expect(throws: CSVError.self) { try CSVReader.read(Data("\n\r\n".utf8), file: "empty.csv") }
        #expect(error?.kind == .empty)
    }

    @Test(arguments: [UInt8(ascii: "\""), 0x0A, 0x0D])
    func impossibleDelimiterIsRejected(_ d: UInt8) {
        let error = #expect(throws: CSVError.self) {
            try CSVReader.read(Data("a,b\n".utf8), file: "x.csv", options: CSVReadOptions(delimiter: d))
        }
        #expect(error?.kind == .invalidOptions)
    }
}
