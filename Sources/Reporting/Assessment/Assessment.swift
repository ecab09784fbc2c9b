import Foundation
import ImpactModel
import RunArtifacts

/// A municipal award to an enterprise, from the procurement source (`procurement_award`, normalized observations
/// with `kvk_number` = the supplier): shown in the profile and counted as support for the watch signal.
package struct SupportAward: Sendable, Hashable {
    /// The award's contract number (dimension `contract_id` of the procurement source).
    package var contractID: String
    /// The quarter of the award date.
    package var quarter: Quarter
    /// The procurement category as the source names it (dimension `categorie`).
    package var category: String
    /// Awarded amount, EUR.
    package var amountEUR: Double?
    /// Whether the contract has a social-return clause (`sroi_clausule=ja`).
    package var socialReturn: Bool
    /// Social-return obligation and realisation, EUR.
    package var sroiObligationEUR: Double?
    /// Social return realised so far under the clause, EUR; `nil` when not reported.
    package var sroiRealisedEUR: Double?

    /// An award from the procurement observations of one contract; amounts in EUR, `nil` when the source has none.
    package init(
        contractID: String, quarter: Quarter, category: String, amountEUR: Double?, socialReturn: Bool,
        sroiObligationEUR: Double?, sroiRealisedEUR: Double?
    ) {
        self.contractID = contractID
        self.quarter = quarter
        self.category = category
        self.amountEUR = amountEUR
        self.socialReturn = socialReturn
        self.sroiObligationEUR = sroiObligationEUR
        self.sroiRealisedEUR = sroiRealisedEUR
    }
}

/// What the assessment reads besides the afwegingskader: the registry as used, the enterprise rows of
/// `compute/metrics.csv` (every quarter of the run's window), and per enterprise the quarters with a return, the
/// reported headcount per quarter and the municipal awards (the last three from `normalize/observations.csv`).
package struct AssessmentData: Sendable {
    /// Registry enterprises of the programme's municipality.
    package var enterprises: [Enterprise]
    /// Rows of `compute/metrics.csv` with `level == enterprise` (the same computation the report shows).
    package var metrics: [MetricRecord]
    /// KvK-nummer → quarters with at least one return field (the `impact_return` source).
    package var returnQuarters: [String: Set<Quarter>]
    /// KvK-nummer → quarter → canonical return measure (`employees_headcount`, `tg_fte`, `revenue_total`, …) →
    /// value, as returned (stocks at the quarter's end, flows over the quarter).
    package var series: [String: [Quarter: [String: Double]]]
    /// KvK-nummer → awards.
    package var awards: [String: [SupportAward]]
    /// Metric labels and units (`config/metrics.yaml`).
    package var metricTexts: [String: MetricText]
    /// Theme ids and labels (`config/themes.yaml`), for the profile's theme names.
    package var themes: [ThemeText]

    /// The data of an assessment run. Keeps only the enterprise rows of `metrics` without a breakdown (the rows
    /// criteria read); the other arguments are taken as given.
    package init(
        enterprises: [Enterprise], metrics: [MetricRecord], returnQuarters: [String: Set<Quarter>],
        series: [String: [Quarter: [String: Double]]], awards: [String: [SupportAward]],
        metricTexts: [String: MetricText],
        themes: [ThemeText]
    ) {
        self.enterprises = enterprises
        self.metrics = metrics.filter { $0.level == "enterprise" && $0.breakdown.isEmpty }
        self.returnQuarters = returnQuarters
        self.series = series
        self.awards = awards
        self.metricTexts = metricTexts
        self.themes = themes
    }
}

/// The outcome of one criterion for one enterprise and quarter.
package enum CriterionOutcome: String, Sendable, Hashable {
    case pass, fail, unknown
    case notApplicable = "not_applicable"

    /// The outcome in the Dutch assessment's words: `voldoet`, `voldoet niet`, `onbekend`, `n.v.t.`.
    package var dutch: String {
        switch self {
        case .pass: "voldoet"
        case .fail: "voldoet niet"
        case .unknown: "onbekend"
        case .notApplicable: "n.v.t."
        }
    }
}

/// One criterion evaluated for one enterprise and quarter (a row of `internal/assessment.csv`).
package struct CriterionResult: Sendable, Hashable {
    /// The criterion applied (its test, unit and weight).
    package var criterion: AssessmentFramework.Criterion
    /// KvK-nummer (8 digits) of the enterprise.
    package var kvk: String
    /// The quarter assessed.
    package var quarter: Quarter
    /// The value as a machine reads it (`.` decimals; a category code; empty when unknown).
    package var value: String
    /// The value for readers (Dutch number format, category label).
    package var shown: String
    /// Pass, fail, unknown (input missing) or not applicable (criterion of a theme the enterprise does not have).
    package var outcome: CriterionOutcome
    /// Why: the comparison, or the input that is missing; nil when undecided. In words by ``AssessmentCatalogue``.
    package var reason: AssessmentReason?
    /// The provenance id of the metric row it read (for `explain`), empty for a field.
    package var metricProvenanceID: String
    /// `assessment/<kvk>/<criterion>/<quarter>`.
    package var explainID: String { "assessment/\(kvk)/\(criterion.id)/\(quarter)" }
}

