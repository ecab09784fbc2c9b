import ImpactModel

/// The outcome of reading a numeric cell of a CSV source.
package enum DecimalCell: Hashable, Sendable {
    /// An empty cell: a missing value (`ValueAttribute.not_available`), never 0.
    case missing
    case value(Double)
    /// Not a number; `message` says what is wrong and how to fix it.
    case invalid(reason: String, message: String)

    /// Reads a number written with `.` decimals; or with a decimal comma when the file's delimiter is `;` and the
    /// cell has a comma and no dot (Dutch Excel, KNOWN-FAULTS B15).
    ///
    /// Refused: thousands separators (`1.234,5`, `1,234.5`), a comma in a `,`-delimited file, exponents
    /// (`1.2E+07`, digits lost in a spreadsheet), currency signs, negative values (`allowNegative` false: counts,
    /// FTE and euros in these sources are never negative), and non-finite values.
    package static func parse(_ raw: String, delimiter: UInt8, allowNegative: Bool = false) -> DecimalCell {
        var t = IdentifierRepair.trimmed(raw)
        if t.isEmpty { return .missing }
        let hasComma = t.contains(",")
        let hasDot = t.contains(".")
        if hasComma {
            guard delimiter == UInt8(ascii: ";"), !hasDot, t.filter({ $0 == "," }).count == 1 else {
                return .invalid(
                    reason: "value.not_a_number",
                    message:
                        "\"\(raw)\" is not a plain number: write it without thousands separators, with a . decimal point (or a decimal comma in a ;-separated file)"
                )
            }
            t = t.replacingOccurrences(of: ",", with: ".")
        }
        var u = Substring(t)
        let negative = u.first == "-"
        if negative { u = u.dropFirst() }
        let parts = u.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            let d = Double(t), d.isFinite
        else {
            return .invalid(
                reason: "value.not_a_number",
                message: "\"\(raw)\" is not a number; write digits with an optional . decimal point (e.g. 1234.5)")
        }
        if negative && d != 0 && !allowNegative {
            return .invalid(reason: "value.negative", message: "\"\(raw)\" is negative; this field cannot be below 0")
        }
        return .value(d == 0 ? 0 : d)
    }
}
