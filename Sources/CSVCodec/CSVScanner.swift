/// The byte-level record scanner shared by ``CSVReader/read(_:file:options:)`` and ``CSVFileReader``.
///
/// It scans one record at a time from a buffer that may end mid-record: with `isFinal == false` it answers
/// ``Step/needMore`` instead of guessing, the caller appends bytes and calls again from the same offset, and the
/// record is scanned again whole. Nothing is committed (line counter, fields) until a record is complete.
///
/// Grammar: RFC 4180 §2, with these relaxations, each the behaviour of Python's `csv.reader` with its default
/// `strict=False` (checked by the differential test):
/// - any one-byte delimiter; CRLF, LF or a lone CR ends a record; the last record needs no line break;
/// - a `"` opens a quoted field only as the field's first byte; a `"` inside an unquoted field is data (`ab"c`);
/// - text after a closing quote is appended to the field up to the next delimiter or line end (`"ab"c` → `abc`);
///   quotes in that text are data.
/// Deliberate differences from Python, both so that no data disappears silently:
/// - a blank line (nothing between two line ends) is skipped, not a record with no fields (Python yields `[]`);
/// - a quoted field still open at the end of the input is an error naming the line where its quote opened
///   (Python returns the rest of the file as one field).
struct CSVScanner {
    /// What one call found.
    enum Step: Equatable {
        /// A record, now in ``fields``/``recordLine``; scanning continues at the offset.
        case record(next: Int)
        /// A blank line; scanning continues at the offset.
        case blank(next: Int)
        /// The buffer ends inside the record; call again with more bytes from the same offset.
        case needMore
        /// The input is exhausted.
        case end
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    let delimiter: UInt8
    let encoding: TextEncodingName
    let file: String
    /// Whether every byte is already known to be valid UTF-8 (the whole input was checked to pick the encoding),
    /// so fields need no second check.
    let prevalidated: Bool
    /// The longest record, in bytes, before ``CSVError/Kind/recordTooLong``.
    let maxRecordBytes: Int
    /// The 1-based physical line of the next unscanned byte.
    var line: Int
    /// The line on which the last returned record starts.
    private(set) var recordLine: Int = 1
    /// The fields of the last returned record.
    private(set) var fields: [String] = []
    /// Records to pass over: when field `column` (0-based) of a record equals `value`, the fields after it are
    /// scanned (quotes, line ends, UTF-8 checks and errors exactly as for any record) but not turned into Strings,
    /// and ``recordSkipped`` is set. `nil` (the default) skips nothing.
    var skip: (column: Int, value: String)?
    /// Whether the last returned record matched ``skip``; its ``fields`` are then incomplete.
    private(set) var recordSkipped = false
    private var scratch: [UInt8] = []

    init(
        delimiter: UInt8, encoding: TextEncodingName, file: String, prevalidated: Bool = false,
        maxRecordBytes: Int = CSVReadOptions.defaultMaxRecordBytes, line: Int = 1
    ) {
        self.maxRecordBytes = max(maxRecordBytes, 1)
        self.delimiter = delimiter
        self.encoding = encoding
        self.file = file
        self.prevalidated = prevalidated
        self.line = line
    }

    /// Hands over the fields of the last record, leaving an empty array with room for as many.
    mutating func takeFields() -> [String] {
        let taken = fields
        fields = []
        fields.reserveCapacity(taken.count)
        return taken
    }

    /// Scans the record that starts at `start`.
    /// - Throws: ``CSVError`` ``CSVError/Kind/unterminatedQuote`` when `isFinal` and a quoted field never closes;
    ///   ``CSVError/Kind/recordTooLong`` when the record does not end within ``maxRecordBytes``;
    ///   ``CSVError/Kind/invalidEncoding`` for bytes that are not UTF-8 when UTF-8 is the encoding.
    mutating func step(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool) throws(CSVError) -> Step {
        // A record may not be longer than maxRecordBytes: scan at most that much of it, and if that is not
        // enough to finish it, stop with an error instead of growing the buffer (or one field) without bound.
        let hardEnd = start + maxRecordBytes
        guard buf.count > hardEnd else { return try scan(buf, from: start, isFinal: isFinal) }
        let step = try scan(UnsafeBufferPointer(rebasing: buf[..<hardEnd]), from: start, isFinal: false)
        guard step == .needMore else { return step }
        throw CSVError(
            kind: .recordTooLong, file: file, line: line,
            message:
                "the record starting on line \(line) runs past \(maxRecordBytes) bytes without ending; a quote "
                + "opened in it is probably never closed (or raise CSVReadOptions.maxRecordBytes)")
    }

