import Foundation
import ImpactModel
import Reporting

/// The report stage: reads what ``PipelineDefinition/reads(of:)`` declares for it (`compute/metrics.csv`,
/// `normalize/ledger.json`, `normalize/rejects.csv`, each source's `fetch/<id>/fetch.json`, …) through a
/// ``RunFolderReader``, and writes per language `report/report.<lang>.md`, `report.<lang>.html` and (with Chromium)
/// `report.<lang>.pdf`, with `report/report.md` a copy of the Dutch Markdown (the name every earlier run, link and
/// tool used), plus `report/metrics.csv` and `report/metrics-excel-nl.csv`, into a staging folder; and the core
/// group's files (`report-internal.md`, the afwegingskader, the profiles) into a second one that becomes `internal/`
/// beside `report/`, never inside it. The assembly and the files are in `Pipeline/Report/`.
struct ReportStage {
    let definition: PipelineDefinition
    let run: RunDirectory
    /// The report languages, in order; the first one is the language of restatement causes and of the internal files.
    let languages: [ReportLanguage]
    let generatedAt: String
    var language: ReportLanguage { languages.first ?? .nl }

    init(definition: PipelineDefinition, run: RunDirectory, languages: [ReportLanguage], generatedAt: String) {
        self.definition = definition
        self.run = run
        self.languages = languages.isEmpty ? [.nl] : languages
        self.generatedAt = generatedAt
    }
    /// The only way this stage reads the run folder: declared reads, hashed into the manifest by the runner.
    var reader: RunFolderReader { RunFolderReader(run: run, stage: .report, definition: definition) }

    /// - Returns: row counts for the manifest.
    /// - Throws: ``ImpactError`` (``ExitStatus/dataInvalid``) when an input artifact is missing or malformed,
    ///   naming the file and the stage to rerun.
    /// - Parameters:
    ///   - staging: becomes `report/`, the public folder.
    ///   - internalStaging: becomes `internal/`, the core group's enterprise-level files.
    ///   - notes: receives what the run summary should say about the report (no PDF without Chromium).
    func produce(into staging: URL, internal internalStaging: URL, notes: inout [String]) throws -> [String: Int] {
        let rows = try readMetrics()
        let texts = try LabelCatalogue.metrics(definition.metricsURL)
        let themes = try LabelCatalogue.themes(definition.themesURL)
        let report = try assemble(rows: rows, texts: texts, themes: themes, staging: staging)
        let printer = PDFPrinter.find()
        for lang in languages {
            try writeReport(
                report, in: lang, rows: rows, printer: printer, staging: staging, internalStaging: internalStaging)
        }
        if printer == nil {
            notes.append("no report.pdf: Chromium is not installed (bash scripts/install-deps.sh installs it)")
        }
        let internalCounts = try AssessmentOutputs(definition: definition, run: run)
            .write(into: internalStaging, metrics: rows, texts: texts, themes: themes)
        try writeDataFiles(report, staging: staging)
        keepOtherLanguage(basis: report.basis, from: run.folder(.report), in: staging)
        keepOtherLanguage(basis: report.basis, from: run.internalFolder, in: internalStaging)
        return ["metrics": report.publicRows.count, "restatements": report.inputs.restatements.count].merging(
            internalCounts
        ) { a, _ in a }
    }
}
