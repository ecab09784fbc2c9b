/// An input record that was not used, with the reason: one row of `normalize/rejects.csv`.
///
/// Every input record ends up in the observations or here (or in the ledger's filtered/merged counts).
package struct Reject: Hashable, Sendable {
    /// The pipeline source id the record came from.
    package var sourceID: String
    /// Stable id: `<first 12 hex of the body's sha256>:<record number>`.
    package var sourceRowID: String
    /// The file the record came from (relative to the run directory or project).
    package var file: String
    /// 1-based physical line (CSV) or record index (JSON), if known.
    package var line: Int?
    /// The field at fault, if one.
    package var field: String
    /// The offending value, verbatim.
    package var value: String
    /// A stable reason code for counting: the raw value of a ``RejectReason`` (`kvk.not_in_registry`,
    /// `kvk.scientific_notation`, `duplicate.conflict`, `value.not_a_number`); see ``reasonCase``.
    package var reason: String
    /// A sentence for people: what is wrong and how to fix it.
    package var message: String

    /// A reject from its fields; `message` should name the value and the fix, `reason` is the stable code that
    /// `rejects.csv` is counted by.
    package init(
        sourceID: String, sourceRowID: String, file: String, line: Int?, field: String, value: String, reason: String,
        message: String
    ) {
        self.sourceID = sourceID
        self.sourceRowID = sourceRowID
        self.file = file
        self.line = line
        self.field = field
        self.value = value
        self.reason = reason
        self.message = message
    }

    /// A reject for the vocabulary case `reason`; the stored ``reason`` is its code (``RejectReason/code``), so
    /// `rejects.csv` reads as before.
    package init(
        sourceID: String, sourceRowID: String, file: String, line: Int?, field: String, value: String,
        reason: RejectReason, message: String
    ) {
        self.init(
            sourceID: sourceID, sourceRowID: sourceRowID, file: file, line: line, field: field, value: value,
            reason: reason.code, message: message)
    }

    /// The header of `normalize/rejects.csv`, in column order.
    package static let csvHeader = [
        "source_id", "source_row_id", "file", "line", "field", "value", "reason", "message",
    ]
    /// The row of `normalize/rejects.csv`, in ``csvHeader`` order.
    package var csvFields: [String] {
        [sourceID, sourceRowID, file, line.map(String.init) ?? "", field, value, reason, message]
    }
}

/// Row conservation for one source: `recordsIn == recordsOut + rejected + filtered + merged`, and for sources read
/// cell by cell (a wide CBS row, a quarterly return row) cell conservation: `cellsIn == cellsOut + cellsRejected`.
///
/// `recordsOut` counts records that produced at least one observation; `observations` counts the observations
/// they produced (a quarterly return row yields one per measure). `filtered` are records outside the pipeline's
/// selection (another region, measure or period); `merged` are exact duplicates folded into a kept record.
///
/// Cells (issue 20, "lose less"): an unreadable cell rejects that measure of that row only; the row's other cells
/// stay. `cellsIn` counts the measure cells of the records out, `cellsOut` those read into an observation (a value
/// or a missing-value marker), `cellsRejected` those rejected one by one. A record none of whose cells can be read
/// is a rejected record (one line in `rejects.csv`) and its cells are not counted. So `rejects.csv` holds
/// `rejected + cellsRejected` lines for the source. The cell counts are written to `ledger.json` only when
/// `cellsIn > 0`.
package struct LedgerEntry: Hashable, Sendable, Codable {
    /// The pipeline source id.
    package var sourceID: String
    /// Records read from the source's bodies.
    package var recordsIn: Int
    /// Records that produced at least one observation.
    package var recordsOut: Int
    /// Records written to `rejects.csv`.
    package var rejected: Int
    /// Records outside the pipeline's selection (region, measure, period).
    package var filtered: Int
    /// Exact duplicates folded into a kept record.
    package var merged: Int
    /// Observations the kept records produced.
    package var observations: Int
    /// Measure cells of the records out (see the type's notes).
    package var cellsIn: Int = 0
    /// Cells read into an observation (a value or a CBS missing-value marker), before duplicate merging.
    package var cellsOut: Int = 0
    /// Cells rejected one by one (each a line in `rejects.csv`).
    package var cellsRejected: Int = 0

    /// A ledger entry for `sourceID`; every count defaults to 0 and is normally filled in while the source is read.
    package init(
        sourceID: String, recordsIn: Int = 0, recordsOut: Int = 0, rejected: Int = 0, filtered: Int = 0,
        merged: Int = 0, observations: Int = 0, cellsIn: Int = 0, cellsOut: Int = 0, cellsRejected: Int = 0
    ) {
        self.cellsIn = cellsIn
        self.cellsOut = cellsOut
        self.cellsRejected = cellsRejected
        self.sourceID = sourceID
        self.recordsIn = recordsIn
        self.recordsOut = recordsOut
        self.rejected = rejected
        self.filtered = filtered
        self.merged = merged
        self.observations = observations
    }

    /// Whether the counts add up: records, and cells.
    package var balances: Bool { recordsIn == recordsOut + rejected + filtered + merged && cellsBalance }
    /// Whether `cellsIn == cellsOut + cellsRejected` (and none is negative).
    package var cellsBalance: Bool {
        cellsIn == cellsOut + cellsRejected && cellsIn >= 0 && cellsOut >= 0 && cellsRejected >= 0
    }
    /// Lines of `rejects.csv` this entry accounts for: rejected records plus rejected cells.
    package var rejectLines: Int { rejected + cellsRejected }

    enum CodingKeys: String, CodingKey {
        case sourceID = "source_id"
        case recordsIn = "records_in"
        case recordsOut = "records_out"
        case rejected, filtered, merged, observations
        case cellsIn = "cells_in"
        case cellsOut = "cells_out"
        case cellsRejected = "cells_rejected"
    }

    /// Reads an entry; the cell counts are optional (0 when absent: ledgers written before issue 20).
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sourceID = try c.decode(String.self, forKey: .sourceID)
        recordsIn = try c.decode(Int.self, forKey: .recordsIn)
        recordsOut = try c.decode(Int.self, forKey: .recordsOut)
        rejected = try c.decode(Int.self, forKey: .rejected)
        filtered = try c.decode(Int.self, forKey: .filtered)
        merged = try c.decode(Int.self, forKey: .merged)
        observations = try c.decode(Int.self, forKey: .observations)
        cellsIn = try c.decodeIfPresent(Int.self, forKey: .cellsIn) ?? 0
        cellsOut = try c.decodeIfPresent(Int.self, forKey: .cellsOut) ?? 0
        cellsRejected = try c.decodeIfPresent(Int.self, forKey: .cellsRejected) ?? 0
    }

    /// Writes an entry; the cell counts only when `cellsIn > 0`.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sourceID, forKey: .sourceID)
        try c.encode(recordsIn, forKey: .recordsIn)
        try c.encode(recordsOut, forKey: .recordsOut)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(filtered, forKey: .filtered)
        try c.encode(merged, forKey: .merged)
        try c.encode(observations, forKey: .observations)
        if cellsIn > 0 || cellsRejected > 0 {
            try c.encode(cellsIn, forKey: .cellsIn)
            try c.encode(cellsOut, forKey: .cellsOut)
            try c.encode(cellsRejected, forKey: .cellsRejected)
        }
    }
}
