import Foundation
import ImpactModel

/// `internal/enterprises/<kvk>.md`: the profile of one initiative for the core group (issue 16 item 3).
///
/// Sections: registry facts and themes; the quarterly time series of headcount, FTE, target-group FTE, revenue and
/// impact measures since its first return (as returned, `normalize/observations.csv`); its growth class per quarter
/// of the run's window (`scale_class` enterprise rows of `compute/metrics.csv`; METRICS.md §7); the support it
/// received (municipal awards from the procurement source, with or without social return; subsidies and loans only
/// where a source exists — the demo has none, which the page says); and its assessment history when an
/// afwegingskader is configured. Never written outside `internal/`.
package struct EnterpriseProfile: Sendable {
    /// The enterprise, as in the registry used by the run.
    package let enterprise: Enterprise
    /// The run's assessment inputs; the profile reads this enterprise's series, metric rows and awards from it.
    package let data: AssessmentData
    /// The enterprise's assessments, every quarter of the window (empty without an afwegingskader).
    package let assessments: [EnterpriseAssessment]
    /// The afwegingskader, `nil` when none is configured (the page then has no assessment history).
    package let framework: AssessmentFramework?
    /// The report's title (the pipeline file's `title:`), named in the page's internal-use banner.
    package let title: String
    /// The report quarter: the last quarter of the series and growth classes shown.
    package let period: Quarter

    /// A profile of `enterprise`; nothing is formatted until ``markdown()``.
    package init(
        enterprise: Enterprise, data: AssessmentData, assessments: [EnterpriseAssessment],
        framework: AssessmentFramework?, title: String, period: Quarter
    ) {
        self.enterprise = enterprise
        self.data = data
        self.assessments = assessments
        self.framework = framework
        self.title = title
        self.period = period
    }

    /// The return measures of the time series, in column order, with their Dutch headers and decimals.
    package static let seriesColumns: [(measure: String, header: String, decimals: Int)] = [
        ("employees_headcount", "werknemers", 0), ("fte_total", "fte", 1), ("tg_headcount", "doelgroep (personen)", 0),
        ("tg_fte", "doelgroep-fte", 1), ("revenue_total", "omzet (€)", 0), ("revenue_sales", "waarvan verkoop (€)", 0),
        ("revenue_grants_donations", "subsidies en donaties (€)", 0), ("clients_individuals", "cliënten", 0),
        ("individuals_trained", "getrainde personen", 0), ("learning_places", "leerwerkplekken", 0),
        ("ghg_avoided_tco2e", "CO₂ vermeden (ton)", 1), ("waste_diverted_t", "afval hergebruikt (ton)", 1),
    ]

    /// The page in Dutch Markdown, opening with the banner that it is for the core group only; numbers in Dutch format
    /// (``HumanNumberFormat``), money in EUR, tCO₂e and tonnes with one decimal.
    package func markdown() -> String {
        let e = enterprise
        let kvk = e.kvkNumber.digits
        let n = HumanNumberFormat(.nl)
        let themeLabel = { (id: String) in data.themes.first { $0.id == id }?.labelNL ?? id }
        var out = [
            "# \(e.name) (KvK \(kvk)) — profiel",
            "> **Intern — alleen voor de kerngroep.** \(title), stand \(period). Dit profiel bevat gegevens van één onderneming en mag niet buiten de kerngroep worden gedeeld.",
        ]
        var facts = MarkdownTable(header: ["gegeven", "waarde"])
        facts.append(["thema's", e.themes.map(themeLabel).joined(separator: ", ")])
        facts.append([
            "vestiging",
            [e.postcode.map { "\($0)" } ?? "", e.woonplaats].filter { !$0.isEmpty }.joined(separator: " "),
        ])
        facts.append(["SBI-code", e.sbiCode.map { "\($0)" } ?? "–"])
        facts.append(["opgericht", e.foundedYear.map(String.init) ?? "onbekend"])
        facts.append(["in het programma sinds", e.programmeEntryDate.description])
        if let x = e.exitDate {
            facts.append(["uit het programma", x.description + (e.exitReason.map { " (\($0.rawValue))" } ?? "")])
        }
        facts.append([
            "PSO-niveau", AssessmentEngine.categoryLabel(e.psoLevel.rawValue) + (e.pso30plus ? ", PSO 30+" : ""),
        ])
        facts.append(["grondslag sociale onderneming", AssessmentEngine.categoryLabel(e.seBasis)])
        facts.append(["Code Sociale Ondernemingen", e.codeSocialeOndernemingen ? "ja" : "nee"])
        out.append("## Gegevens uit het register\n\n" + facts.markdown)

        let series = data.series[kvk] ?? [:]
        // Every quarter from the first return to the report quarter (or the exit), reported or not.
        var quarters: [Quarter] = []
        if let first = series.keys.min() {
            let last = min(period, e.exitDate.map { Quarter(containing: $0) } ?? period)
            var q = first
            while q <= last {
                quarters.append(q)
                q = q + 1
            }
        }
        if let first = quarters.first {
            let columns = Self.seriesColumns.filter { c in quarters.contains { series[$0]?[c.measure] != nil } }
            var t = MarkdownTable(
                header: ["kwartaal"] + columns.map(\.header), alignments: [.left] + columns.map { _ in .right })
            for q in quarters {
                t.append(
                    [q.description]
                        + columns.map { c in series[q]?[c.measure].map { n.format($0, decimals: c.decimals) } ?? "–" })
            }
            out.append(
                "## Ontwikkeling per kwartaal (eigen opgave, sinds de eerste rapportage in \(first))\n\nWerknemers, fte en doelgroep zijn standen op het kwartaaleinde; omzet en impact zijn stromen over het kwartaal. “–”: niet gerapporteerd.\n\n"
                    + t.markdown)
        } else {
            out.append("## Ontwikkeling per kwartaal\n\nGeen kwartaalrapportages ontvangen.")
        }

        let classes = data.metrics.filter { $0.metricID == "scale_class" && $0.entity == kvk }
            .sorted { $0.period < $1.period }
        if classes.isEmpty {
            out.append("## Groeiklasse\n\nGeen groeiklasse berekend in de kwartalen van deze run.")
        } else {
            var t = MarkdownTable(header: ["kwartaal", "groeiklasse (3 jaar, METRICS.md §7)"])
            for r in classes {
                t.append([
                    r.period,
                    r.valueText.isEmpty
                        ? "onbekend" + AssessmentEngine.noteInParentheses(r.note)
                        : AssessmentEngine.categoryLabel(r.valueText),
                ])
            }
            out.append("## Groeiklasse\n\n" + t.markdown)
        }

        let awards = (data.awards[kvk] ?? []).sorted { ($0.quarter, $0.contractID) < ($1.quarter, $1.contractID) }
        var support = "## Ondersteuning door de gemeente\n\n"
        if awards.isEmpty {
            support += "Geen gunningen van de gemeente in het contractregister (bron: inkoop)."
        } else {
            var t = MarkdownTable(
                header: [
                    "kwartaal", "contract", "categorie", "bedrag (€)", "social return", "SROI-verplichting (€)",
                    "SROI gerealiseerd (€)",
                ],
                alignments: [.left, .left, .left, .right, .left, .right, .right])
            for a in awards {
                t.append([
                    a.quarter.description, a.contractID, a.category,
                    a.amountEUR.map { n.format($0, decimals: 0) } ?? "–",
                    a.socialReturn ? "ja" : "nee", a.sroiObligationEUR.map { n.format($0, decimals: 0) } ?? "–",
                    a.sroiRealisedEUR.map { n.format($0, decimals: 0) } ?? "–",
                ])
            }
            let withSR = awards.filter(\.socialReturn).count
            support +=
                "Gunningen uit het contractregister (bron: inkoop), waarvan \(withSR) met social return.\n\n"
                + t.markdown
        }
        support +=
            "\n\nSubsidies en leningen van de gemeente: deze pipeline heeft (nog) geen subsidieregister als bron; de kolom “subsidies en donaties” hierboven is de eigen opgave van de onderneming."
        out.append(support)

        if let framework {
            if assessments.isEmpty {
                out.append(
                    "## Beoordeling (afwegingskader)\n\nNiet beoordeeld: niet actief in de kwartalen van deze run.")
            } else {
                var t = MarkdownTable(header: ["kwartaal", "oordeel", "score", "instrumenten", "wijziging", "signaal"])
                for a in assessments.sorted(by: { $0.quarter < $1.quarter }) {
                    t.append([
                        a.quarter.description, a.verdict.dutch, a.score.map { n.format($0, decimals: 0) + "%" } ?? "–",
                        a.instruments.isEmpty
                            ? "–"
                            : a.instruments.map { framework.instrument($0)?.labelNL ?? $0 }.joined(separator: ", "),
                        a.changes.map(AssessmentCatalogue.dutch.change).joined(separator: "; "),
                        a.watch.isEmpty ? "–" : a.watch.map(AssessmentCatalogue.dutch.signal).joined(separator: "; "),
                    ])
                }
                out.append(
                    "## Beoordeling (afwegingskader)\n\nDetails per criterium: `internal/assessment.md` en `internal/assessment.csv`.\n\n"
                        + t.markdown)
            }
        }
        return out.joined(separator: "\n\n") + "\n"
    }
}
