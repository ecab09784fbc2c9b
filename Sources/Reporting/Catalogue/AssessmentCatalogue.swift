import ImpactModel

/// The string catalogue of the assessment, one instance per language (``dutch`` in `AssessmentCatalogueNL.swift`,
/// ``english`` in `AssessmentCatalogueEN.swift`): the only place where an ``AssessmentReason``, a ``VerdictReason``,
/// an ``AssessmentChange`` or an ``AssessmentSignal`` becomes text. Each language is an exhaustive `switch`, so a new
/// case does not compile until both catalogues name it; `AssessmentCatalogueTests` checks that no text is empty and
/// that the English holds no Dutch.
package struct AssessmentCatalogue: Sendable {
    /// The language of the texts.
    package let language: ReportLanguage
    /// Why a criterion has its outcome.
    package let reason: @Sendable (AssessmentReason) -> String
    /// Why the verdict is what it is.
    package let verdictReason: @Sendable (VerdictReason) -> String
    /// A change since the previous quarter.
    package let change: @Sendable (AssessmentChange) -> String
    /// A watch signal.
    package let signal: @Sendable (AssessmentSignal) -> String
    /// A criterion's outcome (`voldoet` / `meets`).
    package let outcome: @Sendable (CriterionOutcome) -> String
    /// A verdict (`komt in aanmerking` / `qualifies`).
    package let verdict: @Sendable (AssessmentVerdict) -> String

    /// The catalogue of `language`.
    package static func of(_ language: ReportLanguage) -> AssessmentCatalogue {
        language == .nl ? dutch : english
    }

    /// A criterion's reason in words; empty for none (a result not decided).
    package func reason(_ r: AssessmentReason?) -> String { r.map(reason) ?? "" }

    /// A unit of `config/metrics.yaml` or `config/assessment.yaml` in words (`persons` → `personen`); the unit itself
    /// when the catalogue has no words for it.
    package func unit(_ unit: String) -> String { Self.unit(unit, language) }

    /// A category code in words (growth classes of METRICS.md §7, PSO levels, registry bases); the code itself when
    /// the catalogue has no words for it.
    package func category(_ code: String) -> String { Self.category(code, language) }
}

extension AssessmentCatalogue {
    static func unit(_ unit: String, _ lang: ReportLanguage) -> String {
        (lang == .nl ? unitsNL : unitsEN)[unit] ?? unit
    }

    static func category(_ code: String, _ lang: ReportLanguage) -> String {
        if let growthClass = ReasonCatalogue.of(lang).growthClasses[code] { return growthClass }
        return (lang == .nl ? categoriesNL : categoriesEN)[code] ?? code
    }

    /// A value with its unit: whole numbers without decimals, else one; `%` glued, `category` without a unit.
    static func amount(_ v: Double, unit: String, _ lang: ReportLanguage) -> String {
        let suffix = unit == "%" ? "%" : (unit == "category" ? "" : " \(Self.unit(unit, lang))")
        return HumanNumberFormat(lang).format(v, decimals: v == v.rounded() ? 0 : 1) + suffix
    }

    /// A stored note in words between parentheses after a space; empty for an empty note.
    static func noteInParentheses(_ note: String, _ lang: ReportLanguage) -> String {
        let text = ReportNotes.text(note, lang)
        return text.isEmpty ? "" : " (\(text))"
    }

    /// Category codes in words, `, `-separated.
    static func categories(_ codes: [String], _ lang: ReportLanguage) -> String {
        codes.map { category($0, lang) }.joined(separator: ", ")
    }
}
