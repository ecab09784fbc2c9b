import ImpactModel
import ObservationStore

extension NationalBodyMapper {
    /// Sorts the observations of `out` into their municipalities and hands `emit` one encoded segment per
    /// municipality, in code order, with its observations per source id; a record (all observations of one source
    /// row id) of a municipality outside the partition, or of none, leaves `records_out` for `filtered`.
    /// `out.observations` is emptied.
    /// - Throws: ``ImpactError`` `.failure` when one municipality's observations of the body exceed the 4 GiB of a
    ///   segment; what `emit` throws.
    func route(
        _ out: inout SourceOutput, partitionOf: [String: String], aggregated: Bool,
        emit: (_ code: String, _ segment: ObservationStore.Segment, _ perSource: [String: Int]) throws -> Void
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
        for code in byCode.keys.sorted() {
            let positions = byCode[code] ?? []
            guard let segment = ObservationStore.Segment(out.observations, at: positions) else {
                throw ImpactError(
                    .failure,
                    "\(out.ledger.sourceID): the \(positions.count) observations of \(code) in one source file exceed the 4 GiB of one segment of its observation file; split the source file"
                )
            }
            var perSource: [String: Int] = [:]
            // Counted per run of one source (a batch is one source's file), not with a hash lookup per observation.
            var source: String?
            var run = 0
            for i in positions {
                if out.observations[i].sourceID != source {
                    if let source { perSource[source, default: 0] += run }
                    source = out.observations[i].sourceID
                    run = 0
                }
                run += 1
            }
            if let source { perSource[source, default: 0] += run }
            try emit(code, segment, perSource)
        }
        out.ledger.observations -= droppedObservations
        if !aggregated {
            out.ledger.recordsOut -= dropped.count
            out.ledger.filtered += dropped.count
            out.matches.removeAll { dropped.contains($0.sourceRowID) }
        }
        out.observations = []
    }
}

extension NationalNormalization {
    /// One line per warning code with its count and the first example, so 25,000 repairs do not flood run.md.
    static func summarized(_ diagnostics: [Diagnostic]) -> [String] {
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
