import ImpactModel

/// Everything the normalization of one source produced; its ledger entry accounts for every input record.
package struct SourceOutput: Sendable {
    /// Canonical observations of the records out.
    package var observations: [Observation] = []
    /// Records left out, with the reason.
    package var rejects: [Reject] = []
    /// Registry matches of the records out.
    package var matches: [Match] = []
    /// Near-misses for a person to decide.
    package var reviews: [ReviewItem] = []
    /// Notes and warnings (repairs, merges, implausible values).
    package var diagnostics: [Diagnostic] = []
    /// Row conservation for the source.
    package var ledger: LedgerEntry

    /// An empty output for `sourceID`.
    package init(sourceID: String) { ledger = LedgerEntry(sourceID: sourceID) }
}

/// A record that passed its row checks, waiting for duplicate detection.
struct PendingRecord {
    var sourceRowID: String
    var file: String
    var line: Int
    /// The duplicate key (KvK + quarter for returns, contract id for procurement).
    var key: String
    /// The canonical content compared for exact duplicates (normalized, so a repaired row equals its twin).
    var content: [String]
    var observations: [Observation]
    var match: Match?
    /// Measure cells of the record (0 where the source is not counted by cell).
    var cells: Int = 0
    /// Cells rejected one by one; written (and counted) only when the record is emitted.
    var cellRejects: [Reject] = []
}

extension SourceOutput {
    /// Folds exact duplicates (same key, same canonical content) into the first record (`merged`), rejects every
    /// record of a key whose records disagree (`duplicate.conflict`), and emits the rest. `pending` is consumed: each
    /// record's observations are released as they are emitted, so the source's observations are not held twice.
    mutating func emitDeduplicated(_ pending: consuming [PendingRecord], keyDescription: String) {
        // Positions in `pending` per key, in first-seen order (not copies of the records and their observations).
        var order: [String] = []
        var positions: [String: [Int]] = [:]
        for (i, p) in pending.enumerated() {
            if positions[p.key] == nil { order.append(p.key) }
            positions[p.key, default: []].append(i)
        }
        observations.reserveCapacity(observations.count + pending.reduce(0) { $0 + $1.observations.count })
        for key in order {
            guard let at = positions[key], let firstAt = at.first else { continue }
            var first = pending[firstAt]
            // A key with one record (nearly all of them) has nothing to compare.
            if at.count > 1, Set(at.map { pending[$0].content }).count > 1 {
                let group = at.map { pending[$0] }
                let ids = group.map { "\($0.file):\($0.line)" }.joined(separator: ", ")
                for p in group {
                    rejects.append(
                        Reject(
                            sourceID: ledger.sourceID, sourceRowID: p.sourceRowID, file: p.file, line: p.line,
                            field: keyDescription, value: key, reason: .duplicateConflict,
                            message:
                                "\(group.count) records have the same \(keyDescription) \(key) with different values (\(ids)); all are left out until the source is corrected"
                        ))
                    ledger.rejected += 1
                }
                continue
            }
            observations += first.observations
            ledger.observations += first.observations.count
            first.observations = []
            pending[firstAt].observations = []
            if let m = first.match { matches.append(m) }
            ledger.recordsOut += 1
            rejects += first.cellRejects
            ledger.cellsIn += first.cells
            ledger.cellsOut += first.cells - first.cellRejects.count
            ledger.cellsRejected += first.cellRejects.count
            for p in at.dropFirst().map({ pending[$0] }) {
                ledger.merged += 1
                diagnostics.append(
                    Diagnostic(
                        .note, code: "duplicate.merged",
                        "record \(p.sourceRowID) is an exact duplicate of \(first.sourceRowID) (\(first.file):\(first.line)) and is counted once",
                        file: p.file, line: p.line))
            }
        }
    }

    mutating func reject(
        _ rowID: String, file: String, line: Int?, field: String, value: String, reason: RejectReason, message: String
    ) {
        rejects.append(
            Reject(
                sourceID: ledger.sourceID, sourceRowID: rowID, file: file, line: line, field: field, value: value,
                reason: reason, message: message))
        ledger.rejected += 1
    }

    mutating func review(
        _ candidates: [Matcher.Candidate], rowID: String, file: String, line: Int, key: MatchKey, rawKvK: String
    ) {
        for c in candidates {
            reviews.append(
                ReviewItem(
                    sourceID: ledger.sourceID, sourceRowID: rowID, file: file, line: line, recordKvK: rawKvK,
                    recordName: key.name, recordPostcode: key.postcode?.text ?? "", candidateKvK: c.kvkNumber,
                    candidateName: c.name, score: c.score, reason: c.reason))
        }
    }
}
