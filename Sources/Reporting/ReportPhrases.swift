import ImpactModel

/// The phrases of the report body beyond the headings of ``ReportStrings``: one instance per language (the string
/// catalogue, part 2). Nothing in the report builder writes Dutch or English text of its own.
struct ReportPhrases: Sendable {
    /// `3e kw. 2026` / `Q3 2026`: a quarter in a table header or chart axis.
    let quarterShort: @Sendable (Quarter) -> String
    let municipality: String
    /// The data-as-of time for readers: `2026-10-16T06:00:00Z` → `16 oktober 2026, 08:00` (Europe/Amsterdam).
    let dataAsOf: @Sendable (String) -> String
    /// The change of a sum or share on a year earlier over the same enterprises (balanced panel), with their number;
    /// the first argument is the change of the published totals, `–` when one of them is not published:
    /// `("+13,6%", "+2,4%", "27")` → "+13,6% in totaal; +2,4% bij dezelfde 27 ondernemingen".
    let sameEnterprises: @Sendable (_ total: String, _ panel: String, _ n: String) -> String
    let reporting: @Sendable (Int) -> String
    let summaryMarks: String
    let restatements: String
    let noPreviousReport: String
    let noRestatements: @Sendable (String) -> String
    let restatementsIntro: @Sendable (String) -> String
    let restatementsCaption: @Sendable (String) -> String
    let restatementHeader: [String]
    let wholeProgramme: String
    let breakdown: @Sendable (String, String) -> String
    let themeCaption: @Sendable (String, String) -> String
    let contextCaption: @Sendable (String) -> String
    let partialFootnote: String
    let staleWord: String
    let staleCBS: @Sendable (String) -> String
    let cbsCredit: String
    let regionName: @Sendable (String) -> String
    let growthCaption: @Sendable (String) -> String
    let growthChartTitle: @Sendable (String) -> String
    let growthClass: [String: String]
    let unknownClass: String
    let trendAlt: @Sendable (String, Int, String, String) -> String
    let chartLegend: SVGChart.Legend
    let units: [String: String]
    let periodRule: [String: String]
    let definitionsIntro: String
    let sourceWord: String
    let programmeDefinition: String
    let sourcesCaption: String
    let sourceName: @Sendable (SourceSummary) -> String
    let coverageCaption: @Sendable (String) -> String
    let coverageIntro: String
    let notMeasuredTitle: String
    let notMeasuredIntro: String
    let registryVersion: String
    let metricIDsTitle: String
    let metricIDsCaption: String
    let metricIDHeader: String
    let sourceHashesTitle: String
    let sourceHashesCaption: String
    let sourceIDHeader: String
    let tableHeader: String
    let ledgerHeader: [String]
    let suppressedCaption: @Sendable (String) -> String
    let cellHeader: String
    let symbolHeader: String
    /// The page's landmark and the skip text of the HTML version.
    let contents: String

