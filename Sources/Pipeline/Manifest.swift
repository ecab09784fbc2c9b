import Fetching
import Foundation
import ImpactModel

/// `manifest.json` of a run directory: per stage, what went in and what came out, so staleness can be decided by
/// content hashes (DESIGN.md) and any published number traced to the exact bytes it came from.
package struct Manifest: Codable, Sendable {
    package struct FileHash: Codable, Sendable, Hashable {
        /// Path relative to the run directory, or to the project for config and input files.
        package var path: String
        package var sha256: String
        package var bytes: Int
    }
    package struct StageRecord: Codable, Sendable {
        package var stage: Stage
        package var toolVersion: String
        package var startedAt: String
        package var finishedAt: String
        package var inputs: [FileHash]
        /// SHA-256 over the config the stage reads (pipeline file, registry, metric definitions).
        package var configHash: String
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
    package var pipeline: String
    package var period: String
    package var stages: [Stage: StageRecord]

    package init(pipeline: String, period: String) {
        self.pipeline = pipeline
        self.period = period
        stages = [:]
    }

    enum CodingKeys: String, CodingKey { case pipeline, period, stages }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pipeline = try c.decode(String.self, forKey: .pipeline)
        period = try c.decode(String.self, forKey: .period)
        let raw = try c.decode([String: StageRecord].self, forKey: .stages)
        stages = Dictionary(uniqueKeysWithValues: raw.compactMap { k, v in Stage(rawValue: k).map { ($0, v) } })
    }

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
        guard let e = fm.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var out: [Manifest.FileHash] = []
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
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

/// `url`'s path relative to `base` when below it, else the absolute path.
package func relativePath(_ url: URL, from base: URL) -> String {
    let p = url.standardizedFileURL.path
    let b = base.standardizedFileURL.path.hasSuffix("/") ? base.standardizedFileURL.path : base.standardizedFileURL.path + "/"
    return p.hasPrefix(b) ? String(p.dropFirst(b.count)) : p
}
