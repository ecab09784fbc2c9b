import Foundation
import ImpactModel
import Reporting
import RunArtifacts

/// What the report stage assembles once for every language: the report's inputs (public rows, texts, data-quality
/// tables, restatements in the first language), its basis (`inputs.json`) and the baseline it restates against.
struct AssembledReport {
    var inputs: ReportInputs
    let basis: ReportBasis
    /// The rows that may leave the core group (``PublicationDisclosure``).
    let publicRows: [MetricRecord]
    let previous: RestatementBaseline?
    /// Sources missing, empty or with fewer rows: their restatement cause says so.
    let incomplete: Set<String>
}

extension ReportStage {
    /// `compute/metrics.csv`, every row (enterprise level included).
    /// - Throws: ``ImpactError`` `.dataInvalid` when it is missing or malformed.
    func readMetrics() throws -> [MetricRecord] {
        let metricsURL = try reader.url(RunFile.metrics)
        guard let metricsData = try reader.data(RunFile.metrics) else {
            throw ImpactError(.dataInvalid, "\(metricsURL.path) is missing; run `impactmon compute` first")
        }
        return try MetricRecord.read(metricsData, file: relativePath(metricsURL, from: run.outputRoot))
    }

    /// The report's inputs, basis and baseline; the baseline's files are copied into `staging/baseline/`.
    /// - Throws: ``ImpactError`` when a declared input cannot be read, or `.dataInvalid` when a public row would
    ///   break a primary disclosure rule.
    func assemble(rows: [MetricRecord], texts: [String: MetricText], themes: [ThemeText], staging: URL) throws
        -> AssembledReport
    {
        let ledger = try readLedger()
        let rejects = try readRejectCounts()
        let sources = try readSourceSummaries()
        let registrySHA = fileSHA256(definition.registryURL) ?? ""
        var basis = ReportBasis(
            period: run.period.description, registrySHA256: registrySHA,
            metricsSHA256: fileSHA256(definition.metricsURL) ?? "", toolVersion: ToolVersion.current,
            sources: try sourceBodyHashes())
        basis.bodies = try RestatementBaseline.bodies(definition: definition, reader: reader)
        basis.returns = try RestatementBaseline.returnCounts(definition: definition, reader: reader)
        basis.identities = try IdentityDigests.perQuarter(reader: reader, upTo: run.period)
        basis.tables = try TableVersions.fetched(definition: definition, reader: reader)
        // The public report sees only what may leave the core group (one gate: PublicationDisclosure); the internal
        // report gets the full rows.
        let disclosure = try PublicationDisclosure.load(definition)
        let publicRows = ReportCSV.publicRows(rows, disclosure: disclosure)
        let unsafe = disclosure.violations(publicRows)
        guard unsafe.isEmpty else {
            throw ImpactError(
                .dataInvalid,
                "disclosure control: \(unsafe.count) rows would break a primary rule: \(unsafe.prefix(5).joined(separator: "; "))"
            )
        }
        var inputs = ReportInputs(
            title: definition.title, municipalityName: definition.municipalityName,
            municipalityCode: definition.municipalityCode.code, period: run.period, language: language,
            metrics: publicRows, metricTexts: texts, themes: themes, sources: sources, ledger: ledger,
            rejectCounts: rejects,
            registrySHA256: registrySHA, generatedAt: generatedAt)
        inputs.headlineMetrics = definition.headlineMetrics
        inputs.peerGroup = definition.peerGroup
        if definition.boundaryChangesURL != nil || definition.registryHistoryURL != nil {
            inputs.regionalClassification = definition.regionalClassification
        }
        // The source statements and restatement causes come from the same facts as run.md and the warning logs.
        let facts = try (warnings(.fetch) + warnings(.normalize)).deduplicated
        inputs.sourceWarnings = facts.map {
            SourceWarning(source: $0.source, kind: $0.kind.rawValue, subject: definition.relativizingPaths($0.subject))
        }
        let incomplete = Set(facts.filter { [.missing, .empty, .fewerRows].contains($0.kind) }.map(\.source))
        // The last published report of the quarter, else of an earlier quarter, else the last local one.
        let previousBaseline = RestatementBaseline.choose(
            for: basis, run: run, definition: definition, language: language)
        if let previous = previousBaseline {
            inputs.previousReport = previous.label
            inputs.restatements = Restatement.find(
                new: publicRows, old: previous.rows,
                causes: basis.causes(since: previous.basis, language: language, incomplete: incomplete),
                language: language)
            for (name, data) in previous.files.sorted(by: { $0.key < $1.key }) {
                try writeAtomically(data, to: staging.appendingPathComponent("baseline/\(name)"))
            }
        }
        return AssembledReport(
            inputs: inputs, basis: basis, publicRows: publicRows, previous: previousBaseline, incomplete: incomplete)
    }
}
