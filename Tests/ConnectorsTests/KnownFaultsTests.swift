import Connectors
import Foundation
import ImpactModel
import TestSupport
import Testing

/// KNOWN-FAULTS B04, B05, B07 with the inputs and expected values given there (table id 99990NED is the
/// placeholder KNOWN-FAULTS uses).
@Suite("Known faults B04 B05 B07")
struct KnownFaultsTests {
    static let v3Base = "https://opendata.cbs.nl/ODataApi/OData/99990NED"

    @Test("B04: a v3 base used as v4 → 404 text/html names URL, status, content type and the v3/v4 hint")
    func v3BaseWithV4Path() async throws {
        let html = Data("<html><body>Not found</body></html>".utf8)
        let fetcher = FixtureFetcher(prefixes: [
            (Self.v3Base, .bytes(html, status: 404, contentType: "text/html; charset=utf-8"))
        ])
        let connector = CBSODataV4Connector(sourceID: "s", table: "99990NED", baseURL: Self.v3Base)
        let error = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        let message = try #require(error?.message)
        #expect(error?.code == .httpStatus)
        #expect(message.contains("https://opendata.cbs.nl/ODataApi/OData/99990NED/"))
        #expect(message.contains("HTTP 404"))
        #expect(message.contains("text/html; charset=utf-8"))
        #expect(message.contains("TypedDataSet/UntypedDataSet"))
        #expect(message.contains("Observations"))
        #expect(fetcher.requests.count == 1)  // no retry, no further request
    }

    @Test("B04: the same 404 thrown by the transport keeps status and content type")
    func thrownStatus() async throws {
        let fetcher = FixtureFetcher(prefixes: [(Self.v3Base, .thrown(status: 404, contentType: "text/html"))])
        let connector = CBSODataV4Connector(sourceID: "s", table: "99990NED", baseURL: Self.v3Base)
        let error = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        #expect(error?.message.contains("HTTP 404, Content-Type text/html") == true)
        #expect(error?.message.contains("TypedDataSet/UntypedDataSet") == true)
    }

