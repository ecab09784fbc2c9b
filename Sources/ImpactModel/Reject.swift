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
    /// A stable reason code for counting (`kvk.unknown`, `kvk.scientific_notation`, `duplicate`, `value.not_a_number`).
    package var reason: String
    /// A sentence for people: what is wrong and how to fix it.
    package var message: String

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

    /// The header of `normalize/rejects.csv`, in column order.
    package static let csvHeader = ["source_id", "source_row_id", "file", "line", "field", "value", "reason", "message"]
    /// The row of `normalize/rejects.csv`, in ``csvHeader`` order.
    package var csvFields: [String] {
        [sourceID, sourceRowID, file, line.map(String.init) ?? "", field, value, reason, message]
    }
}

/// Row conservation for one source: `recordsIn == recordsOut + rejected + filtered + merged`.
///
/// `recordsOut` counts records that produced at least one observation; `observations` counts the observations
/// they produced (a quarterly return row yields one per measure). `filtered` are records outside the pipeline's
/// selection (another region, measure or period); `merged` are exact duplicates folded into a kept record.
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

    package init(
        sourceID: String, recordsIn: Int = 0, recordsOut: Int = 0, rejected: Int = 0, filtered: Int = 0,
        merged: Int = 0, observations: Int = 0
    ) {
        self.sourceID = sourceID
        self.recordsIn = recordsIn
        self.recordsOut = recordsOut
        self.rejected = rejected
        self.filtered = filtered
        self.merged = merged
        self.observations = observations
    }

    /// Whether the counts add up.
    package var balances: Bool { recordsIn == recordsOut + rejected + filtered + merged }

    enum CodingKeys: String, CodingKey {
        case sourceID = "source_id"
        case recordsIn = "records_in"
        case recordsOut = "records_out"
        case rejected, filtered, merged, observations
    }
}
