import Foundation
import ImpactModel
import RunArtifacts

extension SourceDefinition {
    /// Whether this source has stored bodies (`fetch.json`) in `folder`; an optional source without them adds a
    /// warning.
    /// - Throws: ``ImpactError`` `.dataInvalid` for a required source without them.
    func wasFetched(in folder: URL, warnings: inout [String]) throws -> Bool {
        guard FileManager.default.fileExists(atPath: RunFile.fetchRecord.url(inStageFolder: folder).path) else {
            if required {
                throw ImpactError(
                    .dataInvalid, "source \(id) has no fetched bodies in \(folder.path); run `impactmon fetch`")
            }
            warnings.append("source \(id): not fetched; its figures are missing from this run")
            return false
        }
        return true
    }
}
