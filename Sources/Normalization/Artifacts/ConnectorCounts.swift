import ImpactModel

extension NormalizeResult {
    /// Puts the connectors' own counts in front: a CBS source's ledger counts the rows of its bodies, the connector's
    /// selection (filtered) and unreadable cells (rejected), then the normalizer's duplicates (merged) and conflicts
    /// (rejected); the connectors' rejects come before the normalizer's.
    /// - Parameters:
    ///   - ledgers: the connector's ledger per source id (sources without one keep the normalizer's entry).
    ///   - rejects: the connectors' rejects.
    package mutating func addConnectorCounts(_ ledgers: [String: LedgerEntry], rejects connectorRejects: [Reject]) {
        rejects = connectorRejects + rejects
        ledger = ledger.map { entry in
            guard let c = ledgers[entry.sourceID] else { return entry }
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
    }
}
