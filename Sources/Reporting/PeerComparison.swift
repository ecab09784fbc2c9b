import Foundation
import ImpactModel
import RunArtifacts

/// "Haarlem in context" (issue 16 item 5): CBS figures at municipality level for the report's municipality beside
/// its peer group (the pipeline's `peer_group:`, ``PeerGroup``) and the Netherlands (`NL01`).
///
/// Input: the rows of `compute/metrics.csv` of metrics with level `regional` (`context.compare: true` in
/// `config/metrics.yaml`): one row per region, `entity` = the CBS region code, `period` = the CBS period shown
/// (`2025JJ00`). Output: a table with one row per region (the municipality first, then the peers in the pipeline's
/// order, the peers' median, then Nederland) and one column per series, each headed by its label, unit, CBS table
/// id and period; plus the sentences that explain it. Pure data (``Table``), so any renderer (Markdown now, HTML
/// later) can draw it; ``markdown(_:)`` is the Markdown form.
package struct PeerComparison: Sendable {
    /// One series: a `regional` metric.
    package struct Series: Sendable, Hashable {
        /// The metric's id in `config/metrics.yaml` (`ctx_net_labour_participation`).
        package var metricID: String
        /// The metric's theme id (`config/themes.yaml`); the columns follow the themes' order.
        package var theme: String
        /// Label with unit, as shown in the column header ("Netto arbeidsparticipatie (%)").
        package var label: String
        /// CBS table id found in the metric's `source` text (`81575NED`), empty when none.
        package var table: String
        /// The CBS period most regions have (`2025JJ00`).
        package var period: String
    }

    /// One region's line: its name, CBS code (empty for the median) and cells in series order; a cell is a number,
    /// `.` (no CBS value) or `x`, with `*` when the region's CBS period differs from the series' period.
    package struct Line: Sendable, Hashable {
        /// The region's name as shown: the municipality, a peer's name from `peer_group:`, the median's label,
        /// `Nederland`.
        package var name: String
        /// CBS region code (`GM0392`, `NL01`); empty for the peers' median.
        package var code: String
        /// One formatted cell per series, in ``Table/series`` order; the median's cell has `†` when fewer peers than
        /// the
        /// group's members have a value of the series' period.
        package var cells: [String]
    }

    /// The table: the series (columns) and one line per region.
    package struct Table: Sendable, Hashable {
        /// The columns, ordered by theme (``ReportInputs/themes``) and then metric id.
        package var series: [Series]
        /// The municipality, the peers in the pipeline's order, the peers' median, then Nederland.
        package var lines: [Line]
    }

    /// The report's inputs: the `regional` rows of `metrics.csv`, metric texts, themes, peer group and language.
    package let inputs: ReportInputs
    private let numbers: HumanNumberFormat

    /// The comparison for `inputs`, with numbers in the format of its language.
    package init(_ inputs: ReportInputs) {
        self.inputs = inputs
        numbers = HumanNumberFormat(inputs.language)
    }

    private var nl: Bool { inputs.language == .nl }

    /// The rows of `regional` metrics, by metric and entity (totals only).
    private var regionalRows: [String: [String: MetricRecord]] {
        var out: [String: [String: MetricRecord]] = [:]
        for r in inputs.metrics where r.level == "regional" && r.breakdown.isEmpty {
            out[r.metricID, default: [:]][r.entity] = r
        }
        return out
    }

    /// The CBS table id in a `source` text: 5 digits and 3 letters (`81575NED`, `70072ned`).
    static func tableID(in text: String) -> String {
        guard let r = text.range(of: "[0-9]{5}[A-Za-z]{3}", options: .regularExpression) else { return "" }
        return String(text[r])
    }

    /// The comparison table, or nil when the pipeline names no peer group or no metric is `regional`.
    package func table() -> Table? {
        guard let group = inputs.peerGroup else { return nil }
        let rows = regionalRows
        guard !rows.isEmpty else { return nil }
        let themeOrder = Dictionary(uniqueKeysWithValues: inputs.themes.enumerated().map { ($1.id, $0) })
        let ids = rows.keys.sorted {
            let a = themeOrder[rows[$0]?.values.first?.theme ?? ""] ?? Int.max
            let b = themeOrder[rows[$1]?.values.first?.theme ?? ""] ?? Int.max
            return a != b ? a < b : $0 < $1
        }
        var series: [Series] = []
        for id in ids {
            let byRegion = rows[id] ?? [:]
            let text = inputs.metricTexts[id]
            let unit = text?.unit ?? byRegion.values.first?.unit ?? ""
            let label = (text?.label(inputs.language) ?? id) + unitText(unit)
            // The period the municipality's row shows; else the most frequent one.
            let periods = byRegion.values.map(\.period)
            let common =
                byRegion[inputs.municipalityCode]?.period
                ?? Dictionary(grouping: periods, by: { $0 }).max { $0.value.count < $1.value.count }?.key ?? ""
            series.append(
                Series(
                    metricID: id, theme: byRegion.values.first?.theme ?? "", label: label,
                    table: Self.tableID(in: text?.source ?? ""), period: common))
        }
        func cells(_ code: String) -> [String] {
            series.map { s in
                guard let r = rows[s.metricID]?[code] else { return "." }
                return format(r) + (r.isPublished && r.period != s.period ? "*" : "")
            }
        }
        var lines: [Line] = []
        lines.append(
            Line(name: inputs.municipalityName, code: inputs.municipalityCode, cells: cells(inputs.municipalityCode)))
        for m in group.members { lines.append(Line(name: m.name, code: m.code.code, cells: cells(m.code.code))) }
        let medians = series.map { s -> String in
            let values = group.members.compactMap { m -> Double? in
                guard let r = rows[s.metricID]?[m.code.code], r.isPublished, r.period == s.period else { return nil }
                return r.value
            }.sorted()
            guard !values.isEmpty else { return "." }
            let mid = values.count / 2
            let median = values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
            let unit = inputs.metricTexts[s.metricID]?.unit ?? ""
            return numbers.format(median, decimals: decimals(unit, median))
                + (values.count < group.members.count ? "†" : "")
        }
        lines.append(
            Line(name: nl ? "Mediaan vergelijkbare gemeenten" : "Median of the peers", code: "", cells: medians))
        lines.append(Line(name: nl ? "Nederland" : "Netherlands", code: "NL01", cells: cells("NL01")))
        return Table(series: series, lines: lines)
    }

    /// Where the municipality ranks among itself and its peers for each series (1 = highest), e.g.
    /// "Vestigingen: 1e van 7"; series with fewer than two published values are left out.
    package func ranks() -> [(series: Series, rank: Int, of: Int)] {
        guard let t = table(), let group = inputs.peerGroup else { return [] }
        let rows = regionalRows
        var out: [(series: Series, rank: Int, of: Int)] = []
        for s in t.series {
            let codes = [inputs.municipalityCode] + group.members.map(\.code.code)
            let values = codes.compactMap { c -> (String, Double)? in
                guard let r = rows[s.metricID]?[c], r.isPublished, r.period == s.period, let v = r.value
                else { return nil }
                return (c, v)
            }
            guard values.count >= 2, let own = values.first(where: { $0.0 == inputs.municipalityCode }) else {
                continue
            }
            out.append((s, values.filter { $0.1 > own.1 }.count + 1, values.count))
        }
        return out
    }

    /// The section in Markdown, or nil when there is nothing to compare.
    package func markdown() -> String? {
        guard let t = table(), let group = inputs.peerGroup else { return nil }
        let name = inputs.municipalityName
        var out = [nl ? "## \(name) vergeleken" : "## \(name) compared", ""]
        out.append(
            nl
                ? "Hoe staat \(name) ervoor naast gemeenten van vergelijkbare omvang en naast Nederland? De cijfers zijn van het CBS, per gemeente, voor de hele gemeente (niet alleen de sociale ondernemingen). Groep: **\(MarkdownTable.escape(group.name))**\(group.basis.isEmpty ? "" : " — \(MarkdownTable.escape(group.basis))"). Gemeentecodes volgens de CBS-gemeentelijke indeling \(group.classificationYear)."
                : "How does \(name) compare with municipalities of similar size and with the Netherlands? The figures are CBS's, per municipality, for the whole municipality (not only the social enterprises). Group: **\(MarkdownTable.escape(englishGroup(group)))**. Municipality codes of the CBS regional classification \(group.classificationYear)."
        )
        out.append("")
        let themes = Dictionary(uniqueKeysWithValues: inputs.themes.map { ($0.id, $0.label(inputs.language)) })
        var header = [nl ? "Gemeente" : "Municipality"]
        for s in t.series {
            let source = [s.table, periodTitle(s.period)].filter { !$0.isEmpty }.joined(separator: ", ")
            header.append("\(s.label), CBS \(source)")
        }
        // Which theme each series speaks to, in theme order.
        var byTheme: [(String, [String])] = []
        for s in t.series {
            let name = themes[s.theme] ?? s.theme
            if let i = byTheme.firstIndex(where: { $0.0 == name }) {
                byTheme[i].1.append(s.label)
            } else {
                byTheme.append((name, [s.label]))
            }
        }
        out.append(
            (nl ? "Per thema: " : "By theme: ")
                + byTheme.map { t in
                    "\(t.0): "
                        + t.1.map { $0.prefix(1).lowercased() + $0.dropFirst() }.joined(
                            separator: nl ? " en " : " and ")
                }
                .joined(separator: "; ") + ".")
        out.append("")
        var table = MarkdownTable(header: header, alignments: [.left] + t.series.map { _ in .right })
        for (i, line) in t.lines.enumerated() {
            let shown = i == 0 ? "**\(MarkdownTable.escape(line.name))**" : MarkdownTable.escape(line.name)
            table.append([shown] + line.cells)
        }
        out.append(table.markdown)
        out.append("")
        let ranks = ranks()
        if !ranks.isEmpty {
            let parts = ranks.map { r in
                nl ? "\(r.series.label): \(r.rank)e van \(r.of)" : "\(r.series.label): \(ordinal(r.rank)) of \(r.of)"
            }
            out.append(
                (nl
                    ? "Plaats van \(name) in de groep (1 = hoogste waarde): "
                    : "\(name)'s place in the group (1 = highest value): ")
                    + parts.joined(separator: "; ") + ".")
            out.append("")
        }
        out.append(
            nl
                ? "`.` = het CBS-bestand heeft voor deze gemeente geen waarde. `*` = een andere (oudere) CBS-periode dan in de kop. `†` = mediaan over minder gemeenten dan de hele groep. Aantallen zijn niet per inwoner omgerekend: de gemeenten in de groep zijn ongeveer even groot. Bron: CBS, CC BY 4.0."
                : "`.` = the CBS file has no value for this municipality. `*` = another (older) CBS period than in the header. `†` = median over fewer municipalities than the whole group. Counts are not per inhabitant: the municipalities of the group are about the same size. Source: CBS, CC BY 4.0."
        )
        return out.joined(separator: "\n")
    }

    /// The section as report blocks (one model for Markdown, HTML and PDF; issue 17), or empty when there is nothing
    /// to compare. The same text and table as ``markdown()``.
    package func blocks() -> [ReportBlock] {
        guard let t = table(), let group = inputs.peerGroup else { return [] }
        let name = inputs.municipalityName
        var out: [ReportBlock] = [
            .heading(level: 2, text: nl ? "\(name) vergeleken" : "\(name) compared", pageBreak: true)
        ]
        out.append(
            .paragraph(
                RichText(spans: [
                    .text(
                        nl
                            ? "Hoe staat \(name) ervoor naast gemeenten van vergelijkbare omvang en naast Nederland? De cijfers zijn van het CBS, per gemeente, voor de hele gemeente (niet alleen de sociale ondernemingen). Groep: "
                            : "How does \(name) compare with municipalities of similar size and with the Netherlands? The figures are CBS's, per municipality, for the whole municipality (not only the social enterprises). Group: "
                    ),
                    .strong(nl ? group.name : englishGroup(group)),
                    .text(
                        (nl && !group.basis.isEmpty ? " — \(group.basis)" : "")
                            + (nl
                                ? ". Gemeentecodes volgens de CBS-gemeentelijke indeling \(group.classificationYear)."
                                : ". Municipality codes of the CBS regional classification \(group.classificationYear).")
                    ),
                ])))
        let themes = Dictionary(uniqueKeysWithValues: inputs.themes.map { ($0.id, $0.label(inputs.language)) })
        var header = [nl ? "Gemeente" : "Municipality"]
        for s in t.series {
            let source = [s.table, periodTitle(s.period)].filter { !$0.isEmpty }.joined(separator: ", ")
            header.append("\(s.label), CBS \(source)")
        }
        var byTheme: [(String, [String])] = []
        for s in t.series {
            let theme = themes[s.theme] ?? s.theme
            if let i = byTheme.firstIndex(where: { $0.0 == theme }) {
                byTheme[i].1.append(s.label)
            } else {
                byTheme.append((theme, [s.label]))
            }
        }
        out.append(
            .paragraph(
                .plain(
                    (nl ? "Per thema: " : "By theme: ")
                        + byTheme.map { t in
                            "\(t.0): "
                                + t.1.map { $0.prefix(1).lowercased() + $0.dropFirst() }.joined(
                                    separator: nl ? " en " : " and ")
                        }.joined(separator: "; ") + ".")))
        var table = ReportTable(
            caption: nl
                ? "\(name) naast vergelijkbare gemeenten en Nederland (CBS)"
                : "\(name) beside comparable municipalities and the Netherlands (CBS)",
            header: header, alignments: [.left] + t.series.map { _ in .right })
        for (i, line) in t.lines.enumerated() {
            let first: RichText = i == 0 ? RichText(spans: [.strong(line.name)]) : .plain(line.name)
            table.append([first] + line.cells.map { RichText.plain($0) })
        }
        table.notes = [
            nl
                ? "`.` = het CBS-bestand heeft voor deze gemeente geen waarde. `*` = een andere (oudere) CBS-periode dan in de kop. `†` = mediaan over minder gemeenten dan de hele groep. Aantallen zijn niet per inwoner omgerekend: de gemeenten in de groep zijn ongeveer even groot. Bron: CBS, CC BY 4.0."
                : "`.` = the CBS file has no value for this municipality. `*` = another (older) CBS period than in the header. `†` = median over fewer municipalities than the whole group. Counts are not per inhabitant: the municipalities of the group are about the same size. Source: CBS, CC BY 4.0."
        ]
        out.append(.table(table))
        let ranks = ranks()
        if !ranks.isEmpty {
            let parts = ranks.map { r in
                nl ? "\(r.series.label): \(r.rank)e van \(r.of)" : "\(r.series.label): \(ordinal(r.rank)) of \(r.of)"
            }
            out.append(
                .paragraph(
                    .plain(
                        (nl
                            ? "Plaats van \(name) in de groep (1 = hoogste waarde): "
                            : "\(name)'s place in the group (1 = highest value): ")
                            + parts.joined(separator: "; ") + ".")))
        }
        return out
    }

    /// The group in English: its name and basis in the pipeline file are Dutch text, so the English report names
    /// the members instead ("the 7 municipalities Apeldoorn, Arnhem, …").
    private func englishGroup(_ group: PeerGroup) -> String {
        "the \(group.members.count) municipalities " + group.members.map(\.name).joined(separator: ", ")
    }

    private func ordinal(_ n: Int) -> String {
        switch (n % 10, n % 100) {
        case (1, let h) where h != 11: "\(n)st"
        case (2, let h) where h != 12: "\(n)nd"
        case (3, let h) where h != 13: "\(n)rd"
        default: "\(n)th"
        }
    }

    /// `2025JJ00` → `2025`, `2024KW03` → `2024 3e kwartaal` / `2024 Q3`; other codes as written.
    private func periodTitle(_ code: String) -> String {
        guard let p = try? PeriodCode(parsing: code) else { return code }
        let year = String(code.prefix(4))
        switch String(code.dropFirst(4).prefix(2)) {
        case "JJ": return year
        case "KW": return nl ? "\(year) \(Int(code.suffix(2)) ?? 0)e kwartaal" : "\(year) Q\(Int(code.suffix(2)) ?? 0)"
        default: return p.code
        }
    }

    private func unitText(_ unit: String) -> String {
        switch unit {
        case "%": return " (%)"
        case "count", "": return ""
        default: return " (\(unit))"
        }
    }

    private func decimals(_ unit: String, _ value: Double) -> Int { unit == "%" ? 1 : 0 }

    /// A value with the decimals its unit is published with: 1 for percentages (metrics.csv writes `4.0` as
    /// `4`), else as many as the value has.
    private func format(_ r: MetricRecord) -> String {
        guard r.isPublished, let v = r.value else { return r.symbol.isEmpty ? "." : r.symbol }
        let d = r.valueText.split(separator: ".").dropFirst().first?.count ?? 0
        return numbers.format(v, decimals: r.unit == "%" ? max(d, 1) : d)
    }
}
