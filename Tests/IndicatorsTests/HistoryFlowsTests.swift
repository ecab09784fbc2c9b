import ImpactModel
import Testing

@testable import Indicators

/// Inflow and outflow with a registry history (issue 20 item 4): a move out of the municipality and a merger are
/// exits with their reason, a move in is an entry (never a birth), and an enterprise without history counts
/// exactly as before, by its programme entry and exit dates.
@Suite("Population flows with a registry history")
struct HistoryFlowsTests {
    static let amsterdam = RegioCode("GM0363")

    static func row(
        _ member: String, kvk: String? = nil, _ gemeente: RegioCode, from: String, until: String? = nil,
        mergedInto: String? = nil, line: Int
    ) -> IdentityRow {
        IdentityRow(
            memberKvK: KvKNumber(member)!, kvkNumber: KvKNumber(kvk ?? member)!, vestigingsnummer: nil,
            writtenGemeenteCode: gemeente, gemeenteCode: gemeente, validFrom: Fx.date(from),
            validUntil: until.map(Fx.date), mergedInto: mergedInto.flatMap(KvKNumber.init), file: "history.csv",
            line: line)
    }

    /// Window of 2026Q2: 2025-07-01 up to 2026-07-01.
    /// - A moves to Amsterdam on 2026-04-01: an exit, `relocation_out`.
    /// - B's vestiging goes to member 33333333 on 2026-01-01: an exit, `merger`.
    /// - C joined the programme on 2025-08-01 while in Amsterdam and moved to Haarlem on 2025-10-01: an entry,
    ///   `attracted` although its KvK registration (2025-05-01) would make the programme entry a birth.
    /// - D (no history) joined on 2026-02-01, registered 2026-01-15: an entry, `born`.
    /// - E (no history) stopped on 2025-09-01, `opheffing`.
    static func population() -> [Enterprise] {
        var a = Fx.enterprise("11111111")
        a.identities = [
            row("11111111", .haarlem, from: "2015-01-01", until: "2026-04-01", line: 2),
            row("11111111", amsterdam, from: "2026-04-01", line: 3),
        ]
        var b = Fx.enterprise("22222222")
        b.identities = [
            row("22222222", .haarlem, from: "2015-01-01", until: "2026-01-01", line: 4),
            row("22222222", kvk: "33333333", .haarlem, from: "2026-01-01", mergedInto: "33333333", line: 5),
        ]
        let acquirer = Fx.enterprise("33333333")
        var c = Fx.enterprise("44444444", entry: "2025-08-01", registered: "2025-05-01")
        c.identities = [
            row("44444444", amsterdam, from: "2025-05-01", until: "2025-10-01", line: 6),
            row("44444444", .haarlem, from: "2025-10-01", line: 7),
        ]
        let d = Fx.enterprise("55555555", entry: "2026-02-01", registered: "2026-01-15")
        let e = Fx.enterprise("66666666", exit: "2025-09-01", exitReason: .opheffing)
        return [a, b, acquirer, c, d, e].compactMap { $0.inPopulation(of: .haarlem) }
    }

    @Test func movesAndMergersAreFlowsWithTheirReason() throws {
        let pop = Self.population()
        let q = Fx.q("2026Q2")
        #expect(PopulationCounts.entryCount(pop, at: q).value == 2)
        #expect(PopulationCounts.exitCount(pop, at: q).value == 3)
        // Active at 2026-06-30: the acquirer, C and D (A moved, B merged, E stopped).
        #expect(PopulationCounts.activeCount(pop, at: q).value == 3)
        let byKvK = Dictionary(uniqueKeysWithValues: pop.map { ($0.kvkNumber.digits, $0) })
        #expect(byKvK["11111111"]?.exits.map(\.reason) == [.relocation_out])
        #expect(byKvK["11111111"]?.exits.map(\.date) == [Fx.date("2026-04-01")])
        #expect(byKvK["22222222"]?.exits.map(\.reason) == [.merger])
        #expect(byKvK["66666666"]?.exits.map(\.reason) == [.opheffing])
        #expect(byKvK["44444444"]?.entryDates == [Fx.date("2025-10-01")])
        #expect(byKvK["44444444"]?.inflowComponent == "attracted")
        #expect(byKvK["55555555"]?.inflowComponent == "born")
        // The move in is no birth: only D is born in the window.
        #expect(PopulationCounts.birthRate(pop, at: q).numerator == 1)
    }

    @Test func withoutHistoryTheProgrammeDatesDecide() {
        let e = Fx.enterprise("66666666", entry: "2020-03-01", exit: "2025-09-01", exitReason: .relocation_out)
        #expect(e.entryDates == [Fx.date("2020-03-01")])
        #expect(e.exits.map(\.date) == [Fx.date("2025-09-01")])
        #expect(e.exits.map(\.reason) == [.relocation_out])
        let quiet = Fx.enterprise("77777777", entry: "2020-03-01")
        #expect(quiet.exits.isEmpty)
        #expect(PopulationCounts.exitCount([e, quiet], at: Fx.q("2025Q3")).value == 1)
        #expect(PopulationCounts.exitCount([e, quiet], at: Fx.q("2026Q3")).value == 0)
        #expect(PopulationCounts.entryCount([e, quiet], at: Fx.q("2020Q4")).value == 2)
    }
}
