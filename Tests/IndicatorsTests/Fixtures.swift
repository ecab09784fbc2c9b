import ImpactModel
import Indicators
import Testing

/// Small readable fixtures: enterprises and quarterly observations written out in the tests.
enum Fx {
    static func date(_ s: String) -> CivilDate {
        try! CivilDate(parsing: s)
    }

    static func q(_ s: String) -> Quarter {
        try! Quarter(parsing: s)
    }

    static func enterprise(
        _ kvk: String, entry: String = "2015-01-01", exit: String? = nil, exitReason: Enterprise.ExitReason? = nil,
        founded: Int? = 2010, sbi: String = "8899", themes: [String] = ["werk_en_participatie"],
        registered: String? = nil, gemeente: String = "GM0392", line: Int = 2
    ) -> Enterprise {
        Enterprise(
            kvkNumber: KvKNumber(kvk)!, name: "Onderneming \(kvk)",
            gemeenteCode: RegioCode(gemeente), sbiCode: SBICode(sbi), themes: themes, foundedYear: founded,
            programmeEntryDate: date(entry), exitDate: exit.map(date), exitReason: exitReason,
            kvkRegistrationDate: registered.map(date), registryLine: line)
    }

    /// One enterprise observation; `source_row_id` = `t:<kvk>:<measure>:<quarter>`.
    static func obs(
        _ kvk: String, _ measure: String, _ quarter: String, _ value: Double?, status: ValueStatus = .definitief
    ) -> Observation {
        let qq = q(quarter)
        return Observation(
            sourceID: "impact-returns", dataset: "impact-\(qq)", measure: measure, measureLabel: measure, unit: "",
            regio: "", kvkNumber: kvk, periodCode: qq.cbsCode, periodStart: qq.start, periodEnd: qq.end, value: value,
            valueStatus: status, valueAttribute: value == nil ? .not_available : .none,
            sourceRowID: "t:\(kvk):\(measure):\(qq)")
    }

    /// Consecutive quarters of one measure starting at `from`; `nil` = reported as missing.
    static func series(_ kvk: String, _ measure: String, from: String, _ values: [Double?]) -> [Observation] {
        let start = q(from)
        return values.enumerated().map { i, v in obs(kvk, measure, (start + i).description, v) }
    }

    /// The same value in every quarter from `from` through `to`.
    static func flat(_ kvk: String, _ measure: String, from: String, to: String, _ value: Double) -> [Observation] {
        let a = q(from)
        let b = q(to)
        return series(kvk, measure, from: from, Array(repeating: value, count: b - a + 1))
    }

    static func procurement(
        _ kvk: String, _ measure: String, _ quarter: String, _ value: Double?, addressable: Bool = true, row: Int
    ) -> Observation {
        let qq = q(quarter)
        return Observation(
            sourceID: "inkoop", dataset: "inkoop-gunningen.csv", measure: measure, measureLabel: measure, unit: "EUR",
            regio: "GM0392", kvkNumber: kvk, periodCode: qq.cbsCode, periodStart: qq.start, periodEnd: qq.end,
            value: value, valueStatus: .definitief, valueAttribute: value == nil ? .not_available : .none,
            sourceRowID: "inkoop:\(row)", dimensions: "beinvloedbaar=\(addressable ? "ja" : "nee")")
    }
}

/// Checks the secondary-suppression invariant on every breakdown of a run: beside a published total there is never
/// exactly one hidden cell with data, and beside a suppressed total never only published cells.
func expectNoDerivableCells(_ run: MetricRun, sourceLocation: SourceLocation = #_sourceLocation) {
    // Balanced-panel change rows (`panel=yoy`) are not cells of a breakdown of the total.
    let cells = run.rows.filter {
        !$0.breakdown.isEmpty && !$0.breakdown.hasPrefix("panel=")
            && ($0.level == "programme" || $0.level == "municipality")
    }
    let groups = Dictionary(grouping: cells) {
        "\($0.metricID)|\($0.entity)|\($0.period)|\($0.breakdown.split(separator: "=").first ?? "")"
    }
    for (key, rows) in groups {
        guard let first = rows.first, let total = run.row(first.metricID, entity: first.entity, period: first.period)
        else { continue }
        let withData = rows.filter { ($0.nEnterprises ?? 0) > 0 }
        let hidden = withData.filter { $0.status == .suppressed || $0.status == .withheld }
        if total.status == .ok || total.status == .partial {
            #expect(
                hidden.count != 1 || hidden[0].status == .withheld,
                "\(key): one suppressed cell beside a published total", sourceLocation: sourceLocation)
        } else if total.status == .suppressed {
            #expect(
                withData.isEmpty || !hidden.isEmpty, "\(key): a suppressed total is the sum of published cells",
                sourceLocation: sourceLocation)
        }
    }
}

extension MetricCatalogue {
    /// The catalogue without the METRICS.md §8 publication rules that are not about the arithmetic: person counts
    /// unrounded (no `rounding_base`) and no percentage rule (≥ 10 enterprises, ≥ 20 FTE/persons). The value tests
    /// on fixtures of 3–9 enterprises use it; the rules themselves are tested by `PublicationRuleTests`,
    /// `ExactTiesTests` and the end-to-end `PublicAuditTests`.
    func withoutPublicationRules() -> MetricCatalogue {
        MetricCatalogue(
            metrics: metrics.map { m in
                var m = m
                m.roundingBase = nil
                m.percentMinEnterprises = nil
                m.percentMinDenominator = nil
                return m
            })
    }
}
