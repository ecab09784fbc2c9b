import Foundation
import ImpactModel
import Indicators
import Normalization
import RunArtifacts

/// The compute stage: reads `normalize/observations.csv` and `normalize/enterprises.csv`, computes the catalogue of
/// `config/metrics.yaml` for the report quarter and the 7 before it, and writes `metrics.csv`, `provenance.json`
/// (what `impactmon explain` prints) and `accounting.json` (where every input observation went).
struct ComputeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    struct Result {
        var rowCounts: [String: Int]
        var warnings: [String]
        /// Figures of the run's quarter withheld for coverage below 60 %; also `compute/warnings.json`.
        var facts: [RunWarning] = []
    }

    /// - Throws: ``ImpactError``: `.config` for an invalid catalogue, `.dataInvalid` when the normalize outputs are
    ///   missing or the input accounting does not add up.
    func produce(into staging: URL) throws -> Result {
        let folder = run.folder(.normalize)
        guard FileManager.default.fileExists(atPath: RunFile.observations.url(inStageFolder: folder).path) else {
            throw ImpactError(
                .dataInvalid, "\(folder.path)/observations.csv is missing; run `impactmon normalize` first")
        }
        let observations = try NormalizedArtifacts.readObservations(
            from: RunFile.observations.url(inStageFolder: folder))
        let enterprises = try NormalizedArtifacts.readEnterprisesWithIdentities(
            from: RunFile.enterprises.url(inStageFolder: folder))
        let catalogue = try definition.metricCatalogue(themes: true)
        let result = MetricEngine.compute(
            catalogue: catalogue, enterprises: enterprises, observations: observations,
            municipality: definition.municipalityCode, reportQuarter: run.period,
            peers: definition.peerGroup?.members.map(\.code) ?? [],
            historyFrom: definition.sources.compactMap { $0.firstQuarter.flatMap { try? Quarter(parsing: $0) } }.min())
        guard result.accounting.balances else {
            throw ImpactError(
                .dataInvalid,
                "compute: the \(result.accounting.total) input observations do not add up to used + not in registry + procurement + context + unused; nothing was written"
            )
        }
        try writeAtomically(result.csv(), to: RunFile.metrics.url(inStageFolder: staging))
        try writeAtomically(
            try result.provenanceJSON() + Data("\n".utf8), to: RunFile.provenance.url(inStageFolder: staging))
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(
            try enc.encode(result.accounting) + Data("\n".utf8), to: staging.appendingPathComponent("accounting.json"))
        let facts = lowCoverageFacts(result.rows)
        try RunWarning.write(facts, to: staging)
        let published = result.rows.filter { $0.status.rawValue == "ok" || $0.status.rawValue == "partial" }.count
        let suppressed = result.rows.filter { $0.status.rawValue == "suppressed" }.count
        return Result(
            rowCounts: ["metrics": result.rows.count, "published": published, "suppressed": suppressed],
            warnings: result.diagnostics.filter { $0.severity >= .warning }.map(\.description), facts: facts)
    }
}
