import Foundation
import ImpactModel
import Indicators
import TestSupport
import Testing

/// Context metrics on the real CBS responses of ../shared/data/real (PROVENANCE.md §1, §2).
@Suite(.enabled(if: SharedData.shouldRun)) struct ContextTests {
    /// Reads a v4 `Observations` capture (+ `PeriodenCodes` status) as canonical observations.
    static func v4(_ table: String) throws -> [Observation] {
        func values(_ file: String) throws -> [[String: Any]] {
            let any = try JSONSerialization.jsonObject(with: SharedData.data("cbs-v4-checkdecijfers/\(table)/\(file)"))
            if let d = any as? [String: Any], let v = d["value"] as? [[String: Any]] { return v }
            return any as? [[String: Any]] ?? []
        }
        var status: [String: ValueStatus] = [:]
        for c in try values("codes-Perioden.json") {
            if let id = c["Identifier"] as? String { status[id] = ValueStatus(cbsStatus: c["Status"] as? String) }
        }
        return try values("observations-page-1.json").compactMap { r in
            guard let p = r["Perioden"] as? String, let code = try? PeriodCode(parsing: p),
                let m = r["Measure"] as? String
            else { return nil }
            let dims = r.keys.filter {
                !["Id", "Measure", "ValueAttribute", "Value", "StringValue", "Perioden", "RegioS"].contains($0)
            }
            .sorted().map { "\($0)=\(r[$0] as? String ?? "")" }.joined(separator: ";")
            return Observation(
                sourceID: "cbs-\(table)", dataset: table, measure: m, measureLabel: m, unit: "",
                regio: r["RegioS"] as? String ?? "",
                kvkNumber: "", periodCode: p, periodStart: code.start, periodEnd: code.end,
                value: (r["Value"] as? NSNumber)?.doubleValue,
                valueStatus: status[p] ?? .definitief,
                valueAttribute: ValueAttribute(v4: r["ValueAttribute"] as? String) ?? .not_available,
                sourceRowID: "\(table):\(r["Id"] as? Int ?? -1)", dimensions: dims)
        }
    }

    /// Reads the v3 `UntypedDataSet` pages of 83599NED (right-aligned strings, padded region codes).
    static func v3Vacancies() throws -> [Observation] {
        var out: [Observation] = []
        for file in ["tables_2.json", "tables_3.json"] {
            let any = try JSONSerialization.jsonObject(with: SharedData.data("cbs-v3-cbsodata3jl/\(file)"))
            let rows = (any as? [String: Any])?["value"] as? [[String: Any]] ?? []
            for r in rows {
                guard let p = r["Perioden"] as? String, let code = try? PeriodCode(parsing: p),
                    let raw = r["OpenstaandeVacatures_1"] as? String, let cell = CBSCell.parse(Substring(raw))
                else { continue }
                let sbi = (r["BedrijfstakkenBranchesSBI2008"] as? String ?? "").trimmingCharacters(in: .whitespaces)
                var value: Double? = nil
                var attr = ValueAttribute.none
                switch cell {
                case .value(let v): value = v
                case .missing(let a): attr = a
                }
                out.append(
                    Observation(
                        sourceID: "cbs-vacatures", dataset: "83599NED", measure: "OpenstaandeVacatures_1",
                        measureLabel: "",
                        unit: "x 1000", regio: RegioCode(r["RegioS"] as? String ?? "").code, kvkNumber: "",
                        periodCode: code.code,
                        periodStart: code.start, periodEnd: code.end, value: value, valueStatus: .definitief,
                        valueAttribute: attr,
                        sourceRowID: "83599NED:\(r["ID"] as? Int ?? -1)",
                        dimensions: "BedrijfstakkenBranchesSBI2008=\(sbi)"))
            }
        }
        return out
    }

    /// Parsed once for all arguments.
    static let loaded = Result { try ["37789ksz", "80590ned", "82242NED", "82610NED"].flatMap(v4) + v3Vacancies() }

    static func catalogue() throws -> MetricCatalogue {
        try MetricCatalogue.load(contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
    }

    @Test(arguments: [
        // metric, report quarter, expected CBS period, value, status (read with python from the same captures)
        ("ctx_bijstand_nl", "2026Q3", "2026MM04", 405.0, ValueStatus.voorlopig),
        ("ctx_unemployment_rate_nl", "2026Q3", "2026KW02", 3.8, .definitief),
        ("ctx_net_participation_nl", "2026Q3", "2026KW02", 73.2, .definitief),
        ("ctx_bankruptcies_nl", "2026Q3", "2026KW01", 1002.0, .definitief),
        ("ctx_bankruptcies_nl", "2025Q4", "2025KW04", 951.0, .definitief),
        ("ctx_renewable_share_nl", "2026Q3", "2025JJ00", 54.1, .nader_voorlopig),
        ("ctx_vacancies_nl", "2026Q3", "2020KW02", 200.4, .definitief),
        ("ctx_vacancies_nh", "2026Q3", "2020KW02", 37.1, .definitief),
        ("ctx_vacancies_nh", "2020Q1", "2020KW01", 42.7, .definitief),
    ])
    func latestCBSValueAtTheReportQuarter(
        metric: String, quarter: String, period: String, value: Double, status: ValueStatus
    ) throws {
        let observations = try Self.loaded.get()
        let cat = try Self.catalogue()
        let def = try #require(cat.metric(metric))
        let run = MetricEngine.compute(
            catalogue: MetricCatalogue(metrics: [def]), enterprises: [], observations: observations,
            municipality: .haarlem, reportQuarter: Fx.q(quarter))
        let row = try #require(run.rows.first)
        #expect(row.period == period)
        #expect(row.value == value)
        #expect(row.valueStatus == status)
        #expect(row.status == .ok)
        #expect(row.nEnterprises == nil)
        #expect(run.accounting.balances)
        let explain = try #require(run.explain(row.provenanceID))
        #expect(explain.contains(period))
    }
}

@Suite struct ContextSelectionTests {
    static func cell(_ period: String, _ value: Double?, dims: String = "") -> Observation {
        let p = try! PeriodCode(parsing: period)
        return Observation(
            sourceID: "cbs-bijstand", dataset: "37789ksz", measure: "D000203_2", measureLabel: "", unit: "x 1000",
            regio: "", kvkNumber: "", periodCode: period, periodStart: p.start, periodEnd: p.end, value: value,
            valueStatus: .voorlopig, valueAttribute: value == nil ? .not_available : .none, sourceRowID: "x:\(period)",
            dimensions: dims)
    }

    let source = ContextSource(table: "37789KSZ", measure: "D000203_2", regio: "NL01", periodTypes: ["MM", "KW", "JJ"])

    @Test func aQuarterFoldedFromIncompleteMonthsDoesNotHideTheLatestMonth() {
        let obs = [
            Self.cell("2026MM01", 400), Self.cell("2026MM02", 403), Self.cell("2026MM03", 404),
            Self.cell("2026KW01", 404, dims: "quarter_rule=stock"), Self.cell("2026MM04", 405),
            Self.cell("2026KW02", nil, dims: "quarter_rule=onvolledig: 1 van 3 maanden"), Self.cell("2025JJ00", 401),
        ]
        let c = ContextValues.latest(source, obs, at: Fx.q("2026Q2"))
        #expect(c.value == 405 && c.periodOverride == "2026MM04")
        #expect(
            c.notes == [
                "cbs.later_period_incomplete(period=2026KW02,months=1,of=3)", "cbs.shown(period=2026MM04)",
            ])
        // At 2026Q1 the month and the quarter end together; the month is preferred (listed first).
        let q1 = ContextValues.latest(source, obs, at: Fx.q("2026Q1"))
        #expect(q1.periodOverride == "2026MM03" && q1.value == 404)
        // Nothing after the report quarter is shown: at 2025Q4 the year 2025 (ends 2026-01-01).
        #expect(ContextValues.latest(source, obs, at: Fx.q("2025Q4")).periodOverride == "2025JJ00")
        // Before any period: missing.
        #expect(ContextValues.latest(source, obs, at: Fx.q("2024Q4")).value == nil)
    }
}