/// The verdict of an enterprise in a quarter.
package enum AssessmentVerdict: String, Sendable, Hashable {
    case qualifies
    case notQualified = "not_qualified"
    case unknown
    /// The verdict in the Dutch assessment's words (`komt in aanmerking`, `komt niet in aanmerking`, `onbekend
    /// (gegevens ontbreken)`).
    package var dutch: String {
        switch self {
        case .qualifies: "komt in aanmerking"
        case .notQualified: "komt niet in aanmerking"
        case .unknown: "onbekend (gegevens ontbreken)"
        }
    }
}

/// One enterprise in one quarter: the criteria, the verdict, the instruments, what changed and the watch signal.
package struct EnterpriseAssessment: Sendable, Hashable {
    /// KvK-nummer (8 digits) of the enterprise.
    package var kvk: String
    /// The enterprise's name as registered with the programme.
    package var name: String
    /// The quarter assessed.
    package var quarter: Quarter
    /// One result per criterion, in the framework's order.
    package var results: [CriterionResult]
    /// `notQualified` when a must-pass criterion fails or the score is below `min_score`; `unknown` when a must-pass
    /// criterion, or the score that `min_score` needs, cannot be decided; else `qualifies`.
    package var verdict: AssessmentVerdict
    /// Why the verdict is what it is; in words by ``AssessmentCatalogue``.
    package var verdictReason: VerdictReason
    /// Weighted score: Σ weight of passed / Σ weight of known weighted criteria × 100; nil when none is known.
    package var score: Double?
    /// Instrument ids open in this quarter.
    package var instruments: [String]
    /// Instrument ids that would be open but for missing data.
    package var instrumentsUnknown: [String]
    /// What changed since the previous quarter; in words by ``AssessmentCatalogue``.
    package var changes: [AssessmentChange]
    /// Watch signals; empty when none. In words by ``AssessmentCatalogue``.
    package var watch: [AssessmentSignal]
    /// Whether the enterprise counts as supported (instruments open last quarter or a municipal award in the 4
    /// quarters ending with this one).
    package var supported: Bool
}

