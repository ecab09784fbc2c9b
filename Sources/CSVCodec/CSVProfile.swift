/// How a CSV file is written (KNOWN-FAULTS B15).
///
/// - ``machine``: RFC 4180 §2, `,`, LF line ends, UTF-8 without BOM, `.` decimals — for scripts.
/// - ``excelNL``: `;`, CRLF, UTF-8 with BOM — opens in one click in a Dutch-locale Excel; numbers take a decimal
///   comma (format them with ``decimal(_:)``).
///
/// A field is quoted only when it contains the delimiter, `"`, CR or LF (a `"` inside is doubled), with two
/// exceptions that keep every record readable back: a record of one empty field is written `""` (an empty line
/// would be read as a blank line and skipped), and a field that starts with U+FEFF is quoted (at the start of a
/// file it would be taken for a byte order mark and removed).
package struct CSVProfile: Sendable, Hashable {
    /// The field separator byte.
    package var delimiter: UInt8
    /// The record terminator (`"\n"` or `"\r\n"`).
    package var lineEnding: String
    /// Whether the file starts with the UTF-8 BOM `EF BB BF`.
    package var byteOrderMark: Bool
    /// The decimal separator ``decimal(_:)`` writes.
    package var decimalSeparator: Character

    package init(delimiter: UInt8, lineEnding: String, byteOrderMark: Bool, decimalSeparator: Character) {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
        self.byteOrderMark = byteOrderMark
        self.decimalSeparator = decimalSeparator
    }

    /// `,`, LF, no BOM, `.` decimals (RFC 4180 with LF line ends).
    package static let machine = CSVProfile(
        delimiter: UInt8(ascii: ","), lineEnding: "\n", byteOrderMark: false, decimalSeparator: ".")
    /// `;`, CRLF, UTF-8 BOM, `,` decimals: Excel in a Dutch locale.
    package static let excelNL = CSVProfile(
        delimiter: UInt8(ascii: ";"), lineEnding: "\r\n", byteOrderMark: true, decimalSeparator: ",")

    /// A number in plain decimal notation with this profile's separator: the shortest digits that read back as
    /// the same Double, never an exponent and never a thousands separator (`1234567.5` → `1234567,5` in
    /// ``excelNL``; `1e-7` → `0.0000001`). `nil` for NaN and infinities, which have no CSV form.
    package func decimal(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        var text = PlainDecimal.expand(value.description)
        if decimalSeparator != "." {
            text = String(text.map { $0 == "." ? decimalSeparator : $0 })
        }
        return text
    }

    /// Appends one record's bytes (fields, delimiters, quoting, line ending) to `out`.
    package func appendRecord(_ fields: [String], to out: inout [UInt8]) {
        let d = delimiter
        if fields.count == 1 && fields[0].isEmpty {
            out.append(0x22)
            out.append(0x22)
        } else {
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(d) }
                var utf8 = f.utf8
                func special(_ b: UInt8) -> Bool { b == d || b == 0x22 || b == 0x0A || b == 0x0D }
                // One pass over contiguous bytes when the string has them (native strings do): this runs for every
                // field of every row written.
                let needsQuotes =
                    utf8.withContiguousStorageIfAvailable { b in
                        b.contains(where: special) || (b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
                    }
                    ?? (utf8.contains(where: special) || utf8.starts(with: [0xEF, 0xBB, 0xBF]))
                if needsQuotes {
                    out.append(0x22)
                    for b in utf8 {
                        if b == 0x22 { out.append(0x22) }
                        out.append(b)
                    }
                    out.append(0x22)
                } else {
                    let copied: Void? = utf8.withContiguousStorageIfAvailable { out.append(contentsOf: $0) }
                    if copied == nil {
                        var s = f
                        s.makeContiguousUTF8()
                        utf8 = s.utf8
                        out.append(contentsOf: utf8)
                    }
                }
            }
        }
        out.append(contentsOf: lineEnding.utf8)
    }
}

/// Rewrites Swift's shortest round-trip `Double.description` (`1.2345e+16`, `5e-07`) without an exponent.
enum PlainDecimal {
    static func expand(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(text[text.index(after: e)...])
        else { return text }
        var mantissa = Substring(text[..<e])
        var sign = ""
        if mantissa.hasPrefix("-") {
            sign = "-"
            mantissa = mantissa.dropFirst()
        }
        let point = mantissa.firstIndex(of: ".")
        let intDigits = point.map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var digits = mantissa.filter { $0 != "." }
        while digits.count > 1 && digits.hasSuffix("0") && digits.count > intDigits + exponent { digits.removeLast() }
        let pointAt = intDigits + exponent  // digits before the decimal point
        if pointAt <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointAt) + digits
        }
        if pointAt >= digits.count {
            return sign + digits + String(repeating: "0", count: pointAt - digits.count)
        }
        let cut = digits.index(digits.startIndex, offsetBy: pointAt)
        return sign + digits[..<cut] + "." + digits[cut...]
    }
}
