import Foundation
import ImpactModel
import Indicators
import TestSupport
import Testing

/// Every programme and enterprise metric of `config/metrics.yaml` on one readable fixture, report quarter 2026Q4
/// (t = 2026Q1–Q4, t−3 = 2023Q1–Q4). Six enterprises P1–P6 report every measure every quarter from 2022Q1;
/// P7 was born 2026-03-01 and entered 2026-05-01 without returns; P8 left on 2026-01-01 (6 employees until then).
/// Values are flat per enterprise except headcount (t−3 → t) and revenue (100 000 a quarter, 125 000 in 2026).
@Suite struct CatalogueFixtureTests {
    static let report = Fx.q("2026Q4")
    static let base: [Double] = [10, 20, 12, 5, 10, 30]  // headcount up to 2025Q4
    static let end: [Double] = [14, 22, 12, 9, 10, 24]  // headcount in 2026
    static let fte: [Double] = [8, 16, 10, 4, 8, 20]
    static let tgFTE: [Double] = [2, 4, 5, 2, 4, 6]
    static let tgHeads: [Double] = [3, 5, 6, 2, 4, 8]
    static let banenHours: [Double] = [25.5, 51, 0, 25.5, 0, 51]
    static let bijstandHires: [Double] = [1, 0, 2, 1, 0, 1]
    static let external: [Double] = [0, 10_000, 0, 5_000, 0, 0]
    static let clients: [Double] = [10, 20, 30, 40, 50, 60]
    static let ghg: [Double] = [0.5, 1, 1.5, 2, 2.5, 3]

