import Foundation
import ImpactModel

/// The normalize stage (integrated with the Normalization module).
struct NormalizeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    struct Result {
        var rowCounts: [String: Int]
        var warnings: [String]
    }

    func produce(into staging: URL) throws -> Result {
        throw ImpactError(.failure, "normalize stage: not integrated yet")
    }
}
