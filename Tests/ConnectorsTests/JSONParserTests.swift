import Connectors
import Foundation
import JSONCodec
import Testing

@Suite("JSON parser (RFC 8259)")
struct JSONParserTests {
    @Test("Values, escapes and a surrogate pair")
    func values() throws {
        let text = #"{"a":[1,-2.5,3e2,true,false,null],"s":"x\"\\\/\n\u00e9\ud83d\ude00","o":{}}"#
        let v = try JSONParser.parse(Data(text.utf8))
        #expect(v["a"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(v["s"] == .string("x\"\\/\né😀"))
        #expect(v["o"] == .object([:]))
    }

    @Test("A UTF-8 BOM before the document is skipped")
    func bom() throws {
        #expect(try JSONParser.parse(Data([0xEF, 0xBB, 0xBF] + Array(#"{"value":[]}"#.utf8)))["value"] == .array([]))
    }

    @Test(
        "Faults name the byte offset",
        arguments: [
            (#"{"value":[{"ID":3,"Waarde_1":5"#, 30), (#"{"a":1,}"#, 7), ("[01]", 2), (#"{"a" 1}"#, 5), ("[1] x", 4),
            ("{\"a\":\"\u{01}\"}", 6),
        ])
    func faults(_ c: (String, Int)) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(c.0.utf8)) }
        #expect(error?.offset == c.1)
    }

    @Test("A quote, a backslash or a control character is found at every place of an eight-byte word")
    func stringBytesAtEveryOffset() throws {
        // The lexer skips eight bytes at a time: put each kind of byte at every offset 0…23 of a string (after a
        // prefix of 0…7 bytes, so the words start at every alignment) and check what the byte-by-byte rule gives.
        for prefix in 0..<8 {
            for k in 0..<24 {
                let lead = String(repeating: "é", count: prefix / 2) + String(repeating: "p", count: prefix % 2)
                let plain = String(repeating: "a", count: k)
                let tail = String(repeating: "b", count: 9)
                // The string ends at the quote: the rest of the text is the next member.
                let ended = try JSONParser.parse(Data(#"{"s":"\#(lead)\#(plain)","t":"\#(tail)"}"#.utf8))
                #expect(ended["s"] == .string(lead + plain))
                #expect(ended["t"] == .string(tail))
                let quoted = try JSONParser.parse(Data(#"["\#(lead)\#(plain)\"\#(tail)"]"#.utf8))
                #expect(quoted == .array([.string(lead + plain + "\"" + tail)]))
                let escaped = try JSONParser.parse(Data(#"["\#(lead)\#(plain)\\\#(tail)"]"#.utf8))
                #expect(escaped == .array([.string(lead + plain + "\\" + tail)]))
                let control = "[\"" + lead + plain + "\u{1F}" + tail + "\"]"
                let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(control.utf8)) }
                #expect(error?.offset == 2 + lead.utf8.count + k)
                let summary = try ODataPageScan.scan(Data(#"{"value":["\#(lead)\#(plain)","\#(tail)"]}"#.utf8))
                #expect(summary.rows == 2)
            }
        }
    }

    @Test("Numbers keep CBS values exactly")
    func numbers() throws {
        let v = try JSONParser.parse(Data("[268197, 576569, 135.5, 0.1, -0]".utf8))
        #expect(v.array?.compactMap(\.number) == [268197, 576569, 135.5, 0.1, 0])
    }
}

@Suite("Source entries")
struct SourceSpecTests {
    @Test("CBS entries without url get the live CBS base of their version")
    func defaultBases() throws {
        let v4 = try SourceSpec(id: "a", connector: .cbsODataV4, table: "37789ksz").makeConnector(context: .init())
        #expect((v4 as? CBSODataV4Connector)?.baseURL == "https://datasets.cbs.nl/odata/v1/CBS/37789ksz")
        let v3 = try SourceSpec(id: "b", connector: .cbsODataV3, table: "83599NED", dataSet: "typed")
            .makeConnector(context: .init())
        #expect((v3 as? CBSODataV3Connector)?.baseURL == "https://opendata.cbs.nl/ODataFeed/odata/83599NED")
        #expect((v3 as? CBSODataV3Connector)?.dataSet == .typed)
    }

    @Test(
        "Missing keys are configuration errors naming source and key",
        arguments: [
            SourceSpec(id: "x", connector: .cbsODataV4),
            SourceSpec(id: "x", connector: .kvkBasisprofiel),
            SourceSpec(id: "x", connector: .ckan, url: "https://data.example.nl", dataset: "d"),
            SourceSpec(id: "x", connector: .kvkBasisprofiel, url: "https://api.kvk.nl/api/v1/basisprofielen/"),
            SourceSpec(id: "x", connector: .cbsODataV3, table: "1", dataSet: "wide"),
        ])
    func missingKeys(_ spec: SourceSpec) {
        let error = #expect(throws: ConnectorError.self) { try spec.makeConnector(context: .init()) }
        #expect(error?.exitStatus == .config)
        #expect(error?.message.contains("source x") == true)
    }

    @Test("v4 filter: measures, regions, period and other dimensions in one $filter")
    func v4Filter() {
        let c = CBSODataV4Connector(
            sourceID: "s", table: "80590ned", baseURL: "https://datasets.cbs.nl/odata/v1/CBS/80590ned",
            selection: CBSSelection(measures: ["M1", "M2"], periodFrom: 2019, dimensions: ["Geslacht": ["T001038"]]))
        let url = c.observationsURL(dimensions: [
            V4Dimension(identifier: "Geslacht", kind: "Dimension"),
            V4Dimension(identifier: "Perioden", kind: "TimeDimension"),
        ])
        #expect(
            url == "https://datasets.cbs.nl/odata/v1/CBS/80590ned/Observations?$count=true&$filter="
                + "(Measure%20eq%20'M1'%20or%20Measure%20eq%20'M2')%20and%20Perioden%20ge%20'2019'%20and%20Geslacht%20eq%20'T001038'"
        )
    }
}
