import Foundation
import ImpactModel

/// The fetch stage (integrated with the Fetching and Connectors modules).
struct FetchStage {
    let definition: PipelineDefinition
    let run: RunDirectory
    let options: RunOptions

    struct Result {
        var rowCounts: [String: Int]
        var warnings: [String]
    }

    func produce(into staging: URL) async throws -> Result {
        throw ImpactError(.failure, "fetch stage: not integrated yet")
    }
}
