import Foundation
import ImpactModel
import Indicators
import RunArtifacts
import TestSupport
import Testing

/// The whole compute stage on a readable fixture: 5 Haarlem enterprises (one left in 2026Q2, one entered in
/// 2026Q1) and one Amsterdam enterprise, report quarter 2026Q3.
@Suite struct EngineTests {
    static let a = Fx.enterprise("11111111", entry: "2019-01-01", sbi: "3832", themes: ["duurzaamheid"], line: 2)
    static let b = Fx.enterprise(
        "22222222", entry: "2019-01-01", sbi: "8899", themes: ["duurzaamheid", "werk_en_participatie"], line: 3)
    static let c = Fx.enterprise(
        "33333333", entry: "2020-01-01", sbi: "8899", themes: ["werk_en_participatie"], line: 4)
    static let d = Fx.enterprise("44444444", entry: "2026-02-01", sbi: "8559", themes: ["onderwijs"], line: 5)
    static let e = Fx.enterprise(
        "55555555", entry: "2019-01-01", exit: "2026-05-15", exitReason: .opheffing, sbi: "5610", line: 6)
    static let f = Fx.enterprise("66666666", gemeente: "GM0363", line: 7)

    static var observations: [Observation] {
        var o: [Observation] = []
        o += Fx.flat("11111111", "employees_headcount", from: "2019Q1", to: "2026Q3", 10)
        o += Fx.flat("22222222", "employees_headcount", from: "2019Q1", to: "2026Q3", 20)
        o += Fx.flat("33333333", "employees_headcount", from: "2020Q1", to: "2026Q3", 5)
        o += Fx.flat("44444444", "employees_headcount", from: "2026Q1", to: "2026Q3", 3)
        o += Fx.flat("55555555", "employees_headcount", from: "2019Q1", to: "2026Q1", 4)
        o += [Fx.obs("66666666", "employees_headcount", "2026Q3", 7)]
        o += Fx.series("11111111", "ghg_avoided_tco2e", from: "2025Q4", [1.5, 2.5, 3, 4])
        o += Fx.series("22222222", "ghg_avoided_tco2e", from: "2025Q4", [10, 10, nil, 10])
        o += [
            Fx.obs("11111111", "learning_places", "2026Q3", 2), Fx.obs("22222222", "learning_places", "2026Q3", 3),
            Fx.obs("33333333", "learning_places", "2026Q3", 1), Fx.obs("44444444", "learning_places", "2026Q3", nil),
        ]
        o += [
            Fx.procurement("11111111", "procurement_award_eur", "2026Q1", 100_000, row: 1),
            Fx.procurement("22222222", "procurement_award_eur", "2026Q2", 50_000, row: 2),
            Fx.procurement("33333333", "procurement_award_eur", "2025Q4", 30_000, row: 3),
            Fx.procurement("99999999", "procurement_award_eur", "2026Q3", 820_000, row: 4),
            Fx.procurement("11111111", "procurement_award_eur", "2026Q3", 500_000, addressable: false, row: 5),
            Fx.procurement("66666666", "procurement_award_eur", "2026Q2", 10_000, row: 6),
            Fx.procurement("22222222", "procurement_award_eur", "2025Q3", 1_000_000, row: 7),
        ]
        return o
    }

    static func run() throws -> MetricRun {
        let cat = try MetricCatalogue.load(
            contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml")
        ).withoutPublicationRules()  // values of 6 enterprises; the §8 publication rules are tested apart
        return MetricEngine.compute(
            catalogue: cat, enterprises: [a, b, c, d, e, f], observations: observations, municipality: .haarlem,
            reportQuarter: Fx.q("2026Q3"))
    }

    @Test func activeEnterprisesAndRevisionStatus() throws {
        let run = try Self.run()
        let now = try #require(run.row("pop_active_se", entity: "GM0392", period: "2026Q3"))
        #expect(now.value == 4)  // a, b, c, d; e left 2026-05-15; f is in Amsterdam
        #expect(now.status == .ok && now.valueStatus == .voorlopig)
        #expect(run.row("pop_active_se", entity: "GM0392", period: "2026Q2")?.valueStatus == .voorlopig)
        #expect(run.row("pop_active_se", entity: "GM0392", period: "2026Q1")?.valueStatus == .nader_voorlopig)
        // The 8th quarter back is still nader voorlopig; nothing older is recomputed.
        #expect(run.row("pop_active_se", entity: "GM0392", period: "2024Q4")?.valueStatus == .nader_voorlopig)
        #expect(run.row("pop_active_se", entity: "GM0392", period: "2024Q3") == nil)
        // 2026Q1: a, b, c, d (entered 2026-02-01), e (still in) = 5
        #expect(run.row("pop_active_se", entity: "GM0392", period: "2026Q1")?.value == 5)
    }

