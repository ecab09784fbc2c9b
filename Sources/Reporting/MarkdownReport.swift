import Foundation
import ImpactModel
import RunArtifacts

/// Builds the public quarterly report as one ``ReportDocument`` from the published rows, and renders it as
/// `report.md` (``render()``) and `report.html` (``html()``); Dutch by default.
///
/// Sections: summary of what changed, a section per theme (table of this quarter, previous quarter, a year earlier,
/// change; trend charts from the first observed quarter; CBS figures for comparison), growth classes (no
/// enterprise-level figures), definitions, sources, data quality (coverage, not measured, stale sources, legend of
/// symbols) and an appendix with provenance (metric ids, hashes, rejects by reason, ledger, suppressed cells).
/// The body carries no internal codes; every text comes from ``ReportStrings`` / ``ReportPhrases`` of the language.
/// The output is deterministic: the same inputs give the same bytes apart from the generated-at line.
package struct MarkdownReport: Sendable {
    /// Everything the report shows, as the report stage assembled it (``ReportInputs``).
    package let inputs: ReportInputs
    private let s: ReportStrings
    private let p: ReportPhrases
    private let numbers: HumanNumberFormat
    /// `ctx_*` metrics of the municipality itself (an establishments extract, level `municipality`): not CBS
    /// figures, so they are reported like programme metrics (and listed as not measured when no source feeds them).
    private let municipalContext: Set<String>
    /// Programme-level rows (the municipality as entity), keyed by metric and quarter.
    private let headline: [String: [String: MetricRecord]]

    /// Prepares the report of `inputs` in its ``ReportInputs/language``: picks the strings and number format and
    /// indexes the programme-level rows by metric and quarter; nothing is rendered yet.
    package init(_ inputs: ReportInputs) {
        self.inputs = inputs
        s = ReportStrings.of(inputs.language)
        p = s.phrases
        numbers = HumanNumberFormat(inputs.language)
        let municipal = Set(
            inputs.metrics.filter { $0.metricID.hasPrefix("ctx_") && $0.level == "municipality" }.map(\.metricID))
        municipalContext = municipal
        var out: [String: [String: MetricRecord]] = [:]
        for r in inputs.metrics
        where !(r.metricID.hasPrefix("ctx_") && !municipal.contains(r.metricID)) && r.unit != "category"
            && r.metricID != "scale_class" && r.entity == inputs.municipalityCode && r.breakdown.isEmpty
        {
            out[r.metricID, default: [:]][r.period] = r
        }
        headline = out
    }

    private var q: Quarter { inputs.period }
    private var lang: ReportLanguage { inputs.language }
    /// `""` for Dutch, `.en` for English: English files sit beside the Dutch ones (`charts/x.en.svg`).
    private var suffix: String { inputs.language.fileSuffix }

    /// Balanced-panel year-on-year changes (rows with breakdown `panel=yoy`, issue 14 item 6), keyed by metric and
    /// quarter.
    private var panelChanges: [String: [String: MetricRecord]] {
        var out: [String: [String: MetricRecord]] = [:]
        for r in inputs.metrics where r.breakdown == "panel=yoy" && r.entity == inputs.municipalityCode {
            out[r.metricID, default: [:]][r.period] = r
        }
        return out
    }

    /// The change on a year earlier shown for metric `id` in the report quarter. For sums and shares: the change of
    /// the published totals, then the change over the same enterprises (balanced panel) with their number — "+13,6%
    /// in totaal; +2,4% bij dezelfde 27 ondernemingen" — because the two differ as soon as enterprises start, stop or
    /// begin reporting. The total's change is shown only where both quarters have full coverage; `–` when the panel
    /// is hidden (below min N or dominated). Other metrics: ``change(_:_:)`` of the published values.
    func yoyChange(_ id: String, _ now: MetricRecord?, _ old: MetricRecord?) -> String {
        guard let panel = panelChanges[id]?[q.description] else { return change(now, old) }
        guard now?.isPublished == true, panel.isPublished, let v = panel.value else { return "–" }
        // Percentage points for a share, percent for a sum, the metric's own unit for another ratio (hours per FTE).
        let unit =
            switch panel.unit {
            case "pp": " pp"
            case "%": "%"
            default: unitSuffix(panel.unit)
            }
        let text = numbers.signed(v, decimals: 1) + unit
        // Totals over partial coverage (60–80 % reported) mostly measure who reported: only the panel change then.
        let complete = now?.status == .ok && old?.status == .ok
        return p.sameEnterprises(complete ? change(now, old) : "–", text, panel.nEnterprises.map(String.init) ?? "")
    }

    /// The quarters of the trend charts: from the first quarter in which any programme metric has a row up to the
    /// report quarter (every quarter compute wrote, not a fixed window).
    var trendQuarters: [Quarter] {
        let periods = headline.values.flatMap(\.keys).compactMap { try? Quarter(parsing: $0) }.filter { $0 <= q }
        guard let first = periods.min() else { return [q] }
        var out: [Quarter] = []
        var t = first
        while t <= q {
            out.append(t)
            t = t + 1
        }
        return out
    }

    /// A metric's series: from its first published quarter to the report quarter; nil where the value is missing or
    /// suppressed (a gap, never a zero).
    func series(_ id: String) -> [(quarter: Quarter, row: MetricRecord?)] {
        let rows = headline[id] ?? [:]
        let all = trendQuarters
        guard let start = all.firstIndex(where: { rows[$0.description]?.isPublished == true }) else { return [] }
        return all[start...].map { ($0, rows[$0.description]) }
    }

    /// Programme metrics without a value in every quarter (no source delivers their inputs yet): listed once under
    /// data quality instead of as empty rows in the theme tables.
    var notMeasured: Set<String> {
        Set(
            headline.compactMap { id, byPeriod in
                byPeriod.values.allSatisfy { $0.status == .missing } ? id : nil
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

    /// Metrics that get a trend chart: the summary's metrics published in at least two quarters.
    func chartedMetrics() -> [String] {
        summaryMetrics.filter { id in series(id).filter { $0.row?.isPublished == true }.count >= 2 }.sorted()
    }

    private func label(_ id: String) -> String { inputs.metricTexts[id]?.label(lang) ?? id }

    /// Alt text of a metric's trend chart.
    func altText(_ id: String) -> String {
        let points = series(id)
        let first = points.first.map { "\(p.quarterShort($0.quarter)): \(cell($0.row))" } ?? ""
        let last = "\(p.quarterShort(q)): \(cell(headline[id]?[q.description]))"
        return p.trendAlt(label(id), points.count, first, last)
    }

    /// A metric's trend chart.
    func trendChart(_ id: String) -> ReportChart {
        let points = series(id)
        let unit = inputs.metricTexts[id]?.unit ?? headline[id]?.values.first?.unit ?? ""
        let chartPoints = points.map { point in
            SVGChart.Point(
                label: p.quarterShort(point.quarter),
                value: point.row.flatMap { $0.isPublished ? $0.value : nil },
                symbol: point.row.map { $0.symbol.isEmpty ? "." : $0.symbol } ?? ".",
                provisional: point.row.map { !($0.valueStatus.marker).isEmpty } ?? false)
        }
        let svg = SVGChart.line(
            title: "\(label(id)) (\(unitLabel(unit)))", description: altText(id), points: chartPoints,
            format: { numbers.format($0, decimals: decimals(for: unit)) }, legend: p.chartLegend)
        return ReportChart(fileName: "charts/\(id)\(suffix).svg", altText: altText(id), svg: svg)
    }

    /// The growth-class bar chart of the report quarter.
    func growthClassChart() -> ReportChart? {
        let classes = growthClassCounts()
        guard !classes.isEmpty else { return nil }
        let desc = classes.map { "\(growthClassName($0.label)): \(cell($0.row))" }.joined(separator: "; ")
        let bars = classes.map {
            (label: growthClassShortName($0.label), value: $0.row.isPublished ? $0.row.value.map { Int($0) } : nil)
        }
        let svg = SVGChart.bars(
            title: p.growthChartTitle(p.quarterShort(q)), description: desc, bars: bars, legend: p.chartLegend)
        return ReportChart(fileName: "charts/growth_classes\(suffix).svg", altText: desc, svg: svg)
    }

    /// The SVG files that go beside `report.md` in `charts/`: the charts of the document.
    package func charts() -> [(fileName: String, svg: String)] {
        document().charts.map { ($0.fileName, $0.svg) }
    }

    /// Enterprises per growth class in the report quarter: the programme rows of `scale_class` with breakdown
    /// `scale_class=<class>`, after disclosure control (a suppressed count is nil and shown with its symbol).
    func growthClassCounts() -> [(label: String, row: MetricRecord)] {
        inputs.metrics.filter {
            $0.metricID == "scale_class" && $0.period == q.description && $0.entity == inputs.municipalityCode
                && $0.breakdown.hasPrefix("scale_class=")
        }.map { (label: String($0.breakdown.dropFirst("scale_class=".count)), row: $0) }
    }

    /// The whole report as a document.
    package func document() -> ReportDocument {
        let title = "\(inputs.title) — \(s.quarterName(q))"
        var blocks: [ReportBlock] = [.heading(level: 1, text: title)]
        blocks.append(
            .byline(
                RichText.plain(
                    "\(s.generatedAt) \(p.dataAsOf(inputs.generatedAt)) · \(p.municipality) \(inputs.municipalityName)")
            ))
        blocks += summarySection()
        blocks += restatementSection()
        // The themes' heading starts a page with the first theme under it; every further theme starts its own page.
        blocks.append(.heading(level: 2, text: s.themes, pageBreak: true))
        for (i, theme) in inputs.themes.enumerated() { blocks += themeSection(theme, first: i == 0) }
        blocks += PeerComparison(inputs).blocks()  // issue 16 item 5
        blocks += ThemeOverlapSection(inputs).blocks()  // issue 16 item 6
        blocks += scaleUpSection()
        blocks += definitionsSection()
        blocks += sourcesSection()
        blocks += dataQualitySection()
        blocks += appendixSection()
        return ReportDocument(language: lang, title: title, blocks: blocks)
    }

    /// `report.md`.
    package func render() -> String { MarkdownRenderer.render(document()) }

    /// `report.html`: one self-contained page (inline CSS and SVG).
    package func html() -> String { HTMLRenderer.render(document()) }

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
    func cell(_ r: MetricRecord?) -> String {
        guard let r else { return "–" }
        guard r.isPublished, let v = r.value else {
            // A withheld cell (coverage < 60 %) shows how many enterprises reported (METRICS.md §8).
            if r.status == .withheld, let n = r.nEnterprises { return p.reporting(n) }
            return r.symbol.isEmpty ? "." : r.symbol
        }
        var text = numbers.format(v, decimals: decimals(for: r.unit))
        if isPercent(r.unit) {
            text += "%"
        } else if r.unit.uppercased() == "EUR" {
            text = "€ " + text
        }
        if r.status == .partial { text += " ¹" }
        let marker = r.valueStatus.marker
        return text + marker
    }

    /// The name of a growth class of METRICS.md §7 for readers.
    func growthClassName(_ code: String) -> String { p.growthClass[code] ?? p.unknownClass }

    /// The short name of a growth class (chart labels).
    func growthClassShortName(_ code: String) -> String {
        let full = growthClassName(code)
        guard let paren = full.firstIndex(of: "(") else { return full }
        return String(full[..<paren]).trimmingCharacters(in: .whitespaces)
    }

    /// ` ton CO2-eq.` after a value whose unit is not shown by the value itself (%, euro) or obvious (a count).
    func unitSuffix(_ unit: String) -> String {
        if isPercent(unit) || unit.uppercased() == "EUR" || unit == "count" || unit.isEmpty { return "" }
        return " " + unitLabel(unit)
    }

    /// A unit as readers of this language write it.
    func unitLabel(_ unit: String) -> String { p.units[unit] ?? unit }

    /// Change from `old` to `new`: percentage points for percentages, relative change otherwise.
    func change(_ new: MetricRecord?, _ old: MetricRecord?) -> String {
        guard let n = new?.value, new?.isPublished == true, let o = old?.value, old?.isPublished == true
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

    private func coverageText(_ r: MetricRecord?) -> String {
        guard let r, let c = r.coverage else { return "–" }
        return numbers.format(c * (c <= 1 ? 100 : 1), decimals: 0) + "%"
    }

    /// A row's note as readers of this language read it (``ReportNotes``).
    private func note(_ text: String) -> String { ReportNotes.text(text, lang) }

    private func statusWithNote(_ r: MetricRecord) -> String {
        let n = note(r.note)
        return n.isEmpty ? s.statusWord(r.status.rawValue) : "\(s.statusWord(r.status.rawValue)); \(n)"
    }

    // MARK: - Sections

    private func summarySection() -> [ReportBlock] {
        var items: [RichText] = []
        for id in summaryMetrics {
            guard let now = headline[id]?[q.description] else { continue }
            if !now.isPublished {
                let n = note(now.note)
                let why = n.isEmpty ? s.statusWord(now.status.rawValue) : "\(s.statusWord(now.status.rawValue)): \(n)"
                items.append(RichText(spans: [.strong(label(id)), .text(": "), .code(cell(now)), .text(" (\(why))")]))
                continue
            }
            let before = headline[id]?[(q - 4).description]
            let ch = yoyChange(id, now, before)
            items.append(
                RichText(spans: [
                    .strong(label(id)),
                    .text(": \(cell(now))\(unitSuffix(now.unit)) (\(s.yearEarlier): \(cell(before)); \(ch))"),
                ]))
        }
        if items.isEmpty { items = ["–"] }
        return [
            .heading(level: 2, text: s.summary), .paragraph(RichText.plain(s.summaryIntro)), .list(items),
            .paragraph(RichText(p.summaryMarks)),
        ]
    }

    private func restatementSection() -> [ReportBlock] {
        let heading = ReportBlock.heading(level: 2, text: p.restatements)
        guard let previous = inputs.previousReport else {
            return [heading, .paragraph(RichText.plain(p.noPreviousReport))]
        }
        // "2026Q2" or "2026Q2, gepubliceerd op 2026-12-04" (RestatementBaseline): the quarter in words.
        let head = previous.prefix { $0 != "," }
        let previousName =
            (try? Quarter(parsing: String(head))).map { p.quarterShort($0) + previous.dropFirst(head.count) }
            ?? previous
        guard !inputs.restatements.isEmpty else {
            return [heading, .paragraph(RichText.plain(p.noRestatements(previousName)))]
        }
        var t = ReportTable(
            caption: p.restatementsCaption(previousName), header: p.restatementHeader,
            alignments: [.left, .left, .left, .right, .right, .left])
        for r in inputs.restatements {
            func shown(_ v: String) -> String {
                guard let d = Double(v) else { return v }
                return numbers.format(d, decimals: decimals(for: r.unit)) + (isPercent(r.unit) ? "%" : "")
            }
            let whole = r.entity == inputs.municipalityCode ? p.wholeProgramme : p.regionName(r.entity)
            let cellName = r.breakdown.isEmpty ? whole : breakdownName(r.breakdown)
            let period = ReportNotes.period(r.period, lang)
            t.append([
                .plain(label(r.metricID)), .plain(cellName), .plain(period), .plain(shown(r.oldValue)),
                .plain(shown(r.newValue)), .plain(r.cause),
            ])
        }
        return [heading, .paragraph(RichText.plain(p.restatementsIntro(previousName))), .table(t)]
    }

    /// A breakdown cell in words: `sbi_section=Q` → "sector Q (SBI)", `scale_class=gazelle` → the class name.
    func breakdownName(_ breakdown: String) -> String {
        let parts = breakdown.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return breakdown }
        if parts[0] == "scale_class" { return growthClassName(parts[1]) }
        return p.breakdown(parts[0], parts[1])
    }

    private func themeSection(_ theme: ThemeText, first: Bool) -> [ReportBlock] {
        let texts = inputs.metricTexts.values.filter { $0.theme == theme.id }.sorted { $0.id < $1.id }
        let own = texts.filter { !isCBSContext($0.id) && headline[$0.id] != nil && !notMeasured.contains($0.id) }
        // Of a `regional` series (PeerComparison) only the municipality's own row sits beside the theme.
        let context = inputs.metrics.filter {
            isCBSContext($0.metricID) && $0.theme == theme.id
                && ($0.level != "regional" || $0.entity == inputs.municipalityCode)
        }
        guard !own.isEmpty || !context.isEmpty else { return [] }
        var out: [ReportBlock] = [.heading(level: 3, text: theme.label(lang), pageBreak: !first)]
        if !own.isEmpty {
            var t = ReportTable(
                caption: p.themeCaption(theme.label(lang), s.quarterName(q)),
                header: [
                    s.indicator, "\(s.thisQuarter) (\(p.quarterShort(q)))",
                    "\(s.previousQuarter) (\(p.quarterShort(q - 1)))",
                    "\(s.yearEarlier) (\(p.quarterShort(q - 4)))", s.changeYoY, s.coverage, s.status,
                ], alignments: [.left, .right, .right, .right, .right, .right, .left])
            for m in own {
                let now = headline[m.id]?[q.description]
                let prev = headline[m.id]?[(q - 1).description]
                let year = headline[m.id]?[(q - 4).description]
                let unit = unitSuffix(now?.unit ?? m.unit).trimmingCharacters(in: .whitespaces)
                t.append([
                    .plain("\(m.label(lang))\(unit.isEmpty ? "" : ", \(unit)")"), .plain(cell(now)), .plain(cell(prev)),
                    .plain(cell(year)), .plain(yoyChange(m.id, now, year)), .plain(coverageText(now)),
                    .plain(now.map { s.statusWord($0.status.rawValue) } ?? s.statusWord("missing")),
                ])
            }
            if own.contains(where: { headline[$0.id]?[q.description]?.status == .partial }) {
                t.notes.append(RichText.plain(p.partialFootnote))
            }
            out.append(.table(t))
            let charted = Set(chartedMetrics())
            for m in own where charted.contains(m.id) { out.append(.chart(trendChart(m.id))) }
        }
        if context.isEmpty {
            out.append(.paragraph(RichText(spans: [.strong(s.context)])))
            out.append(.paragraph(RichText.plain(s.noContext)))
        } else {
            var latest: [String: MetricRecord] = [:]
            for r in context {
                let key = r.metricID + "|" + r.entity
                if let have = latest[key], have.period >= r.period { continue }
                latest[key] = r
            }
            var t = ReportTable(
                caption: p.contextCaption(theme.label(lang)),
                header: [s.indicator, s.region, s.period, s.value, s.status],
                alignments: [.left, .left, .left, .right, .left])
            for r in latest.values.sorted(by: { ($0.metricID, $0.entity) < ($1.metricID, $1.entity) }) {
                var status = RichText.plain(statusWithNote(r))
                // A CBS period older than CBS's usual delay is flagged: the table may have been discontinued or
                // replaced (KNOWN-FAULTS B11); the reader must not take it for current. Annual municipal figures
                // (`JJ00`) appear one to two years after the year, so in 2026 a 2024 figure is current and a 2023
                // one is not; quarterly and monthly figures are flagged from two calendar years back.
                let annual = r.period.hasSuffix("JJ00")
                if let year = Int(r.period.prefix(4)), year <= q.year - (annual ? 3 : 2) {
                    status.spans += [
                        .text("; "), .strong(p.staleWord), .text(": " + p.staleCBS(ReportNotes.period(r.period, lang))),
                    ]
                }
                t.append([
                    .plain(label(r.metricID)), .plain(p.regionName(r.entity)),
                    .plain(ReportNotes.period(r.period, lang)),
                    .plain(cell(r) + unitSuffix(r.unit)), status,
                ])
            }
            t.notes.append(RichText.plain(p.cbsCredit))
            out.append(.paragraph(RichText(spans: [.strong(s.context)])))
            out.append(.table(t))
        }
        return out
    }

    private func scaleUpSection() -> [ReportBlock] {
        var out: [ReportBlock] = [
            .heading(level: 2, text: s.scaleUp, pageBreak: true), .paragraph(RichText.plain(s.scaleUpIntro)),
        ]
        let counts = growthClassCounts()
        guard !counts.isEmpty else { return out + [.paragraph("–")] }
        var t = ReportTable(
            caption: p.growthCaption(s.quarterName(q)), header: [s.growthClass, s.enterprises, s.status],
            alignments: [.left, .right, .left])
        for c in counts {
            t.append([.plain(growthClassName(c.label)), .plain(cell(c.row)), .plain(statusWithNote(c.row))])
        }
        out.append(.table(t))
        if let chart = growthClassChart() { out.append(.chart(chart)) }
        return out
    }

    private func definitionsSection() -> [ReportBlock] {
        let shown = Set(inputs.metrics.filter { $0.level != "enterprise" }.map(\.metricID))
        var items: [RichText] = []
        for m in inputs.metricTexts.values.filter({ shown.contains($0.id) }).sorted(by: { $0.id < $1.id }) {
            var line = "\(unitLabel(m.unit))"
            if let period = p.periodRule[m.period] { line += ", \(period)" }
            var spans: [RichText.Span] = [.strong(m.label(lang)), .text(" (\(line))")]
            let definition = m.definition(lang)
            if !definition.isEmpty { spans.append(.text(": " + ReportNotes.plainDefinition(definition, lang))) }
            let source = ReportNotes.source(m.source, lang)
            if !source.isEmpty { spans.append(.text(" — \(p.sourceWord): \(source)")) }
            items.append(RichText(spans: spans))
        }
        let boundaries =
            inputs.regionalClassification.map {
                [
                    ReportBlock.paragraph(
                        RichText.plain($0.sentence(dutch: lang == .nl, municipality: inputs.municipalityName)))
                ]
            } ?? []
        return [
            .heading(level: 2, text: s.definitions, pageBreak: true), .paragraph(RichText.plain(p.definitionsIntro)),
        ] + boundaries + [.list(items)]
    }

    private func sourcesSection() -> [ReportBlock] {
        var t = ReportTable(caption: p.sourcesCaption, header: [s.source, "URL", s.retrieved])
        for src in inputs.sources.sorted(by: { $0.id < $1.id }) {
            t.append([
                .plain(p.sourceName(src)), .plain(src.url),
                .plain(src.retrievedAt.isEmpty ? "–" : consultationDate(src.retrievedAt)),
            ])
        }
        return [.heading(level: 2, text: s.sources), .table(t)]
    }

    /// The day a source was consulted ("geraadpleegd op", as municipal monitors print it), in Europe/Amsterdam; the
    /// exact retrieval times are in `fetch/<source>/fetch.json` and in `impactmon explain`.
    func consultationDate(_ iso: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: iso) else { return iso }
        return CivilDate.today(in: .amsterdam, now: date).description
    }

    private func dataQualitySection() -> [ReportBlock] {
        var out: [ReportBlock] = [.heading(level: 2, text: s.dataQuality)]
        var cov = ReportTable(
            caption: p.coverageCaption(s.quarterName(q)), header: [s.indicator, s.coverage, s.status],
            alignments: [.left, .right, .left])
        for (id, byPeriod) in headline.sorted(by: { $0.key < $1.key }) where !notMeasured.contains(id) {
            guard let r = byPeriod[q.description] else { continue }
            cov.append([.plain(label(id)), .plain(coverageText(r)), .plain(statusWithNote(r))])
        }
        out += [
            .heading(level: 3, text: s.coverage.prefix(1).uppercased() + s.coverage.dropFirst()),
            .paragraph(RichText.plain(p.coverageIntro)), .table(cov),
        ]
        let missing = notMeasured.sorted()
        if !missing.isEmpty {
            out += [
                .heading(level: 3, text: p.notMeasuredTitle), .paragraph(RichText.plain(p.notMeasuredIntro)),
                .list(missing.map { RichText.plain(label($0)) }),
            ]
        }
        // Derived from the run's warning facts only: "all current" is said only when the run found nothing.
        let facts = inputs.sourceWarnings
        out.append(.heading(level: 3, text: s.staleSources))
        if facts.isEmpty {
            out.append(.paragraph(RichText.plain(s.noStale)))
        } else {
            let byID = Dictionary(inputs.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            out.append(.paragraph(RichText.plain(s.incompleteSources)))
            out.append(
                .list(
                    facts.map { f in
                        RichText(spans: [
                            .strong(byID[f.source].map(p.sourceName) ?? f.source), .text(": " + f.plainSentence(lang)),
                        ])
                    }))
        }
        out += [.heading(level: 3, text: s.legend), .list(s.legendLines.map { RichText($0) })]
        return out
    }

    /// The appendix: what an analyst needs to trace a figure (metric ids, source hashes, rejects, the ledger and the
    /// list of suppressed cells). Codes are allowed here, never in the body.
    private func appendixSection() -> [ReportBlock] {
        var out: [ReportBlock] = [
            .heading(level: 2, text: s.provenance, pageBreak: true), .paragraph(RichText(s.provenanceText)),
            .paragraph(
                RichText(spans: [.text(p.registryVersion + ": "), .code(String(inputs.registrySHA256.prefix(12)))])),
        ]
        var ids = ReportTable(caption: p.metricIDsCaption, header: [s.indicator, p.metricIDHeader])
        let listed = Set(headline.keys).union(inputs.metrics.filter { isCBSContext($0.metricID) }.map(\.metricID))
        for id in listed.sorted() { ids.append([.plain(label(id)), RichText(spans: [.code(id)])]) }
        out += [.heading(level: 3, text: p.metricIDsTitle), .table(ids)]
        var src = ReportTable(
            caption: p.sourceHashesCaption, header: [s.source, p.sourceIDHeader, p.tableHeader, "sha256"])
        for x in inputs.sources.sorted(by: { $0.id < $1.id }) {
            src.append([
                .plain(p.sourceName(x)), RichText(spans: [.code(x.id)]), .plain(x.table),
                x.sha256.isEmpty ? "–" : RichText(spans: [.code(String(x.sha256.prefix(12)))]),
            ])
        }
        out += [.heading(level: 3, text: p.sourceHashesTitle), .table(src)]
        if inputs.rejectCounts.isEmpty {
            out += [.heading(level: 3, text: s.rejectsByReason), .paragraph(RichText.plain(s.noRejects))]
        } else {
            var t = ReportTable(
                caption: s.rejectsByReason, header: [s.source, s.reason, s.count], alignments: [.left, .left, .right])
            for r in inputs.rejectCounts.sorted(by: { ($0.sourceID, $0.reason) < ($1.sourceID, $1.reason) }) {
                // The reason in words from the language's catalogue; the code after it finds the lines in rejects.csv.
                let reason = RichText(spans: [
                    .text(ReasonCatalogue.of(lang).reject(code: r.reason) + " ("), .code(r.reason), .text(")"),
                ])
                t.append([RichText(spans: [.code(r.sourceID)]), reason, .plain(String(r.count))])
            }
            out += [.heading(level: 3, text: s.rejectsByReason), .table(t)]
        }
        var l = ReportTable(
            caption: s.ledger, header: [s.source] + p.ledgerHeader,
            alignments: [.left, .right, .right, .right, .right, .right, .left])
        for e in inputs.ledger.sorted(by: { $0.sourceID < $1.sourceID }) {
            l.append([
                RichText(spans: [.code(e.sourceID)]), .plain(String(e.recordsIn)), .plain(String(e.recordsOut)),
                .plain(String(e.rejected)), .plain(String(e.filtered)), .plain(String(e.merged)),
                .plain(e.balances ? "✓" : "✗"),
            ])
        }
        out += [.heading(level: 3, text: s.ledger), .table(l)]
        let suppressed = inputs.metrics.filter {
            $0.period == q.description && ($0.status == .suppressed || $0.status == .withheld)
                && $0.level != "enterprise"
        }
        if suppressed.isEmpty {
            out += [.heading(level: 3, text: s.suppressedCells), .paragraph(RichText.plain(s.noSuppressed))]
        } else {
            var t = ReportTable(
                caption: p.suppressedCaption(s.quarterName(q)),
                header: [s.indicator, p.cellHeader, p.symbolHeader, s.reason])
            for r in suppressed.sorted(by: { ($0.metricID, $0.breakdown) < ($1.metricID, $1.breakdown) }) {
                t.append([
                    .plain(label(r.metricID)),
                    .plain(r.breakdown.isEmpty ? p.wholeProgramme : breakdownName(r.breakdown)),
                    RichText(spans: [.code(r.symbol.isEmpty ? "." : r.symbol)]), .plain(note(r.note)),
                ])
            }
            out += [.heading(level: 3, text: s.suppressedCells), .table(t)]
        }
        return out
    }
}
