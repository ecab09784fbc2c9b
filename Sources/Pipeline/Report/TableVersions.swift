import Connectors
import Foundation
import ImpactModel
import Reporting

/// The CBS tables as fetched, for `report/inputs.json` (``ReportBasis/tables``, issue 20 item 3).
enum TableVersions {
    /// Per CBS source (OData v3/v4, StatLine CSV) whose bodies include the table info (``CBSTableInfo``): its table
    /// id and `Modified`. Nil when no source has one (the key is then left out of `inputs.json`).
    static func fetched(definition: PipelineDefinition, reader: RunFolderReader) throws(ImpactError) -> [String:
        TableVersion]?
    {
        var out: [String: TableVersion] = [:]
        for src in definition.sources where [.cbsODataV3, .cbsODataV4, .statlineCSV].contains(src.connector) {
            let folder = try reader.url("fetch/\(src.id)/")
            guard let record = try? SourceFetchRecord.load(folder), let bodies = try? record.storedBodies(in: folder),
                let info = CBSTableInfo.read(from: bodies, table: src.table ?? src.id), !info.modified.isEmpty
            else { continue }
            out[src.id] = TableVersion(table: info.table, modified: info.modified)
        }
        return out.isEmpty ? nil : out
    }
}
