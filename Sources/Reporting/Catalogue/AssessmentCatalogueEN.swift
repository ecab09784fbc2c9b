import ImpactModel

extension AssessmentCatalogue {
    /// The English catalogue. The criterion and instrument labels stay as the afwegingskader names them (`label_nl`);
    /// metric and theme labels are the English ones of `config/metrics.yaml` and `config/themes.yaml`.
    package static let english = AssessmentCatalogue(
        language: .en, reason: reasonEN, verdictReason: verdictReasonEN, change: changeEN, signal: signalEN,
        outcome: outcomeEN, verdict: verdictEN)

    static let unitsEN = [
        "persons": "persons", "tCO2e": "t CO₂e", "t": "t", "places": "places", "jobs": "jobs", "count": "count",
        "h/FTE": "hours per FTE", "flag": "signal", "jaar": "years",
    ]

    static let categoriesEN = [
        "none": "none", "aspirant": "aspiring", "basistrede": "base step", "trede1": "step 1", "trede2": "step 2",
        "trede3": "step 3", "pso30plus": "PSO 30+", "pso_trede": "PSO step",
        "code_sociale_ondernemingen": "Code Sociale Ondernemingen", "se_nl_member": "member of Social Enterprise NL",
        "bcorp": "B Corp", "municipal_assessment": "assessed by the municipality", "self_declared": "self-declared",
        "ja": "yes", "nee": "no",
    ]

    @Sendable static func outcomeEN(_ o: CriterionOutcome) -> String {
        switch o {
        case .pass: "meets"
        case .fail: "does not meet"
        case .unknown: "unknown"
        case .notApplicable: "n/a"
        }
    }

    @Sendable static func verdictEN(_ v: AssessmentVerdict) -> String {
        switch v {
        case .qualifies: "qualifies"
        case .notQualified: "does not qualify"
        case .unknown: "unknown (data missing)"
        }
    }

    @Sendable static func reasonEN(_ r: AssessmentReason) -> String {
        switch r {
        case .onlyForTheme(let theme): "applies only to enterprises with the theme \(theme.en)"
        case .notComputed(let metric, let q): "missing: \(metric.en) — no value computed for \(q)"
        case .missingValue(let metric, let note): "missing: \(metric.en)" + noteInParentheses(note, .en)
        case .missingRegistryField(let column):
            "missing: \(column == "founded_year" ? "year founded (founded_year)" : column) in the registry"
        case .compared(let v, let op, let t, let unit, let notReported):
            (notReported.isEmpty
                ? "" : "no return for " + notReported.map(\.description).joined(separator: ", ") + "; ")
                + "\(amount(v, unit: unit, .en)) \(op.sign) \(amount(t, unit: unit, .en))"
        case .categories(let values, let allowed, let passed):
            passed
                ? "\(categories(values, .en)) is one of: \(categories(allowed, .en))"
                : "\(values.isEmpty ? "none" : categories(values, .en)) is none of: \(categories(allowed, .en))"
        }
    }

    @Sendable static func verdictReasonEN(_ r: VerdictReason) -> String {
        let n = HumanNumberFormat(.en)
        switch r {
        case .failsMustPass(let criteria): return "fails a must-pass criterion: " + criteria.joined(separator: "; ")
        case .mustPassUnknown(let results):
            return "must-pass criterion unknown: "
                + results.map { "\($0.criterion.labelNL) (\(english.reason($0.reason)))" }.joined(separator: "; ")
        case .scoreBelow(let score, let minimum):
            return "score \(n.format(score, decimals: 0))% below the threshold of \(n.format(minimum, decimals: 0))%"
        case .scoreUnknown: return "score unknown: no weighted criterion has data"
        case .meetsMustPass(let score):
            return "meets the must-pass criteria" + (score.map { ", score \(n.format($0, decimals: 0))%" } ?? "")
        }
    }

    @Sendable static func changeEN(_ c: AssessmentChange) -> String {
        switch c {
        case .firstQuarter: "first quarter in this overview"
        case .newInProgramme: "new in the programme (or not active before)"
        case .verdict(let from, let to): "verdict: \(verdictEN(from)) → \(verdictEN(to))"
        case .instrumentOpened(let label): "newly qualifies for \(label)"
        case .instrumentClosed(let label): "no longer qualifies for \(label)"
        case .criterionFailed(let name, let r): "no longer meets criterion: \(name) (\(english.reason(r)))"
        case .criterionPassed(let name, let r): "now meets criterion: \(name) (\(english.reason(r)))"
        case .dataMissing(let name, let r): "data missing: \(name) (\(english.reason(r)))"
        case .dataBack(let name, let outcome): "data available again: \(name) (\(outcomeEN(outcome)))"
        case .unchanged: "no change"
        }
    }

    @Sendable static func signalEN(_ s: AssessmentSignal) -> String {
        let n = HumanNumberFormat(.en)
        switch s {
        case .stoppedReporting(let q): return "stops reporting: no quarterly return for \(q)"
        case .headcountDrop(let then, let now, let since):
            let drop = n.format((1 - now / then) * 100, decimals: 0)
            return
                "shrinks: employees \(n.format(then, decimals: 0)) → \(n.format(now, decimals: 0)) (−\(drop)%) against \(since)"
        case .revenueDrop(let v):
            return "shrinks: revenue (4 quarters) \(n.format(v, decimals: 1))% against a year earlier"
        case .shrinkingClass: return "shrinks: growth class shrinking (3 years)"
        }
    }
}
