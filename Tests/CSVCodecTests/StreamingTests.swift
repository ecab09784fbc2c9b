import Foundation
import Testing

@testable import CSVCodec

/// The streaming reader gives what `read` gives, wherever the chunks cut the bytes.
@Suite struct StreamingTests {
    static let inputs: [String] = [
        "a;b\r\n\"x\r\ny\";\"q\"\"r\"\r\n\r\n\"\"\r\nlast;\"\"",
        "\u{FEFF}kvk_nummer;naam\r\n01234567;\"Stichting \"\"Alfa\"\"\"\r\n",
        "h\n\n\r\r\n\"ab\"c,d\"e\n\"\"x,\r",
        "x,y\n\"multi\rline\rfield\",2\n3,4",
        "\"TableInfos\"\n\"ID\";\"Title\"\n\"1\";\"Een \"\"titel\"\"\nover twee regels\"\n",
        "é;ö\n€;😀\n",
    ]

    static func whole(_ url: URL, _ options: CSVReadOptions) -> Result<CSVTable, CSVError> {
        do throws(CSVError) {
            let data = (try? Data(contentsOf: url)) ?? Data()
            return .success(try CSVReader.read(data, file: url.path, options: options))
        } catch {
            return .failure(error)
        }
    }

    static func streamed(_ url: URL, _ options: CSVReadOptions, chunk: Int) -> Result<CSVTable, CSVError> {
        do throws(CSVError) {
            var r = try CSVFileReader(url: url, options: options, chunkSize: chunk)
            var records: [CSVRecord] = []
            while let rec = try r.next() { records.append(rec) }
            return .success(
                CSVTable(
                    header: r.header, records: records, delimiter: r.delimiter, hadBOM: r.hadBOM, encoding: r.encoding))
        } catch {
            return .failure(error)
        }
    }

    static func same(_ a: Result<CSVTable, CSVError>, _ b: Result<CSVTable, CSVError>) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)):
            return x.header == y.header && x.records == y.records && x.delimiter == y.delimiter
                && x.hadBOM == y.hadBOM && x.encoding == y.encoding
        case (.failure(let x), .failure(let y)): return x == y
        default: return false
        }
    }

    @Test(arguments: 0..<inputs.count)
    func everyChunkSizeGivesTheSameResult(_ index: Int) throws {
        let dir = try TempDirectory("stream")
        defer { dir.remove() }
        let bytes = Array(Self.inputs[index].utf8)
        let url = try dir.file("in.csv", bytes)
        let options = CSVReadOptions()
        let expected = Self.whole(url, options)
        #expect(throws: Never.self) { try expected.get() }
        for chunk in [1, 2, 3, 4, 5, 7, 8, 13, 64, 1 << 20] {
            #expect(Self.same(Self.streamed(url, options, chunk: chunk), expected), "chunk \(chunk)")
        }
    }

    @Test func errorsAreTheSameAsWhole() throws {
        let dir = try TempDirectory("stream-errors")
        defer { dir.remove() }
        let cases: [[UInt8]] = [
            Array("id;t\n1;\"open\n2;x\n".utf8),
            [0xEF, 0xBB, 0xBF] + Array("a\nok\nC".utf8) + [0xF6] + Array("p\n".utf8),
            Array("a;a\n".utf8), Array("\n\n".utf8),
        ]
        for (k, bytes) in cases.enumerated() {
            let url = try dir.file("e\(k).csv", bytes)
            let expected = Self.whole(url, CSVReadOptions())
            #expect(throws: CSVError.self) { try expected.get() }
            for chunk in [1, 3, 1 << 20] {
                #expect(Self.same(Self.streamed(url, CSVReadOptions(), chunk: chunk), expected), "case \(k)")
            }
        }
    }

    /// Windows-1252 bytes far beyond the 64 KiB detection window still switch the whole file to Windows-1252.
    @Test func encodingIsDecidedOverTheWholeFile() throws {
        let dir = try TempDirectory("stream-1252")
        defer { dir.remove() }
        var bytes = Array("naam;plaats\n".utf8)
        for i in 0..<100_000 { bytes += Array("Stichting \(i);Haarlem\n".utf8) }
        bytes += [0x43, 0x6F, 0xF6, 0x70, 0x3B, 0x48, 0x0A]  // "Coöp;H" in Windows-1252
        let url = try dir.file("late.csv", bytes)
        var last: CSVRecord?
        let count = try CSVReader.forEachRecord(in: url) { last = $0 }
        #expect(count == 100_001)
        #expect(last?.fields == ["Coöp", "H"])
        #expect(last?.line == 100_002)
        #expect(Self.same(Self.streamed(url, CSVReadOptions(), chunk: 4096), Self.whole(url, CSVReadOptions())))
    }

    /// A record longer than the chunk grows the buffer instead of failing.
    @Test func recordLongerThanTheBuffer() throws {
        let dir = try TempDirectory("stream-long")
        defer { dir.remove() }
        let big = String(repeating: "x\"\"y\n", count: 200_000)  // 1 MB of quoted text, 200,000 line breaks
        let url = try dir.file("long.csv", Array("h,g\n\"\(big)\",1\nend,2\n".utf8))
        var records: [CSVRecord] = []
        try CSVReader.forEachRecord(in: url) { records.append($0) }
        #expect(records.count == 2)
        #expect(records.first?.fields == [big.replacingOccurrences(of: "\"\"", with: "\""), "1"])
        #expect(records.last?.line == 2 + 200_000 + 1)
    }

    /// An unclosed quote in a big file would make one field of the whole rest: past maxRecordBytes it is an
    /// error naming the line where the record starts, in both readers, wherever the chunks cut.
    @Test func recordTooLongIsAnErrorInBothReaders() throws {
        let dir = try TempDirectory("stream-limit")
        defer { dir.remove() }
        let ok = "h\n1234567890123456\n\"12345678\n90123\"\n"  // records of 17 and 17 bytes with their line ends
        let url = try dir.file("ok.csv", Array((ok + "\"open\n" + String(repeating: "x\n", count: 40)).utf8))
        let options = CSVReadOptions(maxRecordBytes: 17)
        let whole = Self.whole(url, options)
        guard case .failure(let e) = whole else {
            Issue.record("expected recordTooLong")
            return
        }
        #expect(e.kind == .recordTooLong)
        #expect(e.line == 5)  // h, 1234567890123456, two lines of the quoted record, then "open
        #expect(e.description.hasPrefix("\(url.path):5: the record starting on line 5 runs past 17 bytes"))
        for chunk in [1, 2, 5, 16, 17, 18, 1 << 20] {
            #expect(Self.same(Self.streamed(url, options, chunk: chunk), whole), "chunk \(chunk)")
        }
        let fine = try dir.file("fine.csv", Array(ok.utf8))
        let t = Self.whole(fine, options)
        #expect((try? t.get())?.records.map(\.fields) == [["1234567890123456"], ["12345678\n90123"]])
        for chunk in [1, 3, 17] { #expect(Self.same(Self.streamed(fine, options, chunk: chunk), t)) }
    }

    @Test func missingFileIsAnIOError() {
        let error = #expect(throws: CSVError.self) {
            _ = try CSVFileReader(url: URL(fileURLWithPath: "/nonexistent/registry.csv"))
        }
        #expect(error?.kind == .io)
        #expect(error?.description.hasPrefix("/nonexistent/registry.csv: cannot open the file") == true)
    }
}

