import Fetching
import Foundation
import ImpactModel
import Logging
import Reporting

/// Runs stages of one pipeline for one period: takes the lock, runs each stage into a staging folder, checks it,
/// publishes it, records the manifest, and writes the run summary.
package struct PipelineRunner: Sendable {
    package let definition: PipelineDefinition
    package let period: Quarter
    package let options: RunOptions

    package init(definition: PipelineDefinition, period: Quarter, options: RunOptions) {
        self.definition = definition
        self.period = period
        self.options = options
    }

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
        var failure: (any Error)?
        for stage in stages.sorted() {
            let started = Date()
            // A stage is skipped when its inputs (the earlier stage's outputs), config and tool version hash as
            // recorded; fetch also when it is younger than `fetchMaxAge` (`--refresh` always fetches).
            if !force && !(stage == .fetch && options.fetchMode == .refresh) {
                let manifest = Manifest.load(run.root.appendingPathComponent("manifest.json"), pipeline: definition.name, period: period.description)
                let st = state(of: stage, manifest: manifest, run: run)
                if st.kind == .upToDate {
                    summary.stages.append(
                        StageOutcome(stage: stage, result: "skipped", seconds: 0, rowCounts: manifest.stages[stage]?.rowCounts ?? [:], warnings: [], message: "up to date"))
                    options.logger.info("stage skipped: up to date", metadata: ["stage": "\(stage.rawValue)"])
                    continue
                }
            }
            options.logger.info("stage started", metadata: ["stage": "\(stage.rawValue)", "period": "\(period)"])
            do {
                let outcome = try await runStage(stage, run: run)
                var o = outcome
                o.seconds = (Date().timeIntervalSince(started) * 1000).rounded() / 1000
                summary.stages.append(o)
                options.logger.info(
                    "stage finished",
                    metadata: [
                        "stage": "\(stage.rawValue)",
                        "rows": "\(o.rowCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
                    ])
            } catch {
                let message = (error as? ImpactError)?.message ?? "stage \(stage.rawValue): \(error.localizedDescription)"
                summary.stages.append(
                    StageOutcome(
                        stage: stage, result: "failed", seconds: Date().timeIntervalSince(started), rowCounts: [:],
                        warnings: [], message: message))
                options.logger.error("stage failed", metadata: ["stage": "\(stage.rawValue)", "error": "\(message)"])
                failure = (error as? ImpactError) ?? ImpactError(.failure, message)
                break
            }
        }
        let finished = options.now()
        summary.finishedAt = isoUTC(finished)
        summary.exitStatus = Int((failure as? ImpactError)?.status.rawValue ?? (failure == nil ? 0 : 1))
        try? summary.write(to: run.root)
        let prom = run.pipelineRoot.appendingPathComponent("impactmon-\(period).prom")
        let lastSuccess = previousLastSuccess(
            in: try? String(contentsOf: prom, encoding: .utf8), pipeline: definition.name, period: period.description)
        let duration = finished.timeIntervalSince(runStarted)
        try? writeAtomically(
            Data(summary.prometheusText(durationSeconds: duration, finished: finished, lastSuccess: lastSuccess).utf8),
            to: prom)
        if let failure { throw failure }
        return summary
    }

    private func runStage(_ stage: Stage, run: RunDirectory) async throws -> StageOutcome {
        let staging = try run.makeStaging(stage)
        defer { try? FileManager.default.removeItem(at: staging) }
        let started = isoUTC(options.now())
        var counts: [String: Int] = [:]
        var warnings: [String] = []
        switch stage {
        case .fetch:
            let result = try await FetchStage(definition: definition, run: run, options: options).produce(into: staging)
            counts = result.rowCounts
            warnings = result.warnings
        case .normalize:
            let result = try NormalizeStage(definition: definition, run: run).produce(into: staging)
            counts = result.rowCounts
            warnings = result.warnings
        case .compute:
            let result = try ComputeStage(definition: definition, run: run).produce(into: staging)
            counts = result.rowCounts
            warnings = result.warnings
        case .report:
            let lang = ReportLanguage(rawValue: options.language) ?? .nl
            // The report's one time line is the data's retrieval time (from the manifest), not the wall clock, so
            // rerunning `impactmon report` on the same inputs gives byte-identical files.
            let manifest = Manifest.load(run.root.appendingPathComponent("manifest.json"), pipeline: definition.name, period: period.description)
            let dataAsOf = manifest.stages[.fetch]?.finishedAt ?? manifest.stages[.compute]?.finishedAt ?? isoUTC(options.now())
            counts =
                definition.isNational
                ? try NationalReportStage(definition: definition, run: run, language: lang, generatedAt: dataAsOf)
                    .produce(into: staging)
                : try ReportStage(definition: definition, run: run, language: lang, generatedAt: dataAsOf)
                    .produce(into: staging)
        }
        let outputs = Manifest.FileHash.all(in: staging, relativeTo: staging).map {
            Manifest.FileHash(path: "\(stage.rawValue)/\($0.path)", sha256: $0.sha256, bytes: $0.bytes)
        }
        try run.publish(staging: staging, as: stage)
        var manifest = Manifest.load(run.root.appendingPathComponent("manifest.json"), pipeline: definition.name, period: period.description)
        manifest.stages[stage] = Manifest.StageRecord(
            stage: stage, toolVersion: ToolVersion.current, startedAt: started, finishedAt: isoUTC(options.now()),
            inputs: stageInputs(stage, run: run), configHash: configHash(for: stage), outputs: outputs, rowCounts: counts)
        try manifest.write(to: run.root.appendingPathComponent("manifest.json"))
        return StageOutcome(stage: stage, result: "ran", seconds: 0, rowCounts: counts, warnings: warnings, message: nil)
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
                files += isDirectory.boolValue
                    ? Manifest.FileHash.all(in: url, relativeTo: project) : [Manifest.FileHash.of(url, relativeTo: project)].compactMap { $0 }
            }
        case .normalize:
            // Response bodies, not fetch.json: its retrieval times change on every fetch while the bytes may not.
            files += Manifest.FileHash.all(in: run.folder(.fetch), relativeTo: run.root).filter { !$0.path.hasSuffix("/fetch.json") }
        case .compute: files += Manifest.FileHash.all(in: run.folder(.normalize), relativeTo: run.root)
        case .report:
            files += Manifest.FileHash.all(in: run.folder(.compute), relativeTo: run.root)
            // The language is an input too: `--lang en` after a Dutch report makes the report stale.
            files.append(Manifest.FileHash(path: "--lang " + options.language, sha256: sha256Hex(Data(options.language.utf8)), bytes: 0))
            // The report's "Verouderde bronnen" section comes from each source's `stale_reason` in fetch.json, so a
            // source falling back to its last good bodies (same bytes, so compute/ unchanged) or recovering must
            // still rerun the report. Recorded as a pseudo-path `fetch/<id>/fetch.json#stale_reason`.
            for source in definition.sources {
                let path = "\(Stage.fetch.rawValue)/\(source.id)/fetch.json"
                let record = try? SourceFetchRecord.load(run.folder(.fetch).appendingPathComponent(source.id))
                let reason = Data((record?.staleReason ?? "").utf8)
                files.append(Manifest.FileHash(path: path + "#stale_reason", sha256: sha256Hex(reason), bytes: reason.count))
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
                + [definition.measureRulesURL, definition.boundaryChangesURL].compactMap { $0 }
        case .compute: return [definition.fileURL, definition.metricsURL, definition.themesURL]
        case .report:
            // The afwegingskader is read by the report stage only (report/internal/assessment.*).
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
    package var pipeline: String
    package var period: String
    package var command: String
    package var startedAt: String
    package var finishedAt: String = ""
    package var toolVersion: String
    package var exitStatus: Int = 0
    package var stages: [StageOutcome] = []

    init(pipeline: String, period: String, command: String, startedAt: String, toolVersion: String) {
        self.pipeline = pipeline
        self.period = period
        self.command = command
        self.startedAt = startedAt
        self.toolVersion = toolVersion
    }

    enum CodingKeys: String, CodingKey {
        case pipeline, period, command, stages
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case toolVersion = "tool_version"
        case exitStatus = "exit_status"
    }

    func write(to root: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try enc.encode(self) + Data("\n".utf8), to: root.appendingPathComponent("run.json"))
        try writeAtomically(Data(markdown().utf8), to: root.appendingPathComponent("run.md"))
    }
}