    static let dutch = ReportPhrases(
        quarterShort: { "\($0.quarter)e kw. \($0.year)" },
        municipality: "gemeente",
        dataAsOf: { ReportNotes.dateTime($0, .nl) },
        sameEnterprises: { total, panel, n in
            let same = "\(panel) bij dezelfde \(n) ondernemingen"
            return total == "–" ? same : "\(total) in totaal; \(same)"
        },
        reporting: { "\($0) rapporterend" },
        summaryMarks:
            "`*` voorlopig, `**` nader voorlopig, ¹ gedeeltelijke dekking (60–80% van de actieve ondernemingen rapporteerde); `.` onbekend, `x` geheim (zie de verklaring van tekens onder Datakwaliteit).",
        restatements: "Herzieningen",
        noPreviousReport: "Er is geen eerder gepubliceerd rapport om mee te vergelijken.",
        noRestatements: { "Geen cijfers wijken af van het eerder gepubliceerde rapport (\($0))." },
        restatementsIntro: { "Cijfers die afwijken van het eerder gepubliceerde rapport (\($0)), met de oorzaak:" },
        restatementsCaption: { "Herziene cijfers ten opzichte van het rapport van \($0)" },
        restatementHeader: ["indicator", "onderdeel", "kwartaal", "was", "nu", "oorzaak"],
        wholeProgramme: "hele programma",
        breakdown: { key, value in
            switch key {
            case "sbi_section": return "bedrijfstak \(value) (SBI)"
            case "theme": return "thema \(value)"
            case "se_basis":
                return [
                    "bcorp": "grondslag: B Corp-certificering",
                    "code_sociale_ondernemingen": "grondslag: Code Sociale Ondernemingen",
                ][value]
                    ?? "grondslag: \(value.replacingOccurrences(of: "_", with: " "))"
            case "inflow_component":
                return value == "attracted" ? "gevestigd van elders" : value == "born" ? "nieuw gestart" : value
            case "exit_reason":
                return [
                    "opheffing": "opgeheven", "relocation_out": "vertrokken", "merger": "fusie", "other": "overig",
                ][value] ?? value
            case "panel": return "zelfde ondernemingen, t.o.v. een jaar eerder"
            default: return value
            }
        },
        themeCaption: { "\($0): cijfers van het programma, \($1), met het kwartaal ervoor en een jaar eerder" },
        contextCaption: { "\($0): CBS-cijfers ter vergelijking (laatst beschikbare periode)" },
        partialFootnote: "¹ gedeeltelijke dekking (60–80% van de actieve ondernemingen rapporteerde)",
        staleWord: "verouderd",
        staleCBS: { "laatste CBS-periode is \($0); mogelijk is de tabel opgevolgd" },
        cbsCredit: "Bron: CBS, CC BY 4.0.",
        regionName: { code in
            switch code {
            case "NL01": return "Nederland"
            case "PV27": return "Noord-Holland"
            case "GM0392": return "Haarlem"
            default: return code
            }
        },
        growthCaption: { "Aantal ondernemingen per groeiklasse, \($0)" },
        growthChartTitle: { "Ondernemingen per groeiklasse, \($0)" },
        growthClass: [
            "gazelle": "gazelle (jonge snelgroeier)", "hge_eurostat": "snelgroeier (Eurostat/CBS, ≥ 10 werknemers)",
            "scaleup_20": "opschaler (≥ 20% groei per jaar)", "emerging_scaler": "opkomende groeier (2–9 werknemers)",
            "impact_scaler": "impactgroeier (doelgroep of bereik)", "stable": "stabiel", "shrinking": "krimpend",
            "unclassified": "niet ingedeeld", "insufficient_data": "onvoldoende gegevens (te kort in het programma)",
        ],
        unknownClass: "overige klasse",
        trendAlt: { label, n, first, last in "Verloop van \(label) over \(n) kwartalen (\(first); \(last))" },
        chartLegend: SVGChart.Legend(
            line: "waarde", provisional: "voorlopig (*, **)",
            gap: "geen waarde: x geheim, . onbekend (onderbroken lijn)"),
        units: [
            "persons": "personen", "count": "aantal", "places": "plaatsen", "jobs": "banen", "EUR": "euro",
            "tCO2e": "ton CO2-eq.", "t": "ton", "%/yr": "% per jaar", "x 1000": "x 1.000", "h/FTE": "uur per FTE",
            "flag": "ondernemingen", "%": "%", "FTE": "fte", "pp": "procentpunt", "category": "klasse",
        ],
        periodRule: [
            "Q": "stand op het kwartaaleinde", "R4Q": "afgelopen vier kwartalen", "YoY": "t.o.v. een jaar eerder",
            "3Y": "over drie jaar", "A": "laatst beschikbare CBS-periode",
        ],
        definitionsIntro:
            "Wat elk cijfer meet, in welke eenheid en over welke periode, en waar de definitie vandaan komt.",
        sourceWord: "bron",
        programmeDefinition: "definitie van het programma",
        sourcesCaption: "Gebruikte bronnen met de datum waarop ze zijn geraadpleegd",
        sourceName: { src in
            if src.isCBS {
                return "CBS StatLine \(src.table)\(src.title.isEmpty ? "" : ": " + src.title) (Bron: CBS, CC BY 4.0)"
            }
            return src.title.isEmpty ? src.id.replacingOccurrences(of: "-", with: " ") : src.title
        },
        coverageCaption: { "Dekking en status per indicator, \($0)" },
        coverageIntro:
            "Dekking is het deel van de actieve ondernemingen dat de gegevens voor een cijfer aanleverde. Onder 60% wordt het cijfer niet gepubliceerd.",
        notMeasuredTitle: "Nog niet gemeten",
        notMeasuredIntro: "Deze indicatoren staan in de catalogus, maar geen bron levert hun gegevens nog:",
        registryVersion: "Versie van het register (SHA-256, begin)",
        metricIDsTitle: "Indicatoren en hun kenmerk",
        metricIDsCaption: "Het kenmerk van elke indicator, zoals in metrics.csv en impactmon explain",
        metricIDHeader: "kenmerk",
        sourceHashesTitle: "Bronbestanden",
        sourceHashesCaption:
            "Elke bron met het kenmerk van de pijplijn, de tabel en de controlesom van het eerste antwoord",
        sourceIDHeader: "kenmerk", tableHeader: "tabel / dataset",
        ledgerHeader: ["in", "uit", "afgewezen", "gefilterd", "samengevoegd", "✓"],
        suppressedCaption: { "Cellen die om statistische beveiliging niet worden getoond, \($0)" },
        cellHeader: "onderdeel", symbolHeader: "teken",
        contents: "Inhoud")

