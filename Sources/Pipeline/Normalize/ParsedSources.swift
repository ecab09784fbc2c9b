import Connectors
import Foundation
import ImpactModel
import Normalization

/// Every fetched source of a municipal pipeline parsed by its connector, sorted into the normalizer's inputs.
struct ParsedSources {
    var cbs: [CBSSourceInput] = []
    var csv: [CSVSourceInput] = []
    var kvk: KvKInput?
    /// The ledger of each CBS source's bodies as its connector counted them (selection and unreadable cells).
    var connectorLedgers: [String: LedgerEntry] = [:]
    var connectorRejects: [Reject] = []
    var warnings: [String] = []
    /// Sources without fetched bodies (``RunWarning/Kind/missing``).
    var facts: [RunWarning] = []

    /// Reads each source's stored bodies from `fetch/` and parses them with the source's connector.
    /// - Throws: ``ImpactError``: `.dataInvalid` for a required source not fetched or an unreadable body, `.config`
    ///   for a connector or mapping the pipeline file gets wrong.
    init(definition: PipelineDefinition, run: RunDirectory) throws {
        let kvkNumbers = definition.registryKvKNumbers()
        for source in definition.sources {
            let folder = run.folder(.fetch).appendingPathComponent(source.id)
            guard try source.wasFetched(in: folder, warnings: &warnings) else {
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
            try add(parsed, of: source, bodies: bodies)
        }
    }

    /// Sorts one source's parse result into the inputs.
    private mutating func add(_ parsed: ParseResult, of source: SourceDefinition, bodies: [StoredBody]) throws {
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
}