    @Test func themeCellsBelowThreeAreSuppressedWithTheCBSSymbol() throws {
        let run = try Self.run()
        let cells = run.rows.filter {
            $0.metricID == "pop_active_se" && $0.period == "2026Q3" && $0.breakdown.hasPrefix("theme=")
        }
        #expect(Set(cells.map(\.breakdown)) == ["theme=duurzaamheid", "theme=onderwijs", "theme=werk_en_participatie"])
        for cell in cells {
            #expect(cell.status == .suppressed && cell.symbol == "x" && cell.value == nil && cell.numerator == nil)
        }
        let sustainability = try #require(cells.first { $0.breakdown == "theme=duurzaamheid" })
        #expect(sustainability.note == "disclosure.fewer_than(minimum=3)")
    }

    @Test func noSuppressedCellCanBeDerivedFromAPublishedTotal() throws {
        try expectNoDerivableCells(Self.run())
    }

    @Test func employeesStockSumWithProvenance() throws {
        let run = try Self.run()
        let row = try #require(run.row("emp_headcount_total", entity: "GM0392", period: "2026Q3"))
        #expect(row.value == 38)  // 10 + 20 + 5 + 3
        #expect(row.nEnterprises == 4 && row.coverage == 100 && row.status == .ok)
        let explain = try #require(run.explain(row.provenanceID))
        #expect(explain.contains("berekening: (10 + 20 + 5 + 3) = 38"))
        #expect(explain.contains("t:11111111:employees_headcount:2026Q3"))
        // 2026Q1 includes e (4): 10 + 20 + 5 + 3 + 4 = 42
        #expect(run.row("emp_headcount_total", entity: "GM0392", period: "2026Q1")?.value == 42)
    }

    @Test func incompleteWindowIsMissingAtEnterpriseLevelAndSuppressedInTotal() throws {
        let run = try Self.run()
        let bRow = try #require(run.row("sus_ghg_avoided_r4q", entity: "22222222", period: "2026Q3"))
        #expect(bRow.status == .missing && bRow.value == nil)
        #expect(bRow.note == "window.quarters_missing(missing=1,of=4)")
        #expect(run.row("sus_ghg_avoided_r4q", entity: "11111111", period: "2026Q3")?.value == 11)  // 1.5+2.5+3+4
        let total = try #require(run.row("sus_ghg_avoided_r4q", entity: "GM0392", period: "2026Q3"))
        #expect(total.status == .suppressed && total.value == nil && total.nEnterprises == 1)
        // applies_to: theme: only a and b carry duurzaamheid and nobody else reported GHG, so 1 of 2 = 50 %.
        #expect(total.coverage == 50)
        #expect(!total.note.contains("22222222"))  // programme rows never name enterprises
    }

    @Test func partialCoverageIsPublishedWithAFlag() throws {
        let run = try Self.run()
        let row = try #require(run.row("edu_learning_places", entity: "GM0392", period: "2026Q3"))
        #expect(row.value == 6)  // 2 + 3 + 1; d reported a missing value
        #expect(row.coverage == 75 && row.status == .partial)
        #expect(row.note.hasPrefix("coverage.partial(percent=75)"))
    }

    @Test func procurementShareMatchesOnKvKNumber() throws {
        let run = try Self.run()
        let row = try #require(run.row("proc_spend_share_se", entity: "GM0392", period: "2026Q3"))
        // SE awards 100 000 + 50 000 + 30 000 = 180 000 of 100 000 + 50 000 + 30 000 + 820 000 + 10 000 = 1 010 000
        // (non-addressable and pre-window awards left out; the Amsterdam enterprise is no Haarlem SE).
        // The denominator is dominated by one supplier (820 000 of 1 010 000, two largest 91 %): METRICS.md §8 holds
        // every published magnitude to the primary rules, so the share is published without its parts.
        #expect(row.numerator == nil && row.denominator == nil)
        #expect(row.note.contains(DisclosureControl.partsHiddenNote))
        let p = try #require(run.provenance[row.provenanceID])
        #expect(p.arithmetic.contains("= 180000 / 1010000 × 100"), "\(p.arithmetic)")
        #expect(row.value == 17.8)  // 17.8217… rounded to 1 decimal
        #expect(row.nEnterprises == 3 && row.level == "municipality")
    }

