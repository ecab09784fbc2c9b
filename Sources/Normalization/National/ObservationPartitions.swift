import Foundation
import ImpactModel
import ObservationStore

/// The canonical observations of a national run, one ``ObservationStore`` file per municipality:
/// `normalize/observations/<GM>.imobs` (binary and columnar; `impactmon observations <file>` shows one as CSV).
///
/// Written in batches (one source file's observations at a time), each batch a segment appended to its
/// municipality's file, so the stage never holds more than one source file's observations. ``finish()`` closes every
/// file (its trailer, then the rename from `.partial`); the compute stage reads one municipality at a time, so its
/// memory is bounded by the largest municipalities it computes at once.
package struct ObservationPartitions: ~Copyable {
    /// The folder (`normalize/observations/` of the staging folder).
    package let folder: URL
    /// Observations written per municipality (gemeentecode) and per source id.
    package private(set) var perPartition: [String: Int] = [:]
    package private(set) var perSource: [String: Int] = [:]
    private var writers: [String: ObservationStore.Writer] = [:]

    /// Creates the folder.
    /// - Throws: ``ImpactError`` `.failure` naming the folder.
    package init(folder: URL) throws(ImpactError) {
        self.folder = folder
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ImpactError(.failure, "cannot create \(folder.path): \(SystemErrorText.describe(error))")
        }
    }

    /// The file of municipality `code`.
    package static func file(_ code: String, in folder: URL) -> URL { ObservationStore.file(code, in: folder) }

    /// The municipalities with a file in `folder`, sorted by code.
    package static func partitions(in folder: URL) -> [String] { ObservationStore.partitions(in: folder) }

    /// Appends `observations` to the file of municipality `code`.
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
        var writer: ObservationStore.Writer
        if let open = writers[code] {
            writer = open
        } else {
            writer = try ObservationStore.Writer(url: Self.file(code, in: folder))
        }
        try writer.append(observations, at: positions)
        writers[code] = writer
        // Counted per run of one source (a batch is one source's file), not with a hash lookup per observation.
        var source: String?
        var run = 0
        for i in positions {
            if observations[i].sourceID != source {
                if let source { perSource[source, default: 0] += run }
                source = observations[i].sourceID
                run = 0
            }
            run += 1
        }
        if let source { perSource[source, default: 0] += run }
        perPartition[code, default: 0] += positions.count
    }

    /// Appends a segment encoded beforehand (``ObservationStore/Segment``) to the file of municipality `code`; its
    /// observations are counted per source by ``count(_:)``.
    /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written.
    package mutating func append(_ segment: ObservationStore.Segment, to code: String) throws(ImpactError) {
        var writer: ObservationStore.Writer
        if let open = writers[code] {
            writer = open
        } else {
            writer = try ObservationStore.Writer(url: Self.file(code, in: folder))
        }
        try writer.append(segment)
        writers[code] = writer
        perPartition[code, default: 0] += segment.rows
    }

    /// Adds observations per source id to ``perSource`` (for segments appended with ``append(_:to:)``).
    package mutating func count(_ perSource: [String: Int]) {
        for (source, n) in perSource { self.perSource[source, default: 0] += n }
    }

    /// Completes every municipality's file (trailer, rename): call once, after the last batch.
    /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written.
    package mutating func finish() throws(ImpactError) {
        for code in writers.keys.sorted() { try writers[code]?.finish() }
        writers = [:]
    }
}

extension ObservationPartitions {
    /// The observations of one municipality's file as the CSV of `observations.csv` (``Observation/csvHeader``,
    /// machine profile): the bytes the national run wrote to `normalize/observations/<GM>.csv` before the binary
    /// store. For people (`impactmon observations <file>`) and for tests comparing the two paths; never on the
    /// pipeline's path.
    /// - Throws: as ``ObservationStore/read(_:)``.
    package static func csv(of url: URL) throws(ImpactError) -> [UInt8] {
        let observations = try ObservationStore.read(url)
        var encoder = ObservationCSVEncoder(profile: .machine)
        var out: [UInt8] = []
        encoder.profile.appendRecord(Observation.csvHeader, to: &out)
        for o in observations { encoder.append(o, to: &out) }
        return out
    }
}
