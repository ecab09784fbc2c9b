import CSVCodec
import ImpactModel
import Testing

@testable import Normalization

/// The byte-level fast paths of the national normalize stage give exactly what the general code gives.
@Suite("Hot paths: byte-level parsing and encoding equal the general code")
struct HotPathEquivalenceTests {
    /// Every text of 1…4 characters over digits, separators, sign, a letter and a blank.
    static let cells: [String] = {
        let alphabet = ["0", "7", ".", ",", "-", "e", " "]
        var out: [String] = []
        var frontier = [""]
        for _ in 1...4 {
            frontier = frontier.flatMap { p in alphabet.map { p + $0 } }
            out += frontier
        }
        return out
    }()

    @Test("DecimalCell: the ASCII path and the Character path agree on every short cell")
    func decimalPathsAgree() {
        for raw in Self.cells {
            let t = IdentifierRepair.trimmed(raw)
            guard !t.isEmpty else { continue }
            for delimiter in [UInt8(ascii: ","), UInt8(ascii: ";")] {
                for allowNegative in [false, true] {
                    let ascii = DecimalCell.parseASCII(t, raw: raw, delimiter: delimiter, allowNegative: allowNegative)
                    let general = DecimalCell.parseCharacters(
                        t, raw: raw, delimiter: delimiter, allowNegative: allowNegative)
                    #expect(ascii == general, "\"\(raw)\" delimiter \(delimiter) allowNegative \(allowNegative)")
                }
            }
        }
    }

    @Test("DecimalCell: a non-ASCII cell takes the Character path")
    func decimalNonASCII() {
        #expect(DecimalCell.parseASCII("1,5\u{301}", raw: "1,5\u{301}", delimiter: 59, allowNegative: false) == nil)
        guard case .invalid = DecimalCell.parse("€ 12", delimiter: UInt8(ascii: ";")) else {
            Issue.record("€ 12 must be refused")
            return
        }
    }

    @Test(
        "trimmed: only spaces, tabs and U+00A0 at the ends go; a space carrying a combining mark stays",
        arguments: [
            ("5", "5"), (" 5", "5"), ("5 ", "5"), ("\t5\u{00A0}", "5"), ("\u{00A0}\u{00A0}", ""),
            (" \u{301}5", " \u{301}5"), ("a \u{301}", "a \u{301}"), ("ü ", "ü"), ("", ""), ("  ", ""),
        ])
    func trimmed(raw: String, expected: String) {
        #expect(IdentifierRepair.trimmed(raw) == expected)
    }

    static func observation(value: Double?, dimensions: String = "", label: String = "Werknemers") throws
        -> Observation
    {
        let q = try Quarter(year: 2026, quarter: 3)
        return Observation(
            sourceID: "impact-returns", dataset: "impact-2026Q3.csv", measure: "employees_headcount",
            measureLabel: label, unit: "persons", regio: "", kvkNumber: "01234567", periodCode: q.cbsCode,
            periodStart: q.start, periodEnd: q.end, value: value, valueStatus: .definitief,
            valueAttribute: value == nil ? .not_available : .none, sourceRowID: "0123456789ab:7", dimensions: dimensions
        )
    }

    @Test("ObservationCSVEncoder writes the bytes of appendRecord(csvFields)")
    func encoderEqualsCSVFields() throws {
        let values: [Double?] = [
            nil, 0, -0.0, 7, -7, 10, 1_234_567, 999_999_999_999_999, 1e15, -1e15, 0.1, 12.5, 1e-7, -3.25, 123456.789,
        ]
        var observations = try values.map { try Self.observation(value: $0) }
        observations.append(try Self.observation(value: 3, dimensions: "contract_id=A,1;se_match=none"))
        observations.append(try Self.observation(value: 3, label: "Say \"hi\"\nthere"))
        var other = try Self.observation(value: 4)
        let q = try Quarter(year: 2026, quarter: 4)
        other.periodStart = q.start
        other.periodEnd = q.end
        observations.append(other)
        observations.append(try Self.observation(value: 5))
        var encoder = ObservationCSVEncoder(profile: .machine)
        var fast: [UInt8] = []
        var general: [UInt8] = []
        for o in observations {
            encoder.append(o, to: &fast)
            CSVProfile.machine.appendRecord(o.csvFields, to: &general)
        }
        #expect(fast == general)
        #expect(String(decoding: fast, as: UTF8.self).contains(",-7,"))
    }
}
