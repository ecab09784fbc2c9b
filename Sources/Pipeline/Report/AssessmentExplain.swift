import Foundation
import ImpactModel
import Indicators
import Reporting
import RunArtifacts

extension AssessmentOutputs {
    /// `impactmon explain assessment/<kvk>/<criterion>/<quarter>`: the criterion, its value and verdict, computed
    /// again from this run's compute and normalize outputs exactly as the report stage computed them; nil when the
    /// id does not start with `assessment/`.
    /// - Throws: ``ImpactError``: `.config` without an afwegingskader, `.usage` for an id that names no row.
    func explain(_ id: String) throws -> (text: String, metricProvenanceID: String?)? {
        guard id.hasPrefix("assessment/") else { return nil }
        guard let framework = try Self.framework(definition) else {
            throw ImpactError(
                .config, "\(definition.fileURL.path) names no afwegingskader (assessment:); nothing to explain")
        }
        let reader = RunFolderReader(run: run, stage: .report, definition: definition)
        let url = try reader.url(RunFile.metrics)
        guard let bytes = try reader.data(RunFile.metrics) else {
            throw ImpactError(
                .dataInvalid, "\(url.path) is missing; run `impactmon compute --period \(run.period)` first")
        }
        let metrics = try MetricRecord.read(bytes, file: url.path)
        let data = try data(
            metrics: metrics, texts: try LabelCatalogue.metrics(definition.metricsURL),
            themes: try LabelCatalogue.themes(definition.themesURL))
        let assessments = AssessmentEngine.assess(framework, data: data, quarters: quarters())
        let report = AssessmentReport(
            framework: framework, assessments: assessments, title: definition.title, period: run.period)
        guard let text = report.explain(id) else {
            let example =
                assessments.last?.results.first?.explainID ?? "assessment/<KvK-nummer>/<criterium>/\(run.period)"
            throw ImpactError(
                .usage,
                "no assessment row \"\(id)\" in the run of \(run.period) (quarters \(quarters().first!)–\(run.period)); ids look like \(example)"
            )
        }
        let row = assessments.flatMap(\.results).first { $0.explainID == id }
        return (text, row?.metricProvenanceID.isEmpty == false ? row?.metricProvenanceID : nil)
    }
}
