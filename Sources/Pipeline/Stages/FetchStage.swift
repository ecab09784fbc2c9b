import Connectors
import ContentHash
import Fetching
import Foundation
import ImpactModel
import Logging
import Normalization

/// The fetch stage: every source's connector fetches through one ``HTTPClient`` (libcurl: retries, conditional
/// GET against `output/.cache/`, `--offline` replay), and the bodies are stored as received in
/// `fetch/<source_id>/NNN-<entity>.<ext>` with `fetch.json`.
///
/// A `required` source that fails ends the run with exit 69 (78 for a configuration error) naming the host,
/// dataset and attempts, and nothing is published. An optional source that fails falls back to its last good
/// stored bodies for this period, flagged stale in `fetch.json`, the run summary and the report.
struct FetchStage {
    let definition: PipelineDefinition
    let run: RunDirectory
    let options: RunOptions

    struct Result {
        var rowCounts: [String: Int]
        var warnings: [String]
        /// Missing, empty, stale and replayed sources (``RunWarning``), also written to `fetch/warnings.json`.
        var facts: [RunWarning] = []
    }

    func produce(into staging: URL) async throws -> Result {
        var policy = definition.fetchSettings.applied(to: FetchPolicy())
        policy.toolVersion = ToolVersion.current
        // The standard variables, when the pipeline file sets no trust store of its own (docs/FETCHING.md).
        let environment = ProcessInfo.processInfo.environment
        if policy.caBundlePath == nil && policy.caPath == nil {
            for name in ["CURL_CA_BUNDLE", "SSL_CERT_FILE"] {
                if let v = environment[name], !v.isEmpty {
                    policy.caBundlePath = v
                    policy.trustOrigin = "the environment variable \(name)"
                    break
                }
            }
            if let v = environment["SSL_CERT_DIR"], !v.isEmpty, !v.contains(":") {
                policy.caPath = v
                policy.trustOrigin =
                    (policy.trustOrigin.map { $0 + " and " } ?? "") + "the environment variable SSL_CERT_DIR"
            }
        }
        let mode: HTTPClient.Mode =
            switch options.fetchMode {
            case .online: .online
            case .offline: .offline
            case .refresh: .refresh
            }
        let client = try HTTPClient(
            policy: policy, store: ResponseStore(outputDirectory: options.outputRoot), mode: mode,
            logger: options.logger)
        do {
            let result = try await fetchAll(client: client, into: staging)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// What fetching one source gave: its stored bodies and what the run summary, the logs and the report say of it.
    private struct SourceOutcome: Sendable {
        var records: [StoredBodyRecord] = []
        var bytes = 0
        var transferred = 0
        var warnings: [String] = []
        var facts: [RunWarning] = []
        /// A required source that failed: the stage ends with it once every source has finished.
        var failure: ImpactError?
    }

    /// Fetches every source, up to ``FetchPolicy/maxConcurrentTransfers`` at a time (transfers to one host are
    /// further limited by `per_host_concurrency` inside the client), and combines the outcomes in the order of the
    /// pipeline file, so `fetch.json`, `warnings.json` and the summary are the same bytes as a sequential run's.
    /// A required source that fails ends the stage; when several fail, the first in the pipeline file is reported, as
    /// in a sequential run.
    private func fetchAll(client: HTTPClient, into staging: URL) async throws -> Result {
        let kvkNumbers = definition.registryKvKNumbers()
        let sources = definition.sources
        let width = max(1, client.policy.maxConcurrentTransfers)
        var outcomes = [SourceOutcome?](repeating: nil, count: sources.count)
        var done = 0
        var bodiesSoFar = 0
        var bytesSoFar = 0
        func finished(_ index: Int, _ outcome: SourceOutcome) {
            outcomes[index] = outcome
            done += 1
            bodiesSoFar += outcome.records.count
            bytesSoFar += outcome.bytes
            if options.progress {
                ProgressLine.show(
                    "fetch: \(done)/\(sources.count) sources, \(bodiesSoFar) bodies, \(bytesSoFar / 1024) KiB")
            }
        }
        try await withThrowingTaskGroup(of: (Int, SourceOutcome).self) { group in
            for (index, source) in sources.enumerated() {
                if index >= width, let (i, outcome) = try await group.next() { finished(i, outcome) }
                group.addTask {
                    (index, try await fetchSource(source, client: client, kvkNumbers: kvkNumbers, into: staging))
                }
            }
            while let (i, outcome) = try await group.next() { finished(i, outcome) }
        }
        if options.progress { ProgressLine.finish() }
        let all = outcomes.compactMap { $0 }
        if let failure = all.lazy.compactMap(\.failure).first { throw failure }
        let facts = all.flatMap(\.facts)
        try RunWarning.write(facts, to: staging)
        // The bodies were written without an fsync each: one flush of the file system before the folder is published.
        StagedWrite.syncFileSystem(of: staging)
        return Result(
            rowCounts: [
                "bodies": all.reduce(0) { $0 + $1.records.count }, "bytes": all.reduce(0) { $0 + $1.bytes },
                "body_bytes_transferred": all.reduce(0) { $0 + $1.transferred },
            ],
            warnings: all.flatMap(\.warnings), facts: facts)
    }

    /// Fetches one source into `staging/<source_id>/` and writes its `fetch.json`; an optional source that fails
    /// falls back to its last good bodies (or is reported missing).
    /// - Throws: ``ImpactError`` when a required source fails (exit 69, or 78 for a configuration error).
    private func fetchSource(
        _ source: SourceDefinition, client: HTTPClient, kvkNumbers: [KvKNumber], into staging: URL
    ) async throws -> SourceOutcome {
        var outcome = SourceOutcome()
        let folder = staging.appendingPathComponent(source.id, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let context = ConnectorContext(
            kvkNumbers: kvkNumbers, quarters: source.quarters(upTo: run.period),
            environment: ProcessInfo.processInfo.environment)
        do {
            guard source.missingVariables.isEmpty else {
                throw ImpactError(
                    .config,
                    "environment variable(s) \(source.missingVariables.joined(separator: ", ")) referenced as "
                        + "${NAME} in the source's url, headers or parameters are not set; export them in the job's "
                        + "environment")
            }
            let connector = try source.spec.makeConnector(context: context)
            // Per source: its own retry budget (one failing URL cannot spend the others' retries), its own
            // trust store when it sets one, its link scope and headers, and a wall-time bound.
            var sourceClient = client.withOwnRetryBudget(client.policy.sourceRetryBudget)
            if source.caBundle != nil || source.caPath != nil {
                sourceClient = try sourceClient.withTrust(
                    caBundle: source.caBundle, caPath: source.caPath, origin: "sources \(source.id).ca_bundle/ca_path")
            }
            let scoped = ScopedFetcher(
                base: sourceClient,
                scope: LinkScope(sourceID: source.id, sourceURL: source.resolvedURL, allowHosts: source.allowHosts),
                headers: source.headers, secretHeaderNames: source.secretHeaderNames)
            let result = try await withSourceTimeout(client.policy.sourceTimeout, source: source.id) {
                try await connector.fetch(using: scoped)
            }
            // A required per-quarter source must have the file of the run's own quarter: without it every
            // figure that rests on it would silently read "." (older missing quarters stay warnings).
            if source.required, source.resolvedURL.contains("{quarter}") {
                let expected = source.resolvedURL.replacingOccurrences(of: "{quarter}", with: run.period.description)
                if !result.bodies.contains(where: { $0.url == expected }) {
                    throw ImpactError(
                        .unavailable,
                        "no file for the run's quarter \(run.period) (\(expected)); the source is required — deliver the file, or run an earlier --period"
                    )
                }
            }
            var records: [StoredBodyRecord] = []
            for body in result.bodies {
                let data = body.response.body
                let r = body.response.record
                // The client hashed the body while it streamed in: that digest goes into fetch.json and the manifest.
                let sha = r?.sha256 ?? sha256Hex(data)
                let file = folder.appendingPathComponent(body.fileName)
                // Into the private staging folder, flushed once for all bodies before it is published (StagedWrite).
                try StagedWrite.write(data, to: file, linking: body.response.storedBodyFile)
                FileDigests.shared.record(file, sha256: sha)
                records.append(
                    StoredBodyRecord(
                        file: body.fileName, url: r?.url ?? Secrets.mask(body.url), effectiveURL: r?.effectiveURL,
                        status: body.response.status, contentType: body.response.headers["content-type"],
                        etag: r?.etag, lastModified: r?.lastModified, bytes: data.count, sha256: sha,
                        retrievedAt: r?.retrievedAt ?? isoUTC(options.now()), attempts: r?.attempts,
                        fromCache: r?.fromCache, notModified: r?.notModified,
                        bodyBytesTransferred: r?.bodyBytesTransferred))
                outcome.bytes += data.count
                outcome.transferred += r?.bodyBytesTransferred ?? 0
            }
            outcome.records = records
            let notes = result.diagnostics.map { Secrets.mask($0.message) }
            outcome.warnings += result.diagnostics.filter { $0.severity >= .warning }.map {
                Secrets.mask("source \(source.id): \($0.message)")
            }
            outcome.facts += sourceFacts(source, result: result, records: records)
            outcome.facts += tableChangeFacts(source, fetched: result.bodies.map(StoredBody.init))
            try SourceFetchRecord(
                sourceID: source.id, connector: source.connector.rawValue, staleReason: nil, requests: records,
                diagnostics: notes
            ).write(folder)
            options.logger.info(
                "source fetched",
                metadata: [
                    "event": "source.fetched", "stage": "fetch", "source": "\(source.id)", "bodies": "\(records.count)",
                    "bytes": "\(records.reduce(0) { $0 + $1.bytes })",
                ])
        } catch {
            let message = describeFailure(error, source: source)
            if source.required {
                let status: ExitStatus =
                    (error as? ConnectorError)?.exitStatus == .config || (error as? ImpactError)?.status == .config
                    ? .config : .unavailable
                outcome.failure = ImpactError(status, message + "; nothing was published")
                return outcome
            }
            try? FileManager.default.removeItem(at: folder)
            let said = definition.relativizingPaths(message)
            if let retrieved = try fallBack(source, into: folder, reason: message) {
                outcome.warnings.append("source \(source.id): \(message); using the last good stored response (stale)")
                outcome.facts.append(
                    RunWarning(
                        stage: .fetch, source: source.id, kind: .stale, subject: retrieved,
                        message: "\(said); its last good bodies (retrieved \(retrieved)) were used instead",
                        action: "check the source (URL, network, credentials) and rerun; the next run asks it again"))
            } else {
                outcome.warnings.append(
                    "source \(source.id): \(message); no earlier response stored, its figures are missing")
                outcome.facts.append(
                    RunWarning(
                        stage: .fetch, source: source.id, kind: .missing, subject: source.url,
                        message: "\(said); nothing was stored to fall back to, so its figures are missing",
                        action: "fix the source (URL or file in the pipeline file, network, credentials) and rerun"))
            }
        }
        return outcome
    }

    /// The facts of one fetched source: per-quarter files that are absent, no bodies at all, or bodies replayed from
    /// the response store.
    private func sourceFacts(_ source: SourceDefinition, result: FetchResult, records: [StoredBodyRecord])
        -> [RunWarning]
    {
        var facts: [RunWarning] = []
        for d in result.diagnostics where d.code == "source.file_absent" {
            let quarter = d.message.firstMatch(of: /no file for ([0-9]{4}Q[1-4])/).map { String($0.1) } ?? ""
            let file = quarter.isEmpty ? source.url : source.url.replacingOccurrences(of: "{quarter}", with: quarter)
            facts.append(
                RunWarning(
                    stage: .fetch, source: source.id, kind: .missing, subject: file,
                    message:
                        "source \(source.id): the file for \(quarter) (\(file)) is missing; figures for \(quarter) that rest on it are unknown (.)",
                    action: "deliver \(file) (relative to the pipeline file) and rerun this period"))
        }
        if records.isEmpty || records.allSatisfy({ $0.bytes == 0 }) {
            facts.append(
                RunWarning(
                    stage: .fetch, source: source.id, kind: .empty, subject: source.url,
                    message: "source \(source.id) returned no data (\(records.count) empty bodies)",
                    action:
                        "check the source's URL and filters in the pipeline file, or whether the publisher emptied it"))
        } else if options.fetchMode == .offline, records.contains(where: { $0.fromCache == true }) {
            let oldest = records.map(\.retrievedAt).min() ?? "?"
            facts.append(
                RunWarning(
                    stage: .fetch, source: source.id, kind: .replayed, subject: oldest,
                    message:
                        "source \(source.id) was read from the response store (--offline), retrieved \(oldest), not asked again",
                    action: "run without --offline to fetch current data"))
        }
        return facts
    }

    /// Runs `body`, cancelling it (and its transfer) when `limit` passes first.
    /// - Throws: ``ImpactError`` `.unavailable` naming the source and `fetch.source_timeout_s`, or what `body` throws.
    private func withSourceTimeout<T: Sendable>(
        _ limit: Duration, source: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw ImpactError(
                    .unavailable,
                    "gave up after \(Int(limit.components.seconds)) s (fetch.source_timeout_s): the source's requests, "
                        + "retries and waits together took longer")
            }
            return value
        }
    }

    /// "source cbs-bijstand (37789ksz) from datasets.cbs.nl: <what failed>".
    private func describeFailure(_ error: any Error, source: SourceDefinition) -> String {
        let host = URLComponents(string: source.resolvedURL)?.host.flatMap { $0.isEmpty ? nil : $0 } ?? "local files"
        let what = source.table ?? source.dataset ?? source.url
        let detail =
            (error as? ConnectorError)?.message ?? (error as? FetchError)?.message ?? (error as? ImpactError)?.message
            ?? "\(SystemErrorText.describe(error))"
        // Connector messages may name the source already; say it once.
        let trimmed =
            detail.hasPrefix("source \(source.id): ") ? String(detail.dropFirst("source \(source.id): ".count)) : detail
        return Secrets.mask("source \(source.id) (\(what)) from \(host): \(trimmed)")
    }

    /// Copies the last published bodies of `source` for this period into the staging folder and marks them stale.
    /// - Returns: the oldest retrieval time of the reused bodies, or nil when there was nothing to fall back to.
    private func fallBack(_ source: SourceDefinition, into folder: URL, reason: String) throws -> String? {
        let previous = run.folder(.fetch).appendingPathComponent(source.id)
        guard var record = try? SourceFetchRecord.load(previous) else { return nil }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for r in record.requests {
            try FileManager.default.copyItem(
                at: previous.appendingPathComponent(r.file), to: folder.appendingPathComponent(r.file))
        }
        let oldest = record.requests.map(\.retrievedAt).min() ?? "?"
        record.staleReason = "\(reason); bodies retrieved \(oldest) reused"
        try record.write(folder)
        return oldest
    }
}

extension PipelineDefinition {
    /// The registry's KvK-nummers (repaired as the normalize stage repairs them), for `kvk-basisprofiel` sources.
    func registryKvKNumbers() -> [KvKNumber] {
        guard sources.contains(where: { $0.connector == .kvkBasisprofiel }),
            let data = try? Data(contentsOf: registryURL),
            let config = try? NormalizationConfig.load(themes: themesURL)
        else { return [] }
        let load = RegistryLoader.load(data, file: registryURL.path, themes: config.themes)
        return Array(Set(load.enterprises.map(\.kvkNumber))).sorted()
    }
}
