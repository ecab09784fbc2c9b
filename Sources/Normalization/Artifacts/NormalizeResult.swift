import CSVCodec
import Foundation
import ImpactModel
import RunArtifacts

/// The output of the normalize stage, in memory; ``write(to:)`` puts it in `normalize/`.
package struct NormalizeResult: Sendable {
    /// Canonical observations (`observations.csv`).
    package var observations: [Observation]
    /// The registry as used: validated, herindeling applied, KvK data merged (`enterprises.csv`).
    package var enterprises: [Enterprise]
    /// Every record tied to a registry enterprise that produced output (`matches.csv`).
    package var matches: [Match]
    /// Near-misses for a person to decide (`review.csv`).
    package var reviews: [ReviewItem]
    /// Every record not used, with the reason (`rejects.csv`).
    package var rejects: [Reject]
    /// One entry per source (`ledger.json`).
    package var ledger: [LedgerEntry]
    /// Every note, warning and error of the stage, for the run summary.
    package var diagnostics: [Diagnostic]
    /// Registry records of a split municipality without a known successor (KNOWN-FAULTS B10).
    package var unresolvedHerindeling: [Diagnostic]
    /// Observations per source written elsewhere (the national stage streams them into `observations/<GM>.csv`);
    /// when set, ``observations`` is empty, `observations.csv` is not written and the ledger is checked against these.
    package var externalObservationCounts: [String: Int]? = nil

    /// Creates a result from its parts.
    package init(
        observations: [Observation], enterprises: [Enterprise], matches: [Match], reviews: [ReviewItem],
        rejects: [Reject], ledger: [LedgerEntry], diagnostics: [Diagnostic], unresolvedHerindeling: [Diagnostic]
    ) {
        self.observations = observations
        self.enterprises = enterprises
        self.matches = matches
        self.reviews = reviews
        self.rejects = rejects
        self.ledger = ledger
        self.diagnostics = diagnostics
        self.unresolvedHerindeling = unresolvedHerindeling
    }

    /// One line per source with rejected records, for the run summary: `source impact-returns: 3 record(s)
    /// rejected (kvk.not_in_registry 1, kvk.scientific_notation 2); see normalize/rejects.csv`.
    package var rejectSummaries: [String] {
        var bySource: [String: [String: Int]] = [:]
        for r in rejects { bySource[r.sourceID, default: [:]][r.reason, default: 0] += 1 }
        return bySource.sorted { $0.key < $1.key }.map { source, reasons in
            let total = reasons.values.reduce(0, +)
            let list = reasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "source \(source): \(total) record(s) rejected (\(list)); see \(RunFile.rejects)"
        }
    }

    /// The file names written by ``write(to:)``.
    package static let fileNames = [
        RunFile.observations, .enterprises, .matches, .review, .rejects, .ledger,
    ].map(\.name)

    /// Sorts every list into a fixed order, so the same inputs give byte-identical files.
    mutating func sortRows() {
        observations = Self.sorted(observations, by: \.csvFields)
        matches.sort { ($0.sourceID, $0.sourceRowID) < ($1.sourceID, $1.sourceRowID) }
        reviews = Self.sorted(reviews, by: \.csvFields)
        rejects = Self.sorted(rejects, by: \.csvFields)
    }

    /// Sorts by a key computed once per element (the CSV fields), not once per comparison.
    private static func sorted<T>(_ items: [T], by key: (T) -> [String]) -> [T] {
        items.map { (key($0), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
    }

    /// Checks row conservation: every entry balances and its `rejected` equals the source's rows in rejects.csv.
    /// - Throws: ``ImpactError`` `.dataInvalid` naming the source and its counts.
    package func checkLedger() throws(ImpactError) {
        var rejectsPerSource: [String: Int] = [:]
        for r in rejects { rejectsPerSource[r.sourceID, default: 0] += 1 }
        var observationsPerSource: [String: Int] = externalObservationCounts ?? [:]
        for o in observations { observationsPerSource[o.sourceID, default: 0] += 1 }
        for e in ledger {
            guard e.balances, e.recordsIn >= 0, e.recordsOut >= 0, e.rejected >= 0, e.filtered >= 0, e.merged >= 0
            else {
                throw ImpactError(
                    .dataInvalid,
                    "ledger of source \(e.sourceID) does not balance: records_in \(e.recordsIn) ≠ records_out \(e.recordsOut) + rejected \(e.rejected) + filtered \(e.filtered) + merged \(e.merged)"
                        + (e.cellsBalance
                            ? ""
                            : ", or cells_in \(e.cellsIn) ≠ cells_out \(e.cellsOut) + cells_rejected \(e.cellsRejected)")
                        + "; nothing was written (this is a bug in the normalize stage: please report it with the input files)"
                )
            }
            let listed = rejectsPerSource[e.sourceID] ?? 0
            guard listed == e.rejectLines else {
                throw ImpactError(
                    .dataInvalid,
                    "ledger of source \(e.sourceID) counts \(e.rejected) rejected records and \(e.cellsRejected) rejected cells but \(RunFile.rejects.name) lists \(listed); nothing was written"
                )
            }
            let produced = observationsPerSource[e.sourceID] ?? 0
            guard produced == e.observations else {
                throw ImpactError(
                    .dataInvalid,
                    "ledger of source \(e.sourceID) counts \(e.observations) observations but \(RunFile.observations.name) has \(produced); nothing was written"
                )
            }
        }
        let known = Set(ledger.map(\.sourceID))
        for id in Set(rejectsPerSource.keys).union(observationsPerSource.keys) where !known.contains(id) {
            throw ImpactError(
                .dataInvalid, "source \(id) has rows in the output but no ledger entry; nothing was written")
        }
    }

    /// The bytes of each file, by name (machine CSV profile; ledger as pretty JSON with sorted keys).
    /// - Throws: ``ImpactError`` `.dataInvalid` when the ledger does not balance.
    package func files() throws(ImpactError) -> [(name: String, data: Data)] {
        var out: [(name: String, data: Data)] = []
        for f in try fileBuilders() { out.append((f.name, try f.build())) }
        return out
    }

    /// The files by name, each built when asked for, so ``write(to:)`` holds one file's bytes at a time (at national
    /// scale `matches.csv` alone is 9 MB, and its rows as arrays of fields three times that).
    /// - Throws: ``ImpactError`` `.dataInvalid` when the ledger does not balance.
    private func fileBuilders() throws(ImpactError) -> [(name: String, build: () throws(ImpactError) -> Data)] {
        try checkLedger()
        func csv<S: Sequence<[String]>>(_ header: [String], _ rows: S) -> Data {
            var w = CSVWriter(profile: .machine)
            w.write(header)
            w.write(rows: rows)
            return w.data
        }
        let ledger = self.ledger
        let observationFiles: [(name: String, build: () throws(ImpactError) -> Data)] =
            externalObservationCounts == nil
            ? [(RunFile.observations.name, { csv(Observation.csvHeader, observations.lazy.map(\.csvFields)) })] : []
        let identities = enterprises.flatMap(\.identities)
        let identityFiles: [(name: String, build: () throws(ImpactError) -> Data)] =
            identities.isEmpty
            ? [] : [(RunFile.identities.name, { csv(IdentityRow.csvHeader, identities.lazy.map(\.csvFields)) })]
        return observationFiles + [
            (RunFile.enterprises.name, { csv(Enterprise.csvHeader, enterprises.lazy.map(\.csvFields)) }),
            (RunFile.matches.name, { csv(Match.csvHeader, matches.lazy.map(\.csvFields)) }),
            (RunFile.review.name, { csv(ReviewItem.csvHeader, reviews.lazy.map(\.csvFields)) }),
            (RunFile.rejects.name, { csv(Reject.csvHeader, rejects.lazy.map(\.csvFields)) }),
            (
                RunFile.ledger.name,
                { () throws(ImpactError) -> Data in
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    do {
                        return try encoder.encode(ledger.sorted { $0.sourceID < $1.sourceID }) + Data("\n".utf8)
                    } catch {
                        throw ImpactError(
                            .failure, "cannot encode \(RunFile.ledger.name): \(SystemErrorText.describe(error))")
                    }
                }
            ),
        ] + identityFiles
    }

    /// Writes the six files into `directory` (created if needed), each atomically: a temporary file in the same
    /// directory, flushed to disk, then renamed over the target (rename(2) is atomic within a file system).
    /// The ledger is checked before anything is written.
    /// - Throws: ``ImpactError`` `.dataInvalid` for an unbalanced ledger (nothing written), `.failure` for an I/O
    ///   error naming the path.
    package func write(to directory: URL) throws(ImpactError) {
        let files = try fileBuilders()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ImpactError(.failure, "cannot create \(directory.path): \(SystemErrorText.describe(error))")
        }
        for f in files { try AtomicFile.write(try f.build(), to: directory.appendingPathComponent(f.name)) }
    }
}

/// Atomic file replacement: write a temporary sibling, fsync it, rename it over the target (POSIX rename(2)).
package enum AtomicFile {
    /// - Throws: ``ImpactError`` `.failure` naming the path and the system error.
    package static func write(_ data: Data, to url: URL) throws(ImpactError) {
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            guard FileManager.default.createFile(atPath: tmp.path, contents: nil) else {
                throw ImpactError(.failure, "cannot create \(tmp.path)")
            }
            let handle = try FileHandle(forWritingTo: tmp)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch let e as ImpactError {
            throw e
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ImpactError(.failure, "cannot write \(tmp.path): \(SystemErrorText.describe(error))")
        }
        if rename(tmp.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: tmp)
            throw ImpactError(.failure, "cannot rename \(tmp.path) to \(url.path): \(String(cString: strerror(code)))")
        }
    }
}
