import Foundation

/// An RFC 4180 reader over bytes: quoted fields with doubled quotes and embedded CR/LF, CRLF, LF or CR line ends,
/// a UTF-8 BOM removed (KNOWN-FAULTS B16), `;`/`,`/tab detected, Windows-1252 detected or declared, duplicate
/// header names rejected (B21).
///
/// Source: RFC 4180 §2, relaxed as Python's `csv.reader` (`strict=False`) is; see ``CSVScanner`` for the exact
/// rules and the two deliberate differences (blank lines are skipped; an unclosed quote at the end is an error).
/// Records may have fewer or more fields than the header; callers decide.
package enum CSVReader {
    /// How many bytes at the start of a file the delimiter detection looks at.
    package static let detectionWindow = 64 * 1024

    /// Reads a whole file held in memory.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the name used in error messages.
    ///   - options: delimiter, encoding, header rules; detected when not given.
    /// - Returns: the header and data records; the same as ``forEachRecord(in:options:onHeader:_:)`` gives.
    /// - Throws: ``CSVError``: duplicate header names (naming both 1-based positions), an unterminated quoted
    ///   field (naming the line where it opened), bytes that are not UTF-8 in a file with a BOM or declared UTF-8,
    ///   a file without a header record.
    /// - Complexity: O(n) in the number of bytes; memory holds every field.
    package static func read(_ data: Data, file: String, options: CSVReadOptions = CSVReadOptions()) throws(CSVError)
        -> CSVTable
    {
        let result: Result<CSVTable, CSVError> = data.withUnsafeBytes { raw in
            let buf = raw.assumingMemoryBound(to: UInt8.self)
            do throws(CSVError) {
                return .success(try read(buffer: buf, file: file, options: options))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func read(buffer all: UnsafeBufferPointer<UInt8>, file: String, options: CSVReadOptions)
        throws(CSVError) -> CSVTable
    {
        let hadBOM = hasBOM(all)
        let body = UnsafeBufferPointer(rebasing: all[(hadBOM ? 3 : 0)...])
        let encoding = try resolveEncoding(options.encoding, hadBOM: hadBOM, file: file) {
            UTF8Validation.isValid(body)
        }
        let delimiter = try resolveDelimiter(options.delimiter, window: body, file: file)
        var scanner = CSVScanner(
            delimiter: delimiter, encoding: encoding, file: file,
            prevalidated: encoding == .utf8 && options.encoding == nil && !hadBOM,
            maxRecordBytes: options.maxRecordBytes)
        var header: [String] = []
        var records: [CSVRecord] = []
        var needsHeader = options.hasHeader
        var at = 0
        loop: while true {
            switch try scanner.step(body, from: at, isFinal: true) {
            case .record(let next):
                at = next
                if needsHeader {
                    header = scanner.takeFields()
                    needsHeader = false
                    if options.rejectDuplicateHeaders {
                        try checkDuplicates(header, line: scanner.recordLine, file: file)
                    }
                } else {
                    records.append(
                        CSVRecord(fields: scanner.takeFields(), line: scanner.recordLine, number: records.count + 1))
                }
            case .blank(let next):
                at = next
            case .needMore, .end:
                break loop
            }
        }
        if needsHeader {
            throw CSVError(
                kind: .empty, file: file, line: nil,
                message: "file has no header line (it is empty or holds only blank lines); check the download")
        }
        return CSVTable(header: header, records: records, delimiter: delimiter, hadBOM: hadBOM, encoding: encoding)
    }

    /// Whether `bytes` start with the UTF-8 byte order mark `EF BB BF` (Unicode §23.8).
    static func hasBOM(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// The encoding to read with: as declared; UTF-8 after a BOM; else UTF-8 when `isValidUTF8()`, else
    /// Windows-1252.
    static func resolveEncoding(
        _ declared: TextEncodingName?, hadBOM: Bool, file: String, isValidUTF8: () throws(CSVError) -> Bool
    ) throws(CSVError) -> TextEncodingName {
        if let declared { return declared }
        if hadBOM { return .utf8 }
        return try isValidUTF8() ? .utf8 : .windows1252
    }

    /// The declared delimiter after checking it, or the detected one.
    static func resolveDelimiter(_ declared: UInt8?, window: UnsafeBufferPointer<UInt8>, file: String)
        throws(CSVError) -> UInt8
    {
        guard let declared else {
            return detectDelimiter(UnsafeBufferPointer(rebasing: window[..<min(window.count, detectionWindow)]))
        }
        if declared == UInt8(ascii: "\"") || declared == 0x0A || declared == 0x0D {
            throw CSVError(
                kind: .invalidOptions, file: file, line: nil,
                message: "delimiter byte 0x\(String(declared, radix: 16)) cannot separate fields (it is \", CR or "
                    + "LF); declare `,`, `;` or tab")
        }
        return declared
    }

    /// Rejects two header names that are equal after trimming and case-folding (KNOWN-FAULTS B21).
    static func checkDuplicates(_ header: [String], line: Int, file: String) throws(CSVError) {
        var seen: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let key = CSVTable.headerKey(name)
            if let first = seen[key] {
                throw CSVError(
                    kind: .duplicateHeader, file: file, line: line,
                    message:
                        "duplicate column \"\(key)\" at positions \(first + 1) and \(i + 1); rename one (names are "
                        + "compared trimmed and case-insensitively)")
            }
            seen[key] = i
        }
    }

    /// Picks `;`, `,` or tab from the first line that has any of them outside quotes.
    ///
    /// A `"` opens a quoted part only at the start of a line or right after one of the three candidates, and
    /// `""` inside it stays inside, so a header whose only `;` sits in quotes (`"a;b",c`) is comma-separated.
    /// Lines with none of the three (a StatLine metadata section title like `"TableInfos"`) are passed over, up
    /// to 20 lines. Tab wins when it is strictly the most frequent, then `;` when it beats `,`; `,` otherwise and
    /// when nothing is found (RFC 4180's default).
    package static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let quote = UInt8(ascii: "\"")
        var commas = 0
        var semicolons = 0
        var tabs = 0
        var inQuotes = false
        var atFieldStart = true
        var lines = 0
        var i = 0
        let n = bytes.count
        func decide() -> UInt8? {
            if commas == 0 && semicolons == 0 && tabs == 0 { return nil }
            if tabs > semicolons && tabs > commas { return UInt8(ascii: "\t") }
            return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
        }
        while i < n {
            let b = bytes[i]
            i += 1
            if inQuotes {
                if b == quote {
                    if i < n && bytes[i] == quote { i += 1 } else { inQuotes = false }
                }
                continue
            }
            switch b {
            case quote:
                if atFieldStart { inQuotes = true }
                atFieldStart = false
            case UInt8(ascii: ","):
                commas += 1
                atFieldStart = true
            case UInt8(ascii: ";"):
                semicolons += 1
                atFieldStart = true
            case UInt8(ascii: "\t"):
                tabs += 1
                atFieldStart = true
            case 0x0A, 0x0D:
                if let d = decide() { return d }
                lines += 1
                if lines >= 20 { return UInt8(ascii: ",") }
                atFieldStart = true
            default:
                atFieldStart = false
            }
        }
        return decide() ?? UInt8(ascii: ",")
    }

    /// ``detectDelimiter(_:)-(UnsafeBufferPointer<UInt8>)`` over an array.
    package static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
        bytes.withUnsafeBufferPointer { detectDelimiter($0) }
    }
}
