import Foundation
import ImpactModel
import RunArtifacts

extension MetricRecord {
    /// The note of every suppressed cell in the public files: one reason for primary and secondary suppression
    /// alike, so that a reader cannot tell a cell of "fewer than 3" (a count of 1–2) from a secondary one and bound
    /// it (issue 14; the detailed reason stays in `compute/metrics.csv` and `impactmon explain`).
    package static let confidentialNote = ReasonCatalogue.dutch.note(.statisticalDisclosure) + " (METRICS.md §8)"

    /// The row as it may leave the core group (METRICS.md §8).
    ///
    /// A suppressed cell keeps its symbol `x` and ``confidentialNote``, and loses everything that would let a
    /// reader recompute or bound it: value, numerator, denominator, the number of enterprises (for a count of
    /// enterprises that *is* the value), coverage and the notes with figures. A withheld cell (coverage < 60 %)
    /// loses its value, numerator and denominator but keeps `n_enterprises` and `coverage`: §8 publishes "only
    /// n reporting" for it, and the note says so.
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
            r.note = Self.publicReason(note, status: status)
        }
        return r
    }

    /// The rule behind a hidden cell, without figures, in the words of the Dutch catalogue (the public files are
    /// Dutch); empty when the note names no rule.
    static func publicReason(_ note: String, status: CellStatus) -> String {
        publicNote(note, status: status).map(ReasonCatalogue.dutch.note) ?? ""
    }

    /// The rule behind a hidden cell as a vocabulary case: the coverage threshold for a withheld cell, else the first
    /// of secondary suppression, dominance and the minimum number found in the internal note.
    ///
    /// Most rows of a national report are hidden cells, so this runs hundreds of thousands of times: an ASCII note
    /// (every note compute writes) is searched byte by byte (``publicNoteASCII(_:)``); any other note goes
    /// through Foundation's search and regular expression as before. For ASCII text the two give the same answer.
    static func publicNote(_ note: String, status: CellStatus) -> MetricNote? {
        if status == .withheld || note.hasPrefix("dekking") { return .coverageBelowThreshold }
        if note.utf8.allSatisfy({ $0 < 0x80 }) { return publicNoteASCII(note) }
        return publicNoteFoundation(note)
    }

    /// ``publicReason(_:status:)`` after its first rule, for an ASCII note, as text.
    static func publicReasonASCII(_ note: String) -> String {
        publicNoteASCII(note).map(ReasonCatalogue.dutch.note) ?? ""
    }

    /// ``publicReason(_:status:)`` after its first rule, with Foundation's search, as text.
    static func publicReasonFoundation(_ note: String) -> String {
        publicNoteFoundation(note).map(ReasonCatalogue.dutch.note) ?? ""
    }

    /// ``publicNote(_:status:)`` after its first rule, for an ASCII note: the same checks in the same order;
    /// `minder dan [0-9]+ ondernemingen` is found at its leftmost start, as the regular expression finds it.
    static func publicNoteASCII(_ note: String) -> MetricNote? {
        let bytes = Array(note.utf8)
        if find("secundaire onderdrukking", in: bytes) != nil { return .secondarySuppression }
        if find("dominantie", in: bytes) != nil { return .dominance(largest: 2, percent: 85) }
        let prefix = Array("minder dan ".utf8)
        let suffix = Array(" ondernemingen".utf8)
        var from = 0
        while let at = find(prefix, in: bytes, from: from) {
            var end = at + prefix.count
            while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
            if end > at + prefix.count, bytes[end...].starts(with: suffix),
                let n = Int(String(decoding: bytes[(at + prefix.count)..<end], as: UTF8.self))
            {
                return .fewerThan(minimum: n)
            }
            from = at + 1
        }
        return nil
    }

    /// The first position of `needle` in `bytes` at or after `from`.
    private static func find(_ needle: String, in bytes: [UInt8]) -> Int? {
        find(Array(needle.utf8), in: bytes, from: 0)
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// ``publicNote(_:status:)`` after its first rule, with Foundation's search (any text).
    static func publicNoteFoundation(_ note: String) -> MetricNote? {
        if note.contains("secundaire onderdrukking") { return .secondarySuppression }
        if note.contains("dominantie") { return .dominance(largest: 2, percent: 85) }
        if let m = note.firstMatch(of: /minder dan ([0-9]+) ondernemingen/), let n = Int(m.1) {
            return .fewerThan(minimum: n)
        }
        return nil
    }
}
