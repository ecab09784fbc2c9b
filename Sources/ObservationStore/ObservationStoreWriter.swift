import Foundation
import ImpactModel

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

extension ObservationStore {
    /// Writes one ``ObservationStore`` file: batches of observations appended as segments, then ``finish()``.
    ///
    /// The bytes go to `<file>.partial` (created empty by ``init(url:)``), opened for appending per batch, so many
    /// municipalities' writers can be alive at once without holding a descriptor or a batch each. ``finish()``
    /// appends the trailer, flushes the file to disk and renames it to its name; call it once, as the last call.
    package struct Writer {
        /// The final file.
        package let url: URL
        private let partial: String
        private var segments: UInt32 = 0
        private var rows: UInt64 = 0
        private var checksums: [UInt64] = []

        /// Starts `url` (written as `url.partial`).
        /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be created.
        package init(url: URL) throws(ImpactError) {
            self.url = url
            partial = url.path + ".partial"
            var header = ObservationStore.magic
            Self.put(ObservationStore.version, &header)
            Self.put(UInt32(0), &header)
            if let reason = Self.write(header, to: partial, truncating: true) {
                throw ImpactError(.failure, "cannot write \(partial): \(reason); check free disk space and permissions")
            }
        }

        /// Appends `observations[i]` for each `i` of `positions`, in that order, as one segment.
        /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written, or when a segment would
        ///   exceed 4 GiB.
        package mutating func append<P: Collection<Int>>(_ observations: [Observation], at positions: P)
            throws(ImpactError)
        {
            guard !positions.isEmpty else { return }
            guard let segment = Segment(observations, at: positions) else {
                throw ImpactError(
                    .failure,
                    "\(url.path): a batch of \(positions.count) observations exceeds 4 GiB; split the source file")
            }
            try append(segment)
        }

        /// Appends a segment encoded beforehand (``Segment/init(_:at:)``, on any thread).
        /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written.
        package mutating func append(_ segment: Segment) throws(ImpactError) {
            if let reason = Self.write(segment.bytes, to: partial, truncating: false) {
                throw ImpactError(.failure, "cannot write \(partial): \(reason); check free disk space and permissions")
            }
            segments += 1
            rows += UInt64(segment.rows)
            checksums.append(segment.checksum)
        }

        /// Appends all of `observations` as one segment.
        /// - Throws: as ``append(_:at:)``.
        package mutating func append(_ observations: [Observation]) throws(ImpactError) {
            try append(observations, at: observations.indices)
        }

        /// Writes the trailer and renames `<file>.partial` to the file.
        /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written or renamed.
        package func finish() throws(ImpactError) {
            var trailer: [UInt8] = []
            Self.put(ObservationStore.trailerTag, &trailer)
            Self.put(segments, &trailer)
            Self.put(rows, &trailer)
            let sums = checksums.flatMap { s -> [UInt8] in
                var b: [UInt8] = []
                Self.put(s, &b)
                return b
            }
            Self.put(sums.withUnsafeBytes { ObservationStore.checksum($0) }, &trailer)
            if let reason = Self.write(trailer, to: partial, truncating: false, sync: true) {
                throw ImpactError(.failure, "cannot write \(partial): \(reason); check free disk space and permissions")
            }
            guard rename(partial, url.path) == 0 else {
                throw ImpactError(
                    .failure,
                    "cannot rename \(partial) to \(url.lastPathComponent): \(String(cString: strerror(errno)))")
            }
        }

        static func put<T: FixedWidthInteger>(_ v: T, _ out: inout [UInt8]) {
            withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
        }

        /// Writes `bytes` to the end of the file at `path` (created, or emptied when `truncating`; flushed to disk
        /// when `sync`); `nil` on success, else the system's reason.
        private static func write(_ bytes: [UInt8], to path: String, truncating: Bool, sync: Bool = false) -> String? {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncating ? O_TRUNC : 0), 0o644)
            guard fd >= 0 else { return String(cString: strerror(errno)) }
            var failure: Int32 = 0
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    done += n
                }
            }
            if failure == 0 && sync && fsync(fd) != 0 { failure = errno }
            if close(fd) != 0 && failure == 0 { failure = errno }
            return failure == 0 ? nil : String(cString: strerror(failure))
        }
    }
}

