import Connectors
import Fetching
import Foundation

extension SourceFetcher {
    /// The facts of one fetched source: per-quarter files that are absent, no bodies at all, or bodies replayed from
    /// the response store.
    func sourceFacts(_ source: SourceDefinition, result: FetchResult, records: [StoredBodyRecord]) -> [RunWarning] {
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
}
