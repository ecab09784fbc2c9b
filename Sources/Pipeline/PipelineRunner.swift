import ContentHash
import Fetching
import Foundation
import ImpactModel
import Logging
import Reporting
import RunArtifacts

/// Runs stages of one pipeline for one period: takes the lock, runs each stage into a staging folder, checks it,
/// publishes it, records the manifest, and writes the run summary.
package struct PipelineRunner: Sendable {
    /// The pipeline file whose stages this runner runs.
    package let definition: PipelineDefinition
    /// The quarter the run reports on; it names the run folder `output/<name>/<period>/`.
    package let period: Quarter
    /// Output root, fetch mode, lock policy, strictness, clock and logger of the run (``RunOptions``).
    package let options: RunOptions

    /// Creates a runner; nothing is read, locked or written until ``run(_:force:)``.
    package init(definition: PipelineDefinition, period: Quarter, options: RunOptions) {
        self.definition = definition
        self.period = period
        self.options = options
    }

    /// The folder layout of this run under the output root of ``options``; nothing is created on disk.
    package var runDirectory: RunDirectory {
        RunDirectory(outputRoot: options.outputRoot, pipelineName: definition.name, period: period)
    }

    /// Runs `stages` in order under the lock of `output/<pipeline>/`.
    /// - Returns: the summary, also written as `run.json`.
    /// - Throws: ``ImpactError`` with the exit status of the first failing stage (the summary is still written).
    package func run(_ stages: [Stage], force: Bool = false) async throws -> RunSummary {
        let run = runDirectory
        let lock =
            options.lockPolicy == .alreadyHeld
            ? nil : try RunLock(directory: run.pipelineRoot, policy: options.lockPolicy, command: options.command)
        defer { withExtendedLifetime(lock) {} }
        run.removeStaleStaging()
        let digests = run.pipelineRoot.appendingPathComponent(".file-digests.json")
        FileDigests.shared.load(digests)
        defer { FileDigests.shared.save(digests) }
        let runStarted = options.now()
        var summary = RunSummary(
            pipeline: definition.name, period: period.description, command: options.command,
            startedAt: isoUTC(options.now()), toolVersion: ToolVersion.current)
        // "running" first (issue 15): a run that dies without finishing (a trap, SIGKILL) leaves run.json and the
        // Prometheus file saying so, instead of the previous run's success.
        let prom = run.pipelineRoot.appendingPathComponent("impactmon-\(period).prom")
        let lastSuccessBefore = previousLastSuccess(
            in: try? String(contentsOf: prom, encoding: .utf8), pipeline: definition.name, period: period.description)
        try? FileManager.default.createDirectory(at: run.root, withIntermediateDirectories: true)
        try? summary.write(to: run.root)
        try? writeAtomically(
            Data(summary.prometheusRunningText(started: runStarted, lastSuccess: lastSuccessBefore).utf8), to: prom)
        var failure: (any Error)?
        for stage in stages.sorted() {
            // What the stage before freed goes back to the system before this one allocates (issue 19: peak RSS).
            HeapTrim.release()
            let started = Date()
            // A stage is skipped when its inputs (the earlier stage's outputs), config and tool version hash as
            // recorded; fetch also when it is younger than `fetchMaxAge` (`--refresh` always fetches).
            if !force && !(stage == .fetch && options.fetchMode == .refresh) {
                let manifest = Manifest.load(
                    RunFile.manifest.url(in: run.root), pipeline: definition.name,
                    period: period.description)
                let st = state(of: stage, manifest: manifest, run: run)
                if st.kind == .upToDate {
                    summary.stages.append(
                        StageOutcome(
                            stage: stage, result: "skipped", seconds: 0,
                            rowCounts: manifest.stages[stage]?.rowCounts ?? [:], warnings: [], message: "up to date"))
                    options.logger.info(
                        "stage skipped: up to date", metadata: ["event": "stage.skipped", "stage": "\(stage.rawValue)"])
                    // What the published stage found still holds for this run's report.
                    let facts = RunWarning.load(from: run.folder(stage))
                    for f in facts { f.log(to: options.logger) }
                    summary.warnings += facts
                    continue
                }
            }
            options.logger.info(
                "stage started",
                metadata: ["event": "stage.started", "stage": "\(stage.rawValue)", "period": "\(period)"])
            do {
                let (outcome, facts) = try await runStage(stage, run: run, known: summary.warnings)
                var o = outcome
                o.seconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
                // run.md and run.json name files relative to the pipeline file, not where this checkout lives.
                o.warnings = o.warnings.map(definition.relativizingPaths)
                summary.stages.append(o)
                summary.warnings += facts
                options.logger.info(
                    "stage finished",
                    metadata: [
                        "event": "stage.finished", "stage": "\(stage.rawValue)",
                        "rows":
                            "\(o.rowCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
                    ])
            } catch {
                if let strict = error as? StrictFailure { summary.warnings += strict.facts }
                let message =
                    (error as? ImpactError)?.message ?? (error as? StrictFailure)?.message
                    ?? "stage \(stage.rawValue): \(SystemErrorText.describe(error))"
                summary.stages.append(
                    StageOutcome(
                        stage: stage, result: "failed", seconds: Date().timeIntervalSince(started), rowCounts: [:],
                        warnings: [], message: definition.relativizingPaths(message)))
                options.logger.error(
                    "stage failed",
                    metadata: ["event": "stage.failed", "stage": "\(stage.rawValue)", "error": "\(message)"])
                failure = (error as? ImpactError) ?? ImpactError(error is StrictFailure ? .warnings : .failure, message)
                break
            }
        }
        summary.warnings = summary.warnings.deduplicated
        if failure == nil, options.strict, !summary.warnings.isEmpty {
            // Stages skipped as up to date carry facts a non-strict run published: still an incomplete report.
            failure = ImpactError(
                .warnings,
                "\(summary.warnings.count) warning(s) under --strict (see run.md): "
                    + summary.warnings.map { "\($0.kind.rawValue) \($0.source)" }.joined(separator: ", "))
        }
        let finished = options.now()
        summary.finishedAt = isoUTC(finished)
        summary.exitStatus = Int((failure as? ImpactError)?.status.rawValue ?? (failure == nil ? 0 : 1))
        summary.status = failure == nil ? "succeeded" : "failed"
        try? summary.write(to: run.root)
        let lastSuccess = lastSuccessBefore
        let duration = finished.timeIntervalSince(runStarted)
        try? writeAtomically(
            Data(summary.prometheusText(durationSeconds: duration, finished: finished, lastSuccess: lastSuccess).utf8),
            to: prom)
        if let failure { throw failure }
        // A bounded store: after a successful run that fetched, bodies no recent run folder references go.
        if summary.stages.contains(where: { $0.stage == .fetch && $0.result != "skipped" }) {
            let settings = definition.fetchSettings
            do {
                let removed = try StorePruning.prune(
                    outputRoot: options.outputRoot, keepRuns: settings.storeKeepRuns ?? StorePruning.defaultKeepRuns,
                    minimumAge: settings.storePruneMinAgeSeconds.map { .milliseconds(Int(($0 * 1000).rounded())) }
                        ?? StorePruning.defaultMinimumAge)
                if removed > 0 {
                    options.logger.info("response store pruned", metadata: ["files_removed": "\(removed)"])
                }
            } catch {
                options.logger.warning(
                    "could not prune the response store", metadata: ["error": "\(SystemErrorText.describe(error))"])
            }
        }
        return summary
    }

    /// - Parameter known: the facts this run has already logged (the report stage repeats none of them).
    private func runStage(_ stage: Stage, run: RunDirectory, known: [RunWarning]) async throws -> (
        StageOutcome, [RunWarning]
    ) {
        let staging = try run.makeStaging(stage)
        defer { try? FileManager.default.removeItem(at: staging) }
        // The report stage writes the core group's outputs into a second staging folder, published as `internal/`
        // beside `report/` (never inside it).
        let internalStaging = stage == .report ? try run.makeStaging(named: RunDirectory.internalName) : nil
        defer { if let internalStaging { try? FileManager.default.removeItem(at: internalStaging) } }
        let started = isoUTC(options.now())
        var counts: [String: Int] = [:]
        var warnings: [String] = []
        var facts: [RunWarning] = []
        switch stage {
        case .fetch:
            let result = try await FetchStage(definition: definition, run: run, options: options).produce(into: staging)
            counts = result.rowCounts
            warnings = result.warnings
            facts = result.facts
        case .normalize:
            // The one place that chooses between a municipal and a national pipeline's stage.
            let result =
                definition.isNational
                ? try NationalNormalizeStage(definition: definition, run: run).produce(into: staging)
                : try NormalizeStage(definition: definition, run: run).produce(into: staging)
            counts = result.rowCounts
            warnings = result.warnings
            facts = result.facts
        case .compute:
            let result =
                definition.isNational
                ? try NationalComputeStage(definition: definition, run: run).produce(into: staging)
                : try ComputeStage(definition: definition, run: run).produce(into: staging)
            counts = result.rowCounts
            warnings = result.warnings
            facts = result.facts
        case .report:
            let languages = reportLanguages
            // The report's one time line is the data's retrieval time (from the manifest), not the wall clock, so
            // rerunning `impactmon report` on the same inputs gives byte-identical files.
            let manifest = Manifest.load(
                RunFile.manifest.url(in: run.root), pipeline: definition.name, period: period.description)
            let dataAsOf =
                manifest.stages[.fetch]?.finishedAt ?? manifest.stages[.compute]?.finishedAt ?? isoUTC(options.now())
            counts =
                definition.isNational
                ? try NationalReportStage(
                    definition: definition, run: run, language: languages[0], generatedAt: dataAsOf
                )
                .produce(into: staging)
                : try ReportStage(definition: definition, run: run, languages: languages, generatedAt: dataAsOf)
                    .produce(into: staging, internal: internalStaging ?? staging, notes: &warnings)
            // The report rests on the published facts of the earlier stages: a report-only run says them too (and
            // under --strict does not publish an incomplete report).
            facts = [Stage.fetch, .normalize, .compute].flatMap { RunWarning.load(from: run.folder($0)) }.deduplicated
                .filter { !known.contains($0) }
        }
        for f in facts { f.log(to: options.logger) }
        // Under --strict a stage that found an incomplete input is not published: the last good outputs stay.
        if options.strict, !facts.isEmpty { throw StrictFailure(stage: stage, facts: facts) }
        var outputs = Manifest.FileHash.all(in: staging, relativeTo: staging).map {
            Manifest.FileHash(path: "\(stage.rawValue)/\($0.path)", sha256: $0.sha256, bytes: $0.bytes)
        }
        if let internalStaging {
            let internalFiles = Manifest.FileHash.all(in: internalStaging, relativeTo: internalStaging)
            outputs += internalFiles.map {
                Manifest.FileHash(path: "\(RunDirectory.internalName)/\($0.path)", sha256: $0.sha256, bytes: $0.bytes)
            }
            // `internal/` first: a run killed between the two renames leaves a report the manifest does not describe
            // (stale, rerun), never a public folder newer than its internal one. A stage without internal outputs (a
            // national report) removes an older `internal/` rather than leave it beside newer figures.
            if !internalFiles.isEmpty {
                try run.publish(staging: internalStaging, asFolder: RunDirectory.internalName)
            } else if FileManager.default.fileExists(atPath: run.internalFolder.path) {
                try run.publish(staging: internalStaging, asFolder: RunDirectory.internalName)
                try? FileManager.default.removeItem(at: run.internalFolder)
            }
        }
        try run.publish(staging: staging, as: stage)
        var manifest = Manifest.load(
            RunFile.manifest.url(in: run.root), pipeline: definition.name, period: period.description)
        manifest.stages[stage] = Manifest.StageRecord(
            stage: stage, toolVersion: ToolVersion.current, startedAt: started, finishedAt: isoUTC(options.now()),
            inputs: stageInputs(stage, run: run), configHash: configHash(for: stage), outputs: outputs,
            rowCounts: counts)
        try manifest.write(to: RunFile.manifest.url(in: run.root))
        // The report stage's notes (e.g. no PDF without Chromium) also show in the one-line run summary.
        let message = stage == .report && !warnings.isEmpty ? warnings.joined(separator: "; ") : nil
        return (
            StageOutcome(
                stage: stage, result: "ran", seconds: 0, rowCounts: counts, warnings: warnings, message: message), facts
        )
    }

    /// The report's languages: `--lang` (`nl`, `en`, `nl,en`), else the pipeline's `report.languages`, else Dutch.
    var reportLanguages: [ReportLanguage] {
        let given = options.language.isEmpty ? definition.reportLanguages.joined(separator: ",") : options.language
        var out: [ReportLanguage] = []
        for part in given.split(separator: ",") {
            if let l = ReportLanguage(rawValue: part.trimmingCharacters(in: .whitespaces)), !out.contains(l) {
                out.append(l)
            }
        }
        return out.isEmpty ? [.nl] : out
    }

    /// The files a stage reads: the previous stage's folder plus the config it uses.
    func stageInputs(_ stage: Stage, run: RunDirectory) -> [Manifest.FileHash] {
        let project = definition.baseURL.deletingLastPathComponent()
        var files: [Manifest.FileHash] = []
        switch stage {
        case .fetch:
            // The registry matters to fetch only through its KvK-nummers (one Basisprofiel each): a changed name or
            // postcode does not make the fetched bodies stale.
            let numbers = definition.registryKvKNumbers().map(\.digits).joined(separator: "\n")
            files.append(
                Manifest.FileHash(
                    path: relativePath(definition.registryURL, from: project) + "#kvk_numbers",
                    sha256: sha256Hex(Data(numbers.utf8)), bytes: numbers.utf8.count))
            // Local (file://) sources are inputs like config: a changed snapshot or return file makes fetch stale.
            for source in definition.sources where source.resolvedURL.hasPrefix("file://") {
                var path = String(source.resolvedURL.dropFirst("file://".count))
                if let brace = path.firstIndex(of: "{") {
                    path = String(path[..<brace])
                    if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
                }
                let url = URL(fileURLWithPath: path)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                files +=
                    isDirectory.boolValue
                    ? Manifest.FileHash.all(in: url, relativeTo: project)
                    : [Manifest.FileHash.of(url, relativeTo: project)].compactMap { $0 }
            }
        case .normalize, .compute, .report:
            // What the stage declared it reads (PipelineDefinition.reads(of:)); it reads nothing else.
            files += definition.reads(of: stage).flatMap { $0.hashes(in: run) }
            if stage == .report {
                // The languages are an input too: `--lang en` after a Dutch report makes the report stale.
                let lang = reportLanguages.map(\.rawValue).joined(separator: ",")
                files.append(Manifest.FileHash(path: "--lang " + lang, sha256: sha256Hex(Data(lang.utf8)), bytes: 0))
                // "Herzieningen" compare with the latest publication of an earlier quarter (RestatementBaseline):
                // publishing one makes this report stale. This quarter's own publication does not: on the same inputs
                // the report compares with what the published one compared with, so it stays byte for byte the
                // published report.
                let archive = PublishedArchive(definition: definition, outputRoot: run.outputRoot)
                if let q = archive.quarters().last(where: { $0 < run.period }),
                    let h = Manifest.FileHash.of(
                        archive.folder(q).appendingPathComponent(PublishedArchive.checksumsName),
                        relativeTo: archive.root)
                {
                    files.append(Manifest.FileHash(path: "published:" + h.path, sha256: h.sha256, bytes: h.bytes))
                }
            }
        }
        for url in configFiles(for: stage) {
            if let h = Manifest.FileHash.of(url, relativeTo: project) { files.append(h) }
        }
        return files
    }

    /// Config files each stage reads.
    func configFiles(for stage: Stage) -> [URL] {
        switch stage {
        case .fetch: return [definition.fileURL]
        case .normalize:
            return [definition.fileURL, definition.registryURL, definition.themesURL]
                + [definition.measureRulesURL, definition.boundaryChangesURL, definition.registryHistoryURL].compactMap
            { $0 }
        case .compute: return [definition.fileURL, definition.metricsURL, definition.themesURL]
        case .report:
            // The afwegingskader is read by the report stage only (internal/assessment.*).
            return [definition.fileURL, definition.metricsURL, definition.themesURL, definition.registryURL]
                + [definition.assessmentURL].compactMap { $0 }
        }
    }

    func configHash(for stage: Stage) -> String {
        var data = Data(ToolVersion.current.utf8)
        for url in configFiles(for: stage) { data.append(Data(fileSHA256(url)?.utf8 ?? "-".utf8)) }
        return sha256Hex(data)
    }
}