    static let run: MetricRun = {
        let themes = ["sociale_zaken", "onderwijs", "duurzaamheid", "werk_en_participatie"]
        var ents: [Enterprise] = []
        var obs: [Observation] = []
        for i in 0..<6 {
            let kvk = "9000000\(i + 1)"
            let entry = i == 3 ? "2023-03-01" : i == 4 ? "2023-06-01" : "2019-01-01"
            ents.append(
                Fx.enterprise(
                    kvk, entry: entry, founded: 2010, sbi: i < 3 ? "8899" : "5610", themes: themes, line: i + 2))
            var q = Fx.q("2022Q1")
            while q <= report {
                let s = q.description
                func add(_ m: String, _ v: Double) { obs.append(Fx.obs(kvk, m, s, v)) }
                add("employees_headcount", q.year == 2026 ? end[i] : base[i])
                add("fte_total", fte[i])
                add("tg_fte", tgFTE[i])
                add("tg_headcount", tgHeads[i])
                add("tg_weekly_hours_banenafspraak", banenHours[i])
                add("tg_hires_from_bijstand", bijstandHires[i])
                let revenue: Double = q.year == 2026 ? 125_000 : 100_000
                add("revenue_total", revenue)
                add("revenue_sales", revenue * 0.75)
                add("revenue_grants_donations", revenue * 0.25)
                add("revenue_government", revenue * 0.1)
                add("external_finance_raised", external[i])
                add("clients_individuals", clients[i])
                add("individuals_trained", Double(i + 1))
                add("training_hours_staff", fte[i])
                add("learning_places", 1)
                add("ghg_avoided_tco2e", ghg[i])
                add("waste_diverted_t", 2)
                add("supplier_spend_total", 1_000)
                add("supplier_spend_social", 200)
                q = q + 1
            }
        }
        ents.append(
            Fx.enterprise(
                "90000007", entry: "2026-05-01", founded: 2026, sbi: "5610", themes: themes, registered: "2026-03-01",
                line: 8))
        ents.append(
            Fx.enterprise(
                "90000008", entry: "2019-01-01", exit: "2026-01-01", exitReason: .opheffing, sbi: "5610",
                themes: themes, line: 9))
        obs += Fx.flat("90000008", "employees_headcount", from: "2022Q1", to: "2025Q4", 6)
        func award(_ kvk: String, _ q: String, _ amount: Double, sroi: (Double, Double)?, row: Int) -> [Observation] {
            let dims = "se_match=kvk;sroi_clausule=\(sroi == nil ? "nee" : "ja")"
            var out = [
                Fx.procurement(kvk, "procurement_award_eur", q, amount, row: row),
                Fx.procurement(kvk, "sroi_obligation_eur", q, sroi?.0, row: row),
                Fx.procurement(kvk, "sroi_realised_eur", q, sroi?.1, row: row),
            ]
            for i in out.indices { out[i].dimensions = dims }
            return out
        }
        obs += award("90000001", "2026Q1", 100_000, sroi: (5_000, 4_000), row: 1)
        obs += award("90000002", "2026Q2", 100_000, sroi: (5_000, 4_000), row: 2)
        obs += award("90000003", "2026Q3", 100_000, sroi: (5_000, 4_000), row: 3)
        obs += award("12121212", "2026Q4", 700_000, sroi: (25_000, 28_000), row: 4)
        obs += award("12121212", "2025Q3", 900_000, sroi: nil, row: 5)  // before the window
        var cat =
            (try? MetricCatalogue.load(contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml")))
            ?? MetricCatalogue(metrics: [])
        // Values of a handful of enterprises: the §8 publication rules (rounding to 5, percentage rule) apart.
        cat = cat.withoutPublicationRules()
        return MetricEngine.compute(
            catalogue: cat, enterprises: ents, observations: obs, municipality: .haarlem, reportQuarter: report)
    }()

    @Test func catalogueLoaded() {
        #expect(Self.run.rows.count > 500)
    }

    @Test(arguments: [
        // Published programme values (coverage 6 of 7 active = 85.7 %: ok).
        ("pop_active_se", "GM0392", 7.0),  // P1–P7
        ("emp_headcount_total", "GM0392", 91.0),  // 14 + 22 + 12 + 9 + 10 + 24
        ("emp_fte_total", "GM0392", 66.0),  // 8 + 16 + 10 + 4 + 8 + 20
        ("emp_growth_yoy_panel", "GM0392", 4.6),  // (91 / (10+20+12+5+10+30 = 87) − 1) × 100 = 4.597…
        ("emp_composition_yoy", "GM0392", -6.0),  // (91 − (87 + 6 of P8)) − (91 − 87)
        ("scale_class", "GM0392", 7.0),  // enterprises assessed
        ("pop_hge20_share", "GM0392", 0.0),  // nobody at ×1.728 (P1: ×1.4)
        ("scale_watchlist", "GM0392", 0.0),  // R4Q revenue 2026Q3: 475 000 / 400 000 = +18.75 % < 20 %
        ("fin_revenue_total_r4q", "GM0392", 3_000_000.0),  // 6 × 4 × 125 000
        ("fin_earned_income_share", "GM0392", 75.0),
        ("fin_grant_dependency", "GM0392", 25.0),
        ("soc_tg_fte", "GM0392", 23.0),  // 2 + 4 + 5 + 2 + 4 + 6
        ("soc_tg_headcount", "GM0392", 28.0),  // 3 + 5 + 6 + 2 + 4 + 8
        ("soc_tg_fte_share", "GM0392", 34.8),  // 4 × 23 / (4 × 66) × 100 = 34.848…
        ("soc_banenafspraak_jobs", "GM0392", 6.0),  // (25.5 + 51 + 0 + 25.5 + 0 + 51) / 25.5
        ("soc_hires_from_bijstand_r4q", "GM0392", 20.0),  // 4 × (1 + 0 + 2 + 1 + 0 + 1)
        ("soc_beneficiaries_r4q", "GM0392", 840.0),  // 4 × (10 + 20 + 30 + 40 + 50 + 60)
        ("edu_individuals_trained_r4q", "GM0392", 84.0),  // 4 × (1 + 2 + 3 + 4 + 5 + 6)
        ("edu_learning_places", "GM0392", 6.0),
        ("edu_training_hours_per_fte_r4q", "GM0392", 4.0),  // (4 × 66 h) / (4 × 66 FTE) × 4 = 264 / 66
        ("sus_ghg_avoided_r4q", "GM0392", 42.0),  // 4 × (0.5 + 1 + 1.5 + 2 + 2.5 + 3)
        ("sus_waste_diverted_r4q", "GM0392", 48.0),  // 4 × 6 × 2
        ("proc_spend_share_se", "GM0392", 30.0),  // 300 000 / 1 000 000 × 100
        ("proc_sroi_realisation", "GM0392", 100.0),  // (3 × 4 000 + 28 000) / (3 × 5 000 + 25 000) × 100
        ("proc_sroi_via_se_share", "GM0392", 30.0),  // 12 000 / 40 000 × 100
        ("proc_b2g_revenue_share", "GM0392", 10.0),
        ("net_social_purchasing_share", "GM0392", 20.0),  // 200 / 1 000
        // Enterprise rows of P1 (10 → 14 employees, revenue 400 000 → 500 000 a year).
        ("ent_emp_cagr_3y", "90000001", 11.9),  // (1.4^(1/3) − 1) × 100 = 11.869…
        ("ent_birch_3y", "90000001", 5.6),  // (14 − 10) × 14 / 10
        ("ent_rev_growth_yoy_r4q", "90000001", 25.0),  // 500 000 / 400 000 − 1
        ("ent_rev_cagr_3y", "90000001", 7.7),  // (1.25^(1/3) − 1) × 100 = 7.721…
        ("scale_watchlist", "90000001", 0.0),
        ("soc_tg_fte_share", "90000001", 25.0),  // 4 × 2 / (4 × 8) × 100
        ("soc_beneficiaries_r4q", "90000001", 40.0),
        ("sus_ghg_avoided_r4q", "90000006", 12.0),  // 4 × 3
        ("fin_earned_income_share", "90000004", 75.0),
    ])
    func publishedValue(metric: String, entity: String, expected: Double) throws {
        let row = try #require(Self.run.row(metric, entity: entity, period: "2026Q4"), "\(metric)/\(entity)")
        #expect(row.value == expected, "\(metric): \(row.value.map(formatNumber) ?? "-") \(row.status) \(row.note)")
        #expect(row.status == .ok, "\(metric): \(row.status) \(row.note)")
        #expect(row.valueStatus == .voorlopig)
    }

    @Test(arguments: [
        // Suppressed totals: the value is computed (provenance) but not published.
        (
            "pop_inflow_se_r4q", "count of programme entries in [2026-01-01, 2027-01-01) = 1",
            "disclosure.fewer_than(minimum=3)"
        ),
        ("pop_outflow_se_r4q", "count of exits in [2026-01-01, 2027-01-01) = 1", "disclosure.fewer_than(minimum=3)"),
        ("pop_birth_rate_se", "1 / (6 + 7 + 7 + 7) / 4 × 100 = 14.814815", "disclosure.fewer_than(minimum=3)"),
        (
            "pop_survival_3y_se",
            "2 of the 2 entries in [2023-01-01, 2024-01-01) active on 2026-12-31: 2 / 2 × 100 = 100",
            "disclosure.fewer_than(minimum=5)"
        ),
        // 1 high-growth enterprise (P1) of the 5 eligible {P1, P2, P3, P5, P6}: 1 / 5 × 100 = 20 %, but a share
        // with 1 in its numerator would publish the class count that the class table hides.
        (
            "pop_hge_share", "1 with E_t / E_t−3 ≥ 1.331 (90000001) / 5 eligible × 100 = 20",
            "disclosure.numerator_fewer_than(minimum=3)"
        ),
        // External finance: 4 × (10 000 + 5 000) = 60 000 from two of six enterprises: dominance 100 % > 85 %.
        (
            "fin_external_raised_r4q", "(0 + 40000 + 0 + 20000 + 0 + 0) = 60000",
            "disclosure.dominance(largest=2,percent=85)"
        ),
    ])
    func suppressedWithTheirArithmetic(metric: String, arithmetic: String, reason: String) throws {
        let row = try #require(Self.run.row(metric, entity: "GM0392", period: "2026Q4"))
        #expect(row.status == .suppressed && row.symbol == "x" && row.value == nil)
        #expect(row.note.hasPrefix(reason), "\(row.note)")
        let p = try #require(Self.run.provenance[row.provenanceID])
        #expect(p.arithmetic == arithmetic)
    }

    @Test func scaleClassesOfTheFixture() {
        let expected: [String: HighGrowthClass] = [
            "90000001": .hge_eurostat,  // 10 → 14: ×1.4, ≥ 10 at t−3
            "90000002": .stable,  // 20 → 22: ×1.1
            "90000003": .stable,
            "90000004": .emerging_scaler,  // 5 → 9: ×1.8 and +4
            "90000005": .stable,
            "90000006": .shrinking,  // 30 → 24: ×0.8
            "90000007": .insufficient_data,  // founded 2026, no returns
        ]
        for (kvk, c) in expected {
            #expect(Self.run.row("scale_class", entity: kvk, period: "2026Q4")?.category == c.rawValue, "\(kvk)")
        }
        #expect(Self.run.row("scale_class", entity: "90000008", period: "2026Q4") == nil)  // left: not classified
    }

    @Test func breakdownBySBISectionWithSecondarySuppression() throws {
        // Employees: Q (P1–P3) 14 + 22 + 12 = 48, I (P4–P7) 9 + 10 + 24 = 43; both ≥ 3 enterprises, top-2 ≤ 85 %.
        #expect(
            Self.run.row("emp_headcount_total", entity: "GM0392", period: "2026Q4", breakdown: "sbi_section=Q")?.value
                == 48)
        #expect(
            Self.run.row("emp_headcount_total", entity: "GM0392", period: "2026Q4", breakdown: "sbi_section=I")?.value
                == 43)
        // Target-group share needs 5 enterprises: both sections (3 each) are suppressed, the total (6) is not.
        let q = try #require(
            Self.run.row("soc_tg_fte_share", entity: "GM0392", period: "2026Q4", breakdown: "sbi_section=Q"))
        let i = try #require(
            Self.run.row("soc_tg_fte_share", entity: "GM0392", period: "2026Q4", breakdown: "sbi_section=I"))
        #expect(q.status == .suppressed && i.status == .suppressed)
        #expect(Self.run.row("soc_tg_fte_share", entity: "GM0392", period: "2026Q4")?.status == .ok)
    }

    @Test func everyNonContextMetricHasARowForTheReportQuarter() throws {
        let cat = try MetricCatalogue.load(
            contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
        for m in cat.metrics where m.kind != .cbs_latest {
            #expect(Self.run.rows.contains { $0.metricID == m.id && $0.period == "2026Q4" }, "\(m.id)")
        }
    }

    @Test func thresholdFlags() throws {
        // P3: 5 / 10 = 50 % target-group FTE ≥ 30 % (PSO 30+); P1: 2 / 8 = 25 % is not.
        let p3 = try #require(Self.run.row("soc_tg_fte_share", entity: "90000003", period: "2026Q4"))
        #expect(p3.value == 50 && p3.note.contains("flag.pso30_equivalent"))
        #expect(Self.run.row("soc_tg_fte_share", entity: "90000001", period: "2026Q4")?.note.contains("pso30") == false)
    }

    @Test func noSuppressedCellCanBeDerived() {
        expectNoDerivableCells(Self.run)
    }
}
