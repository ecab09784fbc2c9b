import ImpactModel
import RunArtifacts

/// The enterprise-level observations of `normalize/observations.csv`, indexed by KvK-nummer, measure and quarter.
///
/// Only rows with a `kvk_number`, a canonical enterprise measure and a CBS quarter code (`2026KW03`) belong here.
/// A row whose value is missing (`value` empty) stays in the panel as missing: it is never read as 0 (B08).
///
/// Storage: KvK-nummers and measures get dense integer ids, and a grid indexed by (KvK id, measure id, quarter
/// ordinal) holds the position of the row, so that a look-up is array arithmetic rather than hashing two strings
/// (the compute stage reads the panel a few million times at national scale). Values and statuses sit in their own
/// arrays so that sums do not copy whole ``Observation``s. When the quarters span so many years that the grid
/// would be much larger than the rows (a stray `1000KW01`), a dictionary keyed by the packed ids is used instead.
package struct QuarterlyPanel: Sendable {
    /// The rows of one enterprise and measure: a handle from ``series(_:_:)`` for repeated look-ups by quarter.
    package struct Series: Sendable {
        /// First grid slot of the (KvK-nummer, measure) pair, or the packed key prefix in dictionary mode; -1 when
        /// the KvK-nummer or the measure has no row at all.
        fileprivate let base: Int
        /// Whether the KvK-nummer or the measure has no row at all (then no quarter has one).
        package var isEmpty: Bool { base < 0 }
    }

    /// The observations given to ``init(observations:)`` (the caller's array, shared, not copied row by row).
    private let source: [Observation]
    /// Per indexed row: its position in ``source``.
    private var rows: [Int] = []
    private var values: [Double?] = []
    private var statuses: [ValueStatus] = []
    private var kvkIDs: [String: Int] = [:]
    private var measureIDs: [String: Int] = [:]
    private var firstOrdinal = 0
    private var span = 0
    /// Row position + 1 (0 = no row), at `(kvk × measureCount + measure) × span + (ordinal − firstOrdinal)`.
    private var grid: [Int32] = []
    /// Packed key ``pack(_:_:_:)`` → row position, while building and when the grid would be too sparse.
    private var sparse: [Int: Int32] = [:]
    private var usesGrid = false

    /// Whether the formulas reading this panel keep what only provenance shows (``Cell/inputs`` and
    /// ``Cell/arithmetic`` of the enterprise sums): `false` when the run keeps no provenance (the national stage),
    /// so that per-enterprise text and input lists are not built for nothing. The values are the same either way.
    package var recordsProvenance = true

    /// Rows the panel could not take (duplicate key, period not a quarter), as diagnostics.
    package private(set) var diagnostics: [Diagnostic] = []
    /// Number of observations indexed.
    package private(set) var count = 0

    /// Indexes the enterprise rows of `observations`; other rows are ignored here.
    package init(observations: [Observation]) {
        source = observations
        var minOrdinal = Int.max
        var maxOrdinal = Int.min
        // Fields are read where they are (a copy of a whole observation retains its ten strings), and the set
        // membership, ids and quarter of the previous row are reused: a record's rows share its KvK-nummer, and runs
        // of rows share a measure and a period (at national scale 2.4 million rows, a fifth of compute).
        var lastMeasure = "\u{0}"
        var lastMeasureIsEnterprise = false
        var lastMeasureID = -1
        var lastKvK = "\u{0}"
        var lastKvKID = -1
        var lastPeriod = "\u{0}"
        var lastQuarter: Quarter?
        for index in observations.indices {
            let kvkNumber = observations[index].kvkNumber
            guard !kvkNumber.isEmpty else { continue }
            let measure = observations[index].measure
            if measure != lastMeasure {
                lastMeasure = measure
                lastMeasureIsEnterprise = CanonicalMeasures.enterprise.contains(measure)
                lastMeasureID = -1
            }
            guard lastMeasureIsEnterprise else { continue }
            let periodCode = observations[index].periodCode
            if periodCode != lastPeriod {
                lastPeriod = periodCode
                lastQuarter = quarterOfPeriodCode(periodCode)
            }
            guard let q = lastQuarter else {
                let o = observations[index]
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "compute.period",
                        "observation \(o.sourceRowID) (\(o.kvkNumber), \(o.measure)) has period \"\(o.periodCode)\"; enterprise returns are quarterly (2026KW03): row not used",
                        file: RunFile.observations.path, field: "period_code"))
                continue
            }
            if kvkNumber != lastKvK {
                lastKvK = kvkNumber
                lastKvKID = Self.id(kvkNumber, in: &kvkIDs)
            }
            let kvk = lastKvKID
            if lastMeasureID < 0 {
                let knownMeasures = measureIDs.count
                lastMeasureID = Self.id(measure, in: &measureIDs)
                if measureIDs.count > knownMeasures { measures.insert(measure) }
            }
            let key = Self.pack(kvk, lastMeasureID, q.ordinal)
            if let at = sparse[key] {
                let o = observations[index]
                let other = observations[rows[Int(at)]]
                // Deterministic whatever the input order: the lower source_row_id is kept.
                let (kept, dropped) = other.sourceRowID <= o.sourceRowID ? (other, o) : (o, other)
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "compute.duplicate",
                        "observations \(kept.sourceRowID) and \(dropped.sourceRowID) both give \(o.measure) of \(o.kvkNumber) for \(q); \(kept.sourceRowID) is used, fix the return",
                        file: RunFile.observations.path, field: "source_row_id"))
                if other.sourceRowID > o.sourceRowID { rows[Int(at)] = index }
                values[Int(at)] = kept.value
                statuses[Int(at)] = kept.valueStatus
                continue
            }
            let value = observations[index].value
            if let v = value, v < 0, CanonicalMeasures.nonNegative.contains(measure) {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "compute.negative",
                        "observation \(observations[index].sourceRowID): \(measure) of \(kvkNumber) for \(q) is \(formatNumber(v)); a count cannot be negative: correct the return (the value is used as given)",
                        file: RunFile.observations.path, field: "value"))
            }
            sparse[key] = Int32(rows.count)
            rows.append(index)
            values.append(value)
            statuses.append(observations[index].valueStatus)
            minOrdinal = min(minOrdinal, q.ordinal)
            maxOrdinal = max(maxOrdinal, q.ordinal)
            count += 1
        }
        guard !rows.isEmpty else { return }
        firstOrdinal = minOrdinal
        span = maxOrdinal - minOrdinal + 1
        let cells = kvkIDs.count * measureIDs.count * span
        guard cells <= max(1 << 16, 16 * rows.count) else { return }
        grid = Array(repeating: 0, count: cells)
        for (key, at) in sparse {
            let (kvk, measure, ordinal) = Self.unpack(key)
            grid[(kvk * measureIDs.count + measure) * span + ordinal - firstOrdinal] = at + 1
        }
        sparse = [:]
        usesGrid = true
    }

    private static func id(_ name: String, in ids: inout [String: Int]) -> Int {
        if let id = ids[name] { return id }
        let id = ids.count
        ids[name] = id
        return id
    }

    /// KvK id (bits 40…), measure id (bits 20…39), quarter ordinal (bits 0…19; year × 4 < 40 000).
    private static func pack(_ kvk: Int, _ measure: Int, _ ordinal: Int) -> Int {
        kvk << 40 | measure << 20 | ordinal
    }

    private static func unpack(_ key: Int) -> (Int, Int, Int) {
        (key >> 40, (key >> 20) & 0xFFFFF, key & 0xFFFFF)
    }

    /// The handle of enterprise `kvk`'s rows of `measure` (empty when it has none).
    package func series(_ kvk: String, _ measure: String) -> Series {
        guard let k = kvkIDs[kvk], let m = measureIDs[measure] else { return Series(base: -1) }
        return usesGrid ? Series(base: (k * measureIDs.count + m) * span) : Series(base: Self.pack(k, m, 0))
    }

    /// Position of the row of `series` in quarter `q` (for ``value(row:)``, ``status(row:)``, ``inputRef(row:)``),
    /// or `nil` when there is none.
    package func row(_ series: Series, _ q: Quarter) -> Int? {
        guard series.base >= 0 else { return nil }
        if usesGrid {
            let offset = q.ordinal - firstOrdinal
            guard offset >= 0, offset < span else { return nil }
            let at = grid[series.base + offset]
            return at == 0 ? nil : Int(at) - 1
        }
        return sparse[series.base | q.ordinal].map(Int.init)
    }

    /// The value of a row, `nil` when reported as missing.
    package func value(row: Int) -> Double? { values[row] }
    /// The CBS-style status of a row.
    package func status(row: Int) -> ValueStatus { statuses[row] }
    /// The provenance reference of a row.
    package func inputRef(row: Int) -> InputRef { InputRef(source[rows[row]]) }

    /// The observation of `measure` for enterprise `kvk` in quarter `q`, present even when its value is missing.
    package func observation(_ kvk: String, _ measure: String, _ q: Quarter) -> Observation? {
        row(series(kvk, measure), q).map { source[rows[$0]] }
    }

    /// The value, or `nil` when not reported or reported as missing.
    package func value(_ kvk: String, _ measure: String, _ q: Quarter) -> Double? {
        row(series(kvk, measure), q).flatMap { values[$0] }
    }

    /// The measures with at least one row (to tell "no input at all" from "not reported").
    package private(set) var measures: Set<String> = []
}

