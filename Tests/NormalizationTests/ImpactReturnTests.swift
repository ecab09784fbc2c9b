import CSVCodec
import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Impact returns → canonical observations")
struct ImpactReturnTests {
    static func source(_ body: String, file: String = "returns/impact-2026Q3.csv", quarter: String? = "2026Q3") throws
        -> CSVSourceInput
    {
        CSVSourceInput(
            sourceID: "impact-returns", kind: .impact_return,
            files: [
                CSVSourceFile(
                    file: file, data: Fixtures.data(body), quarter: try quarter.map { try Fixtures.quarter($0) })
            ])
    }

    @Test("B17: repaired row duplicates row 2 and is counted once; scientific notation rejected; 8 and 12 digits out")
    func b17() throws {
        let body = """
            kvk_nummer;vestigingsnummer;naam
            1234567;12345678;Stichting Alfa
            01234567;000012345678;Stichting Alfa
            87654321;000087654321;Coöperatie Beta
            1.23457E+07;12345678;Stichting Alfa

            """
        let src = try Self.source(body)
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [src]))
        let ledger = try #require(result.ledger.first { $0.sourceID == "impact-returns" })
        // 4 records in = 2 out (Alfa, Beta) + 1 rejected (row 4) + 1 merged (row 2 into row 1).
        #expect(
            ledger
                == LedgerEntry(
                    sourceID: "impact-returns", recordsIn: 4, recordsOut: 2, rejected: 1, filtered: 0, merged: 1,
                    observations: 24, cellsIn: 24, cellsOut: 24))
        #expect(result.rejects.map(\.reason) == ["kvk.scientific_notation"])
        #expect(result.rejects.first?.line == 5)
        let prefix = src.files[0].sha256Prefix
        #expect(result.matches.map(\.sourceRowID) == ["\(prefix):1", "\(prefix):3"])
        #expect(result.matches.map(\.method) == [.kvk_repaired, .kvk])
        #expect(Set(result.observations.map(\.kvkNumber)) == ["01234567", "87654321"])
        #expect(
            result.diagnostics.contains {
                $0.code == "kvk.repaired" && $0.message.contains("hersteld: voorloopnullen") && $0.line == 2
            })
        // Outputs write all 8 digits.
        let files = try result.files()
        let obs = String(decoding: try #require(files.first { $0.name == "observations.csv" }).data, as: UTF8.self)
        #expect(obs.contains(",01234567,2026KW03,"))
    }

    @Test("a row gives one observation per measure; empty cells are missing, never 0; decimal comma in a ; file")
    func mapping() throws {
        let body = """
            kvk_nummer;vestigingsnummer;naam;kwartaal;werknemers;fte;doelgroep_fte;doelgroep_werknemers;omzet_eur;omzet_verkoop_eur;subsidies_donaties_eur;clienten;getrainde_personen;leerwerkplekken;co2_vermeden_ton;afval_hergebruikt_ton
            01234567;;Stichting Alfa;2026Q3;12;9,5;4,25;6;120000;100000,50;;30;;2;1,5;

            """
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [try Self.source(body)]))
        #expect(result.observations.count == 12)
        let byMeasure = Dictionary(uniqueKeysWithValues: result.observations.map { ($0.measure, $0) })
        #expect(byMeasure["employees_headcount"]?.value == 12)
        #expect(byMeasure["fte_total"]?.value == 9.5)
        #expect(byMeasure["tg_fte"]?.value == 4.25)
        #expect(byMeasure["revenue_sales"]?.value == 100000.5)
        #expect(byMeasure["ghg_avoided_tco2e"]?.unit == "tCO2e")
        let grants = try #require(byMeasure["revenue_grants_donations"])
        #expect(grants.value == nil)
        #expect(grants.valueAttribute == .not_available)
        #expect(grants.csvFields[10] == "")
        #expect(byMeasure["waste_diverted_t"]?.value == nil)
        let o = try #require(byMeasure["employees_headcount"])
        #expect(o.periodCode == "2026KW03")
        #expect(o.periodStart.description == "2026-07-01")
        #expect(o.periodEnd.description == "2026-10-01")
        #expect(o.dataset == "impact-2026Q3.csv")
        #expect(o.sourceRowID.hasSuffix(":1") && o.sourceRowID.count == 14)
    }

    @Test(
        "numbers: . decimals; comma only as decimal in a ; file; thousands separators, exponents, negatives refused",
        arguments: [
            ("12.5", UInt8(ascii: ","), DecimalCell.value(12.5)),
            ("12,5", UInt8(ascii: ";"), .value(12.5)),
            ("", UInt8(ascii: ";"), .missing),
            ("  ", UInt8(ascii: ","), .missing),
        ])
    func numbers(raw: String, delimiter: UInt8, expected: DecimalCell) {
        #expect(DecimalCell.parse(raw, delimiter: delimiter) == expected)
    }

    @Test(
        "numbers that are refused",
        arguments: ["12,5|,", "1.234,5|;", "1,234.5|;", "1.2E+07|,", "-3|,", "€ 12|;", "12,5,0|;", "abc|,"])
    func badNumbers(spec: String) {
        let parts = spec.split(separator: "|")
        let d = parts[1] == ";" ? UInt8(ascii: ";") : UInt8(ascii: ",")
        guard case .invalid = DecimalCell.parse(String(parts[0]), delimiter: d) else {
            Issue.record("\(parts[0]) must be refused")
            return
        }
    }

    @Test("rejects: wrong quarter, a cell that is not a number, unknown KvK (with review), conflicting duplicates")
    func rejects() throws {
        let h = Fixtures.returnHeader
        let body = """
            \(h)
            01234567,,Stichting Alfa,2026Q2,10,,,,,,,,,,,
            01234567,,Stichting Alfa,2026Q3,abc,2,,,,,,,,,,
            99999999,,Stichting Alfa Haarlem,2026Q3,3,,,,,,,,,,,
            11223344,,Gamma,2026Q3,4,,,,,,,,,,,
            11223344,,Gamma,2026Q3,5,,,,,,,,,,,
            87654321,,Beta,2026Q3,7,,,,,,,,,,,
            87654321,,Beta,2026KW03,7,,,,,,,,,,,

            """
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [try Self.source(body)]))
        let ledger = try #require(result.ledger.first { $0.sourceID == "impact-returns" })
        // 7 in: rows 1 (quarter), 3 (not in registry), 4 and 5 (conflict) rejected = 4; rows 2 and 6 out; row 7
        // merged. Row 2's werknemers "abc" is a cell reject: its fte 2 and 10 missing cells stay (issue 20).
        #expect(ledger.recordsIn == 7)
        #expect(ledger.rejected == 4)
        #expect(ledger.recordsOut == 2)
        #expect(ledger.merged == 1)
        #expect(ledger.cellsIn == 24 && ledger.cellsOut == 23 && ledger.cellsRejected == 1)
        #expect(ledger.balances)
        #expect(result.observations.first { $0.kvkNumber == "01234567" && $0.measure == "fte_total" }?.value == 2)
        #expect(
            result.rejects.map(\.reason).sorted() == [
                "duplicate.conflict", "duplicate.conflict", "kvk.not_in_registry", "kwartaal.mismatch",
                "value.not_a_number",
            ])
        let review = try #require(result.reviews.first)
        #expect(review.recordKvK == "99999999")
        #expect(review.candidateKvK.digits == "01234567")
        #expect(result.matches.count == 2)
    }

    @Test("a return for a quarter in which the enterprise is not in the programme is kept with a warning")
    func inactive() throws {
        // Gamma (11223344) exited on 2026-05-31, before 2026Q3 began.
        let body = "\(Fixtures.returnHeader)\n11223344,,Gamma,2026Q3,4,,,,,,,,,,,\n"
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [try Self.source(body)]))
        let d = try #require(result.diagnostics.first { $0.code == "kvk.inactive_in_quarter" })
        #expect(d.line == 2)
        #expect(d.message.contains("exit 2026-05-31"))
        #expect(result.observations.count == 12)
    }
}
