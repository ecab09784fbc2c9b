import Foundation
import ImpactModel

extension ObservationStore {
    /// Reads a file written by ``Writer``: every observation, in the order appended.
    ///
    /// The file is memory-mapped; each distinct string of a segment becomes one `String`, shared by the rows that
    /// use it, so an observation is built once, from integers, without parsing text.
    /// - Throws: ``ImpactError`` `.dataInvalid` naming the file and what is wrong with it (not an observation store,
    ///   another format version, truncated, a segment whose checksum does not match, a code outside its dictionary,
    ///   an impossible date) and telling to rerun `impactmon normalize`; `.failure` when it cannot be read.
    package static func read(_ url: URL) throws(ImpactError) -> [Observation] {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw ImpactError(
                .failure, "cannot read \(url.path): \(SystemErrorText.describe(error)); run impactmon normalize first")
        }
        let result = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Result<[Observation], ImpactError> in
            Result { () throws(ImpactError) -> [Observation] in try Parser(bytes: raw, path: url.path).observations() }
        }
        return try result.get()
    }

    /// The observations of a file as the CSV of `observations.csv` (``Observation/csvHeader``), for people
    /// (`impactmon observations <file>`); never on the pipeline's path.
    /// - Throws: as ``read(_:)``.
    package static func csvRows(_ url: URL) throws(ImpactError) -> [[String]] {
        [Observation.csvHeader] + (try read(url)).map(\.csvFields)
    }

    /// Walks the bytes of one file, checking every length against what is there.
    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        let path: String

        func fail(_ what: String) -> ImpactError {
            ImpactError(
                .dataInvalid, "\(path): \(what); the observation store is damaged: rerun impactmon normalize",
                code: "data.observation_store")
        }

        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }

        func observations() throws(ImpactError) -> [Observation] {
            let size = bytes.count
            guard size >= ObservationStore.headerSize,
                Array(bytes[0..<ObservationStore.magic.count]) == ObservationStore.magic
            else {
                throw ImpactError(
                    .dataInvalid,
                    "\(path): not an ImpactMonitor observation store (no IMOBS header); rerun impactmon normalize",
                    code: "data.observation_store")
            }
            let version = u32(8)
            guard version == ObservationStore.version else {
                throw ImpactError(
                    .dataInvalid,
                    "\(path): observation store format version \(version); this impactmon reads version \(ObservationStore.version): rerun impactmon normalize with this version",
                    code: "data.observation_store")
            }
            var out: [Observation] = []
            var at = ObservationStore.headerSize
            var segment = 0
            var sums: [UInt8] = []
            while true {
                guard at + 4 <= size else {
                    throw fail("truncated at byte \(size): the trailer is missing after \(segment) segment(s)")
                }
                let tag = u32(at)
                if tag == ObservationStore.trailerTag {
                    guard at + ObservationStore.trailerSize == size else {
                        throw fail(
                            size < at + ObservationStore.trailerSize
                                ? "truncated at byte \(size): the trailer is incomplete"
                                : "\(size - at - ObservationStore.trailerSize) bytes after the trailer")
                    }
                    let segments = Int(u32(at + 4))
                    let rows = Int(u64(at + 8))
                    let sum = sums.withUnsafeBytes { ObservationStore.checksum($0) }
                    guard segments == segment, rows == out.count, sum == u64(at + 16) else {
                        throw fail(
                            "the trailer records \(segments) segment(s) and \(rows) observation(s), the file holds \(segment) and \(out.count)"
                                + (segments == segment && rows == out.count ? " with other checksums" : ""))
                    }
                    return out
                }
                guard tag == ObservationStore.segmentTag else {
                    throw fail("byte \(at): segment \(segment + 1) does not start with SEG1")
                }
                guard at + ObservationStore.segmentHeaderSize <= size else {
                    throw fail("truncated at byte \(size): segment \(segment + 1)'s header is incomplete")
                }
                let n = Int(u32(at + 4))
                let length = u64(at + 8)
                let expected = u64(at + 16)
                let start = at + ObservationStore.segmentHeaderSize
                guard length <= UInt64(size - start) else {
                    throw fail(
                        "truncated at byte \(size): segment \(segment + 1) needs \(length) bytes from byte \(start)")
                }
                let payload = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(length))])
                guard ObservationStore.checksum(payload) == expected else {
                    throw fail("segment \(segment + 1) (bytes \(start)–\(start + Int(length))) fails its checksum")
                }
                try decode(payload, rows: n, segment: segment + 1, into: &out)
                withUnsafeBytes(of: expected.littleEndian) { sums.append(contentsOf: $0) }
                segment += 1
                at = start + Int(length)
            }
        }

        /// Decodes one segment's payload (already checksummed; lengths still checked).
        func decode(_ p: UnsafeRawBufferPointer, rows n: Int, segment: Int, into out: inout [Observation])
            throws(ImpactError)
        {
            func word(_ at: Int) -> UInt32 {
                UInt32(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            }
            guard p.count >= 8 else { throw fail("segment \(segment) is too short for its dictionary") }
            let count = Int(word(0))
            let offsetsEnd = 4 + (count + 1) * 4
            guard count < p.count, offsetsEnd <= p.count else {
                throw fail("segment \(segment)'s dictionary of \(count) strings does not fit")
            }
            let textStart = offsetsEnd
            let textLength = Int(word(4 + count * 4))
            var columnsStart = textStart + textLength
            columnsStart += (4 - columnsStart % 4) % 4
            let columns = ObservationStore.stringColumns.count
            let needed = columnsStart + n * (columns * 4 + 4 + 4 + 8 + 1)
            guard textLength <= p.count, needed == p.count else {
                throw fail("segment \(segment): \(p.count) bytes where \(n) observations take \(needed)")
            }
            var strings: [String] = []
            strings.reserveCapacity(count)
            var previous = 0
            for k in 0..<count {
                let end = Int(word(4 + (k + 1) * 4))
                guard end >= previous, end <= textLength else {
                    throw fail("segment \(segment): string \(k) of the dictionary lies outside it")
                }
                let slice = UnsafeRawBufferPointer(rebasing: p[(textStart + previous)..<(textStart + end)])
                strings.append(String(decoding: slice, as: UTF8.self))
                previous = end
            }
            // Enum columns: decoded once per dictionary entry.
            let statusOf: [ValueStatus?] = strings.map { ValueStatus(rawValue: $0) }
            let attributeOf: [ValueAttribute?] = strings.map { ValueAttribute(rawValue: $0) }
            let codesAt = columnsStart
            let startsAt = codesAt + columns * n * 4
            let endsAt = startsAt + n * 4
            let valuesAt = endsAt + n * 4
            let presentAt = valuesAt + n * 8
            func string(_ column: Int, _ row: Int) throws(ImpactError) -> Int {
                let c = Int(word(codesAt + (column * n + row) * 4))
                guard c < count else {
                    throw fail(
                        "segment \(segment), observation \(row + 1): \(ObservationStore.stringColumns[column]) code \(c) outside the dictionary of \(count)"
                    )
                }
                return c
            }
            func date(_ at: Int, _ row: Int, _ name: String) throws(ImpactError) -> CivilDate {
                let v = Int(Int32(bitPattern: word(at + row * 4)))
                do { return try CivilDate(year: v / 10_000, month: v / 100 % 100, day: v % 100) } catch {
                    throw fail("segment \(segment), observation \(row + 1): \(name) \(v) is not a date")
                }
            }
            out.reserveCapacity(out.count + n)
            for r in 0..<n {
                let status = try string(8, r)
                let attribute = try string(9, r)
                guard let valueStatus = statusOf[status], let valueAttribute = attributeOf[attribute] else {
                    throw fail("segment \(segment), observation \(r + 1): value_status or value_attribute unknown")
                }
                let present = p[presentAt + r] != 0
                let bits = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: valuesAt + r * 8, as: UInt64.self))
                out.append(
                    Observation(
                        sourceID: strings[try string(0, r)], dataset: strings[try string(1, r)],
                        measure: strings[try string(2, r)], measureLabel: strings[try string(3, r)],
                        unit: strings[try string(4, r)], regio: strings[try string(5, r)],
                        kvkNumber: strings[try string(6, r)], periodCode: strings[try string(7, r)],
                        periodStart: try date(startsAt, r, "period_start"),
                        periodEnd: try date(endsAt, r, "period_end"),
                        value: present ? Double(bitPattern: bits) : nil, valueStatus: valueStatus,
                        valueAttribute: valueAttribute, sourceRowID: strings[try string(10, r)],
                        dimensions: strings[try string(11, r)]))
            }
        }
    }
}
