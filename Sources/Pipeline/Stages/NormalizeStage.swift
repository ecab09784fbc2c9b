import Foundation
import ImpactModel
import Normalization

/// The normalize stage: reads each source's stored bodies from `fetch/` (``PipelineDefinition/reads(of:)``), parses
/// them with the source's connector (``ParsedSources``), and hands them with the registry to ``Normalizer``; writes
/// `observations.csv`, `enterprises.csv`, `matches.csv`, `review.csv`, `rejects.csv` and `ledger.json` after the
/// ledger check. A national pipeline normalizes in ``NationalNormalizeStage`` (the runner chooses).
struct NormalizeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    struct Result {
        var rowCounts: [String: Int]
        var warnings: [String]
        /// Sources not fetched, empty, shrunk since last time, or with too many rejects; also `normalize/warnings.json`.
        var facts: [RunWarning] = []
    }

    /// - Throws: ``ImpactError``: `.dataInvalid` (65) for registry errors, unreadable bodies or an unbalanced
    ///   ledger; `.config` (78) for unreadable config.
    func produce(into staging: URL) throws -> Result {
        let config = try definition.normalizationConfig()
        let registry = try definition.registryData()
        var parsed = try ParsedSources(definition: definition, run: run)
        var inputs = NormalizeInputs(
            period: run.period, registry: registry, registryFile: definition.relativeToProject(definition.registryURL),
            themes: config.themes, measureRules: config.measureRules, herindeling: config.herindeling,
            cbsSources: parsed.cbs, csvSources: parsed.csv, kvk: parsed.kvk)
        inputs.registryHistory = try RegistryHistory.load(
            definition.registryHistoryURL, file: definition.registryHistoryURL.map(definition.relativeToProject))
        inputs.regionalClassification = definition.regionalClassification
        var result = try Normalizer.run(inputs: inputs)
        result.addConnectorCounts(parsed.connectorLedgers, rejects: parsed.connectorRejects)
        try result.write(to: staging)
        parsed.facts += ledgerFacts(result.ledger)
        try RunWarning.write(parsed.facts, to: staging)
        // Rejected records are in rejects.csv; the run summary says how many, per source and reason.
        parsed.warnings += result.rejectSummaries
        parsed.warnings += (result.diagnostics + result.unresolvedHerindeling).filter { $0.severity >= .warning }.map(
            \.description)
        return Result(
            rowCounts: [
                "observations": result.observations.count, "rejects": result.rejects.count,
                "enterprises": result.enterprises.count, "matches": result.matches.count,
                "review": result.reviews.count,
            ], warnings: parsed.warnings, facts: parsed.facts)
    }
}
