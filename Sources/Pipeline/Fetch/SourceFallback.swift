import Connectors
import Fetching
import Foundation
import ImpactModel

extension SourceFetcher {
    /// What a failed source leaves: a required one its ``SourceOutcome/failure`` (exit 69, or 78 for a configuration
    /// error); an optional one its last good bodies for this period, flagged stale, or a `missing` fact.
    /// - Throws: when the last good bodies cannot be copied into `folder`.
    func recover(_ source: SourceDefinition, from error: any Error, folder: URL, outcome: inout SourceOutcome) throws {
        let message = describeFailure(error, source: source)
        if source.required {
            let status: ExitStatus =
                (error as? ConnectorError)?.exitStatus == .config || (error as? ImpactError)?.status == .config
                ? .config : .unavailable
            outcome.failure = ImpactError(status, message + "; nothing was published")
            return
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
