import CSVCodec
import Foundation
import ImpactModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The canonical observations of a national run, one CSV file per municipality: `normalize/observations/<GM>.csv`
/// (same columns as `observations.csv`, ``Observation/csvHeader``).
///
/// Written in batches (one source file's observations at a time) by appending to each municipality's file, so the
/// stage never holds more than one source file's observations; a file gets its header when it is created. The
/// compute stage reads one municipality at a time, so its memory is bounded by the largest municipality.
package struct ObservationPartitions: ~Copyable {
    /// The folder (`normalize/observations/` of the staging folder).
    package let folder: URL
    /// Observations written per municipality (gemeentecode) and per source id.
    package private(set) var perPartition: [String: Int] = [:]
    package private(set) var perSource: [String: Int] = [:]
    /// The bytes of the batch being written, reused from batch to batch.
    private var buffer: [UInt8] = []
    private var encoder = ObservationCSVEncoder(profile: .machine)

    /// Creates the folder.
    /// - Throws: ``ImpactError`` `.failure` naming the folder.
    package init(folder: URL) throws(ImpactError) {
        self.folder = folder
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ImpactError(.failure, "cannot create \(folder.path): \(SystemErrorText.describe(error))")
        }
    }

    /// The file of municipality `code`.
    package static func file(_ code: String, in folder: URL) -> URL {
        folder.appendingPathComponent("\(code).csv")
    }

    /// The municipalities with a file in `folder`, sorted by code.
    package static func partitions(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Appends `observations` to the file of municipality `code`.
    ///
    /// The rows are encoded into one reused buffer (``ObservationCSVEncoder``) and written with `write(2)` on a
    /// descriptor opened for appending, so a batch costs one open, one buffer and no copies into `Data`.
    /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written.
    package mutating func append(_ observations: [Observation], to code: String) throws(ImpactError) {
        try append(observations, at: observations.indices, to: code)
    }

    /// Appends `observations[i]` for each `i` of `positions`, in that order, to the file of municipality `code`
    /// (a batch picked from a larger list without copying the observations out of it).
    /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written.
    package mutating func append<P: Collection<Int>>(_ observations: [Observation], at positions: P, to code: String)
        throws(ImpactError)
    {
        guard !positions.isEmpty else { return }
        let url = Self.file(code, in: folder)
        let isNew = perPartition[code] == nil
        buffer.removeAll(keepingCapacity: true)
        if isNew { encoder.profile.appendRecord(Observation.csvHeader, to: &buffer) }
        // Counted per run of one source (a batch is one source's file), not with a hash lookup per observation.
        var source: String?
        var run = 0
        for i in positions {
            encoder.append(observations[i], to: &buffer)
            if observations[i].sourceID != source {
                if let source { perSource[source, default: 0] += run }
                source = observations[i].sourceID
                run = 0
            }
            run += 1
        }
        if let source { perSource[source, default: 0] += run }
        perPartition[code, default: 0] += positions.count
        if let reason = Self.write(buffer, to: url.path, truncating: isNew) {
            throw ImpactError(.failure, "cannot write \(url.path): \(reason); check free disk space and permissions")
        }
    }

    /// Writes `bytes` to the end of the file at `path` (created, or emptied when `truncating`); `nil` on success,
    /// else the system's reason (`strerror`).
    private static func write(_ bytes: [UInt8], to path: String, truncating: Bool) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncating ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        var failure = writeFully(fd, bytes)
        if close(fd) != 0 && failure == 0 { failure = errno }
        return failure == 0 ? nil : String(cString: strerror(failure))
    }
}
