import Foundation
import Testing

@testable import CSVCodec

/// Property: for any strings, write then read gives the same fields, and each record starts on the line that
/// the line breaks written before it put it on.
@Suite struct RoundTripTests {
    static let alphabet: [String] = [
        "a", "Z", "0", " ", ",", ";", "\t", "\"", "\"\"", "\r", "\n", "\r\n", "é", "ö", "€", "😀", "\u{FEFF}",
        "\u{2028}", "\u{0}", "\u{85}", "ß", "漢",
    ]

    static func randomField(_ rng: inout SeededRandom) -> String {
        let length = rng.chance(0.2) ? 0 : Int.random(in: 1...12, using: &rng)
        return (0..<length).map { _ in rng.pick(alphabet) }.joined()
    }

    static func randomRows(_ rng: inout SeededRandom) -> [[String]] {
        (0..<Int.random(in: 1...12, using: &rng)).map { _ in
            (0..<Int.random(in: 1...6, using: &rng)).map { _ in randomField(&rng) }
        }
    }

    /// Line breaks inside a field, counting CRLF once (RFC 4180 line ends).
    static func lineBreaks(_ s: String) -> Int {
        var n = 0
        var previousCR = false
        for b in s.utf8 {
            if b == 0x0D { n += 1 } else if b == 0x0A && !previousCR { n += 1 }
            previousCR = b == 0x0D
        }
        return n
    }

    static let tabProfile = CSVProfile(delimiter: 0x09, lineEnding: "\r", byteOrderMark: false, decimalSeparator: ".")

    @Test(arguments: [CSVProfile.machine, .excelNL, tabProfile])
    func writeThenReadGivesTheSameFields(_ profile: CSVProfile) throws {
        var rng = SeededRandom(seed: UInt64(profile.delimiter))
        for _ in 0..<3000 {
            let rows = Self.randomRows(&rng)
            var w = CSVWriter(profile: profile)
            w.write(rows: rows)
            let t = try CSVReader.read(
                w.data, file: "roundtrip.csv", options: CSVReadOptions(delimiter: profile.delimiter, hasHeader: false))
            #expect(t.records.map(\.fields) == rows, "\(rows)")
            var line = 1
            var expectedLines: [Int] = []
            for r in rows {
                expectedLines.append(line)
                line += 1 + r.map(Self.lineBreaks).reduce(0, +)
            }
            #expect(t.records.map(\.line) == expectedLines)
            #expect(t.hadBOM == profile.byteOrderMark)
        }
    }

    @Test func fileWriterThenFileReader() throws {
        let dir = try TempDirectory("roundtrip")
        defer { dir.remove() }
        var rng = SeededRandom(seed: 4180)
        for k in 0..<200 {
            let profile = rng.pick([CSVProfile.machine, .excelNL])
            let rows = [["h1", "h2"]] + Self.randomRows(&rng)
            let url = dir.url.appendingPathComponent("rt-\(k).csv")
            var w = try CSVFileWriter(url: url, profile: profile, bufferSize: 64)
            for r in rows { try w.write(r) }
            try w.close()
            var got: [[String]] = []
            var header: [String] = []
            let count = try CSVReader.forEachRecord(
                in: url, options: CSVReadOptions(delimiter: profile.delimiter), onHeader: { header = $0 },
                { got.append($0.fields) })
            #expect(header == rows[0])
            #expect(got == Array(rows.dropFirst()))
            #expect(count == rows.count - 1)
        }
    }
}
