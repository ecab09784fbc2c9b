import ImpactModel

/// The enterprise-level observations of `normalize/observations.csv`, indexed by KvK-nummer, measure and quarter.
///
/// Only rows with a `kvk_number`, a canonical enterprise measure and a CBS quarter code (`2026KW03`) belong here.
/// A row whose value is missing (`value` empty) stays in the panel as missing: it is never read as 0 (B08).
package struct QuarterlyPanel: Sendable {
    /// KvK-nummer × measure × quarter.
    package struct Key: Hashable, Sendable {
        /// KvK-nummer (8 digits).
        package var kvk: String
        /// Canonical measure.
        package var measure: String
        /// The quarter of the return.
        package var quarter: Quarter
    }
    private var cells: [Key: Observation] = [:]
    /// Rows the panel could not take (duplicate key, period not a quarter), as diagnostics.
    package private(set) var diagnostics: [Diagnostic] = []
    /// Number of observations indexed.
    package private(set) var count = 0

    /// Indexes the enterprise rows of `observations`; other rows are ignored here.
    package init(observations: [Observation]) {
        for o in observations where !o.kvkNumber.isEmpty && CanonicalMeasures.enterprise.contains(o.measure) {
            guard let q = try? Quarter(parsing: o.periodCode) else {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "compute.period",
                        "observation \(o.sourceRowID) (\(o.kvkNumber), \(o.measure)) has period \"\(o.periodCode)\"; enterprise returns are quarterly (2026KW03): row not used",
                        file: "normalize/observations.csv", field: "period_code"))
                continue
            }
            let key = Key(kvk: o.kvkNumber, measure: o.measure, quarter: q)
            if let other = cells[key] {
                // Deterministic whatever the input order: the lower source_row_id is kept.
                let (kept, dropped) = other.sourceRowID <= o.sourceRowID ? (other, o) : (o, other)
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "compute.duplicate",
                        "observations \(kept.sourceRowID) and \(dropped.sourceRowID) both give \(o.measure) of \(o.kvkNumber) for \(q); \(kept.sourceRowID) is used, fix the return",
                        file: "normalize/observations.csv", field: "source_row_id"))
                cells[key] = kept
                continue
            }
            if let v = o.value, v < 0, CanonicalMeasures.nonNegative.contains(o.measure) {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "compute.negative",
                        "observation \(o.sourceRowID): \(o.measure) of \(o.kvkNumber) for \(q) is \(formatNumber(v)); a count cannot be negative: correct the return (the value is used as given)",
                        file: "normalize/observations.csv", field: "value"))
            }
            cells[key] = o
            measures.insert(o.measure)
            count += 1
        }
    }

    /// The observation of `measure` for enterprise `kvk` in quarter `q`, present even when its value is missing.
    package func observation(_ kvk: String, _ measure: String, _ q: Quarter) -> Observation? {
        cells[Key(kvk: kvk, measure: measure, quarter: q)]
    }

    /// The value, or `nil` when not reported or reported as missing.
    package func value(_ kvk: String, _ measure: String, _ q: Quarter) -> Double? {
        observation(kvk, measure, q)?.value
    }

    /// The measures with at least one row (to tell "no input at all" from "not reported").
    package private(set) var measures: Set<String> = []
}

/// One addressable procurement row (`beinvloedbaar = ja`) of the municipality, by quarter of award.
package struct ProcurementRow: Sendable, Hashable {
    /// KvK-nummer of the supplier, empty when the award has none.
    package var supplierKvK: String
    /// `procurement_award_eur`, `sroi_obligation_eur` or `sroi_realised_eur`.
    package var measure: String
    /// Quarter of the award date (gunningsdatum).
    package var quarter: Quarter
    /// Amount in EUR, `nil` when missing.
    package var value: Double?
    /// The observation it was read from (provenance).
    package var observation: Observation

    /// Reads the procurement rows out of `observations` (measures `procurement_award_eur`, `sroi_*`).
    /// Rows with a dimension `beinvloedbaar=` other than `ja` are left out (ARCHITECTURE.md, procurement file).
    /// Sorted by quarter, then `source_row_id` and measure, so that arithmetic does not depend on input order.
    package static func rows(in observations: [Observation]) -> [ProcurementRow] {
        let rows: [ProcurementRow] = observations.compactMap { o in
            guard CanonicalMeasures.procurement.contains(o.measure),
                let q = try? Quarter(parsing: o.periodCode),
                dimensionValue(o.dimensions, "beinvloedbaar").map({ $0 == "ja" }) ?? true
            else { return nil }
            return ProcurementRow(
                supplierKvK: o.kvkNumber, measure: o.measure, quarter: q, value: o.value, observation: o)
        }
        return rows.sorted {
            ($0.quarter.ordinal, $0.observation.sourceRowID, $0.measure)
                < ($1.quarter.ordinal, $1.observation.sourceRowID, $1.measure)
        }
    }
}

/// The value of `key` in a `key=value;key=value` dimensions string.
func dimensionValue(_ dimensions: String, _ key: String) -> String? {
    // Byte-level scan (no Foundation): this runs for every procurement row of every share.
    let bytes = Array(dimensions.utf8)
    let wanted = Array(key.utf8)
    func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    var start = 0
    while start <= bytes.count {
        var end = start
        while end < bytes.count && bytes[end] != UInt8(ascii: ";") { end += 1 }
        if let eq = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")) {
            var ks = start
            var ke = eq
            while ks < ke && isBlank(bytes[ks]) { ks += 1 }
            while ke > ks && isBlank(bytes[ke - 1]) { ke -= 1 }
            if bytes[ks..<ke].elementsEqual(wanted), eq + 1 < end {
                var vs = eq + 1
                var ve = end
                while vs < ve && isBlank(bytes[vs]) { vs += 1 }
                while ve > vs && isBlank(bytes[ve - 1]) { ve -= 1 }
                return String(decoding: bytes[vs..<ve], as: UTF8.self)
            }
        }
        start = end + 1
    }
    return nil
}
