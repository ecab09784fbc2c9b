import Foundation
import ImpactModel
import RunArtifacts

/// Whether a stage's published output still matches its inputs, decided by content hashes (never by file times):
/// the inputs it read, the config it used, the tool version, and its own published outputs.
package struct StageState: Sendable, Codable, Equatable {
    /// The verdict, as `impactmon status` prints it: `up to date` (nothing to do), `stale` (rerun: see ``reasons``),
    /// `missing` (never published) or `failed` (the last run of the stage failed, whatever the hashes say).
    package enum Kind: String, Sendable, Codable {
        case upToDate = "up to date"
        case stale
        case missing
        case failed
    }
    /// The stage the verdict is about (fetch, normalize, compute or report).
    package var stage: Stage
    /// The verdict; a stage after a stale, missing or failed one is never `up to date`.
    package var kind: Kind
    /// Why, one line each: `config/registry.csv sha256 a1b2c3… → d4e5f6…`, `tool version 0.1.0 → 0.2.0`.
    package var reasons: [String]
}

extension PipelineRunner {
    /// How long fetched bodies count as up to date before `run` asks the sources again (24 h). A quarterly cron
    /// run always fetches; an analyst's rerun on the same day reuses what was fetched.
    package static let fetchMaxAge: TimeInterval = 24 * 3600

    /// The state of every stage of this run directory.
    /// - Parameter ignoringAge: judge by inputs, config and tool version only, not by the age of the fetch (what
    ///   `tick` and `status` ask: a quarter produced yesterday from unchanged inputs is done, not stale).
    package func states(ignoringAge: Bool = false) -> [StageState] {
        let run = runDirectory
        FileDigests.shared.load(run.pipelineRoot.appendingPathComponent(".file-digests.json"))
        let manifest = Manifest.load(
            RunFile.manifest.url(in: run.root), pipeline: definition.name, period: period.description)
        let failed = lastFailedStages(run)
        var upstreamChanged = false
        return Stage.allCases.map { stage in
            var state = state(of: stage, manifest: manifest, run: run, ignoringAge: ignoringAge)
            if failed.contains(stage) {
                state.kind = .failed
                state.reasons.insert("the last run of this stage failed", at: 0)
            } else if upstreamChanged && state.kind == .upToDate {
                state.kind = .stale
                state.reasons.append("an earlier stage is stale or missing")
            }
            if state.kind != .upToDate { upstreamChanged = true }
            return state
        }
    }

    func state(of stage: Stage, manifest: Manifest, run: RunDirectory, ignoringAge: Bool = false) -> StageState {
        guard let record = manifest.stages[stage],
            FileManager.default.fileExists(atPath: run.folder(stage).path)
        else {
            return StageState(stage: stage, kind: .missing, reasons: ["no published \(stage.rawValue)/ output"])
        }
        var reasons: [String] = []
        if record.toolVersion != ToolVersion.current {
            reasons.append("tool version \(record.toolVersion) → \(ToolVersion.current)")
        }
        let current = Dictionary(
            stageInputs(stage, run: run).map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let recorded = Dictionary(record.inputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        for (path, old) in recorded.sorted(by: { $0.key < $1.key }) {
            if let new = current[path] {
                if new != old { reasons.append("\(path) sha256 \(old.prefix(8))… → \(new.prefix(8))…") }
            } else {
                reasons.append("\(path) no longer exists")
            }
        }
        for path in current.keys.sorted() where recorded[path] == nil { reasons.append("\(path) is new") }
        var publishedFiles = Manifest.FileHash.all(in: run.folder(stage), relativeTo: run.root)
        if stage == .report {
            // The report stage's outputs are `report/` and `internal/` (the core group's files, beside it).
            publishedFiles += Manifest.FileHash.all(in: run.internalFolder, relativeTo: run.root)
            let legacy = run.folder(.report).appendingPathComponent(RunDirectory.internalName)
            if FileManager.default.fileExists(atPath: legacy.path) {
                reasons.append(
                    "report/internal/ holds enterprise-level files inside the public folder (old layout); rerun the report to move them to internal/"
                )
            }
        }
        let published = Dictionary(publishedFiles.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        let expected = Dictionary(record.outputs.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        if published != expected { reasons.append("published \(stage.rawValue)/ files differ from the manifest") }
        if stage == .fetch {
            // A source that fell back to its last good bodies is asked again by the next run.
            for source in definition.sources {
                let folder = run.folder(.fetch).appendingPathComponent(source.id)
                if let stale = (try? SourceFetchRecord.load(folder))?.staleReason {
                    reasons.append("source \(source.id) is stale (\(stale.prefix(120))); it is asked again")
                }
            }
        }
        if stage == .fetch, !ignoringAge, let finished = ISO8601DateFormatter().date(from: record.finishedAt) {
            let age = options.now().timeIntervalSince(finished)
            if age > Self.fetchMaxAge {
                reasons.append(
                    "fetched \(Int(age / 3600)) h ago; sources are asked again (conditional GET) after \(Int(Self.fetchMaxAge / 3600)) h"
                )
            }
        }
        return StageState(stage: stage, kind: reasons.isEmpty ? .upToDate : .stale, reasons: reasons)
    }

    private func lastFailedStages(_ run: RunDirectory) -> Set<Stage> {
        guard let summary = RunSummary.load(from: run.root) else { return [] }
        return Set(summary.stages.filter { $0.result == "failed" }.map(\.stage))
    }
}