extension ObservationStore {
    /// One batch of observations encoded as a segment of an ``ObservationStore`` file (head and payload, checksummed):
    /// built on any thread, appended in order by ``Writer/append(_:)``, so the encoding of the next batch
    /// need not wait for the file.
    package struct Segment: Sendable {
        /// The segment's bytes as they go into the file.
        package let bytes: [UInt8]
        /// Observations in the segment.
        package let rows: Int
        /// The payload's checksum (``ObservationStore/checksum(_:)``), listed again in the file's trailer.
        let checksum: UInt64

        /// Encodes `observations[i]` for each `i` of `positions`, in that order; nil when the segment would exceed
        /// 4 GiB (the format's limit) or `positions` is empty.
        package init?<P: Collection<Int>>(_ observations: [Observation], at positions: P) {
            guard !positions.isEmpty else { return nil }
            let n = positions.count
            var dictionary = [String: UInt32](minimumCapacity: 64)
            var strings: [String] = []
            let columns = ObservationStore.stringColumns.count
            var codes = [UInt32](repeating: 0, count: columns * n)
            var starts = [Int32](repeating: 0, count: n)
            var ends = [Int32](repeating: 0, count: n)
            var values = [UInt64](repeating: 0, count: n)
            var present = [UInt8](repeating: 0, count: n)
            // The last string seen per column and its code: most columns repeat from row to row.
            var last = [String](repeating: "\u{0}", count: columns)
            var lastCode = [UInt32](repeating: 0, count: columns)
            func code(_ s: String, _ column: Int) -> UInt32 {
                if s == last[column] { return lastCode[column] }
                let c: UInt32
                if let known = dictionary[s] {
                    c = known
                } else {
                    c = UInt32(strings.count)
                    dictionary[s] = c
                    strings.append(s)
                }
                last[column] = s
                lastCode[column] = c
                return c
            }
            var row = 0
            for i in positions {
                let o = observations[i]
                codes[0 * n + row] = code(o.sourceID, 0)
                codes[1 * n + row] = code(o.dataset, 1)
                codes[2 * n + row] = code(o.measure, 2)
                codes[3 * n + row] = code(o.measureLabel, 3)
                codes[4 * n + row] = code(o.unit, 4)
                codes[5 * n + row] = code(o.regio, 5)
                codes[6 * n + row] = code(o.kvkNumber, 6)
                codes[7 * n + row] = code(o.periodCode, 7)
                codes[8 * n + row] = code(o.valueStatus.rawValue, 8)
                codes[9 * n + row] = code(o.valueAttribute.rawValue, 9)
                codes[10 * n + row] = code(o.sourceRowID, 10)
                codes[11 * n + row] = code(o.dimensions, 11)
                starts[row] = ObservationStore.packed(o.periodStart)
                ends[row] = ObservationStore.packed(o.periodEnd)
                if let v = o.value {
                    // -0.0 is written as 0, as the observation CSV did ("0"), so compute sees the same value.
                    values[row] = (v == 0 ? 0.0 : v).bitPattern
                    present[row] = 1
                }
                row += 1
            }
            // The payload.
            var buffer: [UInt8] = []
            buffer.reserveCapacity(n * 72)
            Writer.put(UInt32(strings.count), &buffer)
            var offset: UInt32 = 0
            Writer.put(offset, &buffer)
            for s in strings {
                offset &+= UInt32(truncatingIfNeeded: s.utf8.count)
                Writer.put(offset, &buffer)
            }
            for s in strings { buffer.append(contentsOf: s.utf8) }
            while buffer.count % 4 != 0 { buffer.append(0) }
            for c in codes { Writer.put(c, &buffer) }
            for s in starts { Writer.put(UInt32(bitPattern: s), &buffer) }
            for e in ends { Writer.put(UInt32(bitPattern: e), &buffer) }
            for v in values { Writer.put(v, &buffer) }
            buffer.append(contentsOf: present)
            guard buffer.count < Int(UInt32.max) else { return nil }
            let sum = buffer.withUnsafeBytes { ObservationStore.checksum($0) }
            var head: [UInt8] = []
            head.reserveCapacity(24 + buffer.count)
            Writer.put(ObservationStore.segmentTag, &head)
            Writer.put(UInt32(n), &head)
            Writer.put(UInt64(buffer.count), &head)
            Writer.put(sum, &head)
            head.append(contentsOf: buffer)
            bytes = head
            rows = n
            checksum = sum
        }
    }
}
