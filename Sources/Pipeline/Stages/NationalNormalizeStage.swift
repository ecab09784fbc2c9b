import ContentHash
import Fetching
import Foundation
import ImpactModel
import Normalization

/// The normalize stage of a national pipeline (`scope: national`), or of one partition of it (`--municipality`).
///
/// Same rules as ``NormalizeStage``, in bounded memory: the registry is validated once; CSV sources are mapped one
/// stored body at a time and their observations appended to `normalize/observations/<GM>.imobs` (binary,
/// ``ObservationPartitions``) of the municipality they belong to (a return: the registry municipality of its
/// KvK-nummer; a procurement award: its buying municipality, `gemeente_code`); an establishments extract (`record: establishment`) is streamed and folded into
/// totals per municipality (``EstablishmentExtract``). A partitioned run keeps one municipality: the records of
/// the others are counted as `filtered` in the ledger, so every input record is still accounted for.
/// `enterprises.csv`, `matches.csv`, `review.csv`, `rejects.csv` and `ledger.json` are as in a municipal run.
struct NationalNormalizeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    /// - Throws: ``ImpactError``: `.dataInvalid` (65) for registry errors, unreadable or changed bodies and an
    ///   unbalanced ledger; `.config` (78) for a source this stage cannot map (CBS, KvK) or unreadable config.
    func produce(into staging: URL) throws -> NormalizeStage.Result {
        let config = try NormalizationConfig.load(
            themes: definition.themesURL, herindeling: definition.boundaryChangesURL,
            measureRules: definition.measureRulesURL)
        let registryData: Data
        do { registryData = try Data(contentsOf: definition.registryURL) } catch {
            throw ImpactError(
                .config, "registry \(definition.registryURL.path) cannot be read: \(SystemErrorText.describe(error))")
        }
        let inputs = NormalizeInputs(
            period: run.period, registry: registryData,
            registryFile: relativePath(definition.registryURL, from: definition.baseURL.deletingLastPathComponent()),
            themes: config.themes, measureRules: config.measureRules, herindeling: config.herindeling)
        let registry = try Normalizer.prepareRegistry(inputs)
        let matcher = Matcher(registry: registry.enterprises)
        var gemeenteOf: [String: String] = [:]
        for e in registry.enterprises { gemeenteOf[e.kvkNumber.digits] = e.gemeenteCode.code }
        let registryKvK = Set(registry.enterprises.map(\.kvkNumber))
        let keep: (String) -> Bool = { code in definition.partition.map { $0.code == code } ?? true }

        var partitions = try ObservationPartitions(
            folder: staging.appendingPathComponent("observations", isDirectory: true))
        var merged = SourceOutput(sourceID: "")
        var ledgers: [LedgerEntry] = [registry.ledger]
        var diagnostics = registry.diagnostics
        var warnings: [String] = []
        for source in definition.sources {
            let folder = run.folder(.fetch).appendingPathComponent(source.id)
            guard try NormalizeStage.wasFetched(source, in: folder, warnings: &warnings) else { continue }
            guard source.connector == .csv, let kind = source.record.flatMap(RecordKind.init(rawValue:)) else {
                throw ImpactError(
                    .config,
                    "source \(source.id): a national pipeline reads CSV sources with `record:` \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")); \(source.connector.rawValue) sources belong in a municipal pipeline"
                )
            }
            let record = try SourceFetchRecord.load(folder)
            if let stale = record.staleReason { warnings.append("source \(source.id): stale: \(stale)") }
            var ledger = LedgerEntry(sourceID: source.id)
            for body in record.requests {
                let url = folder.appendingPathComponent(body.file)
                let display = "fetch/\(source.id)/\(body.file)"
                var out: SourceOutput
                var partitionOf: [String: String] = [:]
                switch kind {
                case .establishment:
                    let quarter = quarter(of: body, in: source) ?? run.period
                    let extract = try EstablishmentExtract.aggregate(
                        file: url, displayName: display, sourceID: source.id, quarter: quarter,
                        registryKvK: registryKvK, herindeling: config.herindeling)
                    guard body.sha256.hasPrefix(extract.sha256Prefix) else {
                        throw ImpactError(
                            .dataInvalid,
                            "\(url.path): sha256 \(extract.sha256Prefix)… differs from fetch.json (\(body.sha256.prefix(12))…); the stored body was changed — rerun `impactmon fetch`"
                        )
                    }
                    out = SourceOutput(sourceID: source.id)
                    out.observations = extract.observations
                    out.rejects = extract.rejects
                    out.diagnostics = extract.diagnostics
                    out.ledger = extract.ledger
                    // Records folded into another municipality's totals are outside a partition.
                    for (code, totals) in extract.perGemeente where !keep(code.code) {
                        out.ledger.recordsOut -= totals.establishments
                        out.ledger.filtered += totals.establishments
                    }
                    for o in extract.observations { partitionOf[o.sourceRowID] = o.regio }
                case .impact_return, .procurement_award, .subsidy_award:
                    let data: Data
                    do { data = try Data(contentsOf: url) } catch {
                        throw ImpactError(.dataInvalid, "\(url.path) is missing; rerun `impactmon fetch`")
                    }
                    guard sha256Hex(data) == body.sha256 else {
                        throw ImpactError(
                            .dataInvalid,
                            "\(url.path): the stored body differs from fetch.json (sha256); rerun `impactmon fetch`")
                    }
                    let input = CSVSourceInput(
                        sourceID: source.id, kind: kind,
                        files: [
                            CSVSourceFile(
                                file: display, data: data, quarter: quarter(of: body, in: source),
                                encoding: source.declaredEncoding, numberFormat: source.declaredNumberFormat)
                        ])
                    out =
                        kind == .impact_return
                        ? try ImpactReturnMapping.map(input, matcher: matcher)
                        : kind == .subsidy_award
                            ? try SubsidyRegisterMapping.map(input, matcher: matcher)
                            : try ProcurementMapping.map(input, matcher: matcher)
                    var previous: String?  // the observations of one record are consecutive: one entry per record
                    for o in out.observations where o.sourceRowID != previous {
                        previous = o.sourceRowID
                        let code = kind == .impact_return ? gemeenteOf[o.kvkNumber] : (o.regio.isEmpty ? nil : o.regio)
                        partitionOf[o.sourceRowID] = code ?? ""
                    }
                }
                try route(
                    &out, partitionOf: partitionOf, keep: keep, into: &partitions, aggregated: kind == .establishment)
                ledger.recordsIn += out.ledger.recordsIn
                ledger.recordsOut += out.ledger.recordsOut
                ledger.rejected += out.ledger.rejected
                ledger.filtered += out.ledger.filtered
                ledger.merged += out.ledger.merged
                ledger.observations += out.ledger.observations
                merged.matches += out.matches
                merged.reviews += out.reviews
                merged.rejects += out.rejects
                diagnostics += out.diagnostics
            }
            ledgers.append(ledger)
        }
        try partitions.finish()
        var result = NormalizeResult(
            observations: [], enterprises: registry.enterprises.sorted { $0.kvkNumber < $1.kvkNumber },
            matches: merged.matches, reviews: merged.reviews, rejects: merged.rejects,
            ledger: ledgers.sorted { $0.sourceID < $1.sourceID }, diagnostics: diagnostics,
            unresolvedHerindeling: registry.unresolvedHerindeling)
        result.externalObservationCounts = partitions.perSource
        result.matches.sort { ($0.sourceID, $0.sourceRowID) < ($1.sourceID, $1.sourceRowID) }
        try result.write(to: staging)

        warnings += result.rejectSummaries
        warnings += summarized(diagnostics.filter { $0.severity >= .warning } + registry.unresolvedHerindeling)
        return NormalizeStage.Result(
            rowCounts: [
                "observations": partitions.perSource.values.reduce(0, +),
                "municipalities": partitions.perPartition.count,
                "rejects": result.rejects.count, "enterprises": result.enterprises.count,
                "matches": result.matches.count, "review": result.reviews.count,
                "records_in": ledgers.filter { $0.sourceID != "registry" }.map(\.recordsIn).reduce(0, +),
            ], warnings: warnings)
    }

    /// Appends the observations of `out` to their municipality's file; a record (all observations of one source row
    /// id) of a municipality outside the partition, or of none, leaves `records_out` for `filtered`.
    private func route(
        _ out: inout SourceOutput, partitionOf: [String: String], keep: (String) -> Bool,
        into partitions: inout ObservationPartitions, aggregated: Bool
    ) throws {
        // Positions in `out.observations` per municipality, not copies of the observations: the encoder reads
        // each observation where it is.
        var byCode: [String: [Int]] = [:]
        var dropped: Set<String> = []
        var droppedObservations = 0
        var lastRow: String?
        var code = ""
        for (i, o) in out.observations.enumerated() {
            if o.sourceRowID != lastRow {  // a record's observations are consecutive: one lookup per record
                lastRow = o.sourceRowID
                code = partitionOf[o.sourceRowID] ?? ""
            }
            if !code.isEmpty && keep(code) {
                byCode[code, default: []].append(i)
            } else {
                dropped.insert(o.sourceRowID)
                droppedObservations += 1
            }
        }
        for code in byCode.keys.sorted() { try partitions.append(out.observations, at: byCode[code] ?? [], to: code) }
        out.ledger.observations -= droppedObservations
        if !aggregated {
            out.ledger.recordsOut -= dropped.count
            out.ledger.filtered += dropped.count
            out.matches.removeAll { dropped.contains($0.sourceRowID) }
        }
        out.observations = []
    }

    /// The quarter of a `{quarter}` body, from its URL.
    private func quarter(of body: StoredBodyRecord, in source: SourceDefinition) -> Quarter? {
        source.quarters(upTo: run.period).first {
            let url = source.resolvedURL.replacingOccurrences(of: "{quarter}", with: $0.description)
            return url == body.url || Secrets.mask(url) == body.url
        }
    }

    /// One line per warning code with its count and the first example, so 25,000 repairs do not flood run.md.
    private func summarized(_ diagnostics: [Diagnostic]) -> [String] {
        var order: [String] = []
        var groups: [String: [Diagnostic]] = [:]
        for d in diagnostics {
            if groups[d.code] == nil { order.append(d.code) }
            groups[d.code, default: []].append(d)
        }
        return order.flatMap { code -> [String] in
            let g = groups[code] ?? []
            if g.count <= 3 { return g.map(\.description) }
            return ["\(code): \(g.count) times, e.g. \(g[0].description)"]
        }
    }
}
