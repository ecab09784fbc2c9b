import ImpactModel
import RunArtifacts

/// `internal/report-internal.md` (beside `report/`): enterprise-level figures for the programme's core group only.
///
/// The public report never shows a figure of one enterprise (METRICS.md §8); this file does, so it is written to
/// its own folder with a warning at the top, and is not listed in `datapackage.json`.
package struct InternalReport: Sendable {
    /// The report's inputs; only the enterprise rows of the report quarter are shown.
    package let inputs: ReportInputs
    /// Enterprise names by KvK-nummer, from `normalize/enterprises.csv`.
    package let names: [String: String]

    /// The internal report of `inputs`, naming enterprises from `names` (KvK-nummer → name).
    package init(_ inputs: ReportInputs, names: [String: String]) {
        self.inputs = inputs
        self.names = names
    }

    /// The Markdown file: a core-group-only warning, then one row per enterprise (sorted by name, then KvK-nummer) and
    /// one column per metric with enterprise rows; a hidden value shows its symbol, a category its note.
    package func render() -> String {
        let lang = inputs.language
        let q = inputs.period.description
        let rows = inputs.metrics.filter { $0.level == "enterprise" && $0.period == q }
        let metricIDs = Array(Set(rows.map(\.metricID))).sorted()
        var byEntity: [String: [String: MetricRecord]] = [:]
        for r in rows { byEntity[r.entity, default: [:]][r.metricID] = r }
        let numbers = HumanNumberFormat(lang)
        func shown(_ r: MetricRecord?) -> String {
            guard let r else { return "–" }
            if r.metricID == "scale_class" || r.unit == "category" {
                // The class in words, or why it is absent, in the report's language (never a code of compute's).
                return r.note.isEmpty ? ReasonCatalogue.of(lang).category(r.valueText) : ReportNotes.text(r.note, lang)
            }
            guard let v = r.value else { return r.symbol.isEmpty ? "." : r.symbol }
            let d = r.unit.hasPrefix("%") || r.unit == "FTE" || r.unit == "index" ? 1 : 0
            return numbers.format(v, decimals: d) + (r.unit.hasPrefix("%") ? "%" : "")
        }
        var t = MarkdownTable(
            header: [lang == .nl ? "onderneming" : "enterprise", "KvK"]
                + metricIDs.map { id in inputs.metricTexts[id]?.label(lang) ?? id },
            alignments: [.left, .left] + metricIDs.map { _ in .right })
        for kvk in byEntity.keys.sorted(by: { (names[$0] ?? $0, $0) < (names[$1] ?? $1, $1) }) {
            t.append([names[kvk] ?? "", kvk] + metricIDs.map { shown(byEntity[kvk]?[$0]) })
        }
        let warning =
            lang == .nl
            ? "> **Intern — alleen voor de kerngroep.** Dit bestand bevat cijfers per onderneming en mag niet buiten de kerngroep worden gedeeld (zie de regels voor statistische geheimhouding in het openbare rapport)."
            : "> **Internal — core group only.** This file holds figures per enterprise and must not be shared outside the core group (see the disclosure rules in the public report)."
        let title = lang == .nl ? "Intern rapport per onderneming" : "Internal report per enterprise"
        return ["# \(inputs.title) — \(title) \(q)", warning, rows.isEmpty ? "–" : t.markdown].joined(separator: "\n\n")
            + "\n"
    }
}