/// Applies an ``AssessmentFramework`` to every active enterprise of the programme in each quarter of the window.
///
/// Values are read, never recomputed: a metric criterion reads the enterprise row of `compute/metrics.csv`
/// (MetricEngine's computation); a field criterion reads the registry (or, for `reporting_completeness`, counts the
/// quarters with a return). Missing data is "unknown" naming the missing input, never "fail".
package enum AssessmentEngine {
    /// Relative tolerance of threshold comparisons (docs/metrics.md, "§7 choices made explicit").
    static let tolerance = 1e-12

    /// Whether the enterprise was in the programme on any day of the quarter (it owes a return).
    package static func active(_ e: Enterprise, in q: Quarter) -> Bool {
        e.programmeEntryDate <= q.lastDay && (e.exitDate.map { $0 > q.start } ?? true)
    }

    /// The assessments of `quarters` (oldest first), every active enterprise of `data`.
    package static func assess(_ framework: AssessmentFramework, data: AssessmentData, quarters: [Quarter])
        -> [EnterpriseAssessment]
    {
        var index: [String: MetricRecord] = [:]
        for r in data.metrics { index["\(r.metricID)|\(r.entity)|\(r.period)"] = r }
        var out: [EnterpriseAssessment] = []
        var previous: [String: EnterpriseAssessment] = [:]
        for q in quarters.sorted() {
            var current: [String: EnterpriseAssessment] = [:]
            for e in data.enterprises.sorted(by: { $0.kvkNumber < $1.kvkNumber }) where active(e, in: q) {
                let kvk = e.kvkNumber.digits
                let results = framework.criteria.map { evaluate($0, e, q, index: index, data: data) }
                var a = summarize(framework, e, q, results)
                let prev = previous[kvk]
                a.changes = changes(framework, from: prev, to: a, firstQuarter: q == quarters.min())
                a.supported =
                    !(prev?.instruments.isEmpty ?? true)
                    || (data.awards[kvk] ?? []).contains { q.window(4).contains($0.quarter) }
                a.watch = watch(framework, e, q, a, index: index, data: data)
                current[kvk] = a
                out.append(a)
            }
            previous = current
        }
        return out
    }

    static func evaluate(
        _ c: AssessmentFramework.Criterion, _ e: Enterprise, _ q: Quarter, index: [String: MetricRecord],
        data: AssessmentData
    ) -> CriterionResult {
        let kvk = e.kvkNumber.digits
        var r = CriterionResult(
            criterion: c, kvk: kvk, quarter: q, value: "", shown: "–", outcome: .unknown, reason: nil,
            metricProvenanceID: "")
        if let theme = c.appliesToTheme, !e.themes.contains(theme) {
            let text = data.themes.first { $0.id == theme }
            r.outcome = .notApplicable
            r.reason = .onlyForTheme(AssessmentLabel(id: theme, nl: text?.labelNL ?? "", en: text?.labelEN ?? ""))
            return r
        }
        var number: Double?
        var notReported: [Quarter] = []
        var categories: [String]?
        switch c.input {
        case .metric(let id):
            let text = data.metricTexts[id]
            let label = AssessmentLabel(id: id, nl: text?.labelNL ?? "", en: text?.labelEN ?? "")
            guard let row = index["\(id)|\(kvk)|\(q)"] else {
                r.reason = .notComputed(metric: label, quarter: q)
                return r
            }
            r.metricProvenanceID = row.provenanceID
            if c.unit == "category" {
                var asksInsufficient = false
                if case .oneOf(let l) = c.test { asksInsufficient = l.contains("insufficient_data") }
                guard !row.valueText.isEmpty, row.valueText != "insufficient_data" || asksInsufficient else {
                    r.reason = .missingValue(metric: label, note: row.note)
                    return r
                }
                categories = [row.valueText]
            } else {
                guard let v = row.value, row.status == .ok || row.status == .partial else {
                    r.reason = .missingValue(metric: label, note: row.note)
                    return r
                }
                number = v
            }
        case .field(let f):
            switch f {
            case .pso_level: categories = [e.psoLevel.rawValue]
            case .pso30plus: categories = [e.pso30plus ? "ja" : "nee"]
            case .code_sociale_ondernemingen: categories = [e.codeSocialeOndernemingen ? "ja" : "nee"]
            case .se_basis:
                guard !e.seBasis.isEmpty else {
                    r.reason = .missingRegistryField(column: "se_basis")
                    return r
                }
                categories = [e.seBasis]
            case .themes: categories = e.themes
            case .years_active:
                guard let y = e.foundedYear else {
                    r.reason = .missingRegistryField(column: "founded_year")
                    return r
                }
                number = Double(q.year - y)
            case .years_in_programme:
                let d = e.programmeEntryDate
                let end = q.lastDay
                number = Double(end.year - d.year - ((end.month, end.day) < (d.month, d.day) ? 1 : 0))
            case .reporting_completeness:
                let owed = q.window(4).filter { w in active(e, in: w) }
                let got = data.returnQuarters[kvk] ?? []
                let missing = owed.filter { !got.contains($0) }
                number = Double(owed.count - missing.count) / Double(owed.count) * 100
                notReported = missing
            }
        }
        if let v = number {
            r.value = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
            r.shown = AssessmentCatalogue.amount(v, unit: c.unit, .nl)
            switch c.test {
            case .atLeast(let t):
                let ok = v >= t - abs(t) * tolerance
                r.outcome = ok ? .pass : .fail
                r.reason = .compared(
                    value: v, op: ok ? .atLeast : .below, threshold: t, unit: c.unit, notReported: notReported)
            case .atMost(let t):
                let ok = v <= t + abs(t) * tolerance
                r.outcome = ok ? .pass : .fail
                r.reason = .compared(
                    value: v, op: ok ? .atMost : .above, threshold: t, unit: c.unit, notReported: notReported)
            case .oneOf: break
            }
        } else if let cats = categories, case .oneOf(let allowed) = c.test {
            r.value = cats.joined(separator: ";")
            r.shown = cats.map { categoryLabel($0) }.joined(separator: ", ")
            let ok = cats.contains { allowed.contains($0) }
            r.outcome = ok ? .pass : .fail
            r.reason = .categories(values: cats, allowed: allowed, passed: ok)
        }
        return r
    }

    /// Dutch label of a unit of config/metrics.yaml (`persons` → `personen`); the unit itself when it has none.
    package static func unitLabel(_ unit: String) -> String { AssessmentCatalogue.dutch.unit(unit) }

    /// A row's stored note in Dutch words (``ReportNotes/text(_:_:)``) between parentheses after a space; empty for
    /// an empty note.
    static func noteInParentheses(_ note: String) -> String { AssessmentCatalogue.noteInParentheses(note, .nl) }

    /// Dutch label of a category code (growth classes of METRICS.md §7; other codes as they are).
    package static func categoryLabel(_ code: String) -> String { AssessmentCatalogue.dutch.category(code) }

    static func summarize(
        _ f: AssessmentFramework, _ e: Enterprise, _ q: Quarter, _ results: [CriterionResult]
    ) -> EnterpriseAssessment {
        let must = results.filter { $0.criterion.mustPass }
        let weighted = results.filter { !$0.criterion.mustPass }
        let known = weighted.filter { $0.outcome == .pass || $0.outcome == .fail }
        let total = known.reduce(0) { $0 + $1.criterion.weight }
        let passed = known.filter { $0.outcome == .pass }.reduce(0) { $0 + $1.criterion.weight }
        let score: Double? = total > 0 ? passed / total * 100 : nil
        var verdict = AssessmentVerdict.qualifies
        let reason: VerdictReason
        let failed = must.filter { $0.outcome == .fail }
        let unknown = must.filter { $0.outcome == .unknown }
        if !failed.isEmpty {
            verdict = .notQualified
            reason = .failsMustPass(criteria: failed.map(\.criterion.labelNL))
        } else if !unknown.isEmpty {
            verdict = .unknown
            reason = .mustPassUnknown(unknown)
        } else if f.minScore > 0, let s = score, s < f.minScore - tolerance {
            verdict = .notQualified
            reason = .scoreBelow(score: s, minimum: f.minScore)
        } else if f.minScore > 0, score == nil, !weighted.isEmpty {
            verdict = .unknown
            reason = .scoreUnknown
        } else {
            reason = .meetsMustPass(score: score)
        }
        var open: [String] = []
        var pending: [String] = []
        if verdict == .qualifies {
            for i in f.instruments {
                let rs = results.filter { $0.criterion.opens.contains(i.id) && $0.outcome != .notApplicable }
                if rs.contains(where: { $0.outcome == .fail }) { continue }
                if rs.contains(where: { $0.outcome == .unknown }) {
                    pending.append(i.id)
                } else if rs.contains(where: { $0.outcome == .pass }) {
                    open.append(i.id)
                }
            }
        }
        return EnterpriseAssessment(
            kvk: e.kvkNumber.digits, name: e.name, quarter: q, results: results, verdict: verdict,
            verdictReason: reason, score: score, instruments: open, instrumentsUnknown: pending, changes: [], watch: [],
            supported: false)
    }

    static func changes(
        _ f: AssessmentFramework, from prev: EnterpriseAssessment?, to a: EnterpriseAssessment, firstQuarter: Bool
    ) -> [AssessmentChange] {
        guard let prev else { return [firstQuarter ? .firstQuarter : .newInProgramme] }
        func label(_ id: String) -> String { f.instrument(id)?.labelNL ?? id }
        var lines: [AssessmentChange] = []
        if prev.verdict != a.verdict { lines.append(.verdict(from: prev.verdict, to: a.verdict)) }
        for i in a.instruments where !prev.instruments.contains(i) {
            lines.append(.instrumentOpened(label(i)))
        }
        for i in prev.instruments where !a.instruments.contains(i) {
            lines.append(.instrumentClosed(label(i)))
        }
        for (old, new) in zip(prev.results, a.results) {
            let name = new.criterion.labelNL
            switch (old.outcome, new.outcome) {
            case (.pass, .fail): lines.append(.criterionFailed(criterion: name, reason: new.reason))
            case (.fail, .pass): lines.append(.criterionPassed(criterion: name, reason: new.reason))
            case (.pass, .unknown), (.fail, .unknown): lines.append(.dataMissing(criterion: name, reason: new.reason))
            case (.unknown, .pass), (.unknown, .fail):
                lines.append(.dataBack(criterion: name, outcome: new.outcome))
            default: break
            }
        }
        return lines.isEmpty ? [.unchanged] : lines
    }

    static func watch(
        _ f: AssessmentFramework, _ e: Enterprise, _ q: Quarter, _ a: EnterpriseAssessment,
        index: [String: MetricRecord], data: AssessmentData
    ) -> [AssessmentSignal] {
        guard a.supported else { return [] }
        let kvk = e.kvkNumber.digits
        var out: [AssessmentSignal] = []
        if !(data.returnQuarters[kvk]?.contains(q) ?? false) {
            out.append(.stoppedReporting(quarter: q))
        }
        if let now = data.series[kvk]?[q]?["employees_headcount"],
            let then = data.series[kvk]?[q - 4]?["employees_headcount"], then > 0,
            now <= then * (1 - f.headcountDropPct / 100) + tolerance
        {
            out.append(.headcountDrop(from: then, to: now, since: q - 4))
        }
        if let r = index["ent_rev_growth_yoy_r4q|\(kvk)|\(q)"], let v = r.value, v <= -f.revenueDropPct {
            out.append(.revenueDrop(percent: v))
        }
        if index["scale_class|\(kvk)|\(q)"]?.valueText == "shrinking" {
            out.append(.shrinkingClass)
        }
        return out
    }
}
