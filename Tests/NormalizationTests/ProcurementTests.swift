import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Procurement awards → spend observations")
struct ProcurementTests {
    @Test("suppliers outside the registry are kept; nee is filtered; foreign supplier kept unmatched; ledger balances")
    func procurement() throws {
        let body = """
            \(Fixtures.procurementHeader)
            C-001,87654321,Coöperatie Beta,2026-08-14,25000.00,catering,ja,ja,5,1250,600
            C-002,55555555,Bouwbedrijf Delta,2026-09-30,100000,bouw,ja,nee,,,
            C-003,66666666,Energie NV,2026-07-02,40000,energie,nee,nee,,,
            C-004,,Foreign Ltd,2026-07-15,5000,ict,ja,nee,,,
            C-005,1.23457E+07,Onbekend,2026-07-15,5000,ict,ja,nee,,,
            C-006,87654321,Coöperatie Beta,2026-10-01,1000,catering,misschien,nee,,,
            C-001,87654321,Coöperatie Beta,2026-08-14,25000,catering,ja,ja,5,1250,600

            """
        let src = CSVSourceInput(
            sourceID: "inkoop", kind: .procurement_award,
            files: [CSVSourceFile(file: "procurement/inkoop-gunningen.csv", data: Fixtures.data(body))])
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [src]))
        let ledger = try #require(result.ledger.first { $0.sourceID == "inkoop" })
        // 7 in: C-001, C-002, C-004 out (3); C-003 filtered; C-005 (scientific) and C-006 (beinvloedbaar) rejected;
        // the second C-001 merged (25000.00 and 25000 are the same amount).
        #expect(
            ledger
                == LedgerEntry(
                    sourceID: "inkoop", recordsIn: 7, recordsOut: 3, rejected: 2, filtered: 1, merged: 1,
                    observations: 9))
        let awards = result.observations.filter { $0.measure == "procurement_award_eur" }
        // Sorted by KvK-nummer: the supplier without one, 55555555, 87654321.
        #expect(awards.map(\.kvkNumber) == ["", "55555555", "87654321"])
        #expect(awards.map(\.value) == [5000, 100_000, 25000])
        // Spend total 25000 + 100000 + 5000 = 130000, of which with social enterprises 25000.
        #expect(awards.compactMap(\.value).reduce(0, +) == 130_000)
        let se = awards.filter { $0.dimensions.contains("se_match=kvk") }
        #expect(se.map(\.kvkNumber) == ["87654321"])
        #expect(se.compactMap(\.value).reduce(0, +) == 25_000)
        #expect(awards.first { $0.kvkNumber == "55555555" }?.dimensions.contains("se_match=none") == true)
        #expect(awards.first { $0.kvkNumber == "" }?.value == 5000)
        #expect(awards.allSatisfy { $0.periodCode == "2026KW03" })
        let sroi = try #require(
            result.observations.first { $0.measure == "sroi_obligation_eur" && $0.kvkNumber == "55555555" })
        #expect(sroi.value == nil && sroi.valueAttribute == .not_available)
        #expect(result.matches.map(\.kvkNumber.digits) == ["87654321"])
    }
}