/// `run.json`: what ran, what was skipped and why, warnings, and the exit status.
package struct RunSummary: Codable, Sendable {
    /// The pipeline's `name:` (`haarlem-demo`; `<name>@GM0363` for a partition of a national pipeline).
    package var pipeline: String
    /// The quarter of the run, `2026Q3`.
    package var period: String
    /// The command line that started the run, as in the lock file (``RunOptions/command``).
    package var command: String
    /// When the run started (`started_at`), ISO 8601 UTC with seconds: `2026-11-30T08:00:47Z`.
    package var startedAt: String
    /// When the run ended (`finished_at`), in the same form; empty while it is running.
    package var finishedAt: String = ""
    /// `ToolVersion.current` of the build that ran (`tool_version`), e.g. `0.1.0`.
    package var toolVersion: String
    /// The process's exit status (`exit_status`): 0 on success, else the `ExitStatus` of the first failure (3 for
    /// warnings under `--strict`).
    package var exitStatus: Int = 0
    /// `running` from the start of the run, then `succeeded` or `failed`; a run.json still saying `running` while
    /// no run holds the lock is a run that crashed or was killed.
    package var status: String = "running"
    /// One outcome per stage, in stage order: ran, skipped as up to date, or failed; the stages after a failure are not
    /// listed.
    package var stages: [StageOutcome] = []
    /// Every condition that makes the report less than complete, one fact each (also in `run.md` and on stderr).
    package var warnings: [RunWarning] = []

    init(pipeline: String, period: String, command: String, startedAt: String, toolVersion: String) {
        self.pipeline = pipeline
        self.period = period
        self.command = command
        self.startedAt = startedAt
        self.toolVersion = toolVersion
    }

    enum CodingKeys: String, CodingKey {
        case pipeline, period, command, stages, warnings, status
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case toolVersion = "tool_version"
        case exitStatus = "exit_status"
    }

    /// Reads `run.json`, also as older versions wrote it: without `status` it follows `exit_status`; missing
    /// `finished_at`, `exit_status`, `stages` and `warnings` read as empty, 0, none and none.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        pipeline = try c.decode(String.self, forKey: .pipeline)
        period = try c.decode(String.self, forKey: .period)
        command = try c.decode(String.self, forKey: .command)
        startedAt = try c.decode(String.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(String.self, forKey: .finishedAt) ?? ""
        toolVersion = try c.decode(String.self, forKey: .toolVersion)
        exitStatus = try c.decodeIfPresent(Int.self, forKey: .exitStatus) ?? 0
        stages = try c.decodeIfPresent([StageOutcome].self, forKey: .stages) ?? []
        // run.json written before runs said "running" at their start has no `status` key.
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? (exitStatus == 0 ? "succeeded" : "failed")
        // run.json written before warnings were facts has no `warnings` key.
        warnings = try c.decodeIfPresent([RunWarning].self, forKey: .warnings) ?? []
    }

    /// Reads `run.json` of the run folder `root`, its one reader; `nil` when there is none or it is not a summary.
    package static func load(from root: URL) -> RunSummary? {
        guard let data = try? Data(contentsOf: RunFile.runSummary.url(in: root)) else { return nil }
        return try? JSONDecoder().decode(RunSummary.self, from: data)
    }

    func write(to root: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Messages quote URLs and server replies: every secret is masked before the summary is written.
        let json = Secrets.mask(String(decoding: try enc.encode(self), as: UTF8.self))
        try writeAtomically(Data(json.utf8) + Data("\n".utf8), to: RunFile.runSummary.url(in: root))
        try writeAtomically(Data(Secrets.mask(markdown()).utf8), to: RunFile.runSummaryMarkdown.url(in: root))
    }
}

/// A stage found ``RunWarning``s under `--strict`: it is not published and the run exits 3.
struct StrictFailure: Error {
    var stage: Stage
    var facts: [RunWarning]
    var message: String {
        "\(stage.rawValue): \(facts.count) warning(s) under --strict, not published: "
            + facts.map { "\($0.kind.rawValue) \($0.source)" }.joined(separator: ", ")
    }
}
