import CSVCodec
import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Normalization

/// Declared number formats and encodings of CSV sources (issue 14 item 7): a value is read by the declared format
/// or refused with a reason naming file, line and column; never reinterpreted.
@Suite("Declared number format and encoding")
struct NumberFormatTests {
    let dutch = try! NumberFormat(decimal: ",", thousands: ".", source: "t")
    let plain = try! NumberFormat(decimal: ".", thousands: nil, source: "t")

    @Test func readsByTheDeclaredFormatOnly() {
        // Dutch: 1.234,5 = 1234.5; 12.345.678 = 12345678; 0,25 = 0.25.
        #expect(dutch.parse("1.234,5") == .value(1234.5))
        #expect(dutch.parse(" 12.345.678 ") == .value(12_345_678))
        #expect(dutch.parse("0,25") == .value(0.25))
        #expect(dutch.parse("") == .missing)
        // Under the Dutch format "5.7" is neither a decimal (the decimal is ",") nor a thousands group (3 digits).
        for bad in ["5.7", "1,234,5", "1.23", "1234.", "1.2345", ",5", "1 234", "12a"] {
            guard case .invalid(let reason, let message) = dutch.parse(bad) else {
                Issue.record("\(bad) was read under \(dutch)")
                continue
            }
            #expect(reason == .valueFormatMismatch)
            #expect(message.contains("decimal \",\", thousands \".\""), "\(message)")
        }
        // Plain: "1,5" is refused (a comma is not declared), never read as 15 or 1.5.
        #expect(plain.parse("5.7") == .value(5.7))
        #expect(plain.parse("557995") == .value(557_995))
        guard case .invalid(let reason, _) = plain.parse("1,5") else {
            Issue.record("1,5 was read")
            return
        }
        #expect(reason == .valueFormatMismatch)
        if case .invalid(let r, _) = plain.parse("-3") {
            #expect(r == .valueNegative)
        } else {
            Issue.record("-3 read")
        }
        let spaced = try! NumberFormat(decimal: ",", thousands: "space", source: "t")
        #expect(spaced.parse("1 234,5") == .value(1234.5))
        #expect(spaced.parse("1\u{00A0}234") == .value(1234))
    }

    @Test func invalidDeclarationsAreConfigErrors() {
        #expect(throws: ImpactError.self) { try NumberFormat(decimal: ";", thousands: nil, source: "s") }
        #expect(throws: ImpactError.self) { try NumberFormat(decimal: ",", thousands: ",", source: "s") }
        #expect(throws: ImpactError.self) { try NumberFormat(decimal: ".", thousands: "_", source: "s") }
    }

    /// A real StatLine CSV export (80305NED, `;`-separated, decimal point, right-aligned numbers): declared as
    /// `decimal: "."` every number reads as Python's float() reads it; declared as Dutch, every cell with one decimal
    /// digit is refused, never read as a thousands group.
    @Test(.enabled(if: SharedData.shouldRun)) func realStatLineExport() throws {
        let file = "statline-csv-ijhidding/80305ned_UntypedDataSet_31012020_124042.csv"
        let t = try CSVReader.read(try SharedData.data(file), file: file)
        #expect(t.delimiter == UInt8(ascii: ";"))
        var plainSum = 0.0
        var cells = 0
        var refusedDutch = 0
        for r in t.records {
            for f in r.fields.dropFirst(3) {
                let trimmed = f.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, trimmed != "." else { continue }  // CBS marker: unknown
                cells += 1
                guard case .value(let v) = plain.parse(f) else {
                    Issue.record("\(f) refused as plain")
                    continue
                }
                plainSum += v
                if case .invalid = dutch.parse(f) { refusedDutch += 1 }
            }
        }
        // Independent count and sum by Python over the same file (csv module, float()).
        let script = """
            import csv, re, sys
            rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig'), delimiter=';'))[1:]
            vals = [c.strip() for r in rows for c in r[3:] if c.strip() not in ('', '.')]
            # Dutch (decimal ',', thousands '.'): a '.' is allowed only between groups of 3 digits.
            refused = [v for v in vals if '.' in v and not re.fullmatch(r'[0-9]{1,3}([.][0-9]{3})+', v)]
            print(len(vals), round(sum(float(v) for v in vals), 6), len(refused))
            """
        let out = try runPython(script, SharedData.url(file).path).split(separator: " ").map(String.init)
        #expect(cells == Int(out[0]))
        #expect(abs(plainSum - Double(out[1])!) < 1e-6)
        #expect(refusedDutch == Int(out[2]))
        #expect(refusedDutch > 0)
    }

    private func runPython(_ script: String, _ arg: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, arg]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Through the impact-return mapping: a value that does not fit the declared format is a reject naming the file,
    /// the line and the column, and the ledger still balances. Since cell-level rejects (issue 20) only that cell is
    /// lost: Beta's row stays with its other measure (7 employees), and the ledger counts one rejected cell.
    @Test func aMismatchIsARejectWithFileLineAndColumn() throws {
        let body = """
            kvk_nummer;naam;kwartaal;werknemers;omzet_eur
            01234567;Stichting Alfa;2026Q3;12;1.250.000,50
            87654321;Coöperatie Beta;2026Q3;7;98.5

            """
        let src = CSVSourceInput(
            sourceID: "impact-returns", kind: .impact_return,
            files: [
                CSVSourceFile(
                    file: "returns/impact-2026Q3.csv", data: Fixtures.data(body),
                    quarter: try Fixtures.quarter("2026Q3"), numberFormat: dutch)
            ])
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [src]))
        #expect(result.rejects.map(\.reason) == ["value.format_mismatch"])
        let reject = try #require(result.rejects.first)
        #expect(
            reject.file == "returns/impact-2026Q3.csv" && reject.line == 3 && reject.field == "omzet_eur", "\(reject)")
        let omzet = result.observations.first { $0.kvkNumber == "01234567" && $0.measure == "revenue_total" }
        #expect(omzet?.value == 1_250_000.5)
        let ledger = try #require(result.ledger.first { $0.sourceID == "impact-returns" })
        #expect(ledger.recordsIn == 2 && ledger.recordsOut == 2 && ledger.rejected == 0 && ledger.cellsRejected == 1)
        let beta = result.observations.first { $0.kvkNumber == "87654321" && $0.measure == "employees_headcount" }
        #expect(beta?.value == 7)
    }
}
