import CSVCodec
import Foundation
import ImpactModel

/// `internal/assessment.csv` and `internal/assessment.md`: the afwegingskader applied to every active
/// enterprise, core group only (METRICS.md §8: figures of one enterprise never leave the internal folder).
///
/// The CSV has one row per enterprise × quarter × criterion (every quarter of the run's window, oldest first); the
/// verdict, score, instruments, changes and watch signal of the enterprise-quarter repeat on each of its rows.
/// The Markdown shows the report quarter: one section per enterprise with its criteria, and a summary table.
package struct AssessmentReport: Sendable {
    /// The afwegingskader applied (`config/assessment.yaml`), for instrument labels and the criteria's tests.
    package let framework: AssessmentFramework
    /// Every enterprise × quarter of the run's window, as ``AssessmentEngine`` produced them.
    package let assessments: [EnterpriseAssessment]
    /// The report's title (the pipeline file's `title:`), repeated in the Markdown heading.
    package let title: String
    /// The report quarter: the quarter the Markdown shows (the CSV holds the whole window).
    package let period: Quarter

    /// The assessment files of `period`; nothing is formatted until ``csv()`` or ``markdown()``.
    package init(framework: AssessmentFramework, assessments: [EnterpriseAssessment], title: String, period: Quarter) {
        self.framework = framework
        self.assessments = assessments
        self.title = title
        self.period = period
    }

    /// The words of reasons, changes and signals: the assessment files are Dutch (core group only).
    static let words = AssessmentCatalogue.dutch

    /// Columns of `assessment.csv`.
    package static let columns = [
        "kvk_number", "onderneming", "kwartaal", "criterium_id", "criterium", "invoer", "waarde", "eenheid", "toets",
        "result", "uitkomst", "reden", "verplicht", "gewicht", "oordeel", "oordeel_reden", "score_pct",
        "instrumenten", "wijzigingen", "signaal", "explain_id",
    ]

    /// The threshold as text: `>= 30`, `<= 10`, `een van: trede1;trede2`.
    package static func testText(_ t: AssessmentFramework.Test) -> String {
        switch t {
        case .atLeast(let v): ">= \(plain(v))"
        case .atMost(let v): "<= \(plain(v))"
        case .oneOf(let l): "een van: " + l.joined(separator: ";")
        }
    }

    static func plain(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }

    static func inputText(_ c: AssessmentFramework.Criterion) -> String {
        switch c.input {
        case .metric(let id): "metric:\(id)"
        case .field(let f): "field:\(f.rawValue)"
        }
    }

    /// `assessment.csv` (RFC 4180, UTF-8, `,`, `.` decimals).
    package func csv() -> Data {
        var w = CSVWriter(profile: .machine)
        w.write(Self.columns)
        for a in assessments {
            let instruments = a.instruments.map { framework.instrument($0)?.labelNL ?? $0 }.joined(separator: "; ")
            for r in a.results {
                let c = r.criterion
                w.write([
                    a.kvk, a.name, a.quarter.description, c.id, c.labelNL, Self.inputText(c), r.value, c.unit,
                    Self.testText(c.test), r.outcome.rawValue, r.outcome.dutch, Self.words.reason(r.reason),
                    c.mustPass ? "ja" : "nee",
                    c.mustPass ? "" : Self.plain(c.weight), a.verdict.dutch,
                    Self.words.verdictReason(a.verdictReason), a.score.map { String(format: "%.1f", $0) } ?? "",
                    instruments,
                    a.changes.map(Self.words.change).joined(separator: "; "),
                    a.watch.map(Self.words.signal).joined(separator: "; "), r.explainID,
                ])
            }
        }
        return w.data
    }

    /// `assessment.md` for the report quarter.
    package func markdown() -> String {
        let rows = assessments.filter { $0.quarter == period }
            .sorted { ($0.name, $0.kvk) < ($1.name, $1.kvk) }
        var out = [
            "# \(title) — Beoordeling per onderneming (afwegingskader) \(period)",
            "> **Intern — alleen voor de kerngroep.** Dit bestand beoordeelt afzonderlijke ondernemingen en mag niet buiten de kerngroep worden gedeeld.",
            "De criteria, drempels en instrumenten staan in het afwegingskader (`\(URL(fileURLWithPath: framework.file).lastPathComponent)`); uitleg in `docs/assessment.md`. "
                + "Ontbrekende gegevens leiden tot **onbekend**, nooit tot **voldoet niet**. "
                + "Waarom een waarde is wat hij is: `impactmon explain assessment/<KvK-nummer>/<criterium>/\(period)`.",
        ]
        let counts = Dictionary(grouping: rows, by: \.verdict).mapValues(\.count)
        out.append(
            "In \(period): \(rows.count) actieve ondernemingen, waarvan \(counts[.qualifies] ?? 0) in aanmerking komen, "
                + "\(counts[.notQualified] ?? 0) niet en \(counts[.unknown] ?? 0) onbekend (gegevens ontbreken).")
        var summary = MarkdownTable(
            header: [
                "onderneming", "KvK", "oordeel", "score", "instrumenten", "wijziging t.o.v. vorig kwartaal", "signaal",
            ],
            alignments: [.left, .left, .left, .right, .left, .left, .left])
        let n = HumanNumberFormat(.nl)
        for a in rows {
            summary.append([
                a.name, a.kvk, a.verdict.dutch, a.score.map { n.format($0, decimals: 0) + "%" } ?? "–",
                a.instruments.isEmpty
                    ? "–" : a.instruments.map { framework.instrument($0)?.labelNL ?? $0 }.joined(separator: ", "),
                a.changes.map(Self.words.change).joined(separator: "; "),
                a.watch.isEmpty ? "–" : a.watch.map(Self.words.signal).joined(separator: "; "),
            ])
        }
        out.append("## Overzicht\n\n" + summary.markdown)
        var perCriterion = MarkdownTable(
            header: ["criterium", "verplicht of gewicht", "voldoet", "voldoet niet", "onbekend", "n.v.t."],
            alignments: [.left, .left, .right, .right, .right, .right])
        for c in framework.criteria {
            let rs = rows.flatMap(\.results).filter { $0.criterion.id == c.id }
            func k(_ o: CriterionOutcome) -> String { String(rs.filter { $0.outcome == o }.count) }
            perCriterion.append([
                c.labelNL,
                c.mustPass
                    ? "verplicht" : "gewicht \(n.format(c.weight, decimals: c.weight == c.weight.rounded() ? 0 : 1))",
                k(.pass), k(.fail), k(.unknown), k(.notApplicable),
            ])
        }
        out.append("## Uitkomst per criterium\n\n" + perCriterion.markdown)
        var sections: [String] = ["## Per onderneming"]
        for a in rows {
            var t = MarkdownTable(
                header: ["criterium", "waarde", "toets", "uitkomst", "reden"],
                alignments: [.left, .right, .left, .left, .left])
            for r in a.results {
                t.append([
                    r.criterion.labelNL, r.shown, Self.readableTest(r.criterion), r.outcome.dutch,
                    Self.words.reason(r.reason),
                ])
            }
            let instr = a.instruments.map { framework.instrument($0)?.labelNL ?? $0 }
            let pending = a.instrumentsUnknown.map { framework.instrument($0)?.labelNL ?? $0 }
            let instrText: String = instr.isEmpty ? "geen" : instr.joined(separator: ", ")
            let pendingText: String =
                pending.isEmpty ? "" : " (nog onbekend door ontbrekende gegevens: \(pending.joined(separator: ", ")))"
            let changeText: String = a.changes.map(Self.words.change).joined(separator: "; ")
            var lines: [String] = [
                "### \(a.name) (KvK \(a.kvk))",
                "**Oordeel:** \(a.verdict.dutch) — \(Self.words.verdictReason(a.verdictReason)).",
                "**Instrumenten:** \(instrText)\(pendingText).",
                "**Wijziging t.o.v. vorig kwartaal:** \(changeText).",
            ]
            if !a.watch.isEmpty {
                lines.append("**Signaal:** " + a.watch.map(Self.words.signal).joined(separator: "; ") + ".")
            }
            lines.append(t.markdown)
            sections.append(lines.joined(separator: "\n\n"))
        }
        out.append(sections.joined(separator: "\n\n"))
        return out.joined(separator: "\n\n") + "\n"
    }

    /// The threshold for readers: `≥ 30%`, `een van: trede 1, trede 2`.
    package static func readableTest(_ c: AssessmentFramework.Criterion) -> String {
        let n = HumanNumberFormat(.nl)
        let u = c.unit == "%" ? "%" : " \(AssessmentEngine.unitLabel(c.unit))"
        switch c.test {
        case .atLeast(let v): return "≥ " + n.format(v, decimals: v == v.rounded() ? 0 : 1) + u
        case .atMost(let v): return "≤ " + n.format(v, decimals: v == v.rounded() ? 0 : 1) + u
        case .oneOf(let l): return "een van: " + l.map(AssessmentEngine.categoryLabel).joined(separator: ", ")
        }
    }

    /// The text `impactmon explain assessment/<kvk>/<criterion>/<quarter>` starts with (the metric's own
    /// explanation follows it for a metric criterion), or nil when the id names no assessed row.
    package func explain(_ id: String) -> String? {
        guard let a = assessments.first(where: { x in x.results.contains { $0.explainID == id } }),
            let r = a.results.first(where: { $0.explainID == id })
        else { return nil }
        let c = r.criterion
        let input: String
        switch c.input {
        case .metric(let m):
            input =
                "metriek \(m) (enterprise-rij van compute/metrics.csv, provenance \(r.metricProvenanceID.isEmpty ? "–" : r.metricProvenanceID))"
        case .field(let f): input = "veld \(f.rawValue): \(f.labelNL)"
        }
        return [
            "\(id): \(c.labelNL) — \(a.name) (KvK \(a.kvk)), \(a.quarter)",
            "  criterium: \(framework.file):\(c.line) (\(c.mustPass ? "verplicht" : "gewicht \(Self.plain(c.weight))"); opent: \(c.opens.map { framework.instrument($0)?.labelNL ?? $0 }.joined(separator: ", ")))",
            "  invoer: \(input)",
            "  toets: \(Self.readableTest(c))",
            "  waarde: \(r.shown)  →  \(r.outcome.dutch): \(Self.words.reason(r.reason))",
            "  oordeel van het kwartaal: \(a.verdict.dutch) — \(Self.words.verdictReason(a.verdictReason))",
        ].joined(separator: "\n")
    }
}
