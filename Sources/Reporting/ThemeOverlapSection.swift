import Foundation
import ImpactModel
import RunArtifacts

/// "Themes that cross" (issue 16 item 6): how many social enterprises contribute to 1, 2 or 3+ themes, the most
/// frequent combinations of themes, and impact by combination.
///
/// Input: rows of `compute/metrics.csv` for the report quarter with breakdown `theme_count=<1|2|3+>` and
/// `theme_combination=<ids joined by +>` (``Indicators/ThemeOverlap``): `pop_active_se` gives the number of
/// enterprises, the ``impactMetrics`` the impact per combination. Every cell has already passed disclosure control
/// in the compute stage (min N, dominance, secondary suppression within each table and between the two nested
/// tables); a hidden cell is shown with its symbol (`x`), never recomputed here. Pure data (``lines``), with a
/// Markdown form (``markdown()``) and one bar chart (``chart()``).
package struct ThemeOverlapSection: Sendable {
    /// The metric whose `theme_count` and `theme_combination` cells count the enterprises.
    package static let countMetric = "pop_active_se"
    /// Impact shown per combination, in column order (each needs `breakdowns: [.., theme_combination]`).
    package static let impactMetrics = ["emp_headcount_total", "soc_tg_fte"]
    /// At most this many combinations are listed (the most frequent published ones first).
    package static let maxCombinations = 8

    /// One line of a table: the cell key, its label and formatted cells.
    package struct Line: Sendable, Hashable {
        /// The cell's breakdown value: `1`, `2`, `3+`, `geen` for theme counts, theme ids joined by `+` for
        /// combinations.
        package var key: String
        /// The key in words, in the report's language (`2 thema's`, `Werk en participatie + Circulaire economie`).
        package var label: String
        /// Formatted cells in column order: the number of enterprises, then one per ``impactMetrics`` for combinations;
        /// a
        /// hidden cell shows its symbol (`x`), a missing one `.` or `–`.
        package var cells: [String]
    }

    /// The report's inputs: the report quarter's rows of `metrics.csv`, metric texts, themes and language.
    package let inputs: ReportInputs
    private let numbers: HumanNumberFormat

    /// The section for `inputs`, with numbers in the format of its language.
    package init(_ inputs: ReportInputs) {
        self.inputs = inputs
        numbers = HumanNumberFormat(inputs.language)
    }

    private var nl: Bool { inputs.language == .nl }

    /// Report-quarter rows of `metric` whose breakdown starts with `dimension=`, keyed by cell.
    private func cells(_ metric: String, _ dimension: String) -> [String: MetricRecord] {
        var out: [String: MetricRecord] = [:]
        let prefix = dimension + "="
        for r in inputs.metrics
        where r.metricID == metric && r.entity == inputs.municipalityCode && r.period == inputs.period.description
            && r.breakdown.hasPrefix(prefix)
        {
            out[String(r.breakdown.dropFirst(prefix.count))] = r
        }
        return out
    }

    private func format(_ r: MetricRecord?) -> String {
        guard let r else { return "–" }
        guard r.isPublished, let v = r.value else { return r.symbol.isEmpty ? "." : r.symbol }
        let d = r.valueText.split(separator: ".").dropFirst().first?.count ?? 0
        return numbers.format(v, decimals: d)
    }

    /// A combination key in words: theme labels joined by " + ".
    func label(ofCombination key: String) -> String {
        if key == "geen" { return nl ? "geen thema" : "no theme" }
        let names = Dictionary(uniqueKeysWithValues: inputs.themes.map { ($0.id, $0.label(inputs.language)) })
        return key.split(separator: "+").map { names[String($0)] ?? String($0) }.joined(separator: " + ")
    }

    /// Enterprises by number of themes: `1`, `2`, `3+` (and `geen` when present), with their count.
    package func countLines() -> [Line] {
        let counts = cells(Self.countMetric, "theme_count")
        return ["1", "2", "3+", "geen"].compactMap { k in
            guard let r = counts[k] else { return nil }
            let label =
                switch k {
                case "1": nl ? "1 thema" : "1 theme"
                case "geen": nl ? "geen thema" : "no theme"
                default: nl ? "\(k) thema's" : "\(k) themes"
                }
            return Line(key: k, label: label, cells: [format(r)])
        }
    }

    /// The combinations of two or more themes, most frequent first (published counts by value, then hidden ones
    /// by key), at most ``maxCombinations``; cells: enterprises, then each of ``impactMetrics``.
    package func combinationLines() -> [Line] {
        let counts = cells(Self.countMetric, "theme_combination")
        let impact = Self.impactMetrics.map { cells($0, "theme_combination") }
        // A combination no active enterprise has (published 0) is left out.
        let keys = counts.keys.filter { k in
            k.contains("+") && !(counts[k]?.isPublished == true && counts[k]?.value == 0)
        }.sorted { a, b in
            let va = counts[a].flatMap { $0.isPublished ? $0.value : nil }
            let vb = counts[b].flatMap { $0.isPublished ? $0.value : nil }
            switch (va, vb) {
            case (let x?, let y?): return x != y ? x > y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return keys.prefix(Self.maxCombinations).map { k in
            Line(key: k, label: label(ofCombination: k), cells: [format(counts[k])] + impact.map { format($0[k]) })
        }
    }

    /// The bar chart of enterprises by number of themes (`charts/theme_overlap.svg`); nil without data.
    package func chart() -> (fileName: String, svg: String)? {
        let counts = cells(Self.countMetric, "theme_count")
        let lines = countLines()
        guard !lines.isEmpty else { return nil }
        let title =
            nl
            ? "Sociale ondernemingen naar aantal thema's, \(ReportNotes.period(inputs.period.description, .nl))"
            : "Social enterprises by number of themes, \(ReportNotes.period(inputs.period.description, .en))"
        let desc = lines.map { "\($0.label): \($0.cells[0])" }.joined(separator: "; ")
        let bars = lines.map { l in
            (label: l.label, value: counts[l.key].flatMap { $0.isPublished ? $0.value.map { Int($0) } : nil })
        }
        return (
            "charts/theme_overlap\(inputs.language.fileSuffix).svg",
            SVGChart.bars(title: title, description: desc, bars: bars)
        )
    }

    /// The section in Markdown, or nil when the compute stage wrote no theme-overlap cells.
    package func markdown() -> String? {
        let counts = countLines()
        guard !counts.isEmpty else { return nil }
        var out = [nl ? "## Thema's die elkaar kruisen" : "## Themes that cross", ""]
        out.append(
            nl
                ? "Veel sociale ondernemingen dragen bij aan meer dan één thema, bijvoorbeeld werk én duurzaamheid. Hieronder: hoeveel actieve sociale ondernemingen aan één, twee of drie en meer thema's bijdragen (volgens het register van de gemeente), welke combinaties het vaakst voorkomen en hoeveel werk daar bij hoort."
                : "Many social enterprises contribute to more than one theme, for example work and sustainability. Below: how many active social enterprises contribute to one, two or three and more themes (according to the municipality's register), which combinations occur most often and how much work goes with them."
        )
        out.append("")
        var t1 = MarkdownTable(
            header: [nl ? "Aantal thema's" : "Number of themes", nl ? "Ondernemingen" : "Enterprises"],
            alignments: [.left, .right])
        for l in counts { t1.append([l.label] + l.cells) }
        out.append(t1.markdown)
        out.append("")
        if let chart = chart() {
            out.append("![\(MarkdownTable.escape(altText()))](\(chart.fileName))")
            out.append("")
        }
        let combos = combinationLines()
        if !combos.isEmpty {
            let impactHeaders = Self.impactMetrics.map { id in
                (inputs.metricTexts[id]?.label(inputs.language) ?? id)
            }
            var t2 = MarkdownTable(
                header: [nl ? "Combinatie van thema's" : "Combination of themes", nl ? "Ondernemingen" : "Enterprises"]
                    + impactHeaders,
                alignments: [.left, .right] + impactHeaders.map { _ in .right })
            for l in combos { t2.append([MarkdownTable.escape(l.label)] + l.cells) }
            out.append(
                nl
                    ? "**Meest voorkomende combinaties (twee of meer thema's)**"
                    : "**Most frequent combinations (two or more themes)**")
            out.append("")
            out.append(t2.markdown)
            out.append("")
        }
        out.append(
            nl
                ? "`x` = niet gepubliceerd om de gegevens van afzonderlijke ondernemingen te beschermen (te weinig ondernemingen, één of twee ondernemingen bepalen het cijfer, of het zou uit de andere cellen af te leiden zijn). Werknemers zijn afgerond op vijftallen."
                : "`x` = not published to protect the data of individual enterprises (too few enterprises, one or two enterprises dominate the figure, or it could be derived from the other cells). Employees are rounded to multiples of five."
        )
        return out.joined(separator: "\n")
    }

    /// The section as report blocks (one model for Markdown, HTML and PDF; issue 17), or empty when the compute stage
    /// wrote no theme-overlap cells. The same text, tables and chart as ``markdown()``.
    package func blocks() -> [ReportBlock] {
        let counts = countLines()
        guard !counts.isEmpty else { return [] }
        var out: [ReportBlock] = [
            .heading(level: 2, text: nl ? "Thema's die elkaar kruisen" : "Themes that cross", pageBreak: true)
        ]
        out.append(
            .paragraph(
                .plain(
                    nl
                        ? "Veel sociale ondernemingen dragen bij aan meer dan één thema, bijvoorbeeld werk én duurzaamheid. Hieronder: hoeveel actieve sociale ondernemingen aan één, twee of drie en meer thema's bijdragen (volgens het register van de gemeente), welke combinaties het vaakst voorkomen en hoeveel werk daar bij hoort."
                        : "Many social enterprises contribute to more than one theme, for example work and sustainability. Below: how many active social enterprises contribute to one, two or three and more themes (according to the municipality's register), which combinations occur most often and how much work goes with them."
                )))
        let legend: RichText =
            nl
            ? "`x` = niet gepubliceerd om de gegevens van afzonderlijke ondernemingen te beschermen (te weinig ondernemingen, één of twee ondernemingen bepalen het cijfer, of het zou uit de andere cellen af te leiden zijn). Werknemers zijn afgerond op vijftallen."
            : "`x` = not published to protect the data of individual enterprises (too few enterprises, one or two enterprises dominate the figure, or it could be derived from the other cells). Employees are rounded to multiples of five."
        var t1 = ReportTable(
            caption: nl
                ? "Actieve sociale ondernemingen naar aantal thema's" : "Active social enterprises by number of themes",
            header: [nl ? "Aantal thema's" : "Number of themes", nl ? "Ondernemingen" : "Enterprises"],
            alignments: [.left, .right])
        for l in counts { t1.append([.plain(l.label)] + l.cells.map { RichText.plain($0) }) }
        t1.notes = [legend]
        out.append(.table(t1))
        if let chart = chart() {
            out.append(.chart(ReportChart(fileName: chart.fileName, altText: altText(), svg: chart.svg)))
        }
        let combos = combinationLines()
        if !combos.isEmpty {
            let impactHeaders = Self.impactMetrics.map { id in inputs.metricTexts[id]?.label(inputs.language) ?? id }
            var t2 = ReportTable(
                caption: nl
                    ? "Meest voorkomende combinaties (twee of meer thema's)"
                    : "Most frequent combinations (two or more themes)",
                header: [nl ? "Combinatie van thema's" : "Combination of themes", nl ? "Ondernemingen" : "Enterprises"]
                    + impactHeaders,
                alignments: [.left, .right] + impactHeaders.map { _ in .right })
            for l in combos { t2.append([.plain(l.label)] + l.cells.map { RichText.plain($0) }) }
            t2.notes = [legend]
            out.append(.table(t2))
        }
        return out
    }

    private func altText() -> String {
        let d = countLines().map { "\($0.label): \($0.cells[0])" }.joined(separator: "; ")
        return (nl ? "Sociale ondernemingen naar aantal thema's (" : "Social enterprises by number of themes (") + d
            + ")"
    }
}
