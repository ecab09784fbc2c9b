import Fetching
import Foundation
import ImpactModel
import Normalization

/// The normalize stage of a national pipeline (`scope: national`), or of one partition of it (`--municipality`).
///
/// Same rules as ``NormalizeStage``, in bounded memory: the registry is validated once, and each stored body of a
/// CSV source goes through ``NationalNormalization`` (`Normalization/National/`), which appends its observations to
/// `normalize/observations/<GM>.imobs` of the municipality they belong to. `enterprises.csv`, `matches.csv`,
/// `review.csv`, `rejects.csv` and `ledger.json` are as in a municipal run.
struct NationalNormalizeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    /// - Throws: ``ImpactError``: `.dataInvalid` (65) for registry errors, unreadable or changed bodies and an
    ///   unbalanced ledger; `.config` (78) for a source this stage cannot map (CBS, KvK) or unreadable config.
    func produce(into staging: URL) throws -> NormalizeStage.Result {
        HeapTrim.mapLargeBlocks()
        let config = try definition.normalizationConfig()
        let inputs = NormalizeInputs(
            period: run.period, registry: try definition.registryData(),
            registryFile: definition.relativeToProject(definition.registryURL),
            themes: config.themes, measureRules: config.measureRules, herindeling: config.herindeling)
        let registry = try Normalizer.prepareRegistry(inputs)
        let partition = definition.partition?.code
        var warnings: [String] = []
        var work = NationalBodies()
        for source in definition.sources {
            let folder = run.folder(.fetch).appendingPathComponent(source.id)
            guard try source.wasFetched(in: folder, warnings: &warnings) else { continue }
            guard source.connector == .csv, let kind = source.record.flatMap(RecordKind.init(rawValue:)) else {
                throw ImpactError(
                    .config,
                    "source \(source.id): a national pipeline reads CSV sources with `record:` \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")); \(source.connector.rawValue) sources belong in a municipal pipeline"
                )
            }
            let record = try SourceFetchRecord.load(folder)
            if let stale = record.staleReason { warnings.append("source \(source.id): stale: \(stale)") }
            let bodies = record.requests.map { body in
                NationalBody(
                    url: folder.appendingPathComponent(body.file), displayName: "fetch/\(source.id)/\(body.file)",
                    sha256: body.sha256, sourceID: source.id, kind: kind, quarter: quarter(of: body, in: source),
                    period: run.period, encoding: source.declaredEncoding, numberFormat: source.declaredNumberFormat)
            }
            work.append(source: source.id, bodies, sizes: record.requests.map(\.bytes))
        }
        let extracts = work.startExtracts(registry: registry, herindeling: config.herindeling, partition: partition)
        var engine = try NationalNormalization(
            registry: registry, herindeling: config.herindeling, partition: partition,
            folder: staging.appendingPathComponent("observations", isDirectory: true))
        try work.normalize(into: &engine, extracts: extracts)
        let (result, summary) = try engine.finish()
        try result.write(to: staging)
        warnings += result.rejectSummaries
        warnings += summary
        return NormalizeStage.Result(
            rowCounts: [
                "observations": engine.partitions.perSource.values.reduce(0, +),
                "municipalities": engine.partitions.perPartition.count,
                "rejects": result.rejects.count, "enterprises": result.enterprises.count,
                "matches": result.matches.count, "review": result.reviews.count, "records_in": engine.recordsIn,
            ], warnings: warnings)
    }

    /// The quarter of a `{quarter}` body, from its URL.
    private func quarter(of body: StoredBodyRecord, in source: SourceDefinition) -> Quarter? {
        source.quarters(upTo: run.period).first {
            let url = source.resolvedURL.replacingOccurrences(of: "{quarter}", with: $0.description)
            return url == body.url || Secrets.mask(url) == body.url
        }
    }
}
