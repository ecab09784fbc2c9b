import CSVCodec
import ContentHash
import Foundation
import ImpactModel

/// One stored body of a national source, mapped: what ``NationalBodyMapper/map(_:)`` builds on any thread and
/// ``NationalNormalization/commit(_:to:)`` routes, in body order, into the observation files.
package struct MappedBody: Sendable {
    /// The body's observations, matches, rejects, diagnostics and ledger counts.
    var output: SourceOutput
    /// The municipality (gemeentecode) of every source row id; empty when the row has none.
    var partitionOf: [String: String]
    /// Whether the body was an establishments extract (its observations are totals, not records).
    var aggregated: Bool
}

/// One stored body to map: where it is, what it holds and how to read it (a `fetch.json` request of a CSV source).
package struct NationalBody: Sendable {
    /// The stored body (`fetch/<id>/<file>`).
    package var url: URL
    /// The name in rows and messages (`fetch/<id>/<file>`).
    package var displayName: String
    /// The body's digest in `fetch.json`; a body that differs is refused.
    package var sha256: String
    /// The pipeline source id.
    package var sourceID: String
    /// The source's `record:` kind.
    package var kind: RecordKind
    /// The quarter of a `{quarter}` body; an establishments extract without one is of `period`.
    package var quarter: Quarter?
    /// The run's quarter.
    package var period: Quarter
    /// The source's declared text encoding, nil for UTF-8 (with detection).
    package var encoding: TextEncodingName?
    /// The source's declared number format, nil for detection per column.
    package var numberFormat: NumberFormat?

    /// A body to map; see the properties.
    package init(
        url: URL, displayName: String, sha256: String, sourceID: String, kind: RecordKind, quarter: Quarter?,
        period: Quarter, encoding: TextEncodingName?, numberFormat: NumberFormat?
    ) {
        self.url = url
        self.displayName = displayName
        self.sha256 = sha256
        self.sourceID = sourceID
        self.kind = kind
        self.quarter = quarter
        self.period = period
        self.encoding = encoding
        self.numberFormat = numberFormat
    }
}

