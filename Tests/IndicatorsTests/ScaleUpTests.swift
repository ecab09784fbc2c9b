import ImpactModel
import Indicators
import Testing

/// §7 on report quarter 2026Q4: t = 2026 (2026Q1–Q4) against t−3 = 2023 (2023Q1–Q4); founded before 2023.
@Suite struct ScaleUpTests {
    let q = Fx.q("2026Q4")

    func employees(_ kvk: String, start: [Double], end: [Double]) -> [Observation] {
        Fx.series(kvk, "employees_headcount", from: "2023Q1", start.map { $0 })
            + Fx.series(kvk, "employees_headcount", from: "2026Q1", end.map { $0 })
    }

    func assess(_ e: Enterprise, _ obs: [Observation]) -> ScaleUpAssessment {
        ScaleUp.assess(e, QuarterlyPanel(observations: obs), at: q)
    }

    @Test func exactlyTimes1point331IsHGEAndJustBelowIsNot() {
        // E_t−3 = 250; E_t = (332 + 333 + 333 + 333) / 4 = 332.75 = 250 × 1.331 exactly.
        let at = assess(
            Fx.enterprise("50000001"), employees("50000001", start: [250, 250, 250, 250], end: [332, 333, 333, 333]))
        #expect(at.e1?.value == 332.75)
        #expect(at.growthClass == .hge_eurostat)
        // E_t = (332 + 333 + 332 + 333) / 4 = 332.5 → ×1.33: below 33.1 %.
        let below = assess(
            Fx.enterprise("50000002"), employees("50000002", start: [250, 250, 250, 250], end: [332, 333, 332, 333]))
        #expect(below.growthClass == .stable)
        // Integer quarter-ends: 4 × 1000 → 4 × 1331 is ×1.331 exactly (1331 / 1000 in binary is not above 1.331).
        let integers = assess(
            Fx.enterprise("50000003"),
            employees("50000003", start: [1000, 1000, 1000, 1000], end: [1331, 1331, 1331, 1331]))
        #expect(integers.growthClass == .hge_eurostat)
        // Only the end quarters reported: no class on single quarters (no fallback for the classification).
        let ends = assess(
            Fx.enterprise("50000004"),
            [
                Fx.obs("50000004", "employees_headcount", "2023Q4", 1000),
                Fx.obs("50000004", "employees_headcount", "2026Q4", 1331),
            ])
        #expect(ends.growthClass == .insufficient_data)
        #expect(ends.reasons == ["werknemers ontbreken op een kwartaaleinde van het jaar t/m 2023Q4"])
    }

    @Test func tenEmployeesAtStartIsHGENineIsTheMicroTier() {
        let ten = assess(
            Fx.enterprise("50000010"), employees("50000010", start: [10, 10, 10, 10], end: [14, 14, 14, 14]))
        #expect(ten.growthClass == .hge_eurostat && ten.eligibleForHGE)
        // 9 → 13: ×1.444 and +4 ≥ 3, but fewer than 10 at t−3.
        let nine = assess(
            Fx.enterprise("50000009"), employees("50000009", start: [9, 9, 9, 9], end: [13, 13, 13, 13]))
        #expect(nine.growthClass == .emerging_scaler)
        #expect(!nine.eligibleForHGE && !nine.flags.contains(.hge_eurostat))
        // 9 → 11: ×1.222, below 33.1 % → stable.
        let slow = assess(
            Fx.enterprise("50000008"), employees("50000008", start: [9, 9, 9, 9], end: [11, 11, 11, 11]))
        #expect(slow.growthClass == .stable)
        // 2 → 4: ×2 but only +2 (< 3): no tier; §7 names no class.
        let tiny = assess(Fx.enterprise("50000007"), employees("50000007", start: [2, 2, 2, 2], end: [4, 4, 4, 4]))
        #expect(tiny.growthClass == .unclassified)
    }

    @Test(arguments: [
        (2023, HighGrowthClass.insufficient_data),  // founded in t−3: the start year may not be the birth year
        (2024, HighGrowthClass.insufficient_data),
        (2022, HighGrowthClass.gazelle),  // t−4: age ≤ 5
        (2021, HighGrowthClass.gazelle),  // t−5
        (2020, HighGrowthClass.hge_eurostat),  // t−6: too old for a gazelle
    ])
    func foundingYearAroundTMinus3(founded: Int, expected: HighGrowthClass) {
        let e = Fx.enterprise("50000020", founded: founded)
        let a = assess(e, employees("50000020", start: [10, 10, 10, 10], end: [20, 20, 20, 20]))
        #expect(a.growthClass == expected)
    }

