import Foundation

extension PublishedMetric {
    /// The row as it may leave the core group (METRICS.md §8): a suppressed or withheld cell keeps its symbol and
    /// the kind of rule that hid it, but loses everything that would let a reader recompute it — the number of
    /// enterprises (for a count of enterprises that *is* the value), numerator, denominator, coverage and the
    /// notes with figures ("n = 1", "93,8 %", "1 van 2 actieve ondernemingen").
    package var forPublication: PublishedMetric {
        guard status == "suppressed" || status == "withheld" else { return self }
        var r = self
        r.numerator = ""
        r.denominator = ""
        r.nEnterprises = ""
        r.coverage = ""
        r.value = ""
        r.note = Self.publicReason(note, status: status)
        return r
    }

    /// The rule behind a hidden cell, without figures.
    static func publicReason(_ note: String, status: String) -> String {
        if status == "withheld" || note.hasPrefix("dekking") {
            return "dekking onder 60% van de actieve ondernemingen"
        }
        if note.contains("secundaire onderdrukking") { return "secundaire onderdrukking: anders af te leiden uit het totaal" }
        if note.contains("dominantie") { return "dominantie: de 2 grootste bijdragen zijn meer dan 85% van het totaal" }
        if let range = note.range(of: #"minder dan [0-9]+ ondernemingen"#, options: .regularExpression) {
            return String(note[range])
        }
        return ""
    }
}
