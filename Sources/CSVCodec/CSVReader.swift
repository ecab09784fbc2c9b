import Foundation

/// One record of a delimited file.
package struct CSVRecord: Sendable, Hashable {
    /// The fields, unquoted.
    package var fields: [String]
    /// 1-based physical line on which the record starts (the header is line 1 in a file without leading blanks).
    package var line: Int
    /// 1-based record number among data records (the header is not counted).
    package var number: Int

    package init(fields: [String], line: Int, number: Int) {
        self.fields = fields
        self.line = line
        self.number = number
    }
}

/// A delimited file read whole: its header and data records, with what was detected.
package struct CSVTable: Sendable {
    package var header: [String]
    package var records: [CSVRecord]
    /// The delimiter used (`,` or `;`, or as declared).
    package var delimiter: UInt8
    /// Whether a UTF-8 byte order mark was removed.
    package var hadBOM: Bool
    /// The character encoding the bytes were read as.
    package var encoding: TextEncodingName

    /// Index of a column by name, compared after trimming and case-folding.
    package func column(_ name: String) -> Int? {
        let key = CSVTable.headerKey(name)
        return header.firstIndex { CSVTable.headerKey($0) == key }
    }

    /// The comparison key of a header name: trimmed, case-folded.
    package static func headerKey(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// The character encodings accepted for input files.
package enum TextEncodingName: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case windows1252 = "windows-1252"
}

/// Options for reading a delimited file.
package struct CSVReadOptions: Sendable {
    /// The delimiter, or `nil` to detect `;` or `,` (or tab) from the header line.
    package var delimiter: UInt8?
    /// The encoding, or `nil` to take UTF-8 when the bytes are valid UTF-8 and Windows-1252 otherwise.
    package var encoding: TextEncodingName?
    /// Whether the first record is a header (default true).
    package var hasHeader: Bool
    /// Whether two header names equal after trimming and case-folding are an error (default true).
    package var rejectDuplicateHeaders: Bool

    package init(
        delimiter: UInt8? = nil, encoding: TextEncodingName? = nil, hasHeader: Bool = true,
        rejectDuplicateHeaders: Bool = true
    ) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.hasHeader = hasHeader
        self.rejectDuplicateHeaders = rejectDuplicateHeaders
    }
}

/// A file that cannot be read as a delimited table. The message names the file, line and column.
package struct CSVError: Error, Sendable, CustomStringConvertible, Equatable {
    package enum Kind: String, Sendable { case duplicateHeader, unterminatedQuote, invalidEncoding, empty }
    package let kind: Kind
    package let file: String
    package let line: Int?
    package let message: String
    package var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}

