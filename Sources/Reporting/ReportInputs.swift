import ImpactModel
import RunArtifacts

/// A source as the report lists it under "Bronnen": what was fetched, from where, when, and how fresh.
package struct SourceSummary: Sendable, Hashable {
    /// The source id of the pipeline file (`sources[].id`), e.g. `cbs-bijstand`.
    package var id: String
    /// CBS table id, or the dataset name.
    package var table: String
    /// The source's `title:` in the pipeline file, empty when it has none; the report names the source by it (after
    /// `CBS StatLine <table>:` for a CBS OData table), else by its id.
    package var title: String
    /// The URL (secrets masked) of the first request.
    package var url: String
    /// ISO 8601 UTC time of retrieval, or empty.
    package var retrievedAt: String
    /// SHA-256 (hex) of the first response body.
    package var sha256: String
    /// Whether this is a CBS table (then credited "Bron: CBS, CC BY 4.0").
    package var isCBS: Bool
    /// Set when an optional source fell back to a stored response.
    package var staleReason: String?

    /// Creates a summary; every field as described on its property.
    package init(
        id: String, table: String, title: String, url: String, retrievedAt: String, sha256: String, isCBS: Bool,
        staleReason: String? = nil
    ) {
        self.id = id
        self.table = table
        self.title = title
        self.url = url
        self.retrievedAt = retrievedAt
        self.sha256 = sha256
        self.isCBS = isCBS
        self.staleReason = staleReason
    }
}

/// Everything the report is made of. The report stage assembles it from the run directory and config.
package struct ReportInputs: Sendable {
    /// The report title: the pipeline's `title:`, or its `title_en` in the English report when given.
    package var title: String
    /// The municipality's name as the report writes it (`Haarlem`).
    package var municipalityName: String
    /// The CBS gemeentecode (`GM0392`); the programme-level rows of ``metrics`` have it as `entity`.
    package var municipalityCode: String
    /// The quarter the report is for.
    package var period: Quarter
    /// The language the report is written in (`nl` or `en`).
    package var language: ReportLanguage
    /// Rows of `compute/metrics.csv`.
    package var metrics: [MetricRecord]
    /// Labels and definitions per metric id, from `config/metrics.yaml` (``LabelCatalogue/metrics(_:)``).
    package var metricTexts: [String: MetricText]
    /// The themes in `config/themes.yaml` order; the report has a section per theme.
    package var themes: [ThemeText]
    /// One summary per source of the pipeline file, in its order, for the sources section and the appendix.
    package var sources: [SourceSummary]
    /// Per source, the record counts of `normalize/ledger.json` (in, out, rejected, filtered, merged), for the
    /// appendix.
    package var ledger: [LedgerEntry]
    /// (source id, reason code) → count, from `normalize/rejects.csv`.
    package var rejectCounts: [RejectCount]
    /// SHA-256 of `config/registry.csv` as used.
    package var registrySHA256: String
    /// The one line that may differ between two runs on the same inputs.
    package var generatedAt: String
    /// Metrics for the summary and the trend charts, in order (the pipeline's `report.headline_metrics`); empty = all.
    package var headlineMetrics: [String] = []
    /// Figures that differ from the previously published report, and which report that was (`2026Q2`).
    package var restatements: [Restatement] = []
    /// The pipeline's `regional_classification:` when it has herindelingen or a registry history (issue 20): the
    /// report says in its definitions on which municipal boundaries the quarters are counted; nil = not stated.
    package var regionalClassification: RegionalClassification? = nil
    /// Which report the restatements compare with: `2026Q2`, or `2026Q2, gepubliceerd op 2026-12-04` for a published
    /// one; nil when there is none (the section then says so).
    package var previousReport: String?
    /// What the run found incomplete about its sources (fetch and normalize warnings); the report's statements
    /// about its sources are derived from these alone. Empty = every source read in full and current.
    package var sourceWarnings: [SourceWarning] = []
    /// The municipalities CBS figures at municipality level are set beside (the pipeline's `peer_group:`).
    package var peerGroup: PeerGroup?

    /// Creates the inputs every report needs; the optional ones (headline metrics, restatements, peer group, source
    /// warnings, ...) keep their defaults until set.
    package init(
        title: String, municipalityName: String, municipalityCode: String, period: Quarter, language: ReportLanguage,
        metrics: [MetricRecord], metricTexts: [String: MetricText], themes: [ThemeText], sources: [SourceSummary],
        ledger: [LedgerEntry], rejectCounts: [RejectCount], registrySHA256: String, generatedAt: String
    ) {
        self.title = title
        self.municipalityName = municipalityName
        self.municipalityCode = municipalityCode
        self.period = period
        self.language = language
        self.metrics = metrics
        self.metricTexts = metricTexts
        self.themes = themes
        self.sources = sources
        self.ledger = ledger
        self.rejectCounts = rejectCounts
        self.registrySHA256 = registrySHA256
        self.generatedAt = generatedAt
    }
}