/// The quarter of a CBS quarter code (`2026KW03`) or report form (`2026Q3`), as `Quarter(parsing:)` reads it.
///
/// The canonical observations carry 8-byte ASCII codes `yyyyKWqq`; those are read here byte by byte (no
/// Foundation trimming per row). Anything else goes to `Quarter(parsing:)`, so the answer is always the same.
func quarterOfPeriodCode(_ code: String) -> Quarter? {
    var code = code
    let fast: Quarter?? = code.withUTF8 { u -> Quarter?? in
        guard u.count == 8 else { return .none }
        func digit(_ i: Int) -> Int? {
            let c = u[i]
            return c >= 48 && c <= 57 ? Int(c - 48) : nil
        }
        guard let a = digit(0), let b = digit(1), let c = digit(2), let d = digit(3) else { return .none }
        guard u[4] == UInt8(ascii: "K"), u[5] == UInt8(ascii: "W") else { return .none }
        guard let q1 = digit(6), let q2 = digit(7) else { return .none }
        return .some(try? Quarter(year: a * 1000 + b * 100 + c * 10 + d, quarter: q1 * 10 + q2))
    }
    if let fast { return fast }
    return try? Quarter(parsing: code)
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
        // The measure's membership is looked up once per run of equal measures, not hashed for every observation.
        var rows: [ProcurementRow] = []
        var lastMeasure = "\u{0}"
        var lastIsProcurement = false
        for index in observations.indices {
            let measure = observations[index].measure
            if measure != lastMeasure {
                lastMeasure = measure
                lastIsProcurement = CanonicalMeasures.procurement.contains(measure)
            }
            guard lastIsProcurement else { continue }
            let o = observations[index]
            guard let q = quarterOfPeriodCode(o.periodCode),
                dimensionValue(o.dimensions, "beinvloedbaar").map({ $0 == "ja" }) ?? true
            else { continue }
            rows.append(
                ProcurementRow(
                    supplierKvK: o.kvkNumber, measure: o.measure, quarter: q, value: o.value, observation: o))
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
