import CSVCodec
import Foundation
import RunArtifacts

/// The CSV files of the report folder.
///
/// - `metrics.csv`: the tidy long table (RFC 4180, UTF-8, `,`, `.` decimals), one row per metric × entity × period,
///   the published rows of `compute/metrics.csv` and the suppressed ones with their symbol.
/// - `metrics-excel-nl.csv`: the same rows for a Dutch-locale Excel: `;`, CRLF, UTF-8 BOM, decimal comma in the
///   numeric columns (KNOWN-FAULTS B15). No thousands separators in either.
///
/// Both print the `note` column in the words of the Dutch catalogue (``MetricRecord/publicText``): the rows carry
/// stored note codes, as `compute/metrics.csv` does, and are worded only here.
package enum ReportCSV {
    /// Columns whose values are numbers (decimal comma in the Excel variant).
    package static let numericColumns: Set<String> = ["value", "numerator", "denominator", "coverage", "n_enterprises"]

    /// Rows of the public CSVs: those ``PublicationDisclosure`` lets out (no enterprise-level rows; hidden cells
    /// stripped; person counts rounded).
    package static func publicRows(_ rows: [MetricRecord], disclosure: PublicationDisclosure) -> [MetricRecord] {
        disclosure.publicRows(rows)
    }

    /// `metrics.csv` in compute's layout (``MetricRecord/csv(_:)``), notes in words (``MetricRecord/publicText``).
    package static func machine(_ rows: [MetricRecord]) -> Data { MetricRecord.csv(rows.map(\.publicText)) }

    /// A numeric field of `metrics.csv` with a decimal comma: every `.` becomes `,`. Numbers are ASCII, so their
    /// bytes are replaced in place; any other text goes through Foundation's `replacingOccurrences` as before.
    package static func decimalComma(_ field: String) -> String {
        let utf8 = field.utf8
        guard utf8.contains(UInt8(ascii: ".")) else { return field }
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return field.replacingOccurrences(of: ".", with: ",") }
        return String(decoding: utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: ",") : $0 }, as: UTF8.self)
    }

    /// `metrics-excel-nl.csv`: `rows` under the `metrics.csv` header for a Dutch-locale Excel (`;`, CRLF, UTF-8 BOM),
    /// ``numericColumns`` with a decimal comma and every text cell through ``TextSafety/excelCell(_:)``, so no cell is
    /// read as a formula.
    package static func excelNL(_ rows: [MetricRecord]) -> Data {
        var w = CSVWriter(profile: .excelNL)
        w.write(MetricRecord.csvHeader)
        let numeric = MetricRecord.csvHeader.map { numericColumns.contains($0) }
        for r in rows {
            w.write(
                zip(r.publicText.csvFields, numeric).map { field, isNumber in
                    isNumber ? decimalComma(field) : TextSafety.excelCell(field)
                })
        }
        return w.data
    }
}
