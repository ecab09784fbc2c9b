import Foundation
import ImpactModel
import Reporting
import RunArtifacts

/// The report stage of a national pipeline (or one partition of it): `report/metrics.csv` and
/// `report/metrics-excel-nl.csv` with the public rows of every municipality, `report/report.md` with one line per
/// municipality for the pipeline's headline metrics, `datapackage.json` and `inputs.json`.
///
/// `compute/metrics.csv` is streamed (``NationalPublicRows``): enterprise-level rows never leave the compute folder,
/// and hidden cells lose the figures that would reveal them and person counts are rounded
/// (``PublicationDisclosure``), as in a municipal report. Restatements against an earlier report are not listed for
/// national runs (each municipality's partition can give them).
struct NationalReportStage {
    let definition: PipelineDefinition
    let run: RunDirectory
    let language: ReportLanguage
    let generatedAt: String

    /// - Returns: row counts for the manifest.
    /// - Throws: ``ImpactError`` `.dataInvalid` when `compute/metrics.csv` is missing or lacks a column.
    func produce(into staging: URL) throws -> [String: Int] {
        let source = RunFile.metrics.url(in: run.root)
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw ImpactError(.dataInvalid, "\(source.path) is missing; run `impactmon compute` first")
        }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let written = try NationalPublicRows.write(
            from: source, file: relativePath(source, from: run.outputRoot), into: staging,
            disclosure: try PublicationDisclosure.load(definition), period: run.period.description,
            headline: Set(headlineMetrics))
        let texts = (try? LabelCatalogue.metrics(definition.metricsURL)) ?? [:]
        let table = NationalReportTable(
            title: definition.title, period: run.period, generatedAt: generatedAt, language: language,
            metrics: headlineMetrics)
        try writeAtomically(
            Data(table.markdown(written.cells, texts: texts, rows: written.rows).utf8),
            to: RunFile.reportMarkdown.url(inStageFolder: staging))
        try writeAtomically(
            try DataPackage.json(title: definition.title, period: run.period.description, language: language),
            to: staging.appendingPathComponent("datapackage.json"))
        return ["metrics": written.rows, "municipalities": written.cells.count]
    }

    /// The headline metrics of the table: the pipeline's `report.headline_metrics`, or a default set.
    private var headlineMetrics: [String] {
        definition.headlineMetrics.isEmpty
            ? ["pop_active_se", "emp_headcount_total", "ctx_establishments", "pop_se_establishment_share"]
            : definition.headlineMetrics
    }
}