    @Test func scaleup20ByRevenueFromAFiveMillionStart() {
        let kvk = "50000030"
        // E 5 → 5 (stable), R 4 × 1.5 m = 6 m → 4 × 2.592 m = 10.368 m = 6 m × 1.728.
        let obs =
            employees(kvk, start: [5, 5, 5, 5], end: [5, 5, 5, 5])
            + Fx.series(kvk, "revenue_total", from: "2023Q1", [1_500_000, 1_500_000, 1_500_000, 1_500_000])
            + Fx.series(kvk, "revenue_total", from: "2026Q1", [2_592_000, 2_592_000, 2_592_000, 2_592_000])
        let a = assess(Fx.enterprise(kvk), obs)
        #expect(a.growthClass == .scaleup_20)
        #expect(a.flags == [.scaleup_20, .stable])
    }

    @Test func shrinkingAtExactlyMinusTenPercent() {
        let a = assess(
            Fx.enterprise("50000040"), employees("50000040", start: [20, 20, 20, 20], end: [18, 18, 18, 18]))
        #expect(a.growthClass == .shrinking)  // 18 / 20 = 0.9 ≤ 0.9
    }

    @Test func impactScalerOnTargetGroupFTE() {
        let kvk = "50000050"
        // Employment flat (stable) but target-group FTE 2 → 5: ×2.5 ≥ 1.728 and +3 FTE.
        let obs =
            employees(kvk, start: [20, 20, 20, 20], end: [20, 20, 20, 20])
            + Fx.series(kvk, "tg_fte", from: "2023Q1", [2, 2, 2, 2])
            + Fx.series(kvk, "tg_fte", from: "2026Q1", [5, 5, 5, 5])
        let a = assess(Fx.enterprise(kvk), obs)
        #expect(a.growthClass == .impact_scaler)
        #expect(a.flags == [.impact_scaler, .stable])
    }

    @Test func shortHistoryOrExitIsInsufficientData() {
        let kvk = "50000060"
        let short = assess(
            Fx.enterprise(kvk), Fx.series(kvk, "employees_headcount", from: "2024Q1", Array(repeating: 10, count: 12)))
        #expect(short.growthClass == .insufficient_data)
        let gone = assess(
            Fx.enterprise(kvk, exit: "2026-11-01", exitReason: .opheffing),
            employees(kvk, start: [10, 10, 10, 10], end: [20, 20, 20, 20]))
        #expect(gone.growthClass == .insufficient_data)
    }

    @Test func hgeShareCountsAmongEnterprisesWithTenAtStart() {
        // Six eligible (≥ 10 at t−3, founded 2010); a micro firm grows but is not eligible.
        let rows: [(String, Double, Double)] = [
            ("60000001", 10, 14), ("60000002", 20, 30), ("60000003", 10, 11), ("60000004", 12, 12),
            ("60000005", 40, 30), ("60000007", 10, 18), ("60000006", 5, 9),
        ]
        let pop = rows.map { Fx.enterprise($0.0) }
        let obs = rows.flatMap {
            employees($0.0, start: Array(repeating: $0.1, count: 4), end: Array(repeating: $0.2, count: 4))
        }
        let panel = QuarterlyPanel(observations: obs)
        let c = ScaleUp.hgeShare(pop, panel, at: q, employees: "employees_headcount")
        #expect(c.value == 50)  // ×1.4, ×1.5, ×1.8 of 6: 3 / 6 × 100
        #expect(c.reporting == 6)
        // Sensitivity at 20 % a year (×1.728): only ×1.8 → 1 / 6 × 100
        let c20 = ScaleUp.hgeShare(pop, panel, at: q, employees: "employees_headcount", factor: 1.728)
        #expect(abs((c20.value ?? 0) - 100.0 / 6) < 1e-12)
    }

    @Test func watchlistNeedsTwoConsecutiveQuarters() {
        let kvk = "70000001"
        let q3 = Fx.q("2026Q3")
        // Revenue 100 in 2024Q3–2025Q3, 130 from 2025Q4: R4Q 2026Q2 = 100 + 3×130 = 490 vs 400 (+22.5 %);
        // R4Q 2026Q3 = 520 vs 400 (+30 %). Headcount 10 → 11 (+10 %) and 10 → 12 (+20 %).
        let revenue = Fx.series(kvk, "revenue_total", from: "2024Q3", [100, 100, 100, 100, 100, 130, 130, 130, 130])
        let heads = [
            Fx.obs(kvk, "employees_headcount", "2025Q2", 10), Fx.obs(kvk, "employees_headcount", "2025Q3", 10),
            Fx.obs(kvk, "employees_headcount", "2026Q2", 11), Fx.obs(kvk, "employees_headcount", "2026Q3", 12),
        ]
        let e = Fx.enterprise(kvk)
        let yes = ScaleUp.watchlist(
            e, revenue: "revenue_total", employees: "employees_headcount",
            QuarterlyPanel(observations: revenue + heads), at: q3)
        #expect(yes.value == 1)
        var flat = heads
        flat[2] = Fx.obs(kvk, "employees_headcount", "2026Q2", 10)  // 2026Q2: +0 %
        let no = ScaleUp.watchlist(
            e, revenue: "revenue_total", employees: "employees_headcount",
            QuarterlyPanel(observations: revenue + flat), at: q3)
        #expect(no.value == 0)
    }
}
