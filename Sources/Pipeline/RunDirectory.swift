import Foundation
import ImpactModel

/// The stages of a run, in order. Each reads only what the stage before it wrote.
package enum Stage: String, Sendable, CaseIterable, Codable, Comparable {
    case fetch, normalize, compute, report

    /// Pipeline order: fetch < normalize < compute < report.
    package static func < (a: Stage, b: Stage) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// The layout of one run directory: `output/<pipeline>/<period>/` (DESIGN.md, "Stages and artifacts").
package struct RunDirectory: Sendable {
    /// The output root (`output/` by default).
    package let outputRoot: URL
    /// The pipeline's name (`name:` of the pipeline file), the folder below the output root.
    package let pipelineName: String
    /// The quarter of the run; its report form (`2026Q3`) names the run folder.
    package let period: Quarter

    /// The layout of the run of `pipelineName` for `period` under `outputRoot`; nothing is created on disk.
    package init(outputRoot: URL, pipelineName: String, period: Quarter) {
        self.outputRoot = outputRoot
        self.pipelineName = pipelineName
        self.period = period
    }

    /// `output/<pipeline>/`: the unit that the run lock protects.
    package var pipelineRoot: URL { outputRoot.appendingPathComponent(pipelineName, isDirectory: true) }
    /// `output/<pipeline>/<period>/`.
    package var root: URL { pipelineRoot.appendingPathComponent(period.description, isDirectory: true) }
    /// `output/.cache/`: the response store shared by runs.
    package var cache: URL { outputRoot.appendingPathComponent(".cache", isDirectory: true) }

    /// The published folder of a stage.
    package func folder(_ stage: Stage) -> URL { root.appendingPathComponent(stage.rawValue, isDirectory: true) }

    /// `output/<pipeline>/<period>/internal/`: the core group's enterprise-level outputs (`report-internal.md`,
    /// `assessment.csv`/`.md`, `enterprises/<kvk>.md`), written by the report stage beside `report/`, never inside
    /// it, so that copying or publishing `report/` cannot take them along (issue 17 item 6).
    package var internalFolder: URL { root.appendingPathComponent(Self.internalName, isDirectory: true) }
    /// The name of ``internalFolder``.
    package static let internalName = "internal"

    /// A fresh staging folder for a stage, inside the run directory so the final rename stays on one file system.
    /// Named `.staging-<stage>-<pid>-<random>`; leftovers of killed runs are removed by ``removeStaleStaging()``.
    package func makeStaging(_ stage: Stage) throws -> URL { try makeStaging(named: stage.rawValue) }

    /// A fresh staging folder for the published folder `name` (a stage's, or ``internalName``).
    package func makeStaging(named folderName: String) throws -> URL {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let name = ".staging-\(folderName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let url = root.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Cleans up after a run that was killed: staging folders and temp files are removed; a retired folder whose
    /// replacement never arrived (killed between the two renames of ``publish(staging:as:)``) is put back, so the
    /// last good output is restored. Only called while holding the lock.
    package func removeStaleStaging() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: root.path) else { return }
        for n in names.sorted() {
            let url = root.appendingPathComponent(n)
            if n.hasPrefix(".retired-") {
                let stageName = n.dropFirst(".retired-".count).split(separator: "-").first.map(String.init) ?? ""
                let target =
                    Stage(rawValue: stageName).map(folder) ?? (stageName == Self.internalName ? internalFolder : nil)
                if let target, !fm.fileExists(atPath: target.path) {
                    try? fm.moveItem(at: url, to: target)
                    continue
                }
                try? fm.removeItem(at: url)
            } else if n.hasPrefix(".staging-") || n.hasPrefix(".tmp-") {
                try? fm.removeItem(at: url)
            }
        }
    }

    /// Publishes a staging folder as the stage's folder: the previous folder is renamed aside, the staging folder
    /// renamed into place, then the old one removed. A reader sees the old folder or the new one, never a mix.
    package func publish(staging: URL, as stage: Stage) throws {
        try publish(staging: staging, asFolder: stage.rawValue)
    }

    /// Publishes a staging folder as `output/<pipeline>/<period>/<name>/` (a stage's folder or ``internalName``),
    /// with the same two renames as ``publish(staging:as:)``.
    package func publish(staging: URL, asFolder name: String) throws {
        let fm = FileManager.default
        let final = root.appendingPathComponent(name, isDirectory: true)
        let retired = root.appendingPathComponent(".retired-\(name)-\(getpid())", isDirectory: true)
        if fm.fileExists(atPath: final.path) {
            try? fm.removeItem(at: retired)
            try fm.moveItem(at: final, to: retired)
        }
        do {
            try fm.moveItem(at: staging, to: final)
        } catch {
            if fm.fileExists(atPath: retired.path) { try? fm.moveItem(at: retired, to: final) }
            throw error
        }
        try? fm.removeItem(at: retired)
        fsyncDirectory(root)
    }
}

/// Writes `data` to `url` atomically: a temp file in the same folder (`.tmp-<name>-<pid>`), fsync, rename.
/// A crash leaves the old file or the new one, never a partial file (KNOWN-FAULTS B29).
/// - Throws: the file system error, after removing the temp file.
package func writeAtomically(_ data: Data, to url: URL) throws {
    let dir = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let tmp = dir.appendingPathComponent(
        ".tmp-\(url.lastPathComponent)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    guard FileManager.default.createFile(atPath: tmp.path, contents: nil) else {
        throw ImpactError(.failure, "cannot create \(tmp.path)")
    }
    do {
        let handle = try FileHandle(forWritingTo: tmp)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        if rename(tmp.path, url.path) != 0 {
            throw ImpactError(.failure, "cannot rename \(tmp.path) to \(url.path): \(String(cString: strerror(errno)))")
        }
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw error
    }
}

/// Flushes a directory entry (after renames) so a power loss keeps the new names.
package func fsyncDirectory(_ url: URL) {
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
}