    static let english = ReportPhrases(
        quarterShort: { "Q\($0.quarter) \($0.year)" },
        municipality: "municipality of",
        dataAsOf: { ReportNotes.dateTime($0, .en) },
        sameEnterprises: { total, panel, n in
            let same = "\(panel) for the same \(n) enterprises"
            return total == "–" ? same : "\(total) overall; \(same)"
        },
        reporting: { "\($0) reporting" },
        summaryMarks:
            "`*` provisional, `**` revised provisional, ¹ partial coverage (60–80% of active enterprises reported); `.` unknown, `x` confidential (see the legend under Data quality).",
        restatements: "Restatements",
        noPreviousReport: "There is no previously published report to compare with.",
        noRestatements: { "No figure differs from the previously published report (\($0))." },
        restatementsIntro: { "Figures that differ from the previously published report (\($0)), with the cause:" },
        restatementsCaption: { "Restated figures compared with the report of \($0)" },
        restatementHeader: ["metric", "part", "quarter", "was", "now", "cause"],
        wholeProgramme: "whole programme",
        breakdown: { key, value in
            switch key {
            case "sbi_section": return "industry \(value) (SBI)"
            case "theme": return "theme \(value)"
            case "se_basis":
                return [
                    "bcorp": "basis: B Corp certification",
                    "code_sociale_ondernemingen": "basis: Dutch code for social enterprises",
                ][value]
                    ?? "basis: \(value.replacingOccurrences(of: "_", with: " "))"
            case "inflow_component":
                return value == "attracted" ? "attracted from elsewhere" : value == "born" ? "newly started" : value
            case "exit_reason":
                return [
                    "opheffing": "dissolved", "relocation_out": "moved away", "merger": "merger", "other": "other",
                ][value] ?? value
            case "panel": return "same enterprises, on a year earlier"
            default: return value
            }
        },
        themeCaption: { "\($0): programme figures, \($1), with the previous quarter and a year earlier" },
        contextCaption: { "\($0): CBS figures for comparison (latest period available)" },
        partialFootnote: "¹ partial coverage (60–80% of active enterprises reported)",
        staleWord: "stale",
        staleCBS: { "the latest CBS period is \($0); the table may have been replaced" },
        cbsCredit: "Source: Statistics Netherlands (CBS), CC BY 4.0.",
        regionName: { code in
            switch code {
            case "NL01": return "the Netherlands"
            case "PV27": return "North Holland"
            case "GM0392": return "Haarlem"
            default: return code
            }
        },
        growthCaption: { "Number of enterprises per growth class, \($0)" },
        growthChartTitle: { "Enterprises per growth class, \($0)" },
        growthClass: [
            "gazelle": "gazelle (young high-growth)", "hge_eurostat": "high-growth (Eurostat/CBS, ≥ 10 employees)",
            "scaleup_20": "scale-up (≥ 20% growth a year)", "emerging_scaler": "emerging scaler (2–9 employees)",
            "impact_scaler": "impact scaler (target group or reach)", "stable": "stable", "shrinking": "shrinking",
            "unclassified": "unclassified", "insufficient_data": "insufficient data (too short in the programme)",
        ],
        unknownClass: "other class",
        trendAlt: { label, n, first, last in "Trend of \(label) over \(n) quarters (\(first); \(last))" },
        chartLegend: SVGChart.Legend(
            line: "value", provisional: "provisional (*, **)", gap: "no value: x confidential, . unknown (broken line)"),
        units: [
            "persons": "persons", "count": "number", "places": "places", "jobs": "jobs", "EUR": "euro",
            "tCO2e": "t CO2e", "t": "tonnes", "%/yr": "% a year", "x 1000": "x 1,000", "h/FTE": "hours per FTE",
            "flag": "enterprises", "%": "%", "FTE": "FTE", "pp": "percentage point", "category": "class",
        ],
        periodRule: [
            "Q": "level at the end of the quarter", "R4Q": "last four quarters", "YoY": "on a year earlier",
            "3Y": "over three years", "A": "latest CBS period available",
        ],
        definitionsIntro:
            "What each figure measures, in which unit and over which period, and where the definition comes from.",
        sourceWord: "source",
        programmeDefinition: "programme definition",
        sourcesCaption: "Sources used, with the date they were consulted",
        sourceName: { src in
            // The pipeline's source titles are Dutch: the English report names a source by its identifier.
            if src.isCBS { return "CBS StatLine \(src.table) (Source: Statistics Netherlands, CC BY 4.0)" }
            return src.id.replacingOccurrences(of: "-", with: " ")
        },
        coverageCaption: { "Coverage and status per metric, \($0)" },
        coverageIntro:
            "Coverage is the share of active enterprises that delivered the data for a figure. Below 60% the figure is not published.",
        notMeasuredTitle: "Not measured yet",
        notMeasuredIntro: "These metrics are in the catalogue, but no source delivers their data yet:",
        registryVersion: "Registry version (SHA-256, start)",
        metricIDsTitle: "Metrics and their identifiers",
        metricIDsCaption: "The identifier of each metric, as in metrics.csv and impactmon explain",
        metricIDHeader: "identifier",
        sourceHashesTitle: "Source files",
        sourceHashesCaption: "Each source with its pipeline identifier, table and the checksum of its first response",
        sourceIDHeader: "identifier", tableHeader: "table / dataset",
        ledgerHeader: ["in", "out", "rejected", "filtered", "merged", "✓"],
        suppressedCaption: { "Cells not shown for statistical disclosure control, \($0)" },
        cellHeader: "part", symbolHeader: "symbol",
        contents: "Contents")
}