/// The read-only half of the national normalize engine: maps one stored body at a time, on any thread, with the
/// registry's matcher and tables built once. Mapping touches nothing shared, so the next body is mapped on a second
/// core while ``NationalNormalization`` routes the one before it (the files are the same as one body at a time).
package struct NationalBodyMapper: Sendable {
    let herindeling: Herindeling
    let matcher: Matcher
    /// The registry municipality of each KvK-nummer (8 digits → gemeentecode).
    let gemeenteOf: [String: String]
    let registryKvK: Set<KvKNumber>
    /// The gemeentecode a partitioned run keeps, nil for every municipality.
    let partition: String?

    /// A mapper over `registry`; builds the matcher's indexes (the costliest part, once per run).
    init(registry: PreparedRegistry, herindeling: Herindeling, partition: String?) {
        self.herindeling = herindeling
        self.partition = partition
        matcher = Matcher(registry: registry.enterprises)
        var gemeenteOf: [String: String] = [:]
        for e in registry.enterprises { gemeenteOf[e.kvkNumber.digits] = e.gemeenteCode.code }
        self.gemeenteOf = gemeenteOf
        registryKvK = Set(registry.enterprises.map(\.kvkNumber))
    }

    /// Whether a record of municipality `code` is kept (a partitioned run keeps one municipality).
    func keep(_ code: String) -> Bool { partition.map { $0 == code } ?? true }

    /// Reads, checks and maps one stored body.
    /// - Throws: ``ImpactError`` `.dataInvalid` for a missing, changed or unreadable body.
    package func map(_ body: NationalBody) throws -> MappedBody {
        var out: SourceOutput
        var partitionOf: [String: String] = [:]
        switch body.kind {
        case .establishment:
            return try Self.mapExtract(body, registryKvK: registryKvK, herindeling: herindeling, partition: partition)
        case .impact_return, .procurement_award, .subsidy_award:
            let data: Data
            do { data = try Data(contentsOf: body.url) } catch {
                throw ImpactError(.dataInvalid, "\(body.url.path) is missing; rerun `impactmon fetch`")
            }
            guard sha256Hex(data) == body.sha256 else {
                throw ImpactError(
                    .dataInvalid,
                    "\(body.url.path): the stored body differs from fetch.json (sha256); rerun `impactmon fetch`")
            }
            let input = CSVSourceInput(
                sourceID: body.sourceID, kind: body.kind,
                files: [
                    CSVSourceFile(
                        file: body.displayName, data: data, quarter: body.quarter, encoding: body.encoding,
                        numberFormat: body.numberFormat)
                ])
            out =
                body.kind == .impact_return
                ? try ImpactReturnMapping.map(input, matcher: matcher)
                : body.kind == .subsidy_award
                    ? try SubsidyRegisterMapping.map(input, matcher: matcher)
                    : try ProcurementMapping.map(input, matcher: matcher)
            var previous: String?  // the observations of one record are consecutive: one entry per record
            for o in out.observations where o.sourceRowID != previous {
                previous = o.sourceRowID
                let code = body.kind == .impact_return ? gemeenteOf[o.kvkNumber] : (o.regio.isEmpty ? nil : o.regio)
                partitionOf[o.sourceRowID] = code ?? ""
            }
        }
        return MappedBody(output: out, partitionOf: partitionOf, aggregated: body.kind == .establishment)
    }

    /// Reads, checks and aggregates an establishments extract (``EstablishmentExtract``): what ``map(_:)`` does for
    /// one, without the matcher, so it can start before the matcher is built (``extract(_:registry:herindeling:partition:)``).
    /// - Throws: ``ImpactError`` `.dataInvalid` for a missing, changed or unreadable body.
    static func mapExtract(
        _ body: NationalBody, registryKvK: Set<KvKNumber>, herindeling: Herindeling, partition: String?
    ) throws -> MappedBody {
        let extract = try EstablishmentExtract.aggregate(
            file: body.url, displayName: body.displayName, sourceID: body.sourceID,
            quarter: body.quarter ?? body.period, registryKvK: registryKvK, herindeling: herindeling)
        guard body.sha256.hasPrefix(extract.sha256Prefix) else {
            throw ImpactError(
                .dataInvalid,
                "\(body.url.path): sha256 \(extract.sha256Prefix)… differs from fetch.json (\(body.sha256.prefix(12))…); the stored body was changed — rerun `impactmon fetch`"
            )
        }
        var out = SourceOutput(sourceID: body.sourceID)
        out.observations = extract.observations
        out.rejects = extract.rejects
        out.diagnostics = extract.diagnostics
        out.ledger = extract.ledger
        // Records folded into another municipality's totals are outside a partition.
        for (code, totals) in extract.perGemeente where partition.map({ $0 != code.code }) ?? false {
            out.ledger.recordsOut -= totals.establishments
            out.ledger.filtered += totals.establishments
        }
        var partitionOf: [String: String] = [:]
        for o in extract.observations { partitionOf[o.sourceRowID] = o.regio }
        return MappedBody(output: out, partitionOf: partitionOf, aggregated: true)
    }

    /// Starts aggregating an establishments extract on a thread of its own (``mapExtract(_:registryKvK:herindeling:partition:)``):
    /// the national stage starts it before it builds the matcher and maps the other bodies, so the largest input (2.5
    /// million rows at scale 1, streamed in bounded memory) costs no wall time beside them.
    package static func extract(
        _ body: NationalBody, registry: PreparedRegistry, herindeling: Herindeling, partition: String?
    ) -> BackgroundResult<MappedBody> {
        let registryKvK = Set(registry.enterprises.map(\.kvkNumber))
        return BackgroundResult {
            try mapExtract(body, registryKvK: registryKvK, herindeling: herindeling, partition: partition)
        }
    }
}
