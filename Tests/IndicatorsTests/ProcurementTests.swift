import ImpactModel
import Indicators
import Testing

@Suite struct ProcurementTests {
    let q = Fx.q("2026Q3")
    let se = Fx.enterprise("11111111")

    func award(_ kvk: String, _ measure: String, _ quarter: String, _ value: Double?, clause: String, row: Int)
        -> ProcurementRow
    {
        var o = Fx.procurement(kvk, measure, quarter, value, row: row)
        o.dimensions = "contract_id=C\(row);se_match=kvk;sroi_clausule=\(clause)"
        return ProcurementRow.rows(in: [o])[0]
    }

    @Test func sroiRealisationCountsOnlyAwardsWithAClause() {
        let rows = [
            award("11111111", "sroi_obligation_eur", "2026Q1", 59_327.50, clause: "ja", row: 1),
            award("11111111", "sroi_realised_eur", "2026Q1", 62_051.48, clause: "ja", row: 1),
            award("22222222", "sroi_obligation_eur", "2026Q2", 10_000, clause: "ja", row: 2),
            award("22222222", "sroi_realised_eur", "2026Q2", 4_000, clause: "ja", row: 2),
            // no clause: not applicable
            award("33333333", "sroi_obligation_eur", "2026Q2", nil, clause: "nee", row: 3),
            award("33333333", "sroi_realised_eur", "2026Q2", nil, clause: "nee", row: 3),
        ]
        let c = Procurement.share(
            numerator: "sroi_realised_eur", numeratorScope: .all, denominator: "sroi_obligation_eur",
            denominatorScope: .all, rows: rows, pop: [se], at: q, scale: 100)
        // (62 051.48 + 4 000) / (59 327.50 + 10 000) × 100 = 66 051.48 / 69 327.50 × 100 = 95.2746…
        #expect(abs((c.value ?? 0) - 66_051.48 / 69_327.50 * 100) < 1e-9)
        #expect(c.notes.isEmpty)
        #expect(c.reporting == 2)
    }

    @Test func aClauseWithoutAnAmountMakesTheShareMissing() {
        let rows = [
            award("11111111", "sroi_obligation_eur", "2026Q1", 1_000, clause: "ja", row: 1),
            award("11111111", "sroi_realised_eur", "2026Q1", nil, clause: "ja", row: 1),
        ]
        let c = Procurement.share(
            numerator: "sroi_realised_eur", numeratorScope: .all, denominator: "sroi_obligation_eur",
            denominatorScope: .all, rows: rows, pop: [se], at: q, scale: 100)
        #expect(c.value == nil)
        #expect(c.notes == ["procurement.awards_without_amount(awards=1)"])
    }

    @Test func registryScopeNeedsTheSupplierInTheProgrammeInTheAwardQuarter() {
        let left = Fx.enterprise("22222222", exit: "2026-01-01", exitReason: .other)
        let rows = [
            award("11111111", "procurement_award_eur", "2026Q1", 30_000, clause: "nee", row: 1),
            // still in the programme
            award("22222222", "procurement_award_eur", "2025Q4", 20_000, clause: "nee", row: 2),
            award("22222222", "procurement_award_eur", "2026Q2", 50_000, clause: "nee", row: 3),  // after its exit
            award("99999999", "procurement_award_eur", "2026Q3", 100_000, clause: "nee", row: 4),
        ]
        let c = Procurement.share(
            numerator: "procurement_award_eur", numeratorScope: .registry, denominator: "procurement_award_eur",
            denominatorScope: .all, rows: rows, pop: [se, left], at: q, scale: 100)
        // (30 000 + 20 000) / (30 000 + 20 000 + 50 000 + 100 000) × 100 = 25
        #expect(c.value == 25)
        #expect(c.numerator == 50_000 && c.denominator == 200_000)
    }
}
