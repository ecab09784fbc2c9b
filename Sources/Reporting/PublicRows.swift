import Foundation
import RunArtifacts

extension MetricRecord {
    /// The note of every suppressed cell in the public files: one reason for primary and secondary suppression
    /// alike, so that a reader cannot tell a cell of "fewer than 3" (a count of 1–2) from a secondary one and bound
    /// it (issue 14; the detailed reason stays in `compute/metrics.csv` and `impactmon explain`).
    package static let confidentialNote = "statistische beveiliging (METRICS.md §8)"

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

    /// The rule behind a hidden cell, without figures.
    ///
    /// Most rows of a national report are hidden cells, so this runs hundreds of thousands of times: an ASCII note
    /// (every note compute writes) is searched byte by byte (``publicReasonASCII(_:)``); any other note goes
    /// through Foundation's search and regular expression as before. For ASCII text the two give the same answer.
    static func publicReason(_ note: String, status: CellStatus) -> String {
        if status == .withheld || note.hasPrefix("dekking") {
            return "dekking onder 60% van de actieve ondernemingen"
        }
        if note.utf8.allSatisfy({ $0 < 0x80 }) { return publicReasonASCII(note) }
        return publicReasonFoundation(note)
    }

    /// ``publicReason(_:status:)`` after its first rule, for an ASCII note: the same checks in the same order;
    /// `minder dan [0-9]+ ondernemingen` is found at its leftmost start, as the regular expression finds it.
    static func publicReasonASCII(_ note: String) -> String {
        let bytes = Array(note.utf8)
        if find("secundaire onderdrukking", in: bytes) != nil {
            return "secundaire onderdrukking: anders af te leiden uit het totaal"
        }
        if find("dominantie", in: bytes) != nil {
            return "dominantie: de 2 grootste bijdragen zijn meer dan 85% van het totaal"
        }
        let prefix = Array("minder dan ".utf8)
        let suffix = Array(" ondernemingen".utf8)
        var from = 0
        while let at = find(prefix, in: bytes, from: from) {
            var end = at + prefix.count
            while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
            if end > at + prefix.count, bytes[end...].starts(with: suffix) {
                return String(decoding: bytes[at..<(end + suffix.count)], as: UTF8.self)
            }
            from = at + 1
        }
        return ""
    }

    /// The first position of `needle` in `bytes` at or after `from`.
    private static func find(_ needle: String, in bytes: [UInt8]) -> Int? { find(Array(needle.utf8), in: bytes, from: 0) }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// ``publicReason(_:status:)`` after its first rule, with Foundation's search (any text).
    static func publicReasonFoundation(_ note: String) -> String {
        if note.contains("secundaire onderdrukking") { return "secundaire onderdrukking: anders af te leiden uit het totaal" }
        if note.contains("dominantie") { return "dominantie: de 2 grootste bijdragen zijn meer dan 85% van het totaal" }
        if let range = note.range(of: #"minder dan [0-9]+ ondernemingen"#, options: .regularExpression) {
            return String(note[range])
        }
        return ""
    }
}
