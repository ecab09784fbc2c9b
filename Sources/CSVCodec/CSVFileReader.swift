import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a delimited file from disk in chunks, one record at a time, in bounded memory.
///
/// Memory is one chunk buffer (1 MiB by default), grown only when a single record is longer than it, plus the
/// current record. Results are the same as ``CSVReader/read(_:file:options:)`` on the whole file: the same
/// detection (BOM, encoding, delimiter from the first 64 KiB), records, line numbers and errors. When the encoding
/// is not declared and the file has no BOM, the whole file is first checked for UTF-8 in one extra sequential
/// pass (declare the encoding to skip it).
///
/// Owns its file descriptor and buffer: both are released in `deinit`.
package struct CSVFileReader: ~Copyable {
    /// The header names (empty when ``CSVReadOptions/hasHeader`` is false).
    package let header: [String]
    /// The delimiter used.
    package let delimiter: UInt8
    /// Whether a UTF-8 BOM was skipped.
    package let hadBOM: Bool
    /// The encoding the bytes are read as.
    package let encoding: TextEncodingName
    /// The file name used in messages.
    package let file: String
    /// How many data records ``next()`` has returned.
    package private(set) var recordCount = 0

    private var source: ChunkedFile
    private var scanner: CSVScanner

    /// Opens `url`, detects what is not declared, and reads the header record.
    /// - Parameters:
    ///   - url: a `file:` URL.
    ///   - options: as for ``CSVReader/read(_:file:options:)``.
    ///   - chunkSize: bytes per `read(2)`; tests use tiny values to cut records at every offset.
    /// - Throws: ``CSVError`` as ``CSVReader/read(_:file:options:)``, and ``CSVError/Kind/io`` when the file
    ///   cannot be opened or read.
    package init(url: URL, options: CSVReadOptions = CSVReadOptions(), chunkSize: Int = 1 << 20) throws(CSVError) {
        let file = url.path
        var source = try ChunkedFile(path: file, chunkSize: chunkSize)
        var window = [UInt8](repeating: 0, count: min(3 + CSVReader.detectionWindow, max(source.size, 0)))
        let got = try Self.pread(source.fd, into: &window, at: 0, file: file)
        window.removeSubrange(got...)
        let bom = window.withUnsafeBufferPointer { CSVReader.hasBOM($0) }
        let fd = source.fd
        let encoding = try CSVReader.resolveEncoding(options.encoding, hadBOM: bom, file: file) {
            () throws(CSVError) -> Bool in try Self.isValidUTF8(fd, file: file)
        }
        let delimiter = try window.withUnsafeBufferPointer { w throws(CSVError) in
            try CSVReader.resolveDelimiter(
                options.delimiter, window: UnsafeBufferPointer(rebasing: w[(bom ? 3 : 0)...]), file: file)
        }
        if bom { try source.skip(3) }
        var scanner = CSVScanner(
            delimiter: delimiter, encoding: encoding, file: file,
            prevalidated: encoding == .utf8 && options.encoding == nil && !bom,
            maxRecordBytes: options.maxRecordBytes)
        var header: [String] = []
        if options.hasHeader {
            guard let first = try source.nextRecord(&scanner) else {
                throw CSVError(
                    kind: .empty, file: file, line: nil,
                    message: "file has no header line (it is empty or holds only blank lines); check the download")
            }
            if options.rejectDuplicateHeaders {
                try CSVReader.checkDuplicates(first.fields, line: first.line, file: file)
            }
            header = first.fields
        }
        self.header = header
        self.file = file
        self.hadBOM = bom
        self.encoding = encoding
        self.delimiter = delimiter
        self.scanner = scanner
        self.source = source
    }

    /// The next data record, or `nil` at the end of the file.
    /// - Throws: ``CSVError`` for an unterminated quote at the end, invalid UTF-8, or a read error.
    package mutating func next() throws(CSVError) -> CSVRecord? {
        while let r = try source.nextRecord(&scanner) {
            recordCount += 1
            if scanner.recordSkipped && r.fields.count >= skipMinimumFields {
                skippedCount += 1
                continue
            }
            return CSVRecord(fields: r.fields, line: r.line, number: recordCount)
        }
        return nil
    }

    /// How many data records ``next()`` passed over under ``skipRecords(whereField:equals:minimumFields:)`` (they count in
    /// ``recordCount`` and in record numbers, as if returned).
    package private(set) var skippedCount = 0

    /// From now on, ``next()`` passes over every record whose field `column` (0-based) equals `value` and that
    /// has at least `minimumFields` fields; a shorter one is returned (its fields after `column` empty) so that the
    /// caller's check of the field count still reports it.
    ///
    /// Such a record is still scanned whole and checked (quotes, line numbers, UTF-8 errors are as without the
    /// filter), but the fields after `column` are not turned into Strings: a reader that drops most records (the
    /// national report drops the enterprise-level rows, ~85 % of `compute/metrics.csv`) pays little for them.
    package mutating func skipRecords(whereField column: Int, equals value: String, minimumFields: Int = 0) {
        scanner.skip = (column, value)
        skipMinimumFields = minimumFields
    }

    private var skipMinimumFields = 0

    /// Fills `region` from file offset `offset` with `pread(2)` until full or at the end; returns the bytes read.
    private static func pread(_ fd: Int32, into region: UnsafeMutableRawBufferPointer, at offset: Int, file: String)
        throws(CSVError) -> Int
    {
        guard let base = region.baseAddress else { return 0 }
        var filled = 0
        while filled < region.count {
            let got = systemPread(fd, base + filled, region.count - filled, off_t(offset + filled))
            if got < 0 {
                if errno == EINTR { continue }
                throw ioError(file, "read failed (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// ``pread(_:into:at:file:)`` into a whole array.
    private static func pread(_ fd: Int32, into bytes: inout [UInt8], at offset: Int, file: String) throws(CSVError)
        -> Int
    {
        let result: Result<Int, CSVError> = bytes.withUnsafeMutableBytes { raw in
            do throws(CSVError) {
                return .success(try pread(fd, into: raw, at: offset, file: file))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Whether the whole file is well-formed UTF-8, read in 1 MiB chunks (RFC 3629 §4).
    private static func isValidUTF8(_ fd: Int32, file: String) throws(CSVError) -> Bool {
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : 1 << 20
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(1 << 20, max(size, 0)) + 4)
        defer { chunk.deallocate() }
        var offset = 0
        var carried = 0
        while true {
            let got = try pread(
                fd, into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(chunk)[carried...]),
                at: offset, file: file)
            offset += got
            let n = carried + got
            switch UTF8Validation.check(UnsafeBufferPointer(rebasing: chunk[..<n])) {
            case .valid:
                carried = 0
            case .invalid:
                return false
            case .incomplete(let at):
                if got == 0 { return false }  // the file ends inside a sequence
                carried = n - at
                if let base = chunk.baseAddress { memmove(base, base + at, carried) }
            }
            if got == 0 { return true }
        }
    }

    private static func ioError(_ file: String, _ what: String) -> CSVError {
        CSVError(kind: .io, file: file, line: nil, message: what)
    }
}

/// An open file read through one growable buffer; owns the descriptor and the buffer.
private struct ChunkedFile: ~Copyable {
    let fd: Int32
    let path: String
    /// The file's size when opened (`fstat(2)`), used to size buffers; reading does not rely on it.
    let size: Int
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    private var atEOF = false

    init(path: String, chunkSize: Int) throws(CSVError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CSVError(
                kind: .io, file: path, line: nil,
                message: "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        var info = stat()
        let size = fstat(fd, &info) == 0 ? Int(info.st_size) : chunkSize
        self.fd = fd
        self.path = path
        self.size = size
        // A small file needs no more than its own size (+1 so the end of the file is seen in one read).
        buffer = .allocate(capacity: max(min(chunkSize, size + 1), 4))
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Moves the read position to `offset` (past a BOM).
    mutating func skip(_ offset: Int) throws(CSVError) {
        if lseek(fd, off_t(offset), SEEK_SET) < 0 {
            throw CSVError(
                kind: .io, file: path, line: nil, message: "cannot seek (\(String(cString: strerror(errno))))")
        }
    }

    /// The next record's fields and start line, or `nil` at the end; refills as the scanner asks.
    mutating func nextRecord(_ scanner: inout CSVScanner) throws(CSVError) -> (fields: [String], line: Int)? {
        while true {
            let view = UnsafeBufferPointer(rebasing: buffer[..<end])
            switch try scanner.step(view, from: start, isFinal: atEOF) {
            case .record(let next):
                start = next
                return (scanner.takeFields(), scanner.recordLine)
            case .blank(let next):
                start = next
            case .end:
                return nil
            case .needMore:
                try refill()
            }
        }
    }

    /// Moves the unscanned bytes to the front, doubles the buffer when one record fills it, and reads once.
    private mutating func refill() throws(CSVError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0, let base = buffer.baseAddress {
                memmove(base, base + start, remaining)
            }
            end = remaining
            start = 0
        }
        if end == buffer.count {
            let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
            _ = bigger.initialize(fromContentsOf: buffer)
            buffer.deallocate()
            buffer = bigger
        }
        guard let base = buffer.baseAddress else { return }
        while true {
            let got = systemRead(fd, base + end, buffer.count - end)
            if got < 0 {
                if errno == EINTR { continue }
                throw CSVError(
                    kind: .io, file: path, line: nil, message: "read failed (\(String(cString: strerror(errno))))")
            }
            if got == 0 { atEOF = true } else { end += got }
            return
        }
    }
}

/// `read(2)`, named apart from the readers' own `read` methods.
private func systemRead(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buf, count)
}

/// `pread(2)`.
private func systemPread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int {
    pread(fd, buf, count, offset)
}

extension CSVReader {
    /// Streams the data records of a file to `body`, one at a time, in bounded memory (see ``CSVFileReader``).
    /// - Parameters:
    ///   - url: a `file:` URL.
    ///   - options: as for ``read(_:file:options:)``.
    ///   - onHeader: called once with the header names before the first record (not called without a header).
    ///   - body: called per data record, in file order.
    /// - Returns: the number of data records.
    /// - Throws: ``CSVError`` as ``read(_:file:options:)`` and on I/O failure; rethrows what the closures throw.
    @discardableResult
    package static func forEachRecord(
        in url: URL, options: CSVReadOptions = CSVReadOptions(),
        onHeader: ([String]) throws -> Void = { _ in }, _ body: (CSVRecord) throws -> Void
    ) throws -> Int {
        var reader = try CSVFileReader(url: url, options: options)
        if options.hasHeader { try onHeader(reader.header) }
        while let record = try reader.next() { try body(record) }
        return reader.recordCount
    }
}