    @Test("B04: 200 with application/atom+xml → \"expected JSON, got application/atom+xml\"")
    func atomReply() async throws {
        let xml = Data(#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>"#.utf8)
        let fetcher = FixtureFetcher(prefixes: [(Self.v3Base, .bytes(xml, contentType: "application/atom+xml"))])
        let connector = CBSODataV4Connector(sourceID: "s", table: "99990NED", baseURL: Self.v3Base)
        let error = await #expect(throws: ConnectorError.self) { try await connector.fetch(using: fetcher) }
        #expect(error?.code == .notJSON)
        #expect(error?.message.contains("expected JSON, got application/atom+xml") == true)
        #expect(error?.message.contains(Self.v3Base + "/Properties") == true)
    }

    @Test("An HTML page labelled application/json is still caught before decoding")
    func mislabelledHTML() throws {
        let body = StoredBody(
            fileName: "001-Observations.json", url: "https://example.test/x",
            data: Data("\n <!DOCTYPE html><html>".utf8),
            mediaType: "application/json")
        let error = #expect(throws: ConnectorError.self) { try JSONBody.decode(body) }
        #expect(error?.code == .notJSON)
        #expect(error?.message.contains("an HTML page") == true)
    }

    @Test("B03: a page cut off mid-transfer names the URL and the byte count, not a bare decoder error")
    func truncatedJSON() throws {
        let cut = #"{"value":[{"ID":3,"RegioS":"GM0363    ","Perioden":"2023JJ00","Waarde_1":5"#
        let error = #expect(throws: ConnectorError.self) {
            try JSONBody.decode(
                Data(cut.utf8), url: "https://opendata.cbs.nl/ODataFeed/odata/99990NED/TypedDataSet?$skip=3")
        }
        #expect(error?.code == .malformedJSON)
        #expect(
            error?.message.contains("https://opendata.cbs.nl/ODataFeed/odata/99990NED/TypedDataSet?$skip=3") == true)
        #expect(error?.message.contains("(\(cut.utf8.count) bytes)") == true)
    }

    /// A v3 snapshot of 99990NED built from KNOWN-FAULTS' rows.
    static func v3Bodies(
        rows: [[String: Any]], regions: [String] = ["NL01      ", "GM0392    "], topic: String
    ) throws -> [StoredBody] {
        let base = "file:///snapshots/99990NED"
        let properties: [[String: Any]] = [
            ["Key": "RegioS", "Type": "GeoDimension", "Title": "Regio's"],
            ["Key": "Perioden", "Type": "TimeDimension", "Title": "Perioden"],
            ["Key": topic, "Type": "Topic", "Title": "Waarde", "Unit": "aantal", "Decimals": 0, "Datatype": "Long"],
        ]
        let periods = ["2024KW01", "2024KW02", "2024KW03", "2024KW04"].map { ["Key": $0, "Status": "Definitief"] }
        return [
            StoredBody(
                fileName: "001-DataProperties.json", url: base + "/DataProperties.json",
                data: try jsonData(["value": properties])),
            StoredBody(
                fileName: "002-RegioS.json", url: base + "/RegioS.json",
                data: try jsonData(["value": regions.map { ["Key": $0, "Title": $0] }])),
            StoredBody(
                fileName: "003-Perioden.json", url: base + "/Perioden.json", data: try jsonData(["value": periods])),
            StoredBody(
                fileName: "004-UntypedDataSet.json", url: base + "/UntypedDataSet.json",
                data: try jsonData(["value": rows])),
        ]
    }

    @Test("B05: padded keys join on GM0392; the output never holds \"GM0392    \"")
    func paddedKeys() throws {
        let bodies = try Self.v3Bodies(
            rows: [
                ["ID": 0, "RegioS": "GM0392    ", "Perioden": "2024KW01", "Bedrijfsvestigingen_1": "4210"],
                ["ID": 1, "RegioS": "NL01      ", "Perioden": "2024KW01", "Bedrijfsvestigingen_1": "2100000"],
            ], topic: "Bedrijfsvestigingen_1")
        let connector = CBSODataV3Connector(
            sourceID: "cbs-vestigingen", table: "99990NED", baseURL: "file:///snapshots/99990NED",
            selection: CBSSelection(regions: ["GM0392"]))
        let parsed = try connector.parse(bodies)
        #expect(parsed.observations.count == 1)
        #expect(parsed.observations.first?.regio == "GM0392")
        #expect(parsed.observations.first?.value == 4210)
        #expect(
            parsed.ledger
                == LedgerEntry(
                    sourceID: "cbs-vestigingen", recordsIn: 2, recordsOut: 1, filtered: 1, observations: 1, cellsIn: 1,
                    cellsOut: 1))
        #expect(!parsed.diagnostics.contains { $0.code == "cbs.unknown_code" })
    }

    @Test("B05: a live v3 filter matches padded keys with startswith, never a trimmed eq")
    func paddedFilter() {
        let connector = CBSODataV3Connector(
            sourceID: "s", table: "99990NED", baseURL: "https://opendata.cbs.nl/ODataApi/odata/99990NED",
            selection: CBSSelection(regions: ["GM0392"]))
        let props = [
            V3DataProperty(key: "RegioS", type: "GeoDimension", title: "", unit: ""),
            V3DataProperty(key: "Perioden", type: "TimeDimension", title: "", unit: ""),
        ]
        #expect(
            connector.dataSetURL(properties: props)
                == "https://opendata.cbs.nl/ODataApi/odata/99990NED/UntypedDataSet?$format=json&$filter=startswith(RegioS,'GM0392')"
        )
    }

    @Test("B05: a code list holding both GM0392 and \"GM0392    \" is an error, not two keys")
    func twoKeysOneCode() throws {
        let bodies = try Self.v3Bodies(
            rows: [["ID": 0, "RegioS": "GM0392    ", "Perioden": "2024KW01", "W_1": "1"]],
            regions: ["GM0392", "GM0392    "], topic: "W_1")
        let connector = CBSODataV3Connector(sourceID: "s", table: "99990NED", baseURL: "file:///snapshots/99990NED")
        let error = #expect(throws: ConnectorError.self) { try connector.parse(bodies) }
        #expect(error?.message.contains("are the same code once trimmed") == true)
    }

    @Test("B07: untyped 1250 / . / x / - give 1250, onbekend, geheim, 0; \"?\" is a reject naming the field")
    func untypedSymbols() throws {
        let rows: [[String: Any]] = [
            ["ID": 0, "RegioS": "GM0392    ", "Perioden": "2024KW01", "Waarde_1": "      1250"],
            ["ID": 1, "RegioS": "GM0392    ", "Perioden": "2024KW02", "Waarde_1": "         ."],
            ["ID": 2, "RegioS": "GM0392    ", "Perioden": "2024KW03", "Waarde_1": "         x"],
            ["ID": 3, "RegioS": "GM0392    ", "Perioden": "2024KW04", "Waarde_1": "         -"],
            ["ID": 4, "RegioS": "GM0392    ", "Perioden": "2024KW04", "Waarde_1": "?"],
        ]
        let bodies = try Self.v3Bodies(rows: rows, topic: "Waarde_1")
        let connector = CBSODataV3Connector(sourceID: "s", table: "99990NED", baseURL: "file:///snapshots/99990NED")
        let parsed = try connector.parse(bodies)
        let obs = parsed.observations
        #expect(obs.map(\.value) == [1250, nil, nil, 0])
        #expect(obs.map(\.valueAttribute) == [.none, .not_available, .confidential, .none])
        #expect(obs.map(\.valueAttribute.symbol) == ["", ".", "x", ""])
        let reject = try #require(parsed.rejects.first)
        #expect(parsed.rejects.count == 1)
        #expect(reject.field == "Waarde_1")
        #expect(reject.value == "?")
        #expect(reject.reason == "value.unknown_symbol")
        #expect(reject.sourceRowID == "\(bodies[3].sha256.prefix(12)):5")
        #expect(parsed.ledger.map { ($0.recordsIn, $0.recordsOut, $0.rejected) } ?? (0, 0, 0) == (5, 4, 1))
    }

    @Test("B07: typed 1250 / null / null / 0 give 1250, missing, missing, 0 — missing never 0")
    func typedNulls() throws {
        let rows: [[String: Any]] = [
            ["ID": 0, "RegioS": "GM0392    ", "Perioden": "2024KW01", "Waarde_1": 1250],
            ["ID": 1, "RegioS": "GM0392    ", "Perioden": "2024KW02", "Waarde_1": NSNull()],
            ["ID": 2, "RegioS": "GM0392    ", "Perioden": "2024KW03", "Waarde_1": NSNull()],
            ["ID": 3, "RegioS": "GM0392    ", "Perioden": "2024KW04", "Waarde_1": 0],
        ]
        var bodies = try Self.v3Bodies(rows: rows, topic: "Waarde_1")
        bodies[3].fileName = "004-TypedDataSet.json"
        let connector = CBSODataV3Connector(
            sourceID: "s", table: "99990NED", baseURL: "file:///snapshots/99990NED", dataSet: .typed)
        let parsed = try connector.parse(bodies)
        #expect(parsed.observations.map(\.value) == [1250, nil, nil, 0])
        #expect(parsed.observations[1].valueAttribute != .none)
        #expect(parsed.observations[2].valueAttribute != .none)
        #expect(parsed.diagnostics.contains { $0.code == "cbs.typed_dataset" })
    }

    @Test("v4: an unknown ValueAttribute is a reject, never a value; Value null with None is a reject")
    func v4Attributes() throws {
        let base = "file:///snapshots/99990NED"
        let obs: [[String: Any]] = [
            [
                "Id": 0, "Measure": "M1", "ValueAttribute": "None", "Value": 12, "RegioS": "GM0392",
                "Perioden": "2024KW01",
            ],
            [
                "Id": 1, "Measure": "M1", "ValueAttribute": "Weird", "Value": 13, "RegioS": "GM0392",
                "Perioden": "2024KW02",
            ],
            [
                "Id": 2, "Measure": "M1", "ValueAttribute": "None", "Value": NSNull(), "RegioS": "GM0392",
                "Perioden": "2024KW03",
            ],
            [
                "Id": 3, "Measure": "M1", "ValueAttribute": "Confidential", "Value": NSNull(), "RegioS": "GM0392",
                "Perioden": "2024KW04",
            ],
        ]
        let bodies = [
            StoredBody(
                fileName: "001-Dimensions.json", url: base + "/Dimensions.json",
                data: try jsonData([
                    "value": [
                        ["Identifier": "RegioS", "Kind": "GeoDimension"],
                        ["Identifier": "Perioden", "Kind": "TimeDimension"],
                    ]
                ])),
            StoredBody(
                fileName: "002-MeasureCodes.json", url: base + "/MeasureCodes.json",
                data: try jsonData([
                    "value": [["Identifier": "M1", "Title": "Waarde ", "Unit": "aantal"]]
                ])),
            StoredBody(
                fileName: "003-PeriodenCodes.json", url: base + "/PeriodenCodes.json",
                data: try jsonData([
                    "value": (1...4).map {
                        ["Identifier": "2024KW0\($0)", "Status": $0 == 4 ? "Voorlopig" : "Definitief"]
                    }
                ])),
            StoredBody(
                fileName: "004-Observations.json", url: base + "/Observations.json", data: try jsonData(["value": obs])),
        ]
        let parsed = try CBSODataV4Connector(sourceID: "s", table: "99990NED", baseURL: base).parse(bodies)
        #expect(parsed.observations.map(\.value) == [12, nil])
        #expect(parsed.observations.map(\.valueAttribute) == [.none, .confidential])
        #expect(parsed.observations.last?.valueStatus == .voorlopig)
        #expect(parsed.observations.first?.measureLabel == "Waarde")
        #expect(parsed.rejects.map(\.reason) == ["value_attribute.unknown", "value.missing_without_attribute"])
        #expect(parsed.rejects.map(\.field) == ["ValueAttribute", "Value"])
        #expect(parsed.rejects.first?.value == "Weird")
        #expect(parsed.ledger?.balances == true)
        #expect(parsed.ledger?.rejected == 2)
    }
}
