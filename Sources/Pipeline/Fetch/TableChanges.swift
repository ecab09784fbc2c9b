import Connectors
import Foundation
import ImpactModel

extension SourceFetcher {
    /// Issue 20 item 3: a CBS table's `Title`, `Modified` and status, checked on every fetch.
    ///
    /// The table info just fetched (``Connectors/CBSTableInfo``: v4 `Properties`, v3 `TableInfos`, a StatLine
    /// metadata CSV) is compared with the pin in the pipeline file (`pinned_title:`, `pinned_modified:`) when the
    /// source has one, else with the last good fetch of the source in this run directory, else with the one of the
    /// previous quarter. A new title, a new `Modified` (a revision: CBS corrected or extended the table; its stated
    /// reason is quoted) or a discontinued status is a ``RunWarning`` of kind ``RunWarning/Kind/tableChanged`` naming
    /// the table and what changed. Nothing to compare with (a first fetch, a snapshot without `Properties`) is
    /// silent, except a discontinued table.
    func tableChangeFacts(_ source: SourceDefinition, fetched: [StoredBody]) -> [RunWarning] {
        guard [.cbsODataV3, .cbsODataV4, .statlineCSV].contains(source.connector),
            let now = CBSTableInfo.read(from: fetched, table: source.table ?? source.id)
        else { return [] }
        let before: CBSTableInfo?
        if source.pinnedTitle != nil || source.pinnedModified != nil {
            before = CBSTableInfo(
                table: now.table, title: source.pinnedTitle ?? "", modified: source.pinnedModified ?? "")
        } else {
            before = previousTableInfo(source, table: now.table)
        }
        let pinned = source.pinnedTitle != nil || source.pinnedModified != nil
        return now.changes(since: before).map { change in
            let action: String
            switch change {
            case .retitled:
                action =
                    "check that the table still measures what the metrics using it assume"
                    + (pinned ? ", then update pinned_title in the pipeline file" : "")
            case .revised:
                action =
                    "figures of earlier quarters may have changed: compare with the published report (restatements)"
                    + (pinned ? " and update pinned_modified in the pipeline file" : "")
            case .discontinued:
                action = "find the table that continues the series on StatLine and point the source at it"
            }
            return RunWarning(
                stage: .fetch, source: source.id, kind: .tableChanged, subject: "\(now.table): \(change.subject)",
                message: change.sentence(table: now.table), action: action)
        }
    }

    /// The table info of the last good fetch of `source` in this run directory, else in the previous quarter's.
    private func previousTableInfo(_ source: SourceDefinition, table: String) -> CBSTableInfo? {
        let previousQuarter = RunDirectory(
            outputRoot: run.outputRoot, pipelineName: run.pipelineName, period: run.period - 1)
        for dir in [run, previousQuarter] {
            let folder = dir.folder(.fetch).appendingPathComponent(source.id)
            guard let record = try? SourceFetchRecord.load(folder), record.staleReason == nil,
                let bodies = try? record.storedBodies(in: folder, entities: CBSTableInfo.entities),
                let info = CBSTableInfo.read(from: bodies, table: table)
            else { continue }
            return info
        }
        return nil
    }
}