    private mutating func scan(_ buf: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool) throws(CSVError)
        -> Step
    {
        let n = buf.count
        let quote = Self.quote
        let cr = Self.cr
        let lf = Self.lf
        let delimiter = self.delimiter
        var i = start
        guard i < n else { return isFinal ? .end : .needMore }
        let first = buf[i]
        if first == lf {
            line += 1
            return .blank(next: i + 1)
        }
        if first == cr {
            if i + 1 < n {
                line += 1
                return .blank(next: buf[i + 1] == lf ? i + 2 : i + 1)
            }
            if !isFinal { return .needMore }
            line += 1
            return .blank(next: i + 1)
        }
        fields.removeAll(keepingCapacity: true)
        var skipping = false
        let startLine = line
        var ln = line
        while true {
            if i < n && buf[i] == quote {
                let quoteLine = ln
                i += 1
                var segment = i
                var usesScratch = false
                scratch.removeAll(keepingCapacity: true)
                while true {
                    while i < n {
                        let c = buf[i]
                        if c == quote { break }
                        if c == lf {
                            ln += 1
                        } else if c == cr {
                            if i + 1 < n {
                                if buf[i + 1] != lf { ln += 1 }
                            } else if !isFinal {
                                return .needMore
                            } else {
                                ln += 1
                            }
                        }
                        i += 1
                    }
                    if i == n {
                        if !isFinal { return .needMore }
                        throw CSVError(
                            kind: .unterminatedQuote, file: file, line: quoteLine,
                            message:
                                "field \(fields.count + 1) of the record starting on line \(startLine) opens a quote "
                                + "on line \(quoteLine) that is never closed; the file may be truncated, or a \" "
                                + "inside a quoted field is not doubled (write it as \"\")")
                    }
                    if i + 1 < n {
                        if buf[i + 1] == quote {  // "" inside quotes is one "
                            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[segment...i]))
                            usesScratch = true
                            i += 2
                            segment = i
                            continue
                        }
                    } else if !isFinal {
                        return .needMore
                    }
                    break
                }
                let closing = i
                i += 1
                var tailEnd = i
                while tailEnd < n {
                    let c = buf[tailEnd]
                    if c == delimiter || c == cr || c == lf { break }
                    tailEnd += 1
                }
                if tailEnd == n && !isFinal { return .needMore }
                if usesScratch || tailEnd > i {
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[segment..<closing]))
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<tailEnd]))
                    let field = try scratch.withUnsafeBufferPointer { bytes throws(CSVError) in
                        try decode(bytes, line: startLine)
                    }
                    fields.append(field)
                } else {
                    try emit(
                        UnsafeBufferPointer(rebasing: buf[segment..<closing]), line: startLine, skipping: &skipping)
                }
                i = tailEnd
            } else {
                var j = i
                while j < n {
                    let c = buf[j]
                    if c == delimiter || c == cr || c == lf { break }
                    j += 1
                }
                if j == n && !isFinal { return .needMore }
                try emit(UnsafeBufferPointer(rebasing: buf[i..<j]), line: startLine, skipping: &skipping)
                i = j
            }
            if i == n {  // only reached when isFinal: the last record has no line break
                line = ln
                recordLine = startLine
                recordSkipped = skipping
                return .record(next: i)
            }
            let c = buf[i]
            if c == delimiter {
                i += 1
                continue
            }
            if c == cr {
                if i + 1 < n {
                    i += buf[i + 1] == lf ? 2 : 1
                } else if !isFinal {
                    return .needMore
                } else {
                    i += 1
                }
            } else {
                i += 1
            }
            line = ln + 1
            recordLine = startLine
            recordSkipped = skipping
            return .record(next: i)
        }
    }

    /// Appends the field held in `bytes`, or, once the record matched ``skip`` (`skipping`), checks its bytes
    /// and appends an empty placeholder (so field numbers in error messages stay right).
    private mutating func emit(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, skipping: inout Bool) throws(CSVError) {
        if skipping {
            if encoding == .utf8 && !prevalidated && !UTF8Validation.isValid(bytes) {
                _ = try decode(bytes, line: line)  // throws the error naming the field
            }
            fields.append("")
            return
        }
        let field = try decode(bytes, line: line)
        if let skip, fields.count == skip.column, field == skip.value { skipping = true }
        fields.append(field)
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(CSVError) -> String {
        switch encoding {
        case .windows1252:
            return Windows1252.decode(bytes)
        case .utf8:
            // String(validating:as:) is not specialised here and costs a generic metadata lookup per field;
            // the module's own RFC 3629 check is, and String(decoding:) then takes its UTF-8 fast path.
            if prevalidated || UTF8Validation.isValid(bytes) { return String(decoding: bytes, as: UTF8.self) }
            var offset = 0
            if case .invalid(let at) = UTF8Validation.check(bytes) { offset = at }
            if case .incomplete(let at) = UTF8Validation.check(bytes) { offset = at }
            let shown = bytes[offset..<min(bytes.count, offset + 4)].map { String($0, radix: 16, uppercase: true) }
            throw CSVError(
                kind: .invalidEncoding, file: file, line: line,
                message:
                    "field \(fields.count + 1) of the record starting on line \(line) holds bytes that are not "
                    + "valid UTF-8 (\(shown.joined(separator: " ")) at byte \(offset + 1) of the field); re-save "
                    + "the file as UTF-8, or declare its encoding as windows-1252")
        }
    }
}
