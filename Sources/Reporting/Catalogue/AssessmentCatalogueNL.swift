import ImpactModel

extension AssessmentCatalogue {
    /// The Dutch catalogue: the words of `internal/assessment.{csv,md}` and the profiles.
    package static let dutch = AssessmentCatalogue(
        language: .nl, reason: reasonNL, verdictReason: verdictReasonNL, change: changeNL, signal: signalNL,
        outcome: { $0.dutch }, verdict: { $0.dutch })

    static let unitsNL = [
        "persons": "personen", "tCO2e": "ton CO₂-eq.", "t": "ton", "places": "plaatsen", "jobs": "banen",
        "count": "aantal", "h/FTE": "uur per fte", "flag": "signaal",
    ]

    static let categoriesNL = [
        // PSO levels and registry bases (METRICS.md §2.4, §2.8)
        "none": "geen", "aspirant": "aspirant", "basistrede": "basistrede", "trede1": "trede 1", "trede2": "trede 2",
        "trede3": "trede 3", "pso30plus": "PSO 30+", "pso_trede": "PSO-trede",
        "code_sociale_ondernemingen": "Code Sociale Ondernemingen", "se_nl_member": "lid van Social Enterprise NL",
        "bcorp": "B Corp", "municipal_assessment": "beoordeling door de gemeente", "self_declared": "eigen verklaring",
    ]

    @Sendable static func reasonNL(_ r: AssessmentReason) -> String {
        switch r {
        case .onlyForTheme(let theme): "geldt alleen voor ondernemingen met het thema \(theme.nl)"
        case .notComputed(let metric, let q): "ontbreekt: \(metric.nl) — geen waarde berekend voor \(q)"
        case .missingValue(let metric, let note): "ontbreekt: \(metric.nl)" + noteInParentheses(note, .nl)
        case .missingRegistryField(let column):
            "ontbreekt: \(column == "founded_year" ? "oprichtingsjaar (founded_year)" : column) in het register"
        case .compared(let v, let op, let t, let unit, let notReported):
            (notReported.isEmpty
                ? "" : "geen rapportage over " + notReported.map(\.description).joined(separator: ", ") + "; ")
                + "\(amount(v, unit: unit, .nl)) \(op.sign) \(amount(t, unit: unit, .nl))"
        case .categories(let values, let allowed, let passed):
            passed
                ? "\(categories(values, .nl)) is een van: \(categories(allowed, .nl))"
                : "\(values.isEmpty ? "geen" : categories(values, .nl)) is geen van: \(categories(allowed, .nl))"
        }
    }

    @Sendable static func verdictReasonNL(_ r: VerdictReason) -> String {
        let n = HumanNumberFormat(.nl)
        switch r {
        case .failsMustPass(let criteria): return "haalt de verplichte eis niet: " + criteria.joined(separator: "; ")
        case .mustPassUnknown(let results):
            return "verplichte eis onbekend: "
                + results.map { "\($0.criterion.labelNL) (\(dutch.reason($0.reason)))" }.joined(separator: "; ")
        case .scoreBelow(let score, let minimum):
            return "score \(n.format(score, decimals: 0))% onder de drempel van \(n.format(minimum, decimals: 0))%"
        case .scoreUnknown: return "score onbekend: geen enkel gewogen criterium heeft gegevens"
        case .meetsMustPass(let score):
            return "voldoet aan de verplichte eisen" + (score.map { ", score \(n.format($0, decimals: 0))%" } ?? "")
        }
    }

    @Sendable static func changeNL(_ c: AssessmentChange) -> String {
        switch c {
        case .firstQuarter: "eerste kwartaal in dit overzicht"
        case .newInProgramme: "nieuw in het programma (of eerder niet actief)"
        case .verdict(let from, let to): "oordeel: \(from.dutch) → \(to.dutch)"
        case .instrumentOpened(let label): "komt nieuw in aanmerking voor \(label)"
        case .instrumentClosed(let label): "komt niet meer in aanmerking voor \(label)"
        case .criterionFailed(let name, let r): "haalt criterium niet meer: \(name) (\(dutch.reason(r)))"
        case .criterionPassed(let name, let r): "haalt criterium nu wel: \(name) (\(dutch.reason(r)))"
        case .dataMissing(let name, let r): "gegevens ontbreken: \(name) (\(dutch.reason(r)))"
        case .dataBack(let name, let outcome): "gegevens weer beschikbaar: \(name) (\(outcome.dutch))"
        case .unchanged: "geen wijziging"
        }
    }

    @Sendable static func signalNL(_ s: AssessmentSignal) -> String {
        let n = HumanNumberFormat(.nl)
        switch s {
        case .stoppedReporting(let q): return "stopt met rapporteren: geen kwartaalrapportage over \(q)"
        case .headcountDrop(let then, let now, let since):
            let drop = n.format((1 - now / then) * 100, decimals: 0)
            return
                "krimpt: werknemers \(n.format(then, decimals: 0)) → \(n.format(now, decimals: 0)) (−\(drop)%) t.o.v. \(since)"
        case .revenueDrop(let v):
            return "krimpt: omzet (4 kwartalen) \(n.format(v, decimals: 1))% t.o.v. een jaar eerder"
        case .shrinkingClass: return "krimpt: groeiklasse krimpend (3 jaar)"
        }
    }
}
