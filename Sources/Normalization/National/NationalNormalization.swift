import CSVCodec
import ContentHash
import Foundation
import ImpactModel

/// The national normalize engine (`scope: national`, or one partition of it): CSV bodies are mapped one at a time
/// and their observations appended to `observations/<GM>.imobs` (``ObservationPartitions``) of the municipality
/// they belong to (a return: the registry municipality of its KvK-nummer; a procurement or subsidy award: its
/// buying municipality, `gemeente_code`); an establishments extract is streamed and folded into totals per
/// municipality (``EstablishmentExtract``). A partitioned run keeps one municipality: the records of the others are
/// counted as `filtered` in the ledger, so every input record is still accounted for.
package struct NationalNormalization: ~Copyable {
    /// The registry, validated once.
    package let registry: PreparedRegistry
    private let herindeling: Herindeling
    private let matcher: Matcher
    private let gemeenteOf: [String: String]
    private let registryKvK: Set<KvKNumber>
    private let partition: String?
    /// The observation files, per municipality.
    package internal(set) var partitions: ObservationPartitions
    private var merged = SourceOutput(sourceID: "")
    private var ledgers: [LedgerEntry]
    private var diagnostics: [Diagnostic]

    /// - Parameters:
    ///   - folder: `normalize/observations/` in the staging folder.
    ///   - partition: the gemeentecode a partitioned run keeps, nil for every municipality.
    /// - Throws: ``ImpactError`` when the folder cannot be made.
    package init(registry: PreparedRegistry, herindeling: Herindeling, partition: String?, folder: URL) throws {
        self.registry = registry
        self.herindeling = herindeling
        self.partition = partition
        matcher = Matcher(registry: registry.enterprises)
        var gemeenteOf: [String: String] = [:]
        for e in registry.enterprises { gemeenteOf[e.kvkNumber.digits] = e.gemeenteCode.code }
        self.gemeenteOf = gemeenteOf
        registryKvK = Set(registry.enterprises.map(\.kvkNumber))
        partitions = try ObservationPartitions(folder: folder)
        ledgers = [registry.ledger]
        diagnostics = registry.diagnostics
    }

    /// Whether a record of municipality `code` is kept (a partitioned run keeps one municipality).
    func keep(_ code: String) -> Bool { partition.map { $0 == code } ?? true }

    /// Maps one stored body of a CSV source and routes its observations; its counts are added to `ledger`.
    /// - Parameters:
    ///   - url: the stored body; `displayName` names it in rows and messages (`fetch/<id>/<file>`).
    ///   - sha256: the body's digest in `fetch.json`; a body that differs is refused.
    ///   - quarter: the quarter of a `{quarter}` body; an establishments extract without one is of `period`.
    /// - Throws: ``ImpactError`` `.dataInvalid` for a missing, changed or unreadable body.
    package mutating func add(
        _ url: URL, displayName display: String, sha256: String, sourceID: String, kind: RecordKind, quarter: Quarter?,
        period: Quarter, encoding: TextEncodingName?, numberFormat: NumberFormat?, to ledger: inout LedgerEntry
    ) throws {
        var out: SourceOutput
        var partitionOf: [String: String] = [:]
        switch kind {
        case .establishment:
            let extract = try EstablishmentExtract.aggregate(
                file: url, displayName: display, sourceID: sourceID, quarter: quarter ?? period,
                registryKvK: registryKvK, herindeling: herindeling)
            guard sha256.hasPrefix(extract.sha256Prefix) else {
                throw ImpactError(
                    .dataInvalid,
                    "\(url.path): sha256 \(extract.sha256Prefix)… differs from fetch.json (\(sha256.prefix(12))…); the stored body was changed — rerun `impactmon fetch`"
                )
            }
            out = SourceOutput(sourceID: sourceID)
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
            guard sha256Hex(data) == sha256 else {
                throw ImpactError(
                    .dataInvalid,
                    "\(url.path): the stored body differs from fetch.json (sha256); rerun `impactmon fetch`")
            }
            let input = CSVSourceInput(
                sourceID: sourceID, kind: kind,
                files: [
                    CSVSourceFile(
                        file: display, data: data, quarter: quarter, encoding: encoding, numberFormat: numberFormat)
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
        try route(&out, partitionOf: partitionOf, aggregated: kind == .establishment)
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

    /// Records the ledger entry of a source whose bodies were all added.
    package mutating func finishSource(_ ledger: LedgerEntry) { ledgers.append(ledger) }

    /// Closes the observation files.
    /// - Returns: the result to write (no observations: they are in the partitions), and the warnings for the run
    ///   summary, one line per warning code (``summarized(_:)``).
    /// - Throws: ``ImpactError`` when an observation file cannot be written.
    package mutating func finish() throws -> (result: NormalizeResult, warnings: [String]) {
        try partitions.finish()
        var result = NormalizeResult(
            observations: [], enterprises: registry.enterprises.sorted { $0.kvkNumber < $1.kvkNumber },
            matches: merged.matches, reviews: merged.reviews, rejects: merged.rejects,
            ledger: ledgers.sorted { $0.sourceID < $1.sourceID }, diagnostics: diagnostics,
            unresolvedHerindeling: registry.unresolvedHerindeling)
        result.externalObservationCounts = partitions.perSource
        result.matches.sort { ($0.sourceID, $0.sourceRowID) < ($1.sourceID, $1.sourceRowID) }
        return (
            result,
            Self.summarized(diagnostics.filter { $0.severity >= .warning } + registry.unresolvedHerindeling)
        )
    }

    /// Input records of the sources (the registry's own entry left out).
    package var recordsIn: Int { ledgers.filter { $0.sourceID != "registry" }.map(\.recordsIn).reduce(0, +) }
}
