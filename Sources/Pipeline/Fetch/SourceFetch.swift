import Connectors
import ContentHash
import Fetching
import Foundation
import ImpactModel

extension SourceFetcher {
    /// Fetches one source into `staging/<source_id>/` and writes its `fetch.json`; an optional source that fails
    /// falls back to its last good bodies (or is reported missing).
    /// - Throws: ``ImpactError`` when a required source fails (exit 69, or 78 for a configuration error).
    func fetchSource(_ source: SourceDefinition, kvkNumbers: [KvKNumber], into staging: URL) async throws
        -> SourceOutcome
    {
        var outcome = SourceOutcome()
        let folder = staging.appendingPathComponent(source.id, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let context = ConnectorContext(
            kvkNumbers: kvkNumbers, quarters: source.quarters(upTo: run.period),
            environment: ProcessInfo.processInfo.environment)
        do {
            try await fetch(source, context: context, into: folder, outcome: &outcome)
        } catch {
            try recover(source, from: error, folder: folder, outcome: &outcome)
        }
        return outcome
    }

    /// The connector's requests for `source` through its scoped client, stored as received in `folder` with
    /// `fetch.json`; what it gave is added to `outcome`.
    private func fetch(
        _ source: SourceDefinition, context: ConnectorContext, into folder: URL, outcome: inout SourceOutcome
    ) async throws {
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
    }
}
