import Foundation
import ImpactModel
import RunArtifacts

extension MetricRecord {
    /// The note of every suppressed cell in the public files: one reason for primary and secondary suppression
    /// alike, so that a reader cannot tell a cell of "fewer than 3" (a count of 1–2) from a secondary one and bound
    /// it (issue 14; the detailed reason stays in `compute/metrics.csv` and `impactmon explain`). Stored as a code
    /// (``MetricNote/stored``) like every note; the public CSVs print ``confidentialNoteText``.
    package static let confidentialNote = MetricNote.statisticalDisclosure.stored

    /// ``confidentialNote`` as the public CSVs print it (they are Dutch): the catalogue's text and the rule's source.
    package static let confidentialNoteText = ReasonCatalogue.dutch.note(.statisticalDisclosure) + " (METRICS.md §8)"

    /// The row as it may leave the core group (METRICS.md §8).
    ///
    /// A suppressed cell keeps its symbol `x` and ``confidentialNote``, and loses everything that would let a
    /// reader recompute or bound it: value, numerator, denominator, the number of enterprises (for a count of
    /// enterprises that *is* the value), coverage and the notes with figures. A withheld cell (coverage < 60 %)
    /// loses its value, numerator and denominator but keeps `n_enterprises` and `coverage`: §8 publishes "only
    /// n reporting" for it, and the note says so. Notes stay stored codes; ``publicText`` words them for a file.
    package var forPublication: MetricRecord {
        guard status == .suppressed || status == .withheld else { return self }
        var r = self
        r.numerator = nil
        r.denominator = nil
        r.value = nil
        r.category = nil
        if status == .suppressed {
            r.nEnterprises = nil
            r.coverage = nil
            r.note = Self.confidentialNote
        } else {
            r.note = Self.publicNote(note, status: status)?.stored ?? ""
        }
        return r
    }

    /// The public row as the public CSVs print it: its note in the words of the Dutch catalogue (the public files
    /// are Dutch; ``ReportNotes/text(_:_:)``), a suppressed cell's note as ``confidentialNoteText``.
    package var publicText: MetricRecord {
        var r = self
        r.note =
            status == .suppressed && note == Self.confidentialNote
            ? Self.confidentialNoteText : ReportNotes.text(note, .nl)
        return r
    }

    /// ``publicText`` with each distinct note worded once, for a file of many rows whose notes repeat (the national
    /// report words 1.6 million rows with a few hundred distinct notes; wording each row took 10 s at scale 1).
    package struct PublicTextCache {
        private var words: [String: String] = [:]

        /// An empty cache.
        package init() {}

        /// `row.publicText`, its note's words looked up or made once.
        package mutating func publicText(_ row: MetricRecord) -> MetricRecord {
            guard !row.note.isEmpty else { return row }
            // The one note worded differently by status: a suppressed cell's confidential note.
            let key =
                row.status == .suppressed && row.note == MetricRecord.confidentialNote ? "\u{0}suppressed" : row.note
            var r = row
            if let known = words[key] {
                r.note = known
            } else {
                r = row.publicText
                words[key] = r.note
            }
            return r
        }
    }

    /// The rule behind a hidden cell, without figures, in the words of the Dutch catalogue; empty when the note
    /// names no rule.
    static func publicReason(_ note: String, status: CellStatus) -> String {
        publicNote(note, status: status).map(ReasonCatalogue.dutch.note) ?? ""
    }

    /// The rule behind a hidden cell as a vocabulary case, from the stored clauses of the internal note: the
    /// coverage threshold for a withheld cell (or a note of coverage), else the first of secondary suppression,
    /// dominance and the minimum number of enterprises (of the cell, its numerator or its denominator) found.
    static func publicNote(_ note: String, status: CellStatus) -> MetricNote? {
        let clauses = note.split(separator: "; ").compactMap { MetricNote(stored: String($0)) }
        if status == .withheld || clauses.contains(where: { $0.code == .coverageBelowThreshold }) {
            return .coverageBelowThreshold
        }
        if clauses.contains(where: \.isSecondarySuppression) { return .secondarySuppression }
        if let d = clauses.first(where: { $0.code == .dominance }) { return d }
        for c in clauses {
            switch c {
            case .fewerThan(let n), .numeratorFewerThan(let n), .percentRuleEnterprises(let n):
                return .fewerThan(minimum: n)
            default: continue
            }
        }
        return nil
    }
}

extension MetricNote {
    /// Whether the note is one of the reasons of secondary suppression (the cell is hidden to protect another).
    var isSecondarySuppression: Bool {
        switch self {
        case .secondarySuppression, .secondaryTotalIsSum, .secondaryTotal, .secondaryStockFlow, .secondaryInterval:
            true
        default: false
        }
    }
}