/// An RFC 4180 reader over bytes: quoted fields with doubled quotes and embedded CR/LF, CRLF or LF line ends,
/// a UTF-8 BOM removed, `;`/`,`/tab detected from the header line, Windows-1252 detected or declared.
///
/// Source: RFC 4180 §2 (with the common relaxations: any delimiter, LF line ends, a final line without a
/// line break). Blank lines are skipped. Records may have fewer or more fields than the header; callers decide.
package enum CSVReader {
    /// Reads a whole file held in memory.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the name used in error messages.
    /// - Throws: ``CSVError`` for duplicate header names (naming both 1-based positions), an unterminated quoted
    ///   field (naming the line where it started), or bytes that are valid in neither encoding.
    /// - Complexity: O(n) in the number of bytes.
    package static func read(_ data: Data, file: String, options: CSVReadOptions = CSVReadOptions()) throws(CSVError)
        -> CSVTable
    {
        var bytes = [UInt8](data)
        var hadBOM = false
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes.removeFirst(3)
            hadBOM = true
        }
        let encoding: TextEncodingName
        if let declared = options.encoding {
            encoding = declared
        } else {
            encoding = String(validating: bytes, as: UTF8.self) == nil ? .windows1252 : .utf8
        }
        if encoding == .utf8, String(validating: bytes, as: UTF8.self) == nil {
            throw CSVError(kind: .invalidEncoding, file: file, line: nil, message: "bytes are not valid UTF-8")
        }
        let delimiter = options.delimiter ?? detectDelimiter(bytes)
        var rows: [CSVRecord] = []
        try scan(bytes, delimiter: delimiter, encoding: encoding, file: file) { fields, line in
            rows.append(CSVRecord(fields: fields, line: line, number: 0))
        }
        var header: [String] = []
        if options.hasHeader {
            guard !rows.isEmpty else {
                throw CSVError(kind: .empty, file: file, line: nil, message: "file has no header line")
            }
            header = rows.removeFirst().fields
            if options.rejectDuplicateHeaders {
                var seen: [String: Int] = [:]
                for (i, name) in header.enumerated() {
                    let key = CSVTable.headerKey(name)
                    if let first = seen[key] {
                        throw CSVError(
                            kind: .duplicateHeader, file: file, line: 1,
                            message:
                                "duplicate column \"\(key)\" at positions \(first + 1) and \(i + 1); rename one (names are compared trimmed and case-insensitively)"
                        )
                    }
                    seen[key] = i
                }
            }
        }
        for i in rows.indices { rows[i].number = i + 1 }
        return CSVTable(header: header, records: rows, delimiter: delimiter, hadBOM: hadBOM, encoding: encoding)
    }

    /// Picks `;`, `,` or tab: the one occurring most often outside quotes on the first line.
    package static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var inQuotes = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if !inQuotes && (b == 0x0A || b == 0x0D) { break }
            if !inQuotes, counts[b] != nil { counts[b, default: 0] += 1 }
        }
        let semicolons = counts[UInt8(ascii: ";")] ?? 0
        let commas = counts[UInt8(ascii: ",")] ?? 0
        let tabs = counts[UInt8(ascii: "\t")] ?? 0
        if tabs > semicolons && tabs > commas { return UInt8(ascii: "\t") }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// Scans records, calling `emit(fields, startLine)` for each non-blank record.
    static func scan(
        _ bytes: [UInt8], delimiter: UInt8, encoding: TextEncodingName, file: String,
        emit: ([String], Int) -> Void
    ) throws(CSVError) {
        let quote = UInt8(ascii: "\"")
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var i = 0
        let n = bytes.count
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteStartLine = 1
        var fieldWasQuoted = false

        func decode(_ b: [UInt8]) -> String {
            switch encoding {
            case .utf8: return String(decoding: b, as: UTF8.self)
            case .windows1252: return Windows1252.decode(b)
            }
        }
        func endRecord() {
            fields.append(decode(field))
            field.removeAll(keepingCapacity: true)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                emit(fields, recordLine)
            }
            fields.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }

        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == quote {
                    if i + 1 < n, bytes[i + 1] == quote {
                        field.append(quote)
                        i += 2
                        continue
                    }
                    inQuotes = false
                    i += 1
                    continue
                }
                if b == lf { line += 1 } else if b == cr, !(i + 1 < n && bytes[i + 1] == lf) { line += 1 }
                field.append(b)
                i += 1
                continue
            }
            switch b {
            case quote:
                if field.isEmpty && !fieldWasQuoted {
                    inQuotes = true
                    fieldWasQuoted = true
                    quoteStartLine = line
                } else {
                    field.append(b)  // a stray quote inside an unquoted field is kept literally (lenient)
                }
                i += 1
            case delimiter:
                fields.append(decode(field))
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = false
                i += 1
            case cr, lf:
                if b == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
                i += 1
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(b)
                i += 1
            }
        }
        if inQuotes {
            throw CSVError(
                kind: .unterminatedQuote, file: file, line: quoteStartLine,
                message: "quoted field starting on line \(quoteStartLine) is never closed; the file may be truncated")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
    }
}

/// Windows-1252 (cp1252) decoding, for files saved by older Excel versions in Dutch locales.
package enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
    package static func decode(_ bytes: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes {
            let v: UInt32 = (0x80...0x9F).contains(b) ? high[Int(b) - 0x80] : UInt32(b)
            s.append(Unicode.Scalar(v) ?? "\u{FFFD}")
        }
        return String(s)
    }
}