/// `CSVFileReader.skipRecords(whereField:equals:minimumFields:)` passes over matched records and nothing else.
@Suite struct SkipRecordsTests {
    static func read(_ url: URL, skip: Bool, minimumFields: Int = 0, chunk: Int = 1 << 20) throws(CSVError)
        -> (records: [CSVRecord], count: Int, skipped: Int)
    {
        var r = try CSVFileReader(url: url, options: CSVReadOptions(encoding: .utf8), chunkSize: chunk)
        if skip { r.skipRecords(whereField: 1, equals: "enterprise", minimumFields: minimumFields) }
        var out: [CSVRecord] = []
        while let rec = try r.next() { out.append(rec) }
        return (out, r.recordCount, r.skippedCount)
    }

    @Test func skippedRecordsAreTheMatchedOnes() throws {
        let dir = try TempDirectory("skip")
        defer { dir.remove() }
        let text =
            "id,level,note\n1,programme,a\n2,enterprise,\"b,\"\"c\"\"\nd\"\n3,\"enterprise\",x\n4,Enterprise,y\n5,enterprise\n6,municipality,\"z\"\n"
        let url = try dir.file("m.csv", Array(text.utf8))
        for chunk in [1, 2, 5, 1 << 20] {
            let all = try Self.read(url, skip: false, chunk: chunk)
            let kept = try Self.read(url, skip: true, chunk: chunk)
            // Records 2, 3 and 5 have level "enterprise" (quoted or not); "Enterprise" differs.
            #expect(kept.records == all.records.filter { $0.fields.count < 2 || $0.fields[1] != "enterprise" })
            #expect(kept.records.map(\.number) == [1, 4, 6])
            #expect(kept.records.map(\.line) == [2, 6, 8])
            #expect(kept.count == 6 && kept.skipped == 3 && all.count == 6)
            // With minimumFields 3 the two-field record 5 is returned for the caller's field-count check.
            let short = try Self.read(url, skip: true, minimumFields: 3, chunk: chunk)
            #expect(short.records.map(\.number) == [1, 4, 5, 6])
            #expect(short.records[2].fields == ["5", "enterprise"])
        }
    }

    @Test func anInvalidByteInASkippedRecordIsStillAnError() throws {
        let dir = try TempDirectory("skip-utf8")
        defer { dir.remove() }
        let url = try dir.file("m.csv", Array("id,level,note\n1,enterprise,ok\n2,enterprise,b".utf8) + [0xF6] + [0x0A])
        let expected: CSVError
        do {
            _ = try Self.read(url, skip: false)
            Issue.record("invalid UTF-8 must be an error")
            return
        } catch { expected = error }
        #expect(throws: expected) { try Self.read(url, skip: true) }
    }
}
