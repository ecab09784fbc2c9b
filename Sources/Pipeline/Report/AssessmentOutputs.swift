import Foundation
import ImpactModel
import Indicators
import Normalization
import Reporting
import RunArtifacts

/// The core group's instrument (issue 16 items 2–3), written by the report stage into `internal/` (beside `report/`, never inside it):
/// `assessment.csv` and `assessment.md` (when the pipeline names an afwegingskader, `assessment:`) and one
/// profile per registry enterprise of the municipality, `enterprises/<kvk>.md`.
///
/// Reads `compute/metrics.csv` (its enterprise rows, every quarter of the window), `normalize/enterprises.csv` and
/// `normalize/observations.csv` (quarters with a return, the returned figures, the municipal awards). A national
/// pipeline writes none of these (its observations are partitioned per municipality).
struct AssessmentOutputs {
    let definition: PipelineDefinition
    let run: RunDirectory

    /// The afwegingskader of the pipeline, validated; nil when the pipeline names none.
    /// - Throws: ``ImpactError`` (``ExitStatus/config``, exit 78) listing every problem with file:line:column.
    static func framework(_ definition: PipelineDefinition) throws -> AssessmentFramework? {
        guard let url = definition.assessmentURL else { return nil }
        return try AssessmentFramework.load(url, metricsURL: definition.metricsURL, themesURL: definition.themesURL)
    }

    /// The assessment inputs of this run.
    /// - Throws: ``ImpactError`` (``ExitStatus/dataInvalid``) when the normalize outputs cannot be read.
    func data(metrics: [MetricRecord], texts: [String: MetricText], themes: [ThemeText]) throws -> AssessmentData {
        // Read as the report stage reads: only what it declares (PipelineDefinition.reads(of: .report)).
        let reader = RunFolderReader(run: run, stage: .report, definition: definition)
        let enterprises = try NormalizedArtifacts.readEnterprises(from: reader.url(RunFile.enterprises))
            // The members that count in the municipality in some quarter: by their identities when the registry has
            // a history (issue 20: moved in later, or moved out), else by the registry row's gemeente_code.
            .compactMap { $0.inPopulation(of: definition.municipalityCode) }
        let observations = try NormalizedArtifacts.readObservations(from: reader.url(RunFile.observations))
        let registry = Set(enterprises.map(\.kvkNumber.digits))
        var returns: [String: Set<Quarter>] = [:]
        var series: [String: [Quarter: [String: Double]]] = [:]
        var awardParts: [String: [Observation]] = [:]
        for o in observations where registry.contains(o.kvkNumber) {
            let q = Quarter(containing: o.periodStart)
            guard q <= run.period else { continue }
            if CanonicalMeasures.enterprise.contains(o.measure) {
                returns[o.kvkNumber, default: []].insert(q)
                if let v = o.value { series[o.kvkNumber, default: [:]][q, default: [:]][o.measure] = v }
            } else if CanonicalMeasures.procurement.contains(o.measure) {
                awardParts[o.sourceRowID, default: []].append(o)
            }
        }
        var awards: [String: [SupportAward]] = [:]
        for (_, parts) in awardParts {
            guard let first = parts.first else { continue }
            func dim(_ key: String) -> String {
                for pair in first.dimensions.split(separator: ";") where pair.hasPrefix(key + "=") {
                    return String(pair.dropFirst(key.count + 1))
                }
                return ""
            }
            func value(_ m: String) -> Double? { parts.first { $0.measure == m }?.value }
            awards[first.kvkNumber, default: []].append(
                SupportAward(
                    contractID: dim("contract_id"), quarter: Quarter(containing: first.periodStart),
                    category: dim("categorie"), amountEUR: value("procurement_award_eur"),
                    socialReturn: dim("sroi_clausule") == "ja", sroiObligationEUR: value("sroi_obligation_eur"),
                    sroiRealisedEUR: value("sroi_realised_eur")))
        }
        return AssessmentData(
            enterprises: enterprises, metrics: metrics, returnQuarters: returns, series: series, awards: awards,
            metricTexts: texts, themes: themes)
    }

    /// The quarters assessed: those of `compute/metrics.csv` (the report quarter and the 7 before it).
    func quarters() -> [Quarter] { run.period.window(MetricEngine.revisionDepth) }

    /// Writes `assessment.{csv,md}` and `enterprises/<kvk>.md` below `staging`, the staging folder of `internal/`.
    /// - Returns: row counts for the manifest (`assessment_rows`, `profiles`).
    func write(into staging: URL, metrics: [MetricRecord], texts: [String: MetricText], themes: [ThemeText])
        throws -> [String: Int]
    {
        guard !definition.isNational else { return [:] }
        let framework = try Self.framework(definition)
        let data = try data(metrics: metrics, texts: texts, themes: themes)
        let assessments = framework.map { AssessmentEngine.assess($0, data: data, quarters: quarters()) } ?? []
        var counts: [String: Int] = [:]
        if let framework {
            let report = AssessmentReport(
                framework: framework, assessments: assessments, title: definition.title, period: run.period)
            try writeAtomically(report.csv(), to: staging.appendingPathComponent("assessment.csv"))
            try writeAtomically(Data(report.markdown().utf8), to: staging.appendingPathComponent("assessment.md"))
            counts["assessment_rows"] = assessments.reduce(0) { $0 + $1.results.count }
        }
        for e in data.enterprises {
            let kvk = e.kvkNumber.digits
            let profile = EnterpriseProfile(
                enterprise: e, data: data, assessments: assessments.filter { $0.kvk == kvk }, framework: framework,
                title: definition.title, period: run.period)
            try writeAtomically(
                Data(profile.markdown().utf8), to: staging.appendingPathComponent("enterprises/\(kvk).md"))
        }
        counts["profiles"] = data.enterprises.count
        return counts
    }
}
