import Foundation
import ImpactModel

/// The compute stage (integrated with the Indicators module).
struct ComputeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    func produce(into staging: URL) throws -> [String: Int] {
        throw ImpactError(.failure, "compute stage: not integrated yet")
    }
}
