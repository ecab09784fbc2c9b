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
    /// Maps bodies (read-only; may run on other threads while this engine routes).
    package let mapper: NationalBodyMapper
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
        mapper = NationalBodyMapper(registry: registry, herindeling: herindeling, partition: partition)
        partitions = try ObservationPartitions(folder: folder)
        ledgers = [registry.ledger]
        diagnostics = registry.diagnostics
    }

    /// Whether a record of municipality `code` is kept (a partitioned run keeps one municipality).
    func keep(_ code: String) -> Bool { mapper.keep(code) }

    /// Maps one stored body of a CSV source and routes its observations; its counts are added to `ledger`.
    /// (``NationalBodyMapper/map(_:)`` then ``commit(_:to:)``, on this thread.)
    /// - Throws: ``ImpactError`` `.dataInvalid` for a missing, changed or unreadable body.
    package mutating func add(_ body: NationalBody, to ledger: inout LedgerEntry) throws {
        try commit(try mapper.map(body), to: &ledger)
    }

    /// Routes the observations of a mapped body into the municipalities' files and adds its counts to `ledger`.
    /// Bodies must be committed in the order a one-at-a-time run would add them, so the files are the same.
    /// - Throws: ``ImpactError`` when an observation file cannot be written.
    package mutating func commit(_ mapped: consuming MappedBody, to ledger: inout LedgerEntry) throws {
        var out = mapped.output
        mapped.output.observations = []
        try mapper.route(&out, partitionOf: mapped.partitionOf, aggregated: mapped.aggregated) {
            code, segment, perSource in
            try partitions.append(segment, to: code)
            partitions.count(perSource)
        }
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
