import Connectors
import Foundation
import ImpactModel
import Normalization

/// The normalize stage: reads each source's stored bodies from `fetch/`, parses them with the source's connector,
/// and hands them with the registry to ``Normalizer``; writes `observations.csv`, `enterprises.csv`,
/// `matches.csv`, `review.csv`, `rejects.csv` and `ledger.json` after the ledger check.
struct NormalizeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    struct Result {
        var rowCounts: [String: Int]
        var warnings: [String]
        /// Sources not fetched, empty, shrunk since last time, or with too many rejects; also `normalize/warnings.json`.
        var facts: [RunWarning] = []
    }

    /// - Throws: ``ImpactError``: `.dataInvalid` (65) for registry errors, unreadable bodies or an unbalanced
    ///   ledger; `.config` (78) for unreadable config.
    func produce(into staging: URL) throws -> Result {
        if definition.isNational {
            return try NationalNormalizeStage(definition: definition, run: run).produce(into: staging)
        }
        let config = try NormalizationConfig.load(
            themes: definition.themesURL, herindeling: definition.boundaryChangesURL,
            measureRules: definition.measureRulesURL)
        let registry: Data
        do { registry = try Data(contentsOf: definition.registryURL) } catch {
            throw ImpactError(
                .config, "registry \(definition.registryURL.path) cannot be read: \(SystemErrorText.describe(error))")
        }
        var cbs: [CBSSourceInput] = []
        var csv: [CSVSourceInput] = []
        var kvk: KvKInput?
        var connectorLedgers: [String: LedgerEntry] = [:]
        var connectorRejects: [Reject] = []
        var warnings: [String] = []
        var facts: [RunWarning] = []
        let kvkNumbers = definition.registryKvKNumbers()
        for source in definition.sources {
            let folder = run.folder(.fetch).appendingPathComponent(source.id)
            guard try NormalizeStage.wasFetched(source, in: folder, warnings: &warnings) else {
                facts.append(
                    RunWarning(
                        stage: .normalize, source: source.id, kind: .missing, subject: source.url,
                        message: "source \(source.id) has no fetched bodies; its figures are missing from this run",
                        action: "run `impactmon fetch` for this period (or the whole run) and check its warnings"))
                continue
            }
            let record = try SourceFetchRecord.load(folder)
            if let stale = record.staleReason { warnings.append("source \(source.id): stale: \(stale)") }
            let bodies = try record.storedBodies(in: folder)
            let parsed: ParseResult
            do {
                let connector = try source.spec.makeConnector(
                    context: ConnectorContext(kvkNumbers: kvkNumbers, quarters: source.quarters(upTo: run.period)))
                parsed = try connector.parse(bodies)
            } catch {
                throw ImpactError(
                    error.exitStatus == .config ? .config : .dataInvalid, "source \(source.id): \(error.message)")
            }
            warnings += parsed.diagnostics.filter { $0.severity >= .warning }.map {
                "source \(source.id): \($0.message)"
            }
            switch parsed.output {
            case .observations(let observations):
                cbs.append(CBSSourceInput(sourceID: source.id, observations: observations))
                if let l = parsed.ledger { connectorLedgers[source.id] = l }
                connectorRejects += parsed.rejects
            case .kvkProfiles(let lookup):
                kvk = KvKInput(sourceID: source.id, profiles: lookup.profiles, notFound: lookup.notFound)
                connectorRejects += parsed.rejects
            case .tables(let tables):
                guard let kind = source.record.flatMap(RecordKind.init(rawValue:)) else {
                    throw ImpactError(
                        .config,
                        "source \(source.id): `record:` must name the column mapping (\(RecordKind.allCases.map(\.rawValue).joined(separator: " or ")))"
                    )
                }
                let byName = Dictionary(bodies.map { ($0.fileName, $0.data) }, uniquingKeysWith: { a, _ in a })
                let files = tables.map { t in
                    // A CKAN DataStore table has no stored body of its own: its pages are assembled into CSV.
                    CSVSourceFile(
                        file: "fetch/\(source.id)/\(t.fileName)", data: byName[t.fileName] ?? t.csvData(),
                        quarter: t.quarter,
                        encoding: source.declaredEncoding, numberFormat: source.declaredNumberFormat)
                }
                csv.append(CSVSourceInput(sourceID: source.id, kind: kind, files: files))
            case .documents, .datasetIDs:
                warnings.append(
                    "source \(source.id): \(source.connector.rawValue) output has no mapping to observations yet; skipped"
                )
            }
        }
        var inputs = NormalizeInputs(
            period: run.period, registry: registry, registryFile: relativeToProject(definition.registryURL),
            themes: config.themes, measureRules: config.measureRules, herindeling: config.herindeling,
            cbsSources: cbs, csvSources: csv, kvk: kvk)
        inputs.registryHistory = try RegistryHistory.load(
            definition.registryHistoryURL, file: definition.registryHistoryURL.map(relativeToProject))
        inputs.regionalClassification = definition.regionalClassification
        var result = try Normalizer.run(inputs: inputs)
        // A CBS source's ledger counts the rows of its bodies: the connector's selection (filtered) and unreadable
        // cells (rejected), then the normalizer's duplicates (merged) and conflicts (rejected).
        result.rejects = connectorRejects + result.rejects
        result.ledger = result.ledger.map { entry in
            guard let c = connectorLedgers[entry.sourceID] else { return entry }
            var e = entry
            e.recordsIn = c.recordsIn
            e.filtered = c.filtered + entry.filtered
            e.rejected = c.rejected + entry.rejected
            e.recordsOut = e.recordsIn - e.filtered - e.rejected - e.merged
            e.cellsIn = c.cellsIn
            e.cellsOut = c.cellsOut
            e.cellsRejected = c.cellsRejected
            return e
        }
        try result.write(to: staging)
        facts += ledgerFacts(result.ledger)
        try RunWarning.write(facts, to: staging)
        // Rejected records are in rejects.csv; the run summary says how many, per source and reason.
        warnings += result.rejectSummaries
        warnings += (result.diagnostics + result.unresolvedHerindeling).filter { $0.severity >= .warning }.map(
            \.description)
        return Result(
            rowCounts: [
                "observations": result.observations.count, "rejects": result.rejects.count,
                "enterprises": result.enterprises.count, "matches": result.matches.count,
                "review": result.reviews.count,
            ], warnings: warnings, facts: facts)
    }

    /// Per source: no records, fewer records than the last normalize of this period (or of the previous quarter),
    /// or a reject share above ``RunWarning/rejectShareLimit``.
    func ledgerFacts(_ ledger: [LedgerEntry]) -> [RunWarning] {
        func load(_ url: URL) -> [String: Int]? {
            guard FileManager.default.fileExists(atPath: url.path),
                let list = try? NormalizedArtifacts.readLedger(from: url)
            else { return nil }
            return Dictionary(list.map { ($0.sourceID, $0.recordsIn) }, uniquingKeysWith: { a, _ in a })
        }
        let previousQuarter = RunDirectory(
            outputRoot: run.outputRoot, pipelineName: run.pipelineName, period: run.period - 1)
        let (before, when) =
            load(run.folder(.normalize).appendingPathComponent("ledger.json")).map {
                ($0, "the last run of \(run.period)")
            }
            ?? load(previousQuarter.folder(.normalize).appendingPathComponent("ledger.json")).map {
                ($0, "the run of \(run.period - 1)")
            }
            ?? ([:], "")
        var facts: [RunWarning] = []
        for e in ledger {
            if e.recordsIn == 0 {
                facts.append(
                    RunWarning(
                        stage: .normalize, source: e.sourceID, kind: .empty, subject: "0 rows",
                        message: "source \(e.sourceID) delivered no records",
                        action: "check the source's files or URL and filters in the pipeline file"))
                continue
            }
            if let old = before[e.sourceID], e.recordsIn < old {
                facts.append(
                    RunWarning(
                        stage: .normalize, source: e.sourceID, kind: .fewerRows, subject: "\(old) → \(e.recordsIn)",
                        message:
                            "source \(e.sourceID) delivered \(e.recordsIn) records, fewer than the \(old) of \(when)",
                        action:
                            "check whether a file or page of the source is missing or was truncated before publishing"))
            }
            let share = Double(e.rejected) / Double(e.recordsIn)
            if share > RunWarning.rejectShareLimit {
                let pct = formatNumber((share * 1000).rounded() / 10)
                facts.append(
                    RunWarning(
                        stage: .normalize, source: e.sourceID, kind: .rejectsShare, subject: "\(pct) %",
                        message:
                            "source \(e.sourceID): \(e.rejected) of \(e.recordsIn) records (\(pct) %) were rejected, more than \(formatNumber(RunWarning.rejectShareLimit * 100)) %",
                        action: "see normalize/rejects.csv for the reasons and fix the source or the registry"))
            }
        }
        return facts
    }

    /// Whether `source` has stored bodies (`fetch.json`) in `folder`; an optional source without them adds a warning.
    /// - Throws: ``ImpactError`` `.dataInvalid` for a required source without them.
    static func wasFetched(_ source: SourceDefinition, in folder: URL, warnings: inout [String]) throws -> Bool {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("fetch.json").path) else {
            if source.required {
                throw ImpactError(
                    .dataInvalid, "source \(source.id) has no fetched bodies in \(folder.path); run `impactmon fetch`")
            }
            warnings.append("source \(source.id): not fetched; its figures are missing from this run")
            return false
        }
        return true
    }

    private func relativeToProject(_ url: URL) -> String {
        relativePath(url, from: definition.baseURL.deletingLastPathComponent())
    }
}
