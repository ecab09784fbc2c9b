import ContentHash
import Fetching
import Foundation
import ImpactModel
import RunArtifacts

/// One thing a stage reads from the run folder, declared once.
///
/// The declaration serves twice: the runner hashes exactly these for the stage's `inputs` in `manifest.json` (so
/// staleness follows what the stage reads), and the stage reads them only through a ``RunFolderReader`` made from
/// the same list, which refuses any other path. A new read therefore cannot be forgotten in the manifest: it fails
/// until it is declared. (Issue 18: before this, the report read `normalize/rejects.csv` and `ledger.json` without
/// recording them, and a reject-only change left its tables stale.)
struct ArtifactRead: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// Every file under the folder.
        case folder
        /// One file; its absence is recorded too (`sha256` `-`), so a file appearing makes the stage stale.
        case file
        /// The response bodies of one source folder (everything but `fetch.json`, whose times change on every fetch).
        case bodies
        /// One JSON key of a file (`fetch/<id>/fetch.json#stale_reason`): the stage reads the file but depends only on
        /// that key.
        case jsonKey(String)
    }

    /// Path relative to the run folder (`compute`, `normalize/rejects.csv`, `fetch/cbs-bijstand/fetch.json`).
    let path: String
    let kind: Kind

    static func folder(_ stage: Stage) -> ArtifactRead { ArtifactRead(path: stage.rawValue, kind: .folder) }
    static func file(_ stage: Stage, _ name: String) -> ArtifactRead {
        ArtifactRead(path: "\(stage.rawValue)/\(name)", kind: .file)
    }
    static func file(_ file: RunFile) -> ArtifactRead { ArtifactRead(path: file.path, kind: .file) }

    /// Whether reading `relativePath` (relative to the run folder) is covered by this declaration.
    func covers(_ relativePath: String) -> Bool {
        switch kind {
        case .folder: relativePath.hasPrefix(path + "/")
        case .file, .jsonKey: relativePath == path
        case .bodies: relativePath.hasPrefix(path + "/") && !relativePath.hasSuffix("/" + RunFile.fetchRecord.name)
        }
    }

    /// The manifest entries for this read.
    func hashes(in run: RunDirectory) -> [Manifest.FileHash] {
        let url = run.root.appendingPathComponent(path)
        switch kind {
        case .folder:
            return Manifest.FileHash.all(in: url, relativeTo: run.root)
        case .bodies:
            return Manifest.FileHash.all(in: url, relativeTo: run.root).filter {
                !$0.path.hasSuffix("/" + RunFile.fetchRecord.name)
            }
        case .file:
            return [
                Manifest.FileHash.of(url, relativeTo: run.root) ?? Manifest.FileHash(path: path, sha256: "-", bytes: 0)
            ]
        case .jsonKey(let key):
            let object = (try? Data(contentsOf: url)).flatMap {
                try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
            }
            let value = Data(((object?[key] as? String) ?? "").utf8)
            return [Manifest.FileHash(path: "\(path)#\(key)", sha256: sha256Hex(value), bytes: value.count)]
        }
    }
}

extension PipelineDefinition {
    /// What each stage reads from the run folder. Fetch reads no run artifact (its inputs are config and local
    /// source files, hashed by the runner); each later stage reads the stage before it, and the report more.
    func reads(of stage: Stage) -> [ArtifactRead] {
        switch stage {
        case .fetch: return []
        case .normalize: return sources.map { ArtifactRead(path: "fetch/\($0.id)", kind: .bodies) }
        case .compute: return [.folder(.normalize)]
        case .report:
            var reads: [ArtifactRead] = [
                .folder(.compute),
                // The data-quality tables, the internal report's names and the afwegingskader's returns and awards.
                .file(.ledger), .file(.rejects), .file(.enterprises), .file(.observations),
                // The registry identities per quarter (restatements: registry correction vs history entry, issue 20).
                .file(.identities),
                // The source statements come from the warning facts of fetch and normalize.
                .file(.fetch, RunWarning.fileName), .file(.normalize, RunWarning.fileName),
            ]
            for source in sources {
                // The "Verouderde bronnen" section comes from each source's `stale_reason`: a source falling back to
                // its last good bodies (same bytes, so compute unchanged) or recovering must still rerun the report.
                reads.append(
                    ArtifactRead(path: "fetch/\(source.id)/\(RunFile.fetchRecord.name)", kind: .jsonKey("stale_reason"))
                )
                // `report/inputs.json` records each source's body hashes (the restatements' "bron herzien").
                reads.append(ArtifactRead(path: "fetch/\(source.id)", kind: .bodies))
            }
            return reads
        }
    }
}

/// Reads run-folder artifacts for one stage, and only those the stage declared (``PipelineDefinition/reads(of:)``).
///
/// - Throws: ``ImpactError`` with code `internal.undeclared_read` (``ExitStatus/failure``) for a path the stage did
///   not declare: a programming error that a test meets before a user does.
struct RunFolderReader {
    let run: RunDirectory
    let stage: Stage
    let declared: [ArtifactRead]

    init(run: RunDirectory, stage: Stage, definition: PipelineDefinition) {
        self.run = run
        self.stage = stage
        self.declared = definition.reads(of: stage)
    }

    /// The URL of a declared artifact, `relativePath` relative to the run folder (`normalize/rejects.csv`).
    func url(_ relativePath: String) throws(ImpactError) -> URL {
        guard declared.contains(where: { $0.covers(relativePath) }) else {
            throw ImpactError(
                .failure, "the \(stage.rawValue) stage reads \(relativePath), which it does not declare",
                code: "internal.undeclared_read", hint: "add it to PipelineDefinition.reads(of: .\(stage.rawValue))")
        }
        return run.root.appendingPathComponent(relativePath)
    }

    /// The URL of a declared run-folder file.
    func url(_ file: RunFile) throws(ImpactError) -> URL { try url(file.path) }

    /// The URL of a declared per-source file (`fetch/<source>/fetch.json`).
    func url(_ file: RunFile, source: String) throws(ImpactError) -> URL {
        try url("\(file.folder)/\(source)/\(file.name)")
    }

    /// The bytes of a declared run-folder file, or nil when it does not exist.
    func data(_ file: RunFile) throws(ImpactError) -> Data? { try data(file.path) }

    /// The bytes of a declared artifact, or nil when it does not exist.
    func data(_ relativePath: String) throws(ImpactError) -> Data? {
        try? Data(contentsOf: url(relativePath))
    }
}
