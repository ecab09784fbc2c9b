import ImpactModel

extension NationalNormalization {
    /// Appends the observations of `out` to their municipality's file; a record (all observations of one source row
    /// id) of a municipality outside the partition, or of none, leaves `records_out` for `filtered`.
    mutating func route(_ out: inout SourceOutput, partitionOf: [String: String], aggregated: Bool) throws {
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