/// The number of rejected records of one source for one reason.
package struct RejectCount: Sendable, Hashable {
    /// The source id (`sources[].id`) of the rejected records.
    package var sourceID: String
    /// The reject reason code as in `normalize/rejects.csv`, e.g. `period.malformed`, `value.unknown_symbol`.
    package var reason: String
    /// The number of lines of `normalize/rejects.csv` with this source and reason.
    package var count: Int
    /// Creates a count; every field as described on its property.
    package init(sourceID: String, reason: String, count: Int) {
        self.sourceID = sourceID
        self.reason = reason
        self.count = count
    }
}

/// One fact of the run about a source that makes the report less than complete (the report's view of the
/// pipeline's `RunWarning`): `kind` is `missing`, `empty`, `stale`, `replayed`, `fewer_rows` or `rejects_share`;
/// `subject` is the file, time, row counts or share it concerns (paths relative to the pipeline file).
package struct SourceWarning: Sendable, Hashable {
    /// The source id (`sources[].id`) the fact is about.
    package var source: String
    /// The kind of fact, the raw value of the run warning's kind: `missing`, `empty`, `stale`, `replayed`,
    /// `fewer_rows`, `rejects_share` or `table_changed`; ``sentence(_:)`` words each.
    package var kind: String
    /// What the fact concerns: a file, a retrieval time, row counts, a share or a table change, paths relative to the
    /// pipeline file.
    package var subject: String

    /// Creates a fact; every field as described on its property.
    package init(source: String, kind: String, subject: String) {
        self.source = source
        self.kind = kind
        self.subject = subject
    }

    /// One plain sentence for the report, in `language`.
    package func sentence(_ language: ReportLanguage) -> String {
        let nl = language == .nl
        switch kind {
        case "missing":
            return nl
                ? "ontbreekt (`\(subject)`); de cijfers die op deze bron rusten zijn onbekend (`.`)"
                : "missing (`\(subject)`); the figures that rest on this source are unknown (`.`)"
        case "empty": return nl ? "leverde geen gegevens" : "delivered no data"
        case "stale":
            return nl
                ? "kon niet worden opgehaald; de gegevens van de vorige ophaalronde (\(subject)) zijn gebruikt"
                : "could not be fetched; the data of the previous fetch (\(subject)) were used"
        case "replayed":
            return nl
                ? "niet opnieuw opgehaald maar uit de opgeslagen antwoorden gelezen (opgehaald \(subject))"
                : "not fetched again but read from the stored responses (retrieved \(subject))"
        case "fewer_rows":
            return nl
                ? "leverde minder rijen dan de vorige keer (\(subject) rijen)"
                : "delivered fewer rows than last time (\(subject) rows)"
        case "rejects_share":
            return nl
                ? "\(subject) van de rijen afgewezen (zie de tabel hieronder)"
                : "\(subject) of its rows rejected (see the table below)"
        case "table_changed":
            return nl
                ? "het CBS heeft de tabel gewijzigd (\(subject)); cijfers van eerdere kwartalen kunnen zijn bijgesteld"
                : "CBS changed the table (\(subject)); figures of earlier quarters may have been revised"
        default: return "\(kind) (\(subject))"
        }
    }
}
