import CSVCodec
import Foundation
import ImpactModel
import Normalization
import Reporting
import RunArtifacts

/// The report stage's reads of the run folder, each through its declared ``RunFolderReader`` path.
extension ReportStage {
    /// A stage's warning facts (`<stage>/warnings.json`); empty when there are none.
    func warnings(_ stage: Stage) throws(ImpactError) -> [RunWarning] {
        guard let data = try reader.data("\(stage.rawValue)/\(RunWarning.fileName)") else { return [] }
        return (try? JSONDecoder().decode([RunWarning].self, from: data)) ?? []
    }

    /// Enterprise names by KvK-nummer from `normalize/enterprises.csv` (empty when it cannot be read).
    func enterpriseNames() throws(ImpactError) -> [String: String] {
        let url = try reader.url(RunFile.enterprises)
        guard let data = try? Data(contentsOf: url),
            let table = try? CSVReader.read(
                data, file: url.path, options: CSVReadOptions(delimiter: UInt8(ascii: ","))),
            let k = table.column("kvk_number"), let n = table.column("name")
        else { return [:] }
        var out: [String: String] = [:]
        for r in table.records where r.fields.count > max(k, n) { out[r.fields[k]] = r.fields[n] }
        return out
    }

    /// SHA-256 of every stored response body per source (not `fetch.json`, whose times change on every fetch).
    func sourceBodyHashes() throws(ImpactError) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for src in definition.sources {
            let folder = try reader.url("fetch/\(src.id)/")
            out[src.id] = Manifest.FileHash.all(in: folder, relativeTo: folder)
                .filter { $0.path != RunFile.fetchRecord.name }.map(\.sha256).sorted()
        }
        return out
    }

    /// `normalize/ledger.json`, through its one reader (``NormalizedArtifacts/readLedger(from:)``).
    func readLedger() throws -> [LedgerEntry] {
        let url = try reader.url(RunFile.ledger)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ImpactError(.dataInvalid, "\(url.path) is missing; run `impactmon normalize` first")
        }
        return try NormalizedArtifacts.readLedger(from: url)
    }

    /// Rejects per source and reason, from `normalize/rejects.csv` through its one reader
    /// (``NormalizedArtifacts/readRejects(_:file:)``).
    func readRejectCounts() throws -> [RejectCount] {
        let url = try reader.url(RunFile.rejects)
        guard let data = try reader.data(RunFile.rejects) else { return [] }
        var counts: [String: [String: Int]] = [:]
        for r in try NormalizedArtifacts.readRejects(data, file: url.path) {
            counts[r.sourceID, default: [:]][r.reason, default: 0] += 1
        }
        return counts.flatMap { source, reasons in
            reasons.map { RejectCount(sourceID: source, reason: $0.key, count: $0.value) }
        }.sorted { ($0.sourceID, $0.reason) < ($1.sourceID, $1.reason) }
    }

    /// One summary per pipeline source from its `fetch.json`, read by its one owner type (``SourceFetchRecord``).
    func readSourceSummaries() throws -> [SourceSummary] {
        try definition.sources.map { src in
            let url = try reader.url(RunFile.fetchRecord, source: src.id)
            var record: SourceFetchRecord?
            var stale: String?
            if FileManager.default.fileExists(atPath: url.path) {
                record = try SourceFetchRecord.load(url.deletingLastPathComponent())
                stale = record?.staleReason
            } else {
                stale =
                    language == .nl
                    ? "niet opgehaald in deze run (zie run.md); de cijfers uit deze bron ontbreken"
                    : "not fetched in this run (see run.md); the figures from this source are missing"
            }
            let first = record?.requests.first
            let isCBS = src.connector == .cbsODataV3 || src.connector == .cbsODataV4
            return SourceSummary(
                id: src.id, table: src.table ?? src.dataset ?? "", title: src.title ?? "",
                url: Secrets.mask(src.url), retrievedAt: first?.retrievedAt ?? "",
                sha256: first?.sha256 ?? "", isCBS: isCBS, staleReason: stale)
        }
    }
}
