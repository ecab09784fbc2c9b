import ImpactModel

/// How a CSV source writes its numbers, declared per source in the pipeline file (issue 14 item 7):
///
/// ```yaml
/// number_format: {decimal: ",", thousands: "."}   # 1.234,5
/// number_format: {decimal: "."}                     # 1234.5, no thousands separator
/// ```
///
/// `decimal` is `.` or `,`; `thousands` is `.`, `,`, `space` (U+0020 or U+00A0) or absent (none), and differs from
/// `decimal`. Under a declared format a cell is read by that format only: digits in groups of three after the
/// first (1–3 digits) when it holds thousands separators, at most one decimal separator followed by digits. Anything
/// else, including a separator the format does not declare (`1.234` under `decimal: ","` without thousands, `1,5`
/// under `decimal: "."`), is a `value.format_mismatch` reject naming the declared format — never read another way.
/// Without a declaration the detection of ``DecimalCell/parse(_:delimiter:allowNegative:)`` applies (default).
package struct NumberFormat: Sendable, Hashable, CustomStringConvertible {
    /// The decimal separator, `.` or `,`.
    package let decimal: Character
    /// The thousands separator, or `nil` for none.
    package let thousands: Character?

    /// - Throws: ``ImpactError`` `.config` naming the source when a separator is not allowed or both are equal.
    package init(decimal: String, thousands: String?, source: String) throws(ImpactError) {
        guard decimal == "." || decimal == "," else {
            throw ImpactError(.config, "source \(source): number_format.decimal \"\(decimal)\" must be \".\" or \",\"")
        }
        var t: Character? = nil
        if let thousands {
            switch thousands {
            case ".", ",": t = Character(thousands)
            case "space", " ", "\u{00A0}": t = " "
            case "none", "": t = nil
            default:
                throw ImpactError(
                    .config,
                    "source \(source): number_format.thousands \"\(thousands)\" must be \".\", \",\", \"space\" or \"none\""
                )
            }
        }
        if let t, String(t) == decimal {
            throw ImpactError(
                .config, "source \(source): number_format uses \"\(decimal)\" both as decimal and thousands separator")
        }
        self.decimal = Character(decimal)
        self.thousands = t
    }

    package var description: String {
        "decimal \"\(decimal)\", "
            + (thousands.map { $0 == " " ? "thousands a space" : "thousands \"\($0)\"" } ?? "no thousands separator")
    }

    /// Reads a cell under this format.
    package func parse(_ raw: String, allowNegative: Bool = false) -> DecimalCell {
        let t = IdentifierRepair.trimmed(raw)
        if t.isEmpty { return .missing }
        func mismatch() -> DecimalCell {
            .invalid(
                reason: .valueFormatMismatch,
                message:
                    "\"\(raw)\" does not fit the declared number format (\(self)); correct the cell or the source's number_format"
            )
        }
        var chars = Array(t)
        let negative = chars.first == "-"
        if negative { chars.removeFirst() }
        // Split off the decimal part at the (single) decimal separator.
        let decimals = chars.indices.filter { chars[$0] == decimal }
        guard decimals.count <= 1 else { return mismatch() }
        let integerPart = decimals.first.map { Array(chars[..<$0]) } ?? chars
        let fraction = decimals.first.map { Array(chars[($0 + 1)...]) } ?? []
        if decimals.first != nil && fraction.isEmpty { return mismatch() }
        guard fraction.allSatisfy(\.isASCIIDigit) else { return mismatch() }
        // The integer part: digits, or digit groups (1–3, then 3 each) separated by the thousands separator.
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\u{00A0}" }
        let groups = integerPart.split(
            omittingEmptySubsequences: false,
            whereSeparator: { c in thousands.map { $0 == " " ? isSpace(c) : c == $0 } ?? false })
        guard let first = groups.first, !first.isEmpty, first.allSatisfy(\.isASCIIDigit) else { return mismatch() }
        if groups.count > 1 {
            guard first.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) })
            else {
                return mismatch()
            }
        }
        let plain = groups.map { String($0) }.joined() + (fraction.isEmpty ? "" : "." + String(fraction))
        guard let d = Double(plain), d.isFinite else { return mismatch() }
        if negative && d != 0 && !allowNegative {
            return .invalid(reason: .valueNegative, message: "\"\(raw)\" is negative; this field cannot be below 0")
        }
        if let problem = NumericRange.problem(d) {
            return .invalid(reason: .valueOutOfRange, message: "\"\(raw)\" \(problem)")
        }
        return .value(negative ? (d == 0 ? 0 : -d) : d)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension DecimalCell {
    /// Reads a cell by the source's declared format, or by detection when it declares none.
    package static func parse(_ raw: String, delimiter: UInt8, format: NumberFormat?) -> DecimalCell {
        guard let format else { return parse(raw, delimiter: delimiter) }
        return format.parse(raw)
    }
}
