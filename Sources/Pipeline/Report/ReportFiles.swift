import Foundation
import ImpactModel
import Reporting
import RunArtifacts

extension ReportStage {
    /// Writes the report in `lang`: `report.<lang>.md` (and `report.md` for Dutch), its charts, `report.<lang>.html`
    /// and with Chromium `report.<lang>.pdf` into `staging`; the core group's `report-internal<suffix>.md`, with the
    /// full rows, into `internalStaging`.
    func writeReport(
        _ report: AssembledReport, in lang: ReportLanguage, rows: [MetricRecord], printer: PDFPrinter?,
        staging: URL, internalStaging: URL
    ) throws {
        var localized = report.inputs
        localized.language = lang
        if lang == .en, !definition.titleEN.isEmpty { localized.title = definition.titleEN }
        // Restatement causes in the report's own language.
        if lang != language, let previous = report.previous {
            localized.restatements = Restatement.find(
                new: report.publicRows, old: previous.rows,
                causes: report.basis.causes(since: previous.basis, language: lang, incomplete: report.incomplete),
                language: lang)
        }
        let document = MarkdownReport(localized).document()
        for chart in document.charts {
            try writeAtomically(Data(chart.svg.utf8), to: staging.appendingPathComponent(chart.fileName))
        }
        let markdown = MarkdownRenderer.render(document)
        try writeAtomically(Data(markdown.utf8), to: staging.appendingPathComponent("report.\(lang.rawValue).md"))
        // `report.md` stays the Dutch report (an alias of report.nl.md), `report.en.md` is the English one.
        if lang == .nl {
            try writeAtomically(Data(markdown.utf8), to: RunFile.reportMarkdown.url(inStageFolder: staging))
        }
        let htmlURL = staging.appendingPathComponent("report.\(lang.rawValue).html")
        try writeAtomically(Data(HTMLRenderer.render(document).utf8), to: htmlURL)
        if let printer {
            try printer.print(
                htmlURL, to: staging.appendingPathComponent("report.\(lang.rawValue).pdf"), timestamp: generatedAt)
        }
        // The core group's report gets the full rows, enterprise level included, in `internal/` only.
        var internalInputs = localized
        internalInputs.metrics = rows
        let internalReport = InternalReport(internalInputs, names: try enterpriseNames()).render()
        try writeAtomically(
            Data(internalReport.utf8),
            to: internalStaging.appendingPathComponent("report-internal\(lang.fileSuffix).md"))
    }

    /// Writes `metrics.csv`, `metrics-excel-nl.csv`, `datapackage<suffix>.json` per language and `inputs.json`.
    func writeDataFiles(_ report: AssembledReport, staging: URL) throws {
        try writeAtomically(ReportCSV.machine(report.publicRows), to: RunFile.publicMetrics.url(inStageFolder: staging))
        try writeAtomically(
            ReportCSV.excelNL(report.publicRows), to: staging.appendingPathComponent("metrics-excel-nl.csv"))
        for lang in languages {
            try writeAtomically(
                try DataPackage.json(title: definition.title, period: run.period.description, language: lang),
                to: staging.appendingPathComponent("datapackage\(lang.fileSuffix).json"))
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(
            try enc.encode(report.basis) + Data("\n".utf8), to: RunFile.reportInputs.url(inStageFolder: staging))
    }

    /// Copies the other language's files (`report.md` beside a new `report.en.md`, or the reverse) from the published
    /// report into the staging folder when they were made from the same inputs (`inputs.json` equal); a report in
    /// the other language on older inputs is dropped rather than left beside newer figures.
    func keepOtherLanguage(basis: ReportBasis, from published: URL, in staging: URL) {
        guard let data = try? Data(contentsOf: RunFile.reportInputs.url(inStageFolder: run.folder(.report))),
            let old = try? JSONDecoder().decode(ReportBasis.self, from: data), old == basis
        else { return }
        for file in Manifest.FileHash.all(in: published, relativeTo: published) {
            let target = staging.appendingPathComponent(file.path)
            guard !FileManager.default.fileExists(atPath: target.path) else { continue }
            try? FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.copyItem(at: published.appendingPathComponent(file.path), to: target)
        }
    }
}
