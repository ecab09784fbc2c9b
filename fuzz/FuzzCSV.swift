// libFuzzer target over the CSVCodec sources (built by fuzz/run.sh, not by `swift build`).
//
// For every input: read it whole (detected and declared delimiters), and check
//   1. no crash, no hang (libFuzzer -timeout), only the errors the reader documents;
//   2. records ≤ physical lines + 1 (CRLF, LF, lone CR each end a line), start lines strictly increasing and
//      within 1...lines+1;
//   3. write → read round trip: the parsed fields written with the same delimiter read back identically;
//   4. the streaming reader (file, chunk size from the input) gives the same result as the whole-file read.
// A broken invariant calls fatalError, which libFuzzer reports as a crash with the input saved.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

private let scratchPath = FileManager.default.temporaryDirectory
    .appendingPathComponent("csvfuzz-\(getpid()).csv")

private func physicalLines(_ b: UnsafeRawBufferPointer) -> Int {
    var n = 0
    var i = 0
    while i < b.count {
        if b[i] == 0x0A {
            n += 1
        } else if b[i] == 0x0D {
            n += 1
            if i + 1 < b.count && b[i + 1] == 0x0A { i += 1 }
        }
        i += 1
    }
    return n
}

private func check(_ data: Data, lines: Int, options: CSVReadOptions, chunk: Int) {
    let whole: Result<CSVTable, CSVError>
    do throws(CSVError) {
        whole = .success(try CSVReader.read(data, file: "fuzz", options: options))
    } catch {
        whole = .failure(error)
    }
    switch whole {
    case .failure(let e):
        guard [.unterminatedQuote, .invalidEncoding, .empty, .duplicateHeader, .recordTooLong].contains(e.kind), !e.message.isEmpty
        else { fatalError("unexpected error \(e)") }
    case .success(let t):
        let all = (options.hasHeader ? 1 : 0) + t.records.count
        if all > lines + 1 { fatalError("\(all) records from \(lines) lines") }
        var previous = 0
        for r in t.records {
            if r.line <= previous || r.line > lines + 1 { fatalError("bad line \(r.line) after \(previous)") }
            previous = r.line
        }
        if t.records.enumerated().contains(where: { $0.element.number != $0.offset + 1 }) { fatalError("numbering") }
        // Round trip through the writer with the delimiter that was used.
        let profile = CSVProfile(delimiter: t.delimiter, lineEnding: "\n", byteOrderMark: false, decimalSeparator: ".")
        var w = CSVWriter(profile: profile)
        let rows = t.records.map(\.fields).filter { !$0.isEmpty }
        w.write(rows: rows)
        do {
            let back = try CSVReader.read(
                w.data, file: "roundtrip",
                options: CSVReadOptions(delimiter: t.delimiter, encoding: .utf8, hasHeader: false))
            if back.records.map(\.fields) != rows { fatalError("round trip changed the fields") }
        } catch {
            fatalError("round trip failed: \(error)")
        }
    }
    // The streaming reader must agree, error for error.
    do {
        try data.write(to: scratchPath)
    } catch {
        fatalError("cannot write \(scratchPath.path): \(error)")
    }
    let streamed: Result<CSVTable, CSVError>
    do throws(CSVError) {
        var r = try CSVFileReader(url: scratchPath, options: options, chunkSize: chunk)
        var records: [CSVRecord] = []
        while let rec = try r.next() { records.append(rec) }
        streamed = .success(
            CSVTable(header: r.header, records: records, delimiter: r.delimiter, hadBOM: r.hadBOM, encoding: r.encoding)
        )
    } catch {
        streamed = .failure(CSVError(kind: error.kind, file: "fuzz", line: error.line, message: error.message))
    }
    switch (whole, streamed) {
    case (.success(let a), .success(let b)):
        if a.header != b.header || a.records != b.records || a.delimiter != b.delimiter || a.hadBOM != b.hadBOM
            || a.encoding != b.encoding
        {
            fatalError("streaming differs from the whole-file read (chunk \(chunk))")
        }
    case (.failure(let a), .failure(let b)):
        if a != b { fatalError("errors differ: \(a) vs \(b)") }
    default:
        fatalError("one reader failed, the other did not: \(whole) vs \(streamed)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let data = Data(bytes)
    let lines = physicalLines(bytes)
    let selector = count > 0 ? Int(bytes[count - 1]) : 0
    let chunk = 1 + selector % 13
    check(data, lines: lines, options: CSVReadOptions(hasHeader: selector & 0x10 != 0), chunk: chunk)
    let declared: UInt8 = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09][selector % 3]
    check(data, lines: lines, options: CSVReadOptions(delimiter: declared, hasHeader: false), chunk: 1 + selector % 5)
    return 0
}
