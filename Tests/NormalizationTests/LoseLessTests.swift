import Foundation
import ImpactModel
import Testing

@testable import Normalization

/// Issue 20 item 5, "lose less": one cleaning function for KvK-nummer and RSIN, repaired identifiers that match
/// nothing named as such, and cell-level rejects in impact returns.
@Suite("Lose less: identifier cleaning, kvk.repaired_unmatched, cell rejects")
struct LoseLessTests {
    @Test(
        "clean: spaces and dots between digit groups are removed, leading zeros restored, the original kept",
        arguments: [
            ("0123 4567", "01234567"), ("01.234.567", "01234567"), ("1234567", "01234567"),
            ("123 4567", "01234567"), ("\u{00A0}8765 4321 ", "87654321"),
        ])
    func kvkCleaned(raw: String, digits: String) {
        guard case .repaired(let v, let original) = IdentifierRepair.clean(raw, as: .kvkNummer) else {
            Issue.record("\(raw) must be repaired to \(digits)")
            return
        }
        #expect(v == digits)
        #expect(original == IdentifierRepair.trimmed(raw))
    }

    @Test("clean: the rule named in diagnostics says what was changed")
    func repairRule() {
        #expect(IdentifierRepair.repairRule(original: "1234567", repaired: "01234567") == "hersteld: voorloopnullen")
        #expect(
            IdentifierRepair.repairRule(original: "0123 4567", repaired: "01234567")
                == "hersteld: spaties/punten verwijderd")
        #expect(
            IdentifierRepair.repairRule(original: "123 4567", repaired: "01234567")
                == "hersteld: spaties/punten verwijderd, hersteld: voorloopnullen")
    }

    @Test("clean: a KvK-nummer gets no 11-proof (12345678 fails an 8-digit weighted proof and is valid)")
    func kvkNoElfproef() {
        // 8·1+7·2+6·3+5·4+4·5+3·6+2·7+1·8 = 120, 120 mod 11 = 10: fails the proof, still a KvK-nummer.
        #expect(IdentifierRepair.clean("12345678", as: .kvkNummer) == .valid("12345678"))
        guard case .invalid(let reason, _) = IdentifierRepair.clean("12345678.0", as: .kvkNummer) else {
            Issue.record("a number with decimals must be invalid")
            return
        }
        #expect(reason == .kvkDecimal)
    }

    @Test("clean: RSIN padded only when the padded number passes the 11-proof")
    func rsinPadding() {
        // 001234560: 7·1+6·2+5·3+4·4+3·5+2·6 − 0 = 77 = 7·11 → Excel's 1234560 is repaired.
        #expect(IdentifierRepair.rsin("1234560") == .repaired("001234560", original: "1234560"))
        // 081234569: 8·8+7·1+6·2+5·3+4·4+3·5+2·6 − 9 = 132 = 12·11 → Excel's 81234569 is repaired.
        #expect(IdentifierRepair.rsin("81234569") == .repaired("081234569", original: "81234569"))
        #expect(IdentifierRepair.rsin("0812.34.569") == .repaired("081234569", original: "0812.34.569"))
        // 081234568: 8·8+7·1+6·2+5·3+4·4+3·5+2·6 = 141, − 8 = 133 = 12·11 + 1 → not padded; 8 digits is no RSIN.
        guard case .invalid(let reason, _) = IdentifierRepair.rsin("81234568") else {
            Issue.record("81234568 must stay invalid")
            return
        }
        #expect(reason == .rsinLength)
        guard case .invalid(let r2, _) = IdentifierRepair.rsin("111 222 334") else {
            Issue.record("111222334 fails the 11-proof")
            return
        }
        #expect(r2 == .rsinElfproef)
    }

    static func returns(_ rows: String) throws -> CSVSourceInput {
        CSVSourceInput(
            sourceID: "impact-returns", kind: .impact_return,
            files: [
                CSVSourceFile(
                    file: "returns/impact-2026Q3.csv", data: Fixtures.data("\(Fixtures.returnHeader)\n\(rows)\n"),
                    quarter: try Fixtures.quarter("2026Q3"))
            ])
    }

    @Test("A repaired KvK-nummer that matches nothing is a kvk.repaired_unmatched reject naming both forms")
    func repairedUnmatched() throws {
        // 7654321 → 07654321: neither is in the fixture registry (Alfa 01234567, Beta 87654321, Gamma 11223344).
        let result = try Normalizer.run(
            inputs: try Fixtures.inputs(csv: [try Self.returns("7654321,,Onbekend,2026Q3,3,2,,,,,,,,,,")]))
        let reject = try #require(result.rejects.first)
        #expect(result.rejects.count == 1)
        #expect(reject.reason == "kvk.repaired_unmatched" && reject.field == "kvk_nummer" && reject.value == "7654321")
        #expect(reject.message.contains("\"7654321\"") && reject.message.contains("07654321"))
        #expect(reject.line == 2)
        // A repaired number that does match is used: 1234567 → Alfa.
        let ok = try Normalizer.run(
            inputs: try Fixtures.inputs(csv: [try Self.returns("1234 567,,Stichting Alfa,2026Q3,3,2,,,,,,,,,,")]))
        #expect(ok.rejects.isEmpty && ok.matches.map(\.kvkNumber.digits) == ["01234567"])
    }

    @Test("Procurement: a repaired supplier number that matches nothing is a warning naming both forms; spend kept")
    func procurementRepairedUnmatched() throws {
        let body = "\(Fixtures.procurementHeader)\nC-9,5555555,Delta,2026-08-01,900,bouw,ja,nee,,,\n"
        let result = try Normalizer.run(
            inputs: try Fixtures.inputs(csv: [
                CSVSourceInput(
                    sourceID: "inkoop", kind: .procurement_award,
                    files: [CSVSourceFile(file: "procurement/inkoop.csv", data: Fixtures.data(body))])
            ]))
        let d = try #require(result.diagnostics.first { $0.code == "kvk.repaired_unmatched" })
        #expect(d.message.contains("\"5555555\"") && d.message.contains("05555555") && d.line == 2)
        #expect(result.observations.first { $0.measure == "procurement_award_eur" }?.value == 900)
    }

    @Test("Impact return: an unreadable cell rejects that measure only; a row of unreadable cells is one reject")
    func cellRejects() throws {
        let rows = """
            01234567,,Stichting Alfa,2026Q3,12,-3,,,€ 50,,,,,,,
            87654321,,Beta,2026Q3,x,x,x,x,x,x,x,x,x,x,x,x
            """
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [try Self.returns(rows)]))
        let ledger = try #require(result.ledger.first { $0.sourceID == "impact-returns" })
        // Alfa: 12 cells, fte "-3" (negative) and omzet_eur "€ 50" rejected, 10 read (1 value, 9 missing).
        // Beta: all 12 cells unreadable → one row reject.
        #expect(ledger.recordsIn == 2 && ledger.recordsOut == 1 && ledger.rejected == 1)
        #expect(ledger.cellsIn == 12 && ledger.cellsOut == 10 && ledger.cellsRejected == 2 && ledger.balances)
        #expect(ledger.observations == 10)
        #expect(result.rejects.count == ledger.rejectLines)
        let cells = result.rejects.filter { $0.line == 2 }.map { "\($0.field)=\($0.value):\($0.reason)" }.sorted()
        #expect(cells == ["fte=-3:value.negative", "omzet_eur=€ 50:value.not_a_number"])
        let row = try #require(result.rejects.first { $0.line == 3 })
        #expect(row.field == "werknemers" && row.message.contains("none of the 12"))
        #expect(result.observations.first { $0.measure == "employees_headcount" }?.value == 12)
        #expect(!result.observations.contains { $0.measure == "fte_total" || $0.measure == "revenue_total" })
    }
}
