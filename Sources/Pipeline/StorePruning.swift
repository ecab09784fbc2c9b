import Fetching
import Foundation
import RunArtifacts

/// Keeps the response store (`<output>/.cache`) bounded (issue 15, item 7): after a successful run that fetched,
/// the bodies that none of the most recent run folders references are deleted.
package enum StorePruning {
    /// Default of `fetch.store_keep_runs`.
    package static let defaultKeepRuns = 10
    /// Default of `fetch.store_prune_min_age_s`.
    package static let defaultMinimumAge: Duration = .seconds(3600)

    /// The `fetch/` folders of every run directory under `outputRoot` (`<pipeline>/<period>/fetch`), newest first by
    /// the modification time of their `fetch.json` files.
    static func fetchFolders(outputRoot: URL) -> [(folder: URL, modified: Date)] {
        let fm = FileManager.default
        var out: [(URL, Date)] = []
        let pipelines = (try? fm.contentsOfDirectory(at: outputRoot, includingPropertiesForKeys: nil)) ?? []
        for pipeline in pipelines where !pipeline.lastPathComponent.hasPrefix(".") {
            for period in (try? fm.contentsOfDirectory(at: pipeline, includingPropertiesForKeys: nil)) ?? [] {
                let fetch = period.appendingPathComponent("fetch")
                guard let sources = try? fm.contentsOfDirectory(at: fetch, includingPropertiesForKeys: nil) else {
                    continue
                }
                var newest = Date.distantPast
                for source in sources {
                    let file = RunFile.fetchRecord.url(inStageFolder: source)
                    if let m = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?
                        .contentModificationDate
                    {
                        newest = max(newest, m)
                    }
                }
                out.append((fetch, newest))
            }
        }
        return out.sorted { $0.1 > $1.1 }
    }

    /// The body SHA-256s the `keepRuns` most recent run folders reference (their `fetch.json` records).
    package static func referencedBodies(outputRoot: URL, keepRuns: Int) -> Set<String> {
        var shas: Set<String> = []
        for (folder, _) in fetchFolders(outputRoot: outputRoot).prefix(max(1, keepRuns)) {
            for source in (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil))
                ?? []
            {
                // Through its one owner type; a folder without a readable fetch.json references nothing.
                guard let record = try? SourceFetchRecord.load(source) else { continue }
                for r in record.requests { shas.insert(r.sha256) }
            }
        }
        return shas
    }

    /// Prunes the store of `outputRoot` to what the `keepRuns` most recent run folders reference.
    /// - Returns: the files removed.
    @discardableResult
    package static func prune(outputRoot: URL, keepRuns: Int, minimumAge: Duration) throws -> Int {
        let keep = referencedBodies(outputRoot: outputRoot, keepRuns: keepRuns)
        return try ResponseStore(outputDirectory: outputRoot).prune(keeping: keep, minimumAge: minimumAge)
    }
}

extension StorePruning {
    /// The size of the response store of `outputRoot` (`impactmon status`).
    package static func storeSize(outputRoot: URL) -> (entries: Int, bodies: Int, bytes: Int) {
        let s = ResponseStore(outputDirectory: outputRoot).size()
        return (s.entries, s.bodies, s.bytes)
    }
}
