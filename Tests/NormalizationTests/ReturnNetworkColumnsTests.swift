import CSVCodec
import Foundation
import ImpactModel
import Testing

@testable import Normalization

/// Issue 16 item 4: the nine optional return columns (financing, B2G revenue, training hours, Banenafspraak hours,
/// hires from bijstand, supplier spend, programme activities, partnerships) go through the same cell rules, rejects
/// and ledger as the twelve earlier ones; a file of an earlier form without them stays valid and silent.
@Suite struct ReturnNetworkColumnsTests {
    static let newColumns = ImpactReturnMapping.measureColumns.filter(\.optional).map(\.column)
    static let fullHeader = Fixtures.returnHeader + "," + newColumns.joined(separator: ",")

    static func source(_ body: String) throws -> CSVSourceInput {
        CSVSourceInput(
            sourceID: "impact-returns", kind: .impact_return,
            files: [
                CSVSourceFile(
                    file: "returns/impact-2026Q3.csv", data: Fixtures.data(body),
                    quarter: try Fixtures.quarter("2026Q3"))
            ])
    }

    @Test func theNineColumnsAndTheirMeasures() {
        #expect(
            Self.newColumns == [
                "omzet_overheid_eur", "externe_financiering_eur", "opleidingsuren_personeel",
                "doelgroep_weekuren_banenafspraak", "instroom_uit_bijstand", "inkoop_totaal_eur", "inkoop_sociaal_eur",
                "programma_activiteiten", "samenwerkingen",
            ])
        // Every measure is one the catalogue's kinds may read (METRICS.md §6.1).
        for mc in ImpactReturnMapping.measureColumns where mc.optional {
            #expect(
                [
                    "revenue_government", "external_finance_raised", "training_hours_staff",
                    "tg_weekly_hours_banenafspraak", "tg_hires_from_bijstand", "supplier_spend_total",
                    "supplier_spend_social", "programme_activities_attended", "partnerships_active",
                ].contains(mc.measure), "\(mc.measure)")
        }
    }

    /// Alfa's row: the 12 earlier cells empty, the new ones 5000, 20000, 31, 48, 1, 9000, 1200, 2, 3, except
    /// `externe_financiering_eur` = "veel" (not a number). Beta's row: social purchasing 700 > total 500
    /// (implausible, kept with a warning).
    @Test func aBadNewCellIsACellRejectAndTheLedgerBalances() throws {
        let empty = String(repeating: ",", count: 11)
        let body = """
            \(Self.fullHeader)
            01234567,,Stichting Alfa,2026Q3,\(empty),5000,veel,31,48,1,9000,1200,2,3
            87654321,,Beta,2026Q3,\(empty),0,0,4,0,0,500,700,0,1

            """
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [try Self.source(body)]))
        let ledger = try #require(result.ledger.first { $0.sourceID == "impact-returns" })
        // 2 rows × 21 cells in; 1 cell rejected; 41 out.
        #expect(ledger.recordsIn == 2 && ledger.recordsOut == 2 && ledger.rejected == 0)
        #expect(ledger.cellsIn == 42 && ledger.cellsRejected == 1 && ledger.cellsOut == 41)
        #expect(ledger.balances)
        let reject = try #require(result.rejects.first)
        #expect(reject.field == "externe_financiering_eur" && reject.line == 2 && reject.value == "veel")
        #expect(reject.file == "returns/impact-2026Q3.csv" && reject.reason == "value.not_a_number")
        func value(_ kvk: String, _ measure: String) -> Double? {
            result.observations.first { $0.kvkNumber == kvk && $0.measure == measure }?.value
        }
        #expect(value("01234567", "revenue_government") == 5000)
        #expect(value("01234567", "tg_weekly_hours_banenafspraak") == 48)
        #expect(value("01234567", "programme_activities_attended") == 2)
        #expect(!result.observations.contains { $0.kvkNumber == "01234567" && $0.measure == "external_finance_raised" })
        #expect(value("87654321", "external_finance_raised") == 0)  // a reported 0 is a value, not missing
        #expect(
            result.diagnostics.contains {
                $0.code == "value.implausible" && $0.field == "inkoop_sociaal_eur" && $0.line == 3
            })
    }

    /// A return of the earlier form (16 columns): 12 observations per row, no `column.missing` warning for the
    /// nine optional columns (their measures are simply not observed).
    @Test func anEarlierFormStaysSilent() throws {
        let body = """
            \(Fixtures.returnHeader)
            01234567,,Stichting Alfa,2026Q3,10,7.5,,,,,,,,,,

            """
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [try Self.source(body)]))
        let ledger = try #require(result.ledger.first { $0.sourceID == "impact-returns" })
        #expect(ledger.cellsIn == 12 && ledger.observations == 12)
        #expect(!result.diagnostics.contains { $0.code == "column.missing" })
        #expect(!result.observations.contains { $0.measure == "partnerships_active" })
    }
}
