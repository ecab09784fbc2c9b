import Foundation

/// One record of a delimited file: its fields and where it starts.
package struct CSVRecord: Sendable, Hashable {
    /// The fields, unquoted and decoded (`""` inside a quoted field becomes one `"`).
    package var fields: [String]
    /// 1-based physical line on which the record starts. CRLF, a lone LF and a lone CR each end one line, also
    /// inside quoted fields, so a record after a quoted multi-line field keeps the line number an editor shows.
    package var line: Int
    /// 1-based record number among data records (the header is not counted; blank lines are not records).
    package var number: Int

    package init(fields: [String], line: Int, number: Int) {
        self.fields = fields
        self.line = line
        self.number = number
    }
}

/// A delimited file read whole: its header and data records, with what was detected.
package struct CSVTable: Sendable {
    /// The header names as written (not trimmed); empty when ``CSVReadOptions/hasHeader`` is false.
    package var header: [String] { didSet { columnIndex = Self.index(header) } }
    /// Header keys (``headerKey(_:)``) to the first column with that key, built once per header.
    private var columnIndex: [String: Int]
    /// The data records in file order.
    package var records: [CSVRecord]
    /// The delimiter used (`,`, `;` or tab, detected or as declared).
    package var delimiter: UInt8
    /// Whether a UTF-8 byte order mark (`EF BB BF`) was removed from the start.
    package var hadBOM: Bool
    /// The character encoding the bytes were read as.
    package var encoding: TextEncodingName

    package init(
        header: [String], records: [CSVRecord], delimiter: UInt8, hadBOM: Bool, encoding: TextEncodingName
    ) {
        self.header = header
        self.columnIndex = Self.index(header)
        self.records = records
        self.delimiter = delimiter
        self.hadBOM = hadBOM
        self.encoding = encoding
    }

    /// Index of a column by name, compared after trimming and case-folding (see ``headerKey(_:)``).
    /// A dictionary lookup: mapping code calls it per cell on hot paths.
    package func column(_ name: String) -> Int? {
        columnIndex[CSVTable.headerKey(name)]
    }

    private static func index(_ header: [String]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (i, h) in header.enumerated() where out[headerKey(h)] == nil { out[headerKey(h)] = i }
        return out
    }

    /// The comparison key of a header name: trimmed of spaces and tabs, lower-cased (KNOWN-FAULTS B21).
    /// Names that are already plain lower-case ASCII without edge blanks (the usual case) are returned as they are.
    package static func headerKey(_ s: String) -> String {
        var plain = true
        var first = true
        var last: UInt8 = 0
        for b in s.utf8 {
            if b >= 0x80 || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (first && (b == 0x20 || b == 0x09)) {
                plain = false
                break
            }
            first = false
            last = b
        }
        if plain && last != 0x20 && last != 0x09 { return s }
        return s.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// The character encodings accepted for input files.
package enum TextEncodingName: String, Sendable, Codable {
    /// UTF-8 (RFC 3629).
    case utf8 = "UTF-8"
    /// Windows-1252 as the WHATWG Encoding Standard defines it (bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1
    /// controls of the same value, so no byte is lost).
    case windows1252 = "windows-1252"
}

/// Options for reading a delimited file.
package struct CSVReadOptions: Sendable {
    /// The delimiter, or `nil` to detect `;`, `,` or tab (see ``CSVReader/detectDelimiter(_:)``). Must not be
    /// `"`, CR or LF.
    package var delimiter: UInt8?
    /// The encoding, or `nil`: UTF-8 when the file starts with a UTF-8 BOM or all its bytes are valid UTF-8,
    /// Windows-1252 otherwise. A file with a BOM must be valid UTF-8 unless Windows-1252 is declared here.
    package var encoding: TextEncodingName?
    /// Whether the first record is a header (default true).
    package var hasHeader: Bool
    /// Whether two header names equal after trimming and case-folding are an error (default true; KNOWN-FAULTS B21).
    package var rejectDuplicateHeaders: Bool
    /// The longest record in bytes (default 64 MiB): a longer one is an error, which keeps the streaming
    /// reader's memory bounded when a quote is never closed.
    package var maxRecordBytes: Int

    /// 64 MiB.
    package static let defaultMaxRecordBytes = 64 << 20

    package init(
        delimiter: UInt8? = nil, encoding: TextEncodingName? = nil, hasHeader: Bool = true,
        rejectDuplicateHeaders: Bool = true, maxRecordBytes: Int = CSVReadOptions.defaultMaxRecordBytes
    ) {
        self.maxRecordBytes = maxRecordBytes
        self.delimiter = delimiter
        self.encoding = encoding
        self.hasHeader = hasHeader
        self.rejectDuplicateHeaders = rejectDuplicateHeaders
    }
}
