import CSVCodec
import Foundation
import ImpactModel

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

    /// Creates the folder.
    /// - Throws: ``ImpactError`` `.failure` naming the folder.
    package init(folder: URL) throws(ImpactError) {
        self.folder = folder
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ImpactError(.failure, "cannot create \(folder.path): \(error.localizedDescription)")
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
    /// - Throws: ``ImpactError`` `.failure` naming the file when it cannot be written.
    package mutating func append(_ observations: [Observation], to code: String) throws(ImpactError) {
        guard !observations.isEmpty else { return }
        let url = Self.file(code, in: folder)
        var w = CSVWriter(profile: .machine)
        let isNew = perPartition[code] == nil
        if isNew { w.write(Observation.csvHeader) }
        for o in observations {
            w.write(o.csvFields)
            perSource[o.sourceID, default: 0] += 1
        }
        perPartition[code, default: 0] += observations.count
        do {
            if isNew {
                try w.data.write(to: url)
            } else {
                let handle = try FileHandle(forWritingTo: url)
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: w.data)
            }
        } catch {
            throw ImpactError(.failure, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
