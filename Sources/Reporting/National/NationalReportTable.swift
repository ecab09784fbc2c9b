import Foundation
import ImpactModel
import RunArtifacts

/// `report/report.md` of a national run: one line per municipality (gemeentecode) with its headline metrics of the
/// report quarter.
package struct NationalReportTable {
    /// The pipeline's title.
    package var title: String
    /// The report quarter.
    package var period: Quarter
    /// The run's timestamp as printed under the title.
    package var generatedAt: String
    /// The report's language.
    package var language: ReportLanguage
    /// The headline metric ids, in column order.
    package var metrics: [String]

    /// - Parameters: see the properties.
    package init(title: String, period: Quarter, generatedAt: String, language: ReportLanguage, metrics: [String]) {
        self.title = title
        self.period = period
        self.generatedAt = generatedAt
        self.language = language
        self.metrics = metrics
    }

    /// The Markdown of the report.
    /// - Parameters:
    ///   - cells: headline rows by gemeentecode and metric id (``NationalPublicRows/Written/cells``).
    ///   - texts: the catalogue's labels, by metric id.
    ///   - rows: the public rows in `metrics.csv`.
    package func markdown(_ cells: [String: [String: MetricRecord]], texts: [String: MetricText], rows: Int)
        -> String
    {
        let nl = language == .nl
        var lines: [String] = []
        lines.append("# \(title) — \(period)")
        lines.append("")
        lines.append(
            nl
                ? "_\(generatedAt) · \(cells.count) gemeenten · \(rows) openbare rijen in metrics.csv_"
                : "_\(generatedAt) · \(cells.count) municipalities · \(rows) public rows in metrics.csv_")
        lines.append("")
        lines.append(
            nl
                ? "Eén regel per gemeente (CBS-gemeentecode), kwartaal \(period). `x` = afgeschermd (onthullingscontrole), `.` = geen waarde (zie `status` en `note` in metrics.csv)."
                : "One line per municipality (CBS code), quarter \(period). `x` = suppressed (disclosure control), `.` = no value (see `status` and `note` in metrics.csv)."
        )
        lines.append("")
        var table = MarkdownTable(
            header: [nl ? "gemeente" : "municipality"]
                + metrics.map { id in texts[id].map { "\($0.label(language)) (`\(id)`)" } ?? "`\(id)`" },
            alignments: [.left] + metrics.map { _ in .right })
        for code in cells.keys.sorted() {
            let row = cells[code] ?? [:]
            table.append(
                [code]
                    + metrics.map { id -> String in
                        guard let m = row[id] else { return "" }
                        if m.isPublished { return displayNumber(m.valueText) + (m.status == .partial ? "¹" : "") }
                        return m.symbol.isEmpty ? (m.status == .suppressed ? "x" : ".") : m.symbol
                    })
        }
        lines.append(table.markdown)
        lines.append("")
        lines.append(nl ? "¹ dekking 60–80 % (partial)." : "¹ coverage 60–80 % (partial).")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// A value as written in metrics.csv, rounded to 1 decimal for the table (the CSV keeps every digit).
    private func displayNumber(_ text: String) -> String {
        guard let v = Double(text) else { return text }
        if v == v.rounded() { return formatNumber(v) }
        return String(format: "%.1f", v)
    }
}
