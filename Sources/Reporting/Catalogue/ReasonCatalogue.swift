import ImpactModel

/// The string catalogue of reasons and notes, one instance per language (``dutch`` in `ReasonCatalogueNL.swift`,
/// ``english`` in `ReasonCatalogueEN.swift`): the only place where a ``RejectReason`` or a ``MetricNote`` becomes
/// text. The report builder asks it for text and never writes a reason of its own, nor reads one back from text.
///
/// Each language is an exhaustive `switch` over the vocabulary, so a new case does not compile until both
/// catalogues name it; `ReasonCatalogueTests` iterates `allCases` to check that no text is empty and that the
/// English one holds no Dutch.
package struct ReasonCatalogue: Sendable {
    /// The language of the texts.
    package let language: ReportLanguage
    /// Why records were rejected, as a reader of the appendix reads it (no codes).
    package let reject: @Sendable (RejectReason) -> String
    /// A note clause as a sentence fragment for the report (no codes, CBS periods and dates in words).
    package let note: @Sendable (MetricNote) -> String
    /// A reject code this version does not know (a `rejects.csv` from a newer version).
    package let otherReason: String
    /// The words of the growth-class codes of METRICS.md §7 (`Indicators.HighGrowthClass` raw values such as
    /// `hge_eurostat`, the category of `scale_class` rows), by code.
    package let growthClasses: [String: String]

    /// A category code in words: a growth class (``growthClasses``), else the code as it is (a category this
    /// catalogue does not name).
    package func category(_ code: String) -> String { growthClasses[code] ?? code }

    /// The catalogue of `language`.
    package static func of(_ language: ReportLanguage) -> ReasonCatalogue { language == .nl ? dutch : english }

    /// A reject code as read from `rejects.csv`, in words; ``otherReason`` for an unknown code.
    package func reject(code: String) -> String { RejectReason(rawValue: code).map(reject) ?? otherReason }

    /// A `note` value (stored clauses, `; `-separated; ``ReportNotes/text(_:_:)``) in this language's words, followed
    /// by the stored codes in brackets for whoever greps `compute/metrics.csv`; a note that starts with a KvK-nummer
    /// (an enterprise's own flag in provenance) keeps the number in front. Used by `impactmon explain`.
    package func wordsAndCodes(_ note: String) -> String {
        if let m = note.wholeMatch(of: /([0-9]{8}) (.+)/) { return "\(m.1) \(wordsAndCodes(String(m.2)))" }
        let words = ReportNotes.text(note, language)
        return words.isEmpty || words == note ? note : "\(words) [\(note)]"
    }

    /// Notes in words, `; `-separated, each text once.
    package func notes(_ notes: [MetricNote]) -> String {
        var out: [String] = []
        for n in notes {
            let t = note(n)
            if !t.isEmpty, !out.contains(t) { out.append(t) }
        }
        return out.joined(separator: "; ")
    }
}

extension ReasonCatalogue {
    /// A CBS `Perioden` code or quarter in words (`2026KW01` → `1e kw. 2026` / `Q1 2026`).
    static func period(_ code: String, _ lang: ReportLanguage) -> String { ReportNotes.period(code, lang) }

    /// An ISO date in words: `2026-09-30` → `30 september 2026` / `30 September 2026`; other text as it is.
    static func date(_ iso: String, _ lang: ReportLanguage) -> String {
        guard let m = iso.wholeMatch(of: /([0-9]{4})-([0-9]{2})-([0-9]{2})/), let day = Int(m.3) else { return iso }
        return "\(day) \(period("\(m.1)MM\(m.2)", lang))"
    }

    /// A number as the language writes it: shortest form, the language's decimal mark (`0,5` / `0.5`).
    static func number(_ value: Double, _ lang: ReportLanguage) -> String {
        let t = formatNumber(value)
        return lang == .nl ? t.replacingOccurrences(of: ".", with: ",") : t
    }

    /// A percentage with one decimal at most, with the language's decimal mark (`72,5` / `72.5`).
    static func percent(_ value: Double, _ lang: ReportLanguage) -> String {
        let t = formatNumber((value * 10).rounded() / 10)
        return lang == .nl ? t.replacingOccurrences(of: ".", with: ",") : t
    }
}
