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
        if fields.count == 1 && fields[0].isEmpty {
            out.append(0x22)
            out.append(0x22)
        } else {
            for (i, f) in fields.enumerated() {
                if i > 0 { out.append(delimiter) }
                appendField(f, to: &out)
            }
        }
        appendLineEnding(to: &out)
    }

    /// Appends one field, quoted when it must be (see the type's notes), without a delimiter or line ending.
    ///
    /// For writers that build a record field by field instead of through an array of fields (``appendRecord(_:to:)``
    /// is this, the delimiters and ``appendLineEnding(to:)``). Note that a record of one empty field must be
    /// written `""`; ``appendRecord(_:to:)`` does that, this method does not know the record.
    package func appendField(_ field: String, to out: inout [UInt8]) {
        // The bytes of a native string in place (a small string's are copied to the stack), so one pass looks for
        // bytes that need quoting and one copy appends them; a bridged string is made contiguous first.
        let done: Void? = field.utf8.withContiguousStorageIfAvailable { appendField(bytes: $0, to: &out) }
        if done == nil {
            var copy = field
            copy.withUTF8 { appendField(bytes: $0, to: &out) }
        }
    }

    /// ``appendField(_:to:)`` for the UTF-8 bytes of a field.
    package func appendField(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let d = delimiter
        var needsQuotes = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        if !needsQuotes {
            for b in bytes where b == d || b == 0x22 || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
        }
        guard needsQuotes else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(0x22)
        for b in bytes {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }

    /// Appends the record terminator (``lineEnding``).
    package func appendLineEnding(to out: inout [UInt8]) {
        if lineEnding == "\n" {
            out.append(0x0A)
        } else {
            out.append(contentsOf: lineEnding.utf8)
        }
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
