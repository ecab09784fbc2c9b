import Foundation
import Reporting

extension PipelineDefinition {
    /// Every problem of the pipeline's afwegingskader as `file:line:column: error: …` lines (`impactmon validate`);
    /// empty when it has none or the pipeline names no afwegingskader (`assessment:`).
    /// - Throws: ``ImpactError`` (``ExitStatus/config``) when `config/metrics.yaml` or `config/themes.yaml` cannot be read.
    package func assessmentProblems() throws -> [String] {
        guard let url = assessmentURL else { return [] }
        return try AssessmentFramework.validate(url, metricsURL: metricsURL, themesURL: themesURL).1.map(\.description)
    }
}
