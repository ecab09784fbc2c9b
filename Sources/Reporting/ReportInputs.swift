import ImpactModel
import RunArtifacts

/// A source as the report lists it under "Bronnen": what was fetched, from where, when, and how fresh.
package struct SourceSummary: Sendable, Hashable {
    package var id: String
    /// CBS table id, or the dataset name.
    package var table: String
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
    package var title: String
    package var municipalityName: String
    package var municipalityCode: String
    package var period: Quarter
    package var language: ReportLanguage
    /// Rows of `compute/metrics.csv`.
    package var metrics: [MetricRecord]
    package var metricTexts: [String: MetricText]
    package var themes: [ThemeText]
    package var sources: [SourceSummary]
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
    package var previousReport: String?
    /// What the run found incomplete about its sources (fetch and normalize warnings); the report's statements
    /// about its sources are derived from these alone. Empty = every source read in full and current.
    package var sourceWarnings: [SourceWarning] = []
    /// The municipalities CBS figures at municipality level are set beside (the pipeline's `peer_group:`).
    package var peerGroup: PeerGroup?

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
    package var sourceID: String
    package var reason: String
    package var count: Int
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
    package var source: String
    package var kind: String
    package var subject: String

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
