import Fetching
import Foundation
import ImpactModel

/// The fetch stage: every source's connector fetches through one ``HTTPClient`` (libcurl: retries, conditional
/// GET against `output/.cache/`, `--offline` replay), and the bodies are stored as received in
/// `fetch/<source_id>/NNN-<entity>.<ext>` with `fetch.json`.
///
/// A `required` source that fails ends the run with exit 69 (78 for a configuration error) naming the host,
/// dataset and attempts, and nothing is published. An optional source that fails falls back to its last good
/// stored bodies for this period, flagged stale in `fetch.json`, the run summary and the report.
///
/// Reads no run artifact (``PipelineDefinition/reads(of:)``); the work is ``SourceFetcher``'s (`Pipeline/Fetch/`).
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
        let client = try HTTPClient(
            policy: definition.fetchPolicy(environment: ProcessInfo.processInfo.environment),
            store: ResponseStore(outputDirectory: options.outputRoot), mode: options.fetchMode.clientMode,
            logger: options.logger)
        let fetcher = SourceFetcher(definition: definition, run: run, options: options, client: client)
        do {
            let result = try await fetcher.fetchAll(into: staging)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
