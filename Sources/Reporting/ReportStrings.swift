import ImpactModel

/// The fixed text of the report, per language. Metric and theme labels come from config.
struct ReportStrings: Sendable {
    let quarterName: @Sendable (Quarter) -> String
    let generatedAt: String
    let registryVersion: String
    let summary: String
    let summaryIntro: String
    let themes: String
    let indicator: String
    let thisQuarter: String
    let previousQuarter: String
    let yearEarlier: String
    let changeYoY: String
    let coverage: String
    let status: String
    let context: String
    let region: String
    let period: String
    let value: String
    let scaleUp: String
    let scaleUpIntro: String
    let growthClass: String
    let enterprises: String
    let definitions: String
    let sources: String
    let source: String
    let retrieved: String
    let dataQuality: String
    let rejectsByReason: String
    let reason: String
    let count: String
    let ledger: String
    let suppressedCells: String
    let legend: String
    let legendLines: [String]
    let provenance: String
    let provenanceText: String
    let noContext: String
    let noRejects: String
    let noSuppressed: String
    let statusWord: @Sendable (String) -> String
    let staleSources: String
    let noStale: String
    /// The lead sentence above the list of incomplete sources.
    let incompleteSources: String
    /// Phrases of the report body added with the report model (issue 17): see ``ReportPhrases``.
    let phrases: ReportPhrases

    static func of(_ lang: ReportLanguage) -> ReportStrings {
        switch lang {
        case .nl: return .dutch
        case .en: return .english
        }
    }

    static let dutch = ReportStrings(
        quarterName: { "\(["1e", "2e", "3e", "4e"][$0.quarter - 1]) kwartaal \($0.year)" },
        generatedAt: "Gegevensstand", registryVersion: "registerversie",
        summary: "Samenvatting", summaryIntro: "Wat dit kwartaal veranderde, ten opzichte van een jaar eerder:",
        themes: "Cijfers per thema", indicator: "Indicator", thisQuarter: "dit kwartaal",
        previousQuarter: "vorig kwartaal",
        yearEarlier: "een jaar eerder", changeYoY: "verandering t.o.v. een jaar eerder", coverage: "dekking",
        status: "status",
        context: "Ter vergelijking: CBS-cijfers", region: "regio", period: "periode", value: "waarde",
        scaleUp: "Groei van sociale ondernemingen (scale-up)",
        scaleUpIntro:
            "Aantal ondernemingen per groeiklasse (Eurostat/CBS-definitie van snelle groeiers en de aanvullende klassen van het programma). Cijfers per onderneming staan alleen in het interne rapport.",
        growthClass: "groeiklasse", enterprises: "ondernemingen", definitions: "Definities", sources: "Bronnen",
        source: "bron", retrieved: "geraadpleegd op", dataQuality: "Datakwaliteit",
        rejectsByReason: "Afgewezen records per reden", reason: "reden", count: "aantal",
        ledger: "Rijenbalans per bron (in = uit + afgewezen + gefilterd + samengevoegd)",
        suppressedCells: "Onderdrukte cellen", legend: "Verklaring van tekens",
        legendLines: [
            "`.` onbekend, onvoldoende betrouwbaar of onvoldoende dekking",
            "`x` geheim: onderdrukt om herleidbaarheid tot één onderneming te voorkomen",
            "`*` voorlopig cijfer; `**` nader voorlopig cijfer",
            "`–` niet van toepassing",
            "`21 rapporterend`: dekking onder 60%; alleen het aantal rapporterende ondernemingen wordt gepubliceerd",
            "Aantallen personen (werknemers, doelgroepmedewerkers, begunstigden, opgeleide personen) zijn afgerond op een veelvoud van 5; groeicijfers en aandelen zijn berekend op de onafgeronde waarden",
            "Percentages alleen als de noemer ten minste 10 ondernemingen en (bij FTE of personen) 20 FTE of personen telt",
            "Verandering t.o.v. een jaar eerder van sommen en aandelen: eerst die van de gepubliceerde totalen (alleen als beide kwartalen volledige dekking hebben), dan die over dezelfde ondernemingen in beide kwartalen (gelijkblijvend panel), met hun aantal; het verschil komt van ondernemingen die begonnen, stopten of (niet meer) rapporteerden; `–` als dat panel te klein is",
        ],
        provenance: "Bijlage: herkomst en verwerking",
        provenanceText:
            "Elk cijfer heeft een herkomst-id (`indicator/entiteit/periode`, kolom `provenance_id` in `metrics.csv`). `impactmon explain <id>` toont de definitie, de invoerwaarden met hun bron en de berekening.",
        noContext: "Voor dit thema zijn geen CBS-cijfers ter vergelijking.", noRejects: "Geen afgewezen records.",
        noSuppressed: "Geen onderdrukte cellen.",
        statusWord: { s in
            switch s {
            case "ok": return "gepubliceerd"
            case "partial": return "gedeeltelijk"
            case "withheld": return "ingehouden"
            case "suppressed": return "onderdrukt"
            case "missing": return "ontbreekt"
            case "stale": return "verouderd"
            default: return s
            }
        },
        staleSources: "Verouderde bronnen", noStale: "Alle bronnen zijn actueel opgehaald.",
        incompleteSources:
            "Niet alle bronnen zijn volledig en actueel ingelezen. Cijfers die op deze bronnen rusten kunnen ontbreken of verouderd zijn:",
        phrases: .dutch)

