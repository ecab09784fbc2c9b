import ContentHash
import Fetching
import Foundation
import ImpactModel
import Logging
import RunArtifacts

/// `impactmon publish --period Q`: copies the finished report of a quarter into the archive
/// (``PublishedArchive``, `published/<pipeline>/<Q>/`), read-only and with a SHA-256 manifest of every file.
///
/// Refuses, in this order, and publishes nothing:
/// 1. no report for the quarter (``ExitStatus/notCurrent``);
/// 2. enterprise-level content under `report/` or a failed disclosure check (``PublicationGate``;
///    ``ExitStatus/unsafeToPublish``): the gravest finding first, even for a report that is also stale;
/// 3. the quarter's last run failed, or a stage is not up to date (changed inputs, config or tool version; the
///    published `report/` differing from its manifest) (``ExitStatus/notCurrent``);
/// 4. the quarter is already published, unless `supersede` with a reason (``ExitStatus/alreadyPublished``). A
///    superseded publication is kept whole as `<Q>.superseded-<n>/`; the new `publication.json` names it, with the
///    reason; `publications.jsonl` records both.
///
/// The new folder is assembled in a staging folder beside the archive's quarters and renamed into place, so a reader
/// (or a killed publish) sees the old publication or the new one, never a half-copied folder. The run's lock is held
/// throughout, so no run rewrites `report/` while it is copied.
package struct Publisher: Sendable {
    /// The pipeline whose report is published (its name, `publish:` folder and registry for the KvK check).
    package let definition: PipelineDefinition
    /// The output root that holds the run folders (`output/`); the archive sits beside it unless `publish:` names a
    /// folder.
    package let outputRoot: URL
    /// What to do when another run holds the pipeline's lock (``RunLock/Policy``; default: fail with exit 75).
    package let lockPolicy: RunLock.Policy
    /// The command line recorded in the lock file, so a waiting operator sees who holds it.
    package let command: String
    /// Where the publication's events go (`publish.*`).
    package let logger: Logger
    /// The clock of `published_at` (injected, so tests fix the time).
    package let now: @Sendable () -> Date

    /// A publisher of `definition`'s reports from the run folders under `outputRoot`.
    package init(
        definition: PipelineDefinition, outputRoot: URL, lockPolicy: RunLock.Policy = .fail,
        command: String = "impactmon publish",
        logger: Logger = Logger(label: "impactmon"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.definition = definition
        self.outputRoot = outputRoot
        self.lockPolicy = lockPolicy
        self.command = command
        self.logger = logger
        self.now = now
    }

    /// What a publish did.
    package struct Outcome: Sendable {
        /// `published/<pipeline>/<Q>/`.
        package var folder: URL
        /// The `publication.json` written (or, when nothing changed, the existing one).
        package var record: PublicationRecord
        /// SHA-256 of the new `SHA256SUMS`.
        package var checksumsSHA256: String
        /// False when `--supersede` found the report identical to the publication (nothing changed).
        package var published: Bool
    }

    /// Publishes the report of `period`.
    /// - Parameters:
    ///   - supersede: replace an existing publication of the quarter (`--supersede`); needs `reason`.
    ///   - reason: why (`--reason`), recorded in `publication.json` and `publications.jsonl`.
    /// - Throws: ``ImpactError`` with the refusal's status (type documentation), naming every finding.
    package func publish(period: Quarter, supersede: Bool, reason: String?) throws -> Outcome {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if supersede, reason?.isEmpty ?? true {
            throw ImpactError(
                .usage, "--supersede needs --reason \"…\": why the published report of \(period) is replaced")
        }
        if !supersede, let reason, !reason.isEmpty {
            throw ImpactError(.usage, "--reason is recorded only with --supersede")
        }
        let run = RunDirectory(outputRoot: outputRoot, pipelineName: definition.name, period: period)
        let lock = try RunLock(directory: run.pipelineRoot, policy: lockPolicy, command: command)
        defer { withExtendedLifetime(lock) {} }
        FileDigests.shared.load(run.pipelineRoot.appendingPathComponent(".file-digests.json"))
        let report = run.folder(.report)
        let shownReport = relativePath(report, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        guard FileManager.default.fileExists(atPath: RunFile.publicMetrics.url(inStageFolder: report).path) else {
            throw ImpactError(
                .notCurrent, "no report for \(period) in \(shownReport); run `impactmon run --period \(period)` first",
                code: "publish.not_current")
        }

        // 2. Safety first: nothing enterprise-level, disclosure rules hold.
        let registry = Set(definition.registryKvKNumbers().map(\.digits))
        var unsafe = PublicationGate.enterpriseLevel(in: report, registryKvK: registry)
        unsafe += try PublicationGate.disclosure(
            metricsCSV: try Data(contentsOf: RunFile.publicMetrics.url(inStageFolder: report)),
            file: RunFile.publicMetrics.path,
            metricsURL: definition.metricsURL)
        if !unsafe.isEmpty {
            throw ImpactError(
                .unsafeToPublish,
                "\(shownReport) is not safe to publish (\(unsafe.count) finding\(unsafe.count == 1 ? "" : "s")); nothing published:\n"
                    + unsafe.prefix(50).map { "  \(shownReport)/\($0)" }.joined(separator: "\n")
                    + (unsafe.count > 50 ? "\n  … and \(unsafe.count - 50) more" : ""))
        }

        // 3. The report is what the last successful run made from the current inputs.
        var notCurrent: [String] = []
        if let summary = RunSummary.load(from: run.root), summary.status != "succeeded" {
            notCurrent.append(
                "the last run (\(summary.command.split(separator: " ").dropFirst().first ?? "run"), \(summary.startedAt)) \(summary.status == "running" ? "did not finish" : "failed with exit \(summary.exitStatus)"); see run.md"
            )
        }
        let runner = PipelineRunner(
            definition: definition, period: period, options: RunOptions(outputRoot: outputRoot, now: now))
        for state in runner.states(ignoringAge: true) where state.kind != .upToDate {
            notCurrent.append(
                "\(state.stage.rawValue) \(state.kind.rawValue): " + state.reasons.prefix(3).joined(separator: "; "))
        }
        if !notCurrent.isEmpty {
            throw ImpactError(
                .notCurrent,
                "the report of \(period) is not current; run `impactmon run --period \(period)` first, then publish:\n"
                    + notCurrent.map { "  \($0)" }.joined(separator: "\n"),
                code: "publish.not_current")
        }

        // 4. Immutable: an existing publication is replaced only on purpose.
        let archive = PublishedArchive(definition: definition, outputRoot: outputRoot)
        let target = archive.folder(period)
        let shownTarget = relativePath(target, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let existing = archive.record(period)
        let existingSums = try? Data(contentsOf: target.appendingPathComponent(PublishedArchive.checksumsName))
        if FileManager.default.fileExists(atPath: target.path), !supersede {
            throw ImpactError(
                .alreadyPublished,
                "\(period) was already published\(existing.map { " on \($0.publishedAt)" } ?? "") (\(shownTarget)); a publication is never overwritten. To replace it: impactmon publish --period \(period) --supersede --reason \"…\""
            )
        }

        try FileManager.default.createDirectory(at: archive.root, withIntermediateDirectories: true)
        removeLeftovers(in: archive.root)
        let staging = archive.root.appendingPathComponent(
            ".staging-\(period)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { Self.remove(staging) }
        let files = try copyReport(from: report, to: staging, run: run)
        let checksums = Self.checksums(of: files)
        if let existing, let existingSums, Self.withoutRecord(existingSums) == Self.withoutRecord(checksums) {
            logger.info(
                "publish: identical to the published report; nothing superseded",
                metadata: ["event": "publish.unchanged", "period": "\(period)", "folder": "\(shownTarget)"])
            return Outcome(folder: target, record: existing, checksumsSHA256: sha256Hex(existingSums), published: false)
        }

        var superseded: PublicationRecord.Superseded?
        var supersededFolder: URL?
        if let existing, let existingSums {
            var n = 1
            while FileManager.default.fileExists(
                atPath: archive.root.appendingPathComponent("\(period).superseded-\(n)").path)
            { n += 1 }
            supersededFolder = archive.root.appendingPathComponent("\(period).superseded-\(n)", isDirectory: true)
            superseded = .init(
                folder: supersededFolder!.lastPathComponent, publishedAt: existing.publishedAt,
                checksumsSHA256: sha256Hex(existingSums))
        }
        let manifestSHA = fileSHA256(RunFile.manifest.url(in: run.root)) ?? ""
        let record = PublicationRecord(
            pipeline: definition.name, period: period.description, publishedAt: isoLocal(now()),
            toolVersion: ToolVersion.current, runManifestSHA256: manifestSHA, files: files.count + 1,
            reason: supersede ? reason : nil, supersedes: superseded)
        let recordData = try record.encoded()
        try writeAtomically(recordData, to: staging.appendingPathComponent(PublishedArchive.recordName))
        let allFiles = (files + [(PublishedArchive.recordName, sha256Hex(recordData))]).sorted { $0.0 < $1.0 }
        let sums = Self.checksums(of: allFiles)
        try writeAtomically(sums, to: staging.appendingPathComponent(PublishedArchive.checksumsName))
        try Self.makeReadOnly(staging)

        // Into place: the old publication aside (kept whole), the new one in.
        let fm = FileManager.default
        if let supersededFolder {
            try fm.moveItem(at: target, to: supersededFolder)
        } else if fm.fileExists(atPath: target.path) {
            // A folder without publication.json (a publish killed long ago, or made by hand): kept, not overwritten.
            var n = 1
            while fm.fileExists(atPath: archive.root.appendingPathComponent("\(period).incomplete-\(n)").path) {
                n += 1
            }
            try fm.moveItem(at: target, to: archive.root.appendingPathComponent("\(period).incomplete-\(n)"))
        }
        do {
            try fm.moveItem(at: staging, to: target)
        } catch {
            if let supersededFolder { try? fm.moveItem(at: supersededFolder, to: target) }
            throw error
        }
        fsyncDirectory(archive.root)
        try appendToRegister(archive: archive, record: record, checksumsSHA256: sha256Hex(sums))
        return Outcome(folder: target, record: record, checksumsSHA256: sha256Hex(sums), published: true)
    }

    /// Copies every regular file of `report/` into `staging` and checks each copy against the run's manifest (the
    /// bytes published are the bytes the report stage recorded).
    /// - Returns: (path relative to the folder, sha256) per file, sorted by path.
    private func copyReport(from report: URL, to staging: URL, run: RunDirectory) throws -> [(String, String)] {
        let fm = FileManager.default
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        let manifest = Manifest.load(
            RunFile.manifest.url(in: run.root), pipeline: definition.name, period: run.period.description)
        let expected = Dictionary(
            (manifest.stages[.report]?.outputs ?? []).map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        var out: [(String, String)] = []
        guard let e = fm.enumerator(at: report, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = relativePath(url, from: report)
            let data = try Data(contentsOf: url)
            let sha = sha256Hex(data)
            guard expected["\(Stage.report.rawValue)/\(path)"] == sha else {
                throw ImpactError(
                    .notCurrent,
                    "report/\(path) differs from the run's \(RunFile.manifest); rerun `impactmon report --period \(run.period)`",
                    code: "publish.not_current")
            }
            try writeAtomically(data, to: staging.appendingPathComponent(path))
            out.append((path, sha))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// `SHA256SUMS` in GNU coreutils format (`<hex>  <path>`, one line per file, sorted by path).
    static func checksums(of files: [(String, String)]) -> Data {
        Data(files.sorted { $0.0 < $1.0 }.map { "\($0.1)  \($0.0)\n" }.joined().utf8)
    }

    /// SHA256SUMS without the line of `publication.json` (whose time differs between two publications of the same
    /// report).
    static func withoutRecord(_ sums: Data) -> [Substring] {
        String(decoding: sums, as: UTF8.self).split(separator: "\n").filter {
            !$0.hasSuffix("  \(PublishedArchive.recordName)")
        }
    }

    /// Files 0444, folders 0555: the archive is not edited in place (root can, but then `sha256sum -c` tells).
    static func makeReadOnly(_ folder: URL) throws {
        let fm = FileManager.default
        var folders: [URL] = [folder]
        if let e = fm.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in e {
                if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                    folders.append(url)
                } else {
                    try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: url.path)
                }
            }
        }
        // Deepest first, so each folder is still writable while its children change.
        for f in folders.sorted(by: { $0.path.count > $1.path.count }) {
            try fm.setAttributes([.posixPermissions: 0o555], ofItemAtPath: f.path)
        }
    }

    /// Removes a staging folder even when it was already made read-only.
    static func remove(_ folder: URL) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder.path) else { return }
        if let e = fm.enumerator(at: folder, includingPropertiesForKeys: nil) {
            for case let url as URL in e { try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        }
        try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try? fm.removeItem(at: folder)
    }

    /// Staging folders of killed publishes (only called under the lock).
    private func removeLeftovers(in root: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        where name.hasPrefix(".staging-") {
            Self.remove(root.appendingPathComponent(name))
        }
    }

    /// Appends one line to `publications.jsonl` (rewritten atomically: the old lines and the new one).
    private func appendToRegister(archive: PublishedArchive, record: PublicationRecord, checksumsSHA256: String) throws
    {
        struct Line: Encodable {
            var period: String
            var publishedAt: String
            var checksumsSHA256: String
            var reason: String?
            var supersedes: String?
            enum CodingKeys: String, CodingKey {
                case period, reason, supersedes
                case publishedAt = "published_at"
                case checksumsSHA256 = "checksums_sha256"
            }
        }
        let url = archive.root.appendingPathComponent(PublishedArchive.registerName)
        var data = (try? Data(contentsOf: url)) ?? Data()
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        data += try enc.encode(
            Line(
                period: record.period, publishedAt: record.publishedAt, checksumsSHA256: checksumsSHA256,
                reason: record.reason,
                supersedes: record.supersedes?.folder))
        data += Data("\n".utf8)
        try writeAtomically(data, to: url)
    }

    /// ISO 8601 in the pipeline's time zone with its UTC offset (`2026-12-04T17:05:00+01:00`).
    private func isoLocal(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: definition.timezone) ?? TimeZone(identifier: "Europe/Amsterdam")
        return f.string(from: date)
    }
}