    @Test func csvRoundTripsAndEveryRowHasProvenance() throws {
        let run = try Self.run()
        let back = try MetricRecord.read(run.csv())
        #expect(back == run.rows)
        #expect(Set(run.rows.map(\.provenanceID)).count == run.rows.count)
        for r in run.rows { #expect(run.provenance[r.provenanceID] != nil) }
        #expect(
            !run.rows.contains {
                ($0.status == .suppressed || $0.status == .withheld) && ($0.value != nil || $0.numerator != nil)
            })
        let back2 = try Provenance.read(run.provenanceJSON())
        #expect(back2 == run.provenance)
        #expect(throws: ImpactError.self) { try Provenance.read(Data("[1]".utf8)) }
    }

    @Test func everyInputObservationIsAccountedFor() throws {
        let run = try Self.run()
        let acc = run.accounting
        #expect(acc.total == Self.observations.count)
        #expect(acc.balances)
        #expect(acc.enterpriseNotInRegistry == 1)  // the Amsterdam enterprise's return row
        #expect(acc.procurementFiltered == 1)
        #expect(run.diagnostics.contains { $0.code == "compute.not_in_registry" && $0.message.contains("66666666") })
    }

    @Test func scaleClassCountsAreProgrammeRowsPerClass() throws {
        let run = try Self.run()
        // a, b: flat since 2019 → stable; c: since 2020, flat → stable; d: new → insufficient_data.
        #expect(run.row("scale_class", entity: "11111111", period: "2026Q3")?.category == "stable")
        #expect(run.row("scale_class", entity: "44444444", period: "2026Q3")?.category == "insufficient_data")
        let stable = try #require(
            run.row("scale_class", entity: "GM0392", period: "2026Q3", breakdown: "scale_class=stable"))
        let insufficient = try #require(
            run.row("scale_class", entity: "GM0392", period: "2026Q3", breakdown: "scale_class=insufficient_data"))
        #expect(insufficient.status == .suppressed && insufficient.note == "disclosure.fewer_than(minimum=3)")
        // With the total 4 published, stable = 4 − 1 would reveal the suppressed cell: secondary suppression.
        #expect(run.row("scale_class", entity: "GM0392", period: "2026Q3")?.value == 4)
        #expect(stable.status == .suppressed && stable.nEnterprises == 3)
        #expect(stable.note == "disclosure.secondary")
        // Empty classes hide nothing and stay published as 0.
        #expect(
            run.row("scale_class", entity: "GM0392", period: "2026Q3", breakdown: "scale_class=gazelle")?.value == 0)
    }

    @Test func metricWithoutAnyInputIsMissingAndSaysSo() throws {
        let run = try Self.run()
        let row = try #require(run.row("fin_external_raised_r4q", entity: "GM0392", period: "2026Q3"))
        #expect(row.status == .missing && row.value == nil && row.symbol == ".")
        #expect(row.note.hasPrefix("input.none"))
        #expect(row.nEnterprises == 0 && row.coverage == 0)
    }

    @Test func breakdownCellsComeBeforeTheirTotal() throws {
        // Readers that key rows by metric, entity and period (ignoring `breakdown`) end on the total.
        let run = try Self.run()
        var last: [String: MetricRecord] = [:]
        for r in run.rows { last["\(r.metricID)|\(r.entity)|\(r.period)"] = r }
        for (key, r) in last { #expect(r.breakdown.isEmpty, "\(key) ends on \(r.breakdown)") }
    }

    @Test func outputDoesNotDependOnTheOrderOfTheInput() throws {
        let cat = try MetricCatalogue.load(
            contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
        let ents = [Self.a, Self.b, Self.c, Self.d, Self.e, Self.f]
        let first = MetricEngine.compute(
            catalogue: cat, enterprises: ents, observations: Self.observations, municipality: .haarlem,
            reportQuarter: Fx.q("2026Q3"))
        let second = MetricEngine.compute(
            catalogue: cat, enterprises: ents.reversed(), observations: Self.observations.shuffled(),
            municipality: .haarlem, reportQuarter: Fx.q("2026Q3"))
        #expect(first.csv() == second.csv())
        #expect(try first.provenanceJSON() == second.provenanceJSON())
    }
}
