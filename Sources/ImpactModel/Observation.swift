/// One value in the canonical long format of `normalize/observations.csv` (DESIGN.md, "Canonical observation").
///
/// Every figure the compute stage uses is an observation: CBS context cells, an enterprise's quarterly impact
/// return field, a procurement award. `value` is `nil` exactly when `valueAttribute != .none`; a missing value is
/// never 0. Codes are trimmed.
package struct Observation: Hashable, Sendable {
    /// The pipeline source id (`cbs-bijstand`, `impact-returns`).
    package var sourceID: String
    /// The dataset: a CBS table id (`37789ksz`), or the source's file name for CSV sources.
    package var dataset: String
    /// The measure: a CBS `MeasureCodes.Identifier`/v3 topic key, or a canonical field (`employees_headcount`).
    package var measure: String
    /// Human label of the measure (CBS `Title`).
    package var measureLabel: String
    /// Unit as the source states it (`x 1000`, `%`, `EUR`, `FTE`, `tCO2e`, `persons`).
    package var unit: String
    /// CBS region code, or empty for enterprise-level observations.
    package var regio: String
    /// KvK-nummer (8 digits) for enterprise-level observations, empty otherwise.
    package var kvkNumber: String
    /// The CBS period code (`2026KW03`, `2025JJ00`, `2026MM04`).
    package var periodCode: String
    /// First day of the period.
    package var periodStart: CivilDate
    /// First day after the period (exclusive end): 2026-10-01 for `2026KW03`.
    package var periodEnd: CivilDate
    /// The value, or `nil` when missing.
    package var value: Double?
    /// CBS status of the figure: definitief, nader voorlopig or voorlopig (`null` in v4 means definitief).
    package var valueStatus: ValueStatus
    /// Why a value is missing (CBS `.`, `x`, `-`), `.none` when it is present.
    package var valueAttribute: ValueAttribute
    /// Stable id of the input record: `<first 12 hex of the body's sha256>:<record number>`.
    package var sourceRowID: String
    /// Other dimensions of the cell, `key=value` joined with `;` in a fixed order (`Geslacht=T001038`).
    package var dimensions: String

    /// An observation from all its fields; `dimensions` defaults to none. The initialiser does not check the
    /// `value`/`valueAttribute` invariant: connectors and normalization build observations only through their
    /// missing-value handling, which keeps it.
    package init(
        sourceID: String, dataset: String, measure: String, measureLabel: String, unit: String, regio: String,
        kvkNumber: String, periodCode: String, periodStart: CivilDate, periodEnd: CivilDate, value: Double?,
        valueStatus: ValueStatus, valueAttribute: ValueAttribute, sourceRowID: String, dimensions: String = ""
    ) {
        self.sourceID = sourceID
        self.dataset = dataset
        self.measure = measure
        self.measureLabel = measureLabel
        self.unit = unit
        self.regio = regio
        self.kvkNumber = kvkNumber
        self.periodCode = periodCode
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.value = value
        self.valueStatus = valueStatus
        self.valueAttribute = valueAttribute
        self.sourceRowID = sourceRowID
        self.dimensions = dimensions
    }

    /// Column names of `observations.csv`, in order.
    package static let csvHeader = [
        "source_id", "dataset", "measure", "measure_label", "unit", "regio", "kvk_number", "period_code",
        "period_start", "period_end", "value", "value_status", "value_attribute", "source_row_id", "dimensions",
    ]

    /// The row's fields in ``csvHeader`` order. Values use `.` decimals and the shortest exact representation.
    package var csvFields: [String] {
        [
            sourceID, dataset, measure, measureLabel, unit, regio, kvkNumber, periodCode, periodStart.description,
            periodEnd.description, value.map(formatNumber) ?? "", valueStatus.rawValue, valueAttribute.rawValue,
            sourceRowID, dimensions,
        ]
    }

    /// Reads a row written by ``csvFields``.
    /// - Throws: ``ModelError`` naming the column when a field is malformed.
    package init(csvFields f: [String]) throws {
        guard f.count == Self.csvHeader.count else {
            throw ModelError("observation row has \(f.count) fields, expected \(Self.csvHeader.count)")
        }
        guard let status = ValueStatus(rawValue: f[11]) else { throw ModelError("value_status \"\(f[11])\" unknown") }
        guard let attr = ValueAttribute(rawValue: f[12]) else {
            throw ModelError("value_attribute \"\(f[12])\" unknown")
        }
        let value: Double?
        if f[10].isEmpty {
            value = nil
        } else if let v = Double(f[10]) {
            value = v
        } else {
            throw ModelError("value \"\(f[10])\" is not a number")
        }
        self.init(
            sourceID: f[0], dataset: f[1], measure: f[2], measureLabel: f[3], unit: f[4], regio: f[5], kvkNumber: f[6],
            periodCode: f[7], periodStart: try CivilDate(parsing: f[8]), periodEnd: try CivilDate(parsing: f[9]),
            value: value, valueStatus: status, valueAttribute: attr, sourceRowID: f[13], dimensions: f[14])
    }
}

/// Formats a number with `.` decimals, no thousands separators, the shortest text that reads back exactly,
/// and no exponent for ordinary magnitudes. Independent of the process locale.
package func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    let s = "\(v)"
    // Bytes, not Foundation's `StringProtocol.contains(_:)` (a locale-aware range search per number written).
    guard s.utf8.contains(UInt8(ascii: "e")) else { return s }
    // Expand exponent notation (Swift prints 1e-05 for small values).
    var digits = 1
    while digits < 17 {
        let f = String(format: "%.\(digits)f", v)
        if Double(f) == v { return f }
        digits += 1
    }
    return String(format: "%.17f", v)
}
