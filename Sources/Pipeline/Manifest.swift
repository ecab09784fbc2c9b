import Fetching
import Foundation
import ImpactModel

/// `manifest.json` of a run directory: per stage, what went in and what came out, so staleness can be decided by
/// content hashes (DESIGN.md) and any published number traced to the exact bytes it came from.
package struct Manifest: Codable, Sendable {
    /// One file as the manifest records it: its path, SHA-256 and size. Two records with equal hash and size name
    /// the same bytes; staleness compares nothing else (not the modification time).
    package struct FileHash: Codable, Sendable, Hashable {
        /// Path relative to the run directory, or to the project for config and input files.
        package var path: String
        /// SHA-256 of the file's bytes, 64 lower-case hex digits.
        package var sha256: String
        /// Size of the file in bytes.
        package var bytes: Int
    }
    /// What one stage's last successful run read and wrote; a stage is up to date while its inputs, config hash and
    /// tool version hash the same (``PipelineRunner/states(ignoringAge:)``, DESIGN.md "Staleness").
    package struct StageRecord: Codable, Sendable {
        /// The stage the record is for.
        package var stage: Stage
        /// ``ToolVersion/current`` of the `impactmon` that ran the stage; another version makes the stage stale.
        package var toolVersion: String
        /// When the stage started, ISO 8601 in UTC (`2026-11-30T08:00:47Z`).
        package var startedAt: String
        /// When its outputs were published, ISO 8601 in UTC.
        package var finishedAt: String
        /// The files the stage read (the previous stage's outputs, input files), sorted by path.
        package var inputs: [FileHash]
        /// SHA-256 over the config the stage reads (pipeline file, registry, metric definitions).
        package var configHash: String
        /// The files the stage published in its folder (and `internal/` for the report), sorted by path.
        package var outputs: [FileHash]
        /// Row counts of the stage's main outputs (`observations`, `rejects`, `metrics`).
        package var rowCounts: [String: Int]

        enum CodingKeys: String, CodingKey {
            case stage, inputs, outputs
            case toolVersion = "tool_version"
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case configHash = "config_hash"
            case rowCounts = "row_counts"
        }
    }
    /// The pipeline's name (`name:` of the pipeline file).
    package var pipeline: String
    /// The run's quarter in report form (`2026Q3`).
    package var period: String
    /// The record of every stage that has run successfully for this period; a stage that never ran has none.
    package var stages: [Stage: StageRecord]

    /// An empty manifest, before any stage ran.
    package init(pipeline: String, period: String) {
        self.pipeline = pipeline
        self.period = period
        stages = [:]
    }

    enum CodingKeys: String, CodingKey { case pipeline, period, stages }

    /// Decodes `manifest.json`; `stages` is keyed by the stage's name (`fetch`, `report`), and a key that names no
    /// ``Stage`` (a stage of a later or earlier version) is dropped, so that stage counts as never run.
    /// - Throws: `DecodingError` when `pipeline`, `period` or a stage record is missing or malformed.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pipeline = try c.decode(String.self, forKey: .pipeline)
        period = try c.decode(String.self, forKey: .period)
        let raw = try c.decode([String: StageRecord].self, forKey: .stages)
        stages = Dictionary(uniqueKeysWithValues: raw.compactMap { k, v in Stage(rawValue: k).map { ($0, v) } })
    }

    /// Encodes with `stages` keyed by stage name.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pipeline, forKey: .pipeline)
        try c.encode(period, forKey: .period)
        try c.encode(Dictionary(uniqueKeysWithValues: stages.map { ($0.key.rawValue, $0.value) }), forKey: .stages)
    }

    /// Reads `manifest.json`, or returns an empty manifest when there is none yet.
    package static func load(_ url: URL, pipeline: String, period: String) -> Manifest {
        guard let data = try? Data(contentsOf: url), let m = try? JSONDecoder().decode(Manifest.self, from: data) else {
            return Manifest(pipeline: pipeline, period: period)
        }
        return m
    }

    /// Writes it atomically, keys sorted, so unchanged content gives unchanged bytes.
    package func write(to url: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try enc.encode(self) + Data("\n".utf8), to: url)
    }
}

extension Manifest.FileHash {
    /// Hashes every regular file below `folder` (sorted by path), with paths relative to `relativeTo`.
    package static func all(in folder: URL, relativeTo base: URL) -> [Manifest.FileHash] {
        let fm = FileManager.default
        guard let e = fm.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var out: [Manifest.FileHash] = []
        for case let url as URL in e {
            // lstat(2), not `resourceValues`: Foundation's reads the owner's and group's names from /etc/passwd and
            // /etc/group and lists extended attributes for every file (a tenth of a fetch of 2,000 small pages).
            var info = stat()
            guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                let d = FileDigests.shared.digest(url)
            else { continue }
            out.append(.init(path: relativePath(url, from: base), sha256: d.sha256, bytes: d.bytes))
        }
        return out.sorted { $0.path < $1.path }
    }

    /// One file's hash, with its path relative to `base`.
    package static func of(_ url: URL, relativeTo base: URL) -> Manifest.FileHash? {
        guard let d = FileDigests.shared.digest(url) else { return nil }
        return .init(path: relativePath(url, from: base), sha256: d.sha256, bytes: d.bytes)
    }
}
