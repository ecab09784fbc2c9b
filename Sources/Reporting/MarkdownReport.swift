import Foundation
import ImpactModel

/// Builds `report.md`: the public quarterly report, GitHub-flavoured Markdown, Dutch by default.
///
/// Sections: summary of what changed, a table per theme (this quarter, previous quarter, a year earlier, change)
/// with CBS context beside it, scale-up counts (no enterprise-level figures), definitions, sources with retrieval
/// times, data quality (coverage, rejects by reason, ledger, suppressed cells, legend of symbols) and provenance.
/// The output is deterministic: the same inputs give the same bytes apart from the generated-at line.
package struct MarkdownReport: Sendable {
    package let inputs: ReportInputs
    private let s: ReportStrings
    private let numbers: HumanNumberFormat
    /// `ctx_*` metrics of the municipality itself (an establishments extract, level `municipality`): not CBS
    /// figures, so they are reported like programme metrics (and listed as not measured when no source feeds them).
    private let municipalContext: Set<String>

    package init(_ inputs: ReportInputs) {
        self.inputs = inputs
        s = ReportStrings.of(inputs.language)
        numbers = HumanNumberFormat(inputs.language)
        municipalContext = Set(
            inputs.metrics.filter { $0.metricID.hasPrefix("ctx_") && $0.level == "municipality" }.map(\.metricID))
    }

    private var q: Quarter { inputs.period }
    private var lang: ReportLanguage { inputs.language }
    /// `""` for Dutch, `.en` for English: English files sit beside the Dutch ones (`charts/x.en.svg`).
    private var suffix: String { inputs.language.fileSuffix }

    /// Programme-level rows (the municipality as entity), keyed by metric and quarter.
    private var headline: [String: [String: PublishedMetric]] {
        var out: [String: [String: PublishedMetric]] = [:]
        for r in inputs.metrics
        where !isCBSContext(r.metricID) && r.unit != "category" && r.metricID != "scale_class"
            && r.entity == inputs.municipalityCode && r.breakdown.isEmpty
        {
            out[r.metricID, default: [:]][r.period] = r
        }
        return out
    }

    /// Balanced-panel year-on-year changes (rows with breakdown `panel=yoy`, issue 14 item 6), keyed by metric and
    /// quarter.
    private var panelChanges: [String: [String: PublishedMetric]] {
        var out: [String: [String: PublishedMetric]] = [:]
        for r in inputs.metrics where r.breakdown == "panel=yoy" && r.entity == inputs.municipalityCode {
            out[r.metricID, default: [:]][r.period] = r
        }
        return out
    }

    /// The year-on-year change shown for metric `id` in the report quarter: for sums and shares the change over the
    /// same enterprises (balanced panel) with their number — "+9,0% (zelfde 18 ondernemingen)", `–` when that
    /// panel is hidden (below min N or dominated) — else ``change(_:_:)`` of the published values.
    func yoyChange(_ id: String, _ now: PublishedMetric?, _ old: PublishedMetric?) -> String {
        guard let p = panelChanges[id]?[q.description] else { return change(now, old) }
        guard now?.isPublished == true, p.isPublished, let v = p.numericValue else { return "–" }
        let text = numbers.signed(v, decimals: 1) + (p.unit == "pp" ? " pp" : "%")
        return lang == .nl ? "\(text) (zelfde \(p.nEnterprises) ondernemingen)" : "\(text) (same \(p.nEnterprises) enterprises)"
    }

    /// Programme metrics missing in all 8 quarters (no source delivers their inputs yet): listed once under data
    /// quality instead of as empty rows in the theme tables.
    var notMeasured: Set<String> {
        Set(headline.compactMap { id, byPeriod in
            trendQuarters.allSatisfy { (byPeriod[$0.description]?.status ?? "missing") == "missing" } ? id : nil
        })
    }

    /// CBS context figures (`ctx_*`, national or regional CBS cells) are shown beside each theme's table with the
    /// CBS period they are for.
    func isCBSContext(_ id: String) -> Bool { id.hasPrefix("ctx_") && !municipalContext.contains(id) }

    /// The summary's metrics: the configured headline list, or every programme metric.
    var summaryMetrics: [String] {
        let available = Set(headline.keys)
        if !inputs.headlineMetrics.isEmpty { return inputs.headlineMetrics.filter { available.contains($0) } }
        return available.sorted()
    }

    /// The quarters a trend chart shows: the report quarter and the 7 before it.
    private var trendQuarters: [Quarter] { q.window(8) }

    /// Metrics that get a trend chart: the summary's metrics published in at least two of the 8 quarters.
    func chartedMetrics() -> [String] {
        summaryMetrics.filter { id in
            let byPeriod = headline[id] ?? [:]
            return trendQuarters.filter { byPeriod[$0.description]?.isPublished == true }.count >= 2
        }.sorted()
    }

    /// Alt text of a metric's trend chart.
    func altText(_ id: String) -> String {
        let label = inputs.metricTexts[id]?.label(lang) ?? id
        let rows = headline[id] ?? [:]
        let first = trendQuarters.first { rows[$0.description]?.isPublished == true }
        let firstText = first.map { "\($0): \(cell(rows[$0.description]))" } ?? ""
        let lastText = "\(q): \(cell(rows[q.description]))"
        return lang == .nl
            ? "Verloop van \(label) over \(trendQuarters.count) kwartalen (\(firstText); \(lastText))"
            : "Trend of \(label) over \(trendQuarters.count) quarters (\(firstText); \(lastText))"
    }

    /// The SVG files that go beside `report.md` in `charts/`: a trend per charted metric and the growth classes.
    package func charts() -> [(fileName: String, svg: String)] {
        var out: [(String, String)] = []
        for id in chartedMetrics() {
            let rows = headline[id] ?? [:]
            let unit = inputs.metricTexts[id]?.unit ?? rows.values.first?.unit ?? ""
            let points = trendQuarters.map { tq in
                SVGChart.Point(
                    label: tq.description, value: rows[tq.description].flatMap { $0.isPublished ? $0.numericValue : nil },
                    symbol: rows[tq.description].map { $0.symbol.isEmpty ? "." : $0.symbol } ?? ".")
            }
            let label = inputs.metricTexts[id]?.label(lang) ?? id
            let svg = SVGChart.line(
                title: "\(label) (\(unitLabel(unit)))", description: altText(id), points: points,
                format: { numbers.format($0, decimals: decimals(for: unit)) })
            out.append(("charts/\(id)\(suffix).svg", svg))
        }
        let classes = growthClassCounts()
        if !classes.isEmpty {
            let title = lang == .nl ? "Ondernemingen per groeiklasse, \(q)" : "Enterprises per growth class, \(q)"
            let desc = classes.map { "\($0.label): \(cell($0.row))" }.joined(separator: "; ")
            let bars = classes.map { (label: $0.label, value: $0.row.isPublished ? $0.row.numericValue.map { Int($0) } : nil) }
            out.append(("charts/growth_classes\(suffix).svg", SVGChart.bars(title: title, description: desc, bars: bars)))
        }
        if let overlap = ThemeOverlapSection(inputs).chart() { out.append(overlap) }  // issue 16 item 6
        return out
    }

    /// Enterprises per growth class in the report quarter: the programme rows of `scale_class` with breakdown
    /// `scale_class=<class>`, after disclosure control (a suppressed count is nil and shown with its symbol).
    func growthClassCounts() -> [(label: String, row: PublishedMetric)] {
        inputs.metrics.filter {
            $0.metricID == "scale_class" && $0.period == q.description && $0.entity == inputs.municipalityCode
                && $0.breakdown.hasPrefix("scale_class=")
        }.map { (label: String($0.breakdown.dropFirst("scale_class=".count)), row: $0) }
    }

    /// The whole report.
    package func render() -> String {
        var parts: [String] = []
        parts.append("# \(inputs.title) — \(s.quarterName(q)) (\(q.description))")
        parts.append(
            "_\(s.generatedAt) \(inputs.generatedAt) · \(inputs.municipalityName) (\(inputs.municipalityCode)) · \(s.registryVersion) `\(inputs.registrySHA256.prefix(12))`_"
        )
        parts.append(summarySection())
        parts.append(restatementSection())
        parts.append("## \(s.themes)")
        for theme in inputs.themes { if let t = themeSection(theme) { parts.append(t) } }
        if let peers = PeerComparison(inputs).markdown() { parts.append(peers) }  // issue 16 item 5
        if let overlap = ThemeOverlapSection(inputs).markdown() { parts.append(overlap) }  // issue 16 item 6
        parts.append(scaleUpSection())
        parts.append(definitionsSection())
        parts.append(sourcesSection())
        parts.append(dataQualitySection())
        parts.append("## \(s.provenance)\n\n\(s.provenanceText)")
        return parts.joined(separator: "\n\n") + "\n"
    }

    // MARK: - Value formatting

    /// Decimals shown per unit.
    func decimals(for unit: String) -> Int {
        switch unit.lowercased() {
        case "count", "persons", "places", "jobs", "eur", "€", "aantal", "enterprises", "mln kwh", "megawatt", "flag":
            return 0
        default: return 1
        }
    }

    private func isPercent(_ unit: String) -> Bool { unit.hasPrefix("%") || unit.lowercased().contains("in %") }

    /// A published value with its unit and provisional marker, or the CBS symbol when not published.
    func cell(_ r: PublishedMetric?) -> String {
        guard let r else { return "–" }
        guard r.isPublished, let v = r.numericValue else {
            // A withheld cell (coverage < 60 %) shows how many enterprises reported (METRICS.md §8).
            if r.status == "withheld", let n = Int(r.nEnterprises) {
                return lang == .nl ? "\(n) rapporterend" : "\(n) reporting"
            }
            return r.symbol.isEmpty ? "." : r.symbol
        }
        var text = numbers.format(v, decimals: decimals(for: r.unit))
        if isPercent(r.unit) {
            text += "%"
        } else if r.unit.uppercased() == "EUR" {
            text = "€ " + text
        }
        if r.status == "partial" { text += " ¹" }
        let marker = ValueStatus(rawValue: r.valueStatus)?.marker ?? ""
        return text + marker
    }

    /// The name of a growth class of METRICS.md §7 for readers.
    func growthClassName(_ code: String) -> String {
        let nl = [
            "gazelle": "gazelle (jonge snelgroeier)", "hge_eurostat": "snelgroeier (Eurostat/CBS, ≥ 10 werknemers)",
            "scaleup_20": "scale-up (≥ 20% per jaar)", "emerging_scaler": "opkomende groeier (2–9 werknemers)",
            "impact_scaler": "impactgroeier (doelgroep of bereik)", "stable": "stabiel", "shrinking": "krimpend",
            "unclassified": "niet ingedeeld", "insufficient_data": "onvoldoende gegevens (te kort in het programma)",
        ]
        let en = [
            "gazelle": "gazelle (young high-growth)", "hge_eurostat": "high-growth (Eurostat/CBS, ≥ 10 employees)",
            "scaleup_20": "scale-up (≥ 20% a year)", "emerging_scaler": "emerging scaler (2–9 employees)",
            "impact_scaler": "impact scaler (target group or reach)", "stable": "stable", "shrinking": "shrinking",
            "unclassified": "unclassified", "insufficient_data": "insufficient data (too short in the programme)",
        ]
        return (lang == .nl ? nl[code] : en[code]) ?? code
    }

    /// ` ton CO2-eq.` after a value whose unit is not shown by the value itself (%, euro) or obvious (a count).
    func unitSuffix(_ unit: String) -> String {
        if isPercent(unit) || unit.uppercased() == "EUR" || unit == "count" || unit.isEmpty { return "" }
        return " " + unitLabel(unit)
    }

    /// A unit as readers of this language write it.
    func unitLabel(_ unit: String) -> String {
        let nl = ["persons": "personen", "count": "aantal", "places": "plaatsen", "jobs": "banen", "EUR": "euro",
                  "tCO2e": "ton CO2-eq.", "t": "ton", "%/yr": "% per jaar", "x 1000": "x 1.000", "h/FTE": "uur per FTE",
                  "flag": "ondernemingen"]
        let en = ["persons": "persons", "count": "number", "EUR": "euro", "tCO2e": "t CO2e", "%/yr": "% a year",
                  "t": "tonnes", "x 1000": "x 1,000", "flag": "enterprises"]
        return (lang == .nl ? nl[unit] : en[unit]) ?? unit
    }

    /// Change from `old` to `new`: percentage points for percentages, relative change otherwise.
    func change(_ new: PublishedMetric?, _ old: PublishedMetric?) -> String {
        guard let n = new?.numericValue, new?.isPublished == true, let o = old?.numericValue, old?.isPublished == true
        else { return "–" }
        if isPercent(new?.unit ?? "") {
            return numbers.signed(n - o, decimals: 1) + " pp"
        }
        // A relative change of a quantity that can be zero or negative (a composition effect) means nothing:
        // show the difference in the metric's own unit.
        if o <= 0 || n < 0 {
            return numbers.signed(n - o, decimals: decimals(for: new?.unit ?? ""))
        }
        return numbers.signed((n / o - 1) * 100, decimals: 1) + "%"
    }

    private func coverageText(_ r: PublishedMetric?) -> String {
        guard let r, let c = Double(r.coverage) else { return "–" }
        return numbers.format(c * (c <= 1 ? 100 : 1), decimals: 0) + "%"
    }

    // MARK: - Sections

    private func summarySection() -> String {
        var lines = ["## \(s.summary)", "", s.summaryIntro, ""]
        let rows = headline
        var any = false
        for id in summaryMetrics {
            guard let now = rows[id]?[q.description] else { continue }
            if !now.isPublished {
                let label = inputs.metricTexts[id]?.label(lang) ?? id
                let why = now.note.isEmpty ? s.statusWord(now.status) : "\(s.statusWord(now.status)): \(now.note)"
                lines.append("- **\(label)**: \(cell(now)) (\(why))")
                any = true
                continue
            }
            let before = rows[id]?[(q - 4).description]
            let label = inputs.metricTexts[id]?.label(lang) ?? id
            let ch = yoyChange(id, now, before)
            lines.append("- **\(label)**: \(cell(now))\(unitSuffix(now.unit)) (\(s.yearEarlier): \(cell(before)); \(ch))")
            any = true
        }
        if !any { lines.append("- –") }
        lines.append("")
        lines.append(
            lang == .nl
                ? "`*` voorlopig, `**` nader voorlopig, ¹ gedeeltelijke dekking (60–80% van de actieve ondernemingen rapporteerde); `.` onbekend, `x` geheim (zie de verklaring van tekens onder Datakwaliteit)."
                : "`*` provisional, `**` revised provisional, ¹ partial coverage (60–80% of active enterprises reported); `.` unknown, `x` confidential (see the legend under Data quality).")
        return lines.joined(separator: "\n")
    }

    private func restatementSection() -> String {
        let title = lang == .nl ? "Herzieningen" : "Restatements"
        guard let previous = inputs.previousReport else {
            return "## \(title)\n\n" + (lang == .nl ? "Geen eerder gepubliceerd rapport om mee te vergelijken." : "No previously published report to compare with.")
        }
        guard !inputs.restatements.isEmpty else {
            return "## \(title)\n\n"
                + (lang == .nl
                    ? "Geen cijfers wijken af van het eerder gepubliceerde rapport (\(previous))."
                    : "No figure differs from the previously published report (\(previous)).")
        }
        var t = MarkdownTable(
            header: lang == .nl
                ? ["indicator", "cel", "kwartaal", "was", "nu", "oorzaak"]
                : ["metric", "cell", "quarter", "was", "now", "cause"],
            alignments: [.left, .left, .left, .right, .right, .left])
        for r in inputs.restatements {
            let label = inputs.metricTexts[r.metricID]?.label(lang) ?? r.metricID
            func shown(_ v: String) -> String {
                guard let d = Double(v) else { return v }
                return numbers.format(d, decimals: decimals(for: r.unit)) + (isPercent(r.unit) ? "%" : "")
            }
            let cellName = r.breakdown.isEmpty ? r.entity : "\(r.entity) \(r.breakdown)"
            t.append(["\(label) (`\(r.metricID)`)", cellName, r.period, shown(r.oldValue), shown(r.newValue), r.cause])
        }
        let intro = lang == .nl
            ? "Cijfers die afwijken van het eerder gepubliceerde rapport (\(previous)), met de oorzaak:"
            : "Figures that differ from the previously published report (\(previous)), with the cause:"
        return "## \(title)\n\n\(intro)\n\n" + t.markdown
    }

    private func themeSection(_ theme: ThemeText) -> String? {
        let texts = inputs.metricTexts.values.filter { $0.theme == theme.id }.sorted { $0.id < $1.id }
        let rows = headline
        let own = texts.filter { !isCBSContext($0.id) && rows[$0.id] != nil && !notMeasured.contains($0.id) }
        // Of a `regional` series (PeerComparison) only the municipality's own row sits beside the theme.
        let context = inputs.metrics.filter {
            isCBSContext($0.metricID) && $0.theme == theme.id
                && ($0.level != "regional" || $0.entity == inputs.municipalityCode)
        }
        guard !own.isEmpty || !context.isEmpty else { return nil }
        var out = ["### \(theme.label(lang))"]
        if !own.isEmpty {
            var t = MarkdownTable(
                header: [
                    s.indicator, "\(s.thisQuarter) (\(q))", "\(s.previousQuarter) (\(q - 1))", "\(s.yearEarlier) (\(q - 4))",
                    s.changeYoY, s.coverage, s.status,
                ], alignments: [.left, .right, .right, .right, .right, .right, .left])
            for m in own {
                let now = rows[m.id]?[q.description]
                let prev = rows[m.id]?[(q - 1).description]
                let year = rows[m.id]?[(q - 4).description]
                let unit = unitSuffix(now?.unit ?? m.unit).trimmingCharacters(in: .whitespaces)
                t.append([
                    "\(m.label(lang))\(unit.isEmpty ? "" : ", \(unit)") (`\(m.id)`)", cell(now), cell(prev), cell(year),
                    yoyChange(m.id, now, year), coverageText(now),
                    now.map { s.statusWord($0.status) } ?? s.statusWord("missing"),
                ])
            }
            out.append(t.markdown)
            let charted = Set(chartedMetrics())
            for m in own where charted.contains(m.id) {
                out.append("![\(MarkdownTable.escape(altText(m.id)))](charts/\(m.id)\(suffix).svg)")
            }
            if own.contains(where: { rows[$0.id]?[q.description]?.status == "partial" }) {
                out.append(
                    lang == .nl
                        ? "¹ gedeeltelijke dekking (60–80% van de actieve ondernemingen rapporteerde)"
                        : "¹ partial coverage (60–80% of active enterprises reported)")
            }
        }
        out.append("**\(s.context)**")
        if context.isEmpty {
            out.append(s.noContext)
        } else {
            var latest: [String: PublishedMetric] = [:]
            for r in context {
                let key = r.metricID + "|" + r.entity
                if let have = latest[key], have.period >= r.period { continue }
                latest[key] = r
            }
            var t = MarkdownTable(
                header: [s.indicator, s.region, s.period, s.value, s.status],
                alignments: [.left, .left, .left, .right, .left])
            for r in latest.values.sorted(by: { ($0.metricID, $0.entity) < ($1.metricID, $1.entity) }) {
                let label = inputs.metricTexts[r.metricID]?.label(lang) ?? r.metricID
                var status = r.note.isEmpty ? s.statusWord(r.status) : "\(s.statusWord(r.status)); \(r.note)"
                // A CBS period two or more years before the report's year is flagged: the table may have been
                // discontinued or replaced (KNOWN-FAULTS B11); the reader must not take it for current.
                if let year = Int(r.period.prefix(4)), year <= q.year - 2 {
                    status += lang == .nl
                        ? "; **verouderd**: laatste CBS-periode \(r.period) — controleer of de tabel is opgevolgd"
                        : "; **stale**: latest CBS period \(r.period) — check whether the table was replaced"
                }
                t.append(["\(label) (`\(r.metricID)`)", r.entity, r.period, cell(r) + unitSuffix(r.unit), status])
            }
            out.append(t.markdown)
            out.append("Bron: CBS, CC BY 4.0.")
        }
        return out.joined(separator: "\n\n")
    }

    private func scaleUpSection() -> String {
        var out = ["## \(s.scaleUp)", "", s.scaleUpIntro, ""]
        let counts = growthClassCounts()
        if counts.isEmpty {
            out.append("–")
        } else {
            var t = MarkdownTable(header: [s.growthClass, s.enterprises, s.status], alignments: [.left, .right, .left])
            for c in counts {
                t.append([
                    "\(growthClassName(c.label)) (`\(c.label)`)", cell(c.row),
                    c.row.note.isEmpty ? s.statusWord(c.row.status) : "\(s.statusWord(c.row.status)); \(c.row.note)",
                ])
            }
            out.append(t.markdown)
            let desc = counts.map { "\($0.label): \(cell($0.row))" }.joined(separator: "; ")
            out.append("\n![\(MarkdownTable.escape(desc))](charts/growth_classes\(suffix).svg)")
        }
        return out.joined(separator: "\n")
    }

    private func definitionsSection() -> String {
        var out = ["## \(s.definitions)", ""]
        let shown = Set(inputs.metrics.filter { $0.level != "enterprise" }.map(\.metricID))
        for m in inputs.metricTexts.values.filter({ shown.contains($0.id) }).sorted(by: { $0.id < $1.id }) {
            var line = "- **\(m.label(lang))** (`\(m.id)`, \(unitLabel(m.unit))"
            if !m.period.isEmpty { line += ", \(m.period)" }
            line += ")"
            if !m.definition.isEmpty { line += ": \(m.definition.replacingOccurrences(of: "\n", with: " "))" }
            if !m.source.isEmpty { line += " — \(m.source)" }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    private func sourcesSection() -> String {
        var t = MarkdownTable(header: [s.source, "tabel / dataset", "URL", s.retrieved, "sha256"])
        if lang == .en { t.header[1] = "table / dataset" }
        for src in inputs.sources.sorted(by: { $0.id < $1.id }) {
            let title = src.title.isEmpty ? src.table : "\(src.table) \(src.title)"
            t.append([
                src.id, title + (src.isCBS ? " (Bron: CBS, CC BY 4.0)" : ""), src.url,
                src.retrievedAt.isEmpty ? "–" : consultationDate(src.retrievedAt),
                src.sha256.isEmpty ? "–" : "`\(src.sha256.prefix(12))`",
            ])
        }
        return "## \(s.sources)\n\n" + t.markdown
    }

    /// The day a source was consulted ("geraadpleegd op", as municipal monitors print it), in Europe/Amsterdam; the
    /// exact retrieval times are in `fetch/<source>/fetch.json` and in `impactmon explain`.
    func consultationDate(_ iso: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: iso) else { return iso }
        return CivilDate.today(in: .amsterdam, now: date).description
    }

    private func dataQualitySection() -> String {
        var out = ["## \(s.dataQuality)"]
        // Coverage of this quarter's programme metrics.
        var cov = MarkdownTable(header: [s.indicator, s.coverage, s.status], alignments: [.left, .right, .left])
        for (id, byPeriod) in headline.sorted(by: { $0.key < $1.key }) {
            guard let r = byPeriod[q.description] else { continue }
            let label = inputs.metricTexts[id]?.label(lang) ?? id
            cov.append(["\(label) (`\(id)`)", coverageText(r), s.statusWord(r.status) + (r.note.isEmpty ? "" : "; \(r.note)")])
        }
        out.append("### \(s.coverage.prefix(1).uppercased() + s.coverage.dropFirst())\n\n" + cov.markdown)
        // Metrics of the catalogue that no source feeds yet.
        let missing = notMeasured.sorted()
        if !missing.isEmpty {
            let title = lang == .nl ? "Nog niet gemeten" : "Not measured yet"
            let intro = lang == .nl
                ? "Deze indicatoren staan in de catalogus, maar geen bron levert hun invoer nog (acht kwartalen zonder waarde):"
                : "These metrics are in the catalogue, but no source delivers their inputs yet (eight quarters without a value):"
            let lines = missing.map { id -> String in
                let note = headline[id]?[q.description]?.note ?? ""
                return "- \(inputs.metricTexts[id]?.label(lang) ?? id) (`\(id)`)\(note.isEmpty ? "" : ": \(note)")"
            }
            out.append("### \(title)\n\n\(intro)\n\n" + lines.joined(separator: "\n"))
        }
        // Stale sources.
        // Derived from the run's warning facts only: "all current" is said only when the run found nothing.
        let facts = inputs.sourceWarnings
        out.append(
            "### \(s.staleSources)\n\n"
                + (facts.isEmpty
                    ? s.noStale
                    : s.incompleteSources + "\n\n"
                        + facts.map { "- `\($0.source)`: \(MarkdownTable.escape($0.sentence(lang)))" }.joined(separator: "\n")))
        // Rejects by reason.
        if inputs.rejectCounts.isEmpty {
            out.append("### \(s.rejectsByReason)\n\n\(s.noRejects)")
        } else {
            var t = MarkdownTable(header: [s.source, s.reason, s.count], alignments: [.left, .left, .right])
            for r in inputs.rejectCounts.sorted(by: { ($0.sourceID, $0.reason) < ($1.sourceID, $1.reason) }) {
                t.append([r.sourceID, "`\(r.reason)`", String(r.count)])
            }
            out.append("### \(s.rejectsByReason)\n\n" + t.markdown)
        }
        // Ledger.
        var l = MarkdownTable(
            header: [s.source, "in", lang == .nl ? "uit" : "out", lang == .nl ? "afgewezen" : "rejected",
                lang == .nl ? "gefilterd" : "filtered", lang == .nl ? "samengevoegd" : "merged", "✓"],
            alignments: [.left, .right, .right, .right, .right, .right, .left])
        for e in inputs.ledger.sorted(by: { $0.sourceID < $1.sourceID }) {
            l.append([
                e.sourceID, String(e.recordsIn), String(e.recordsOut), String(e.rejected), String(e.filtered),
                String(e.merged), e.balances ? "✓" : "✗",
            ])
        }
        out.append("### \(s.ledger)\n\n" + l.markdown)
        // Suppressed cells in this quarter.
        let suppressed = inputs.metrics.filter {
            $0.period == q.description && ($0.status == "suppressed" || $0.status == "withheld") && $0.level != "enterprise"
        }
        if suppressed.isEmpty {
            out.append("### \(s.suppressedCells)\n\n\(s.noSuppressed)")
        } else {
            var t = MarkdownTable(header: [s.indicator, lang == .nl ? "cel" : "cell", lang == .nl ? "teken" : "symbol", s.reason])
            for r in suppressed.sorted(by: { ($0.metricID, $0.entity) < ($1.metricID, $1.entity) }) {
                let label = inputs.metricTexts[r.metricID]?.label(lang) ?? r.metricID
                t.append([
                    "\(label) (`\(r.metricID)`)", r.breakdown.isEmpty ? r.entity : "\(r.entity), \(r.breakdown)",
                    "`\(r.symbol.isEmpty ? "." : r.symbol)`", r.note,
                ])
            }
            out.append("### \(s.suppressedCells)\n\n" + t.markdown)
        }
        out.append("### \(s.legend)\n\n" + s.legendLines.map { "- \($0)" }.joined(separator: "\n"))
        return out.joined(separator: "\n\n")
    }
}
