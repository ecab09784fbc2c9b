import Foundation
import ImpactModel
import RunArtifacts

extension ComputeStage {
    /// Figures of the run's quarter for the programme's municipality withheld for coverage below
    /// ``RunWarning/coverageFloor`` (``RunWarning/Kind/lowCoverage``), for `compute/warnings.json`.
    func lowCoverageFacts(_ rows: [MetricRecord]) -> [RunWarning] {
        rows.filter {
            $0.status == .withheld && $0.breakdown.isEmpty && $0.level != "enterprise"
                && $0.period == run.period.description && $0.entity == definition.municipalityCode.code
        }.map { row in
            let coverage = row.coverage.map { formatNumber($0) + " %" } ?? "?"
            return RunWarning(
                stage: .compute, source: row.metricID, kind: .lowCoverage, subject: coverage,
                message:
                    "\(row.metricID) for \(row.entity) \(row.period) is withheld: coverage \(coverage) is below \(formatNumber(RunWarning.coverageFloor)) %",
                action: "ask the enterprises that did not report this quarter to deliver their return, then rerun")
        }
    }
}