    static let english = ReportStrings(
        quarterName: { "Q\($0.quarter) \($0.year)" },
        generatedAt: "Data as of", registryVersion: "registry version",
        summary: "Summary", summaryIntro: "What changed this quarter, compared with a year earlier:",
        themes: "Figures by theme", indicator: "Indicator", thisQuarter: "this quarter",
        previousQuarter: "previous quarter",
        yearEarlier: "a year earlier", changeYoY: "change on a year earlier", coverage: "coverage", status: "status",
        context: "For comparison: CBS figures", region: "region", period: "period", value: "value",
        scaleUp: "Growth of social enterprises (scale-up)",
        scaleUpIntro:
            "Number of enterprises per growth class (the Eurostat/CBS high-growth enterprise and the programme's complementary classes). Enterprise-level figures are in the internal report only.",
        growthClass: "growth class", enterprises: "enterprises", definitions: "Definitions", sources: "Sources",
        source: "source", retrieved: "consulted on", dataQuality: "Data quality",
        rejectsByReason: "Rejected records by reason", reason: "reason", count: "count",
        ledger: "Row conservation per source (in = out + rejected + filtered + merged)",
        suppressedCells: "Suppressed cells", legend: "Legend of symbols",
        legendLines: [
            "`.` unknown, insufficiently reliable or insufficient coverage",
            "`x` confidential: suppressed so no single enterprise can be identified",
            "`*` provisional; `**` revised provisional",
            "`–` not applicable",
            "`21 reporting`: coverage below 60%; only the number of reporting enterprises is published",
            "Counts of persons (employees, target-group employees, beneficiaries, trained persons) are rounded to a multiple of 5; growth rates and shares are computed from the unrounded values",
            "Percentages only where the denominator holds at least 10 enterprises and (for FTE or persons) 20 FTE or persons",
            "Change on a year earlier of sums and shares: first that of the published totals (only where both quarters have full coverage), then that over the same enterprises in both quarters (balanced panel), with their number; the difference comes from enterprises that started, stopped or (stopped) reporting; `–` where that panel is too small",
        ],
        provenance: "Appendix: provenance and processing",
        provenanceText:
            "Every figure has a provenance id (`metric/entity/period`, column `provenance_id` of `metrics.csv`). `impactmon explain <id>` prints the definition, the input values with their source and the arithmetic.",
        noContext: "There are no CBS figures to compare with for this theme.", noRejects: "No rejected records.",
        noSuppressed: "No suppressed cells.",
        statusWord: { s in
            switch s {
            case "ok": return "published"
            case "partial": return "partial"
            case "withheld": return "withheld"
            case "suppressed": return "suppressed"
            case "missing": return "missing"
            case "stale": return "stale"
            default: return s
            }
        },
        staleSources: "Stale sources", noStale: "All sources were fetched fresh.",
        incompleteSources:
            "Not every source was read in full and current. Figures that rest on these sources may be missing or out of date:",
        phrases: .english)
}
