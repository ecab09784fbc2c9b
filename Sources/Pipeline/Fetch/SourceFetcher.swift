import Fetching
import Foundation
import ImpactModel

/// The fetch stage's work: every source of the pipeline fetched through one ``HTTPClient`` into the staging folder,
/// combined in the order of the pipeline file (``FetchStage`` declares, this fetches).
struct SourceFetcher {
    let definition: PipelineDefinition
    let run: RunDirectory
    let options: RunOptions
    let client: HTTPClient

    /// What fetching one source gave: its stored bodies and what the run summary, the logs and the report say of it.
    struct SourceOutcome: Sendable {
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
    func fetchAll(into staging: URL) async throws -> FetchStage.Result {
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
                    (index, try await fetchSource(source, kvkNumbers: kvkNumbers, into: staging))
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
        return FetchStage.Result(
            rowCounts: [
                "bodies": all.reduce(0) { $0 + $1.records.count }, "bytes": all.reduce(0) { $0 + $1.bytes },
                "body_bytes_transferred": all.reduce(0) { $0 + $1.transferred },
            ],
            warnings: all.flatMap(\.warnings), facts: facts)
    }
}
