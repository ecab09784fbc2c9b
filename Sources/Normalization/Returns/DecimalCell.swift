import ImpactModel

/// The outcome of reading a numeric cell of a CSV source.
package enum DecimalCell: Hashable, Sendable {
    /// An empty cell: a missing value (`ValueAttribute.not_available`), never 0.
    case missing
    case value(Double)
    /// Not a number; `message` says what is wrong and how to fix it.
    case invalid(reason: RejectReason, message: String)

    /// Reads a number written with `.` decimals; or with a decimal comma when the file's delimiter is `;` and the
    /// cell has a comma and no dot (Dutch Excel, KNOWN-FAULTS B15).
    ///
    /// Refused: thousands separators (`1.234,5`, `1,234.5`), a comma in a `,`-delimited file, exponents
    /// (`1.2E+07`, digits lost in a spreadsheet), currency signs, negative values (`allowNegative` false: counts,
    /// FTE and euros in these sources are never negative), and non-finite values.
    package static func parse(_ raw: String, delimiter: UInt8, allowNegative: Bool = false) -> DecimalCell {
        let t = IdentifierRepair.trimmed(raw)
        if t.isEmpty { return .missing }
        if let ascii = parseASCII(t, raw: raw, delimiter: delimiter, allowNegative: allowNegative) { return ascii }
        return parseCharacters(t, raw: raw, delimiter: delimiter, allowNegative: allowNegative)
    }

    /// The rules of ``parse(_:delimiter:allowNegative:)`` over the bytes of an all-ASCII cell, or `nil` for a cell
    /// with any other byte (left to ``parseCharacters(_:raw:delimiter:allowNegative:)``).
    ///
    /// Every number of a real source is ASCII; walking its bytes instead of Characters (and Foundation's
    /// `contains`/`replacingOccurrences`) made this the largest item of mapping an impact return (profile of the
    /// national benchmark). For ASCII text a Character is one byte, so both paths give the same outcome and message.
    static func parseASCII(_ t: String, raw: String, delimiter: UInt8, allowNegative: Bool) -> DecimalCell? {
        let comma = UInt8(ascii: ",")
        let dot = UInt8(ascii: ".")
        let minus = UInt8(ascii: "-")
        var commas = 0
        var dots = 0
        var grammar = true  // [-]digits[(.|,)digits], the separator counted apart
        var digitsBefore = 0
        var digitsAfter = 0
        var separators = 0
        var first = true
        for b in t.utf8 {
            if b >= 0x80 { return nil }
            defer { first = false }
            if b == comma { commas += 1 }
            if b == dot { dots += 1 }
            if b >= 48 && b <= 57 {
                if separators == 0 { digitsBefore += 1 } else { digitsAfter += 1 }
            } else if b == comma || b == dot {
                separators += 1
            } else if !(first && b == minus) {
                grammar = false
            }
        }
        if commas > 0 && (delimiter != UInt8(ascii: ";") || dots > 0 || commas != 1) {
            return .invalid(
                reason: .valueNotANumber,
                message:
                    "\"\(raw)\" is not a plain number: write it without thousands separators, with a . decimal point (or a decimal comma in a ;-separated file)"
            )
        }
        let negative = t.utf8.first == minus
        guard grammar, separators <= 1, digitsBefore > 0, separators == 0 || digitsAfter > 0,
            let d = Double(commas == 1 ? String(decoding: t.utf8.map { $0 == comma ? dot : $0 }, as: UTF8.self) : t),
            d.isFinite
        else {
            return .invalid(
                reason: .valueNotANumber,
                message: "\"\(raw)\" is not a number; write digits with an optional . decimal point (e.g. 1234.5)")
        }
        if negative && d != 0 && !allowNegative {
            return .invalid(reason: .valueNegative, message: "\"\(raw)\" is negative; this field cannot be below 0")
        }
        if let problem = NumericRange.problem(d) {
            return .invalid(reason: .valueOutOfRange, message: "\"\(raw)\" \(problem)")
        }
        return .value(d == 0 ? 0 : d)
    }

    /// ``parse(_:delimiter:allowNegative:)`` for a trimmed, non-empty cell, by Characters (any text).
    static func parseCharacters(_ trimmed: String, raw: String, delimiter: UInt8, allowNegative: Bool)
        -> DecimalCell
    {
        var t = trimmed
        let hasComma = t.contains(",")
        let hasDot = t.contains(".")
        if hasComma {
            guard delimiter == UInt8(ascii: ";"), !hasDot, t.filter({ $0 == "," }).count == 1 else {
                return .invalid(
                    reason: .valueNotANumber,
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
                reason: .valueNotANumber,
                message: "\"\(raw)\" is not a number; write digits with an optional . decimal point (e.g. 1234.5)")
        }
        if negative && d != 0 && !allowNegative {
            return .invalid(reason: .valueNegative, message: "\"\(raw)\" is negative; this field cannot be below 0")
        }
        if let problem = NumericRange.problem(d) {
            return .invalid(reason: .valueOutOfRange, message: "\"\(raw)\" \(problem)")
        }
        return .value(d == 0 ? 0 : d)
    }
}
