import Foundation
import ImpactModel
import Normalization
import Reporting
import RunArtifacts

/// The report a new report's "Herzieningen" compare with (issue 17 item 5), kept in `report/baseline/`
/// (`metrics.csv`, `inputs.json`, and `publication.json` when it was a published report) so that rerunning the
/// report on unchanged inputs gives the same bytes.
struct RestatementBaseline {
    /// `2026Q3`, or `2026Q3, gepubliceerd op 2026-12-04` for a published report (the report's sentence quotes it).
    var label: String
    var rows: [MetricRecord]
    var basis: ReportBasis
    /// The files copied into `report/baseline/`, by name.
    var files: [String: Data]

    /// Loads a report folder (a run's `report/`, its `baseline/`, or a published folder); nil when it has no
    /// readable `metrics.csv` and `inputs.json`.
    static func load(_ folder: URL, language: ReportLanguage) -> RestatementBaseline? {
        guard let metrics = try? Data(contentsOf: RunFile.publicMetrics.url(inStageFolder: folder)),
            let rows = try? MetricRecord.read(metrics, file: RunFile.publicMetrics.name),
            let inputs = try? Data(contentsOf: RunFile.reportInputs.url(inStageFolder: folder)),
            let basis = try? JSONDecoder().decode(ReportBasis.self, from: inputs)
        else { return nil }
        var files = [RunFile.publicMetrics.name: metrics, RunFile.reportInputs.name: inputs]
        var label = basis.period
        let recordURL = folder.appendingPathComponent(PublishedArchive.recordName)
        if let data = try? Data(contentsOf: recordURL), let record = PublicationRecord.load(recordURL) {
            files[PublishedArchive.recordName] = data
            label +=
                language == .nl ? ", gepubliceerd op \(record.publishedOn)" : ", published on \(record.publishedOn)"
        }
        return RestatementBaseline(label: label, rows: rows, basis: basis, files: files)
    }

    /// The baseline of the report of `run.period` on `basis`:
    /// 1. this quarter was published: on the same inputs, the published report's own baseline (so the report equals
    ///    the published one); on other inputs (a source revised, a late return, a registry or method change), the
    ///    published report itself;
    /// 2. else the latest published report of an earlier quarter (its figures are the latest published for every
    ///    quarter the two reports share);
    /// 3. nothing published yet: the last local report as before issue 17 — this quarter's on the same inputs, its
    ///    baseline carried forward; this quarter's on other inputs; else the previous quarter's.
    static func choose(
        for basis: ReportBasis, run: RunDirectory, definition: PipelineDefinition, language: ReportLanguage
    ) -> RestatementBaseline? {
        let archive = PublishedArchive(definition: definition, outputRoot: run.outputRoot)
        if let q = archive.latest(atMost: run.period), let published = load(archive.folder(q), language: language) {
            if q == run.period, published.basis == basis {
                return load(archive.folder(q).appendingPathComponent("baseline"), language: language)
            }
            return published
        }
        let current = run.folder(.report)
        if let local = load(current, language: language) {
            if local.basis == basis { return load(current.appendingPathComponent("baseline"), language: language) }
            return local
        }
        let previousQuarter = RunDirectory(
            outputRoot: run.outputRoot, pipelineName: run.pipelineName, period: run.period - 1)
        return load(previousQuarter.folder(.report), language: language)
    }

    /// Per source: body file name → SHA-256 (not `fetch.json`, whose times change on every fetch).
    ///
    /// Not for a KvK Basisprofiel source: its bodies are named after the KvK-nummer they describe
    /// (`001-basisprofiel-<kvk>.json`), and `inputs.json` is a public file (`PublicationGate` refuses it otherwise).
    /// Its changes are judged by the sorted body hashes of ``ReportBasis/sources``.
    static func bodies(definition: PipelineDefinition, reader: RunFolderReader) throws(ImpactError) -> [String: [String:
        String]]
    {
        var out: [String: [String: String]] = [:]
        for src in definition.sources where src.connector != .kvkBasisprofiel {
            let folder = try reader.url("fetch/\(src.id)/")
            out[src.id] = Dictionary(
                Manifest.FileHash.all(in: folder, relativeTo: folder).filter { $0.path != RunFile.fetchRecord.name }.map
                {
                    ($0.path, $0.sha256)
                },
                uniquingKeysWith: { a, _ in a })
        }
        return out
    }

    /// Per impact-return source: quarter → number of enterprises with a return for it, from
    /// `normalize/observations.csv` (empty for a national pipeline, whose observations are partitioned).
    static func returnCounts(definition: PipelineDefinition, reader: RunFolderReader) throws(ImpactError) -> [String:
        [String: Int]]
    {
        let ids = Set(definition.sources.filter { $0.record == RecordKind.impact_return.rawValue }.map(\.id))
        guard !ids.isEmpty, !definition.isNational else { return [:] }
        let url = try reader.url(RunFile.observations)
        guard let observations = try? NormalizedArtifacts.readObservations(from: url) else { return [:] }
        var seen: [String: [String: Set<String>]] = [:]
        for o in observations where ids.contains(o.sourceID) && !o.kvkNumber.isEmpty {
            seen[o.sourceID, default: [:]][Quarter(containing: o.periodStart).description, default: []].insert(
                o.kvkNumber)
        }
        return seen.mapValues { $0.mapValues(\.count) }
    }
}
