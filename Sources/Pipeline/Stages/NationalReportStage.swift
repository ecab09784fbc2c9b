import CSVCodec
import Foundation
import ImpactModel
import Reporting
import RunArtifacts

/// The report stage of a national pipeline (or one partition of it): `report/metrics.csv` and
/// `report/metrics-excel-nl.csv` with the public rows of every municipality, `report/report.md` with one line per
/// municipality for the pipeline's headline metrics, `datapackage.json` and `inputs.json`.
///
/// `compute/metrics.csv` is streamed: enterprise-level rows never leave the compute folder, and hidden cells lose
/// the figures that would reveal them and person counts are rounded (``PublicationDisclosure``), as in a municipal report. Restatements
/// against an earlier report are not listed for national runs (each municipality's partition can give them).
struct NationalReportStage {
    let definition: PipelineDefinition
    let run: RunDirectory
    let language: ReportLanguage
    let generatedAt: String

    /// - Returns: row counts for the manifest.
    /// - Throws: ``ImpactError`` `.dataInvalid` when `compute/metrics.csv` is missing or lacks a column.
    func produce(into staging: URL) throws -> [String: Int] {
        let source = run.folder(.compute).appendingPathComponent("metrics.csv")
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw ImpactError(.dataInvalid, "\(source.path) is missing; run `impactmon compute` first")
        }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        var machine = try CSVFileWriter(url: staging.appendingPathComponent("metrics.csv"), profile: .machine)
        var excel = try CSVFileWriter(url: staging.appendingPathComponent("metrics-excel-nl.csv"), profile: .excelNL)
        try machine.write(MetricRecord.csvHeader)
        try excel.write(MetricRecord.csvHeader)
        let numeric = MetricRecord.csvHeader.map { ReportCSV.numericColumns.contains($0) }
        let headline = Set(headlineMetrics)
        let disclosure = try PublicationDisclosure.load(definition)
        var cells: [String: [String: MetricRecord]] = [:]
        var index: [Int] = []
        var written = 0
        let file = relativePath(source, from: run.outputRoot)
        do {
            var reader = try CSVFileReader(
                url: source, options: CSVReadOptions(delimiter: UInt8(ascii: ","), encoding: .utf8))
            index = try MetricRecord.csvHeader.map { c in
                guard let i = reader.header.firstIndex(of: c) else {
                    throw ImpactError(.dataInvalid, "\(file): column \"\(c)\" is missing; rerun `impactmon compute`")
                }
                return i
            }
            // Enterprise-level rows never leave the compute folder: pass over them without decoding their fields.
            reader.skipRecords(whereField: index[3], equals: "enterprise", minimumFields: (index.max() ?? 0) + 1)
            while let record = try reader.next() {
                guard record.fields.count > index.max() ?? 0 else {
                    throw ImpactError(
                        .dataInvalid, "\(file):\(record.line): \(record.fields.count) fields; rerun `impactmon compute`"
                    )
                }
                let f = index.map { record.fields[$0] }
                guard f[3] != "enterprise" else { continue }
                let computed: MetricRecord
                do { computed = try MetricRecord(csvFields: f) } catch {
                    throw ImpactError(
                        .dataInvalid,
                        "\(file):\(record.line): \(SystemErrorText.describe(error)); rerun `impactmon compute`")
                }
                guard let row = disclosure.publish(computed) else { continue }
                if let unsafe = disclosure.violations([row]).first {
                    throw ImpactError(.dataInvalid, "disclosure control: \(unsafe)")
                }
                // The note in words (the row carries stored note codes, issue 18 item 3).
                let fields = row.publicText.csvFields
                try machine.write(fields)
                try excel.write(
                    zip(fields, numeric).map { field, isNumber in
                        isNumber ? ReportCSV.decimalComma(field) : field
                    })
                written += 1
                if row.breakdown.isEmpty, row.period == run.period.description, headline.contains(row.metricID) {
                    cells[row.entity, default: [:]][row.metricID] = row
                }
            }
        } catch let e as CSVError {
            throw ImpactError(.dataInvalid, e.description)
        }
        try machine.close()
        try excel.close()
        let texts = (try? LabelCatalogue.metrics(definition.metricsURL)) ?? [:]
        try writeAtomically(
            Data(markdown(cells, texts: texts, rows: written).utf8), to: staging.appendingPathComponent("report.md"))
        try writeAtomically(
            try DataPackage.json(title: definition.title, period: run.period.description, language: language),
            to: staging.appendingPathComponent("datapackage.json"))
        return ["metrics": written, "municipalities": cells.count]
    }

    /// The headline metrics of the table: the pipeline's `report.headline_metrics`, or a default set.
    private var headlineMetrics: [String] {
        definition.headlineMetrics.isEmpty
            ? ["pop_active_se", "emp_headcount_total", "ctx_establishments", "pop_se_establishment_share"]
            : definition.headlineMetrics
    }

    private func markdown(_ cells: [String: [String: MetricRecord]], texts: [String: MetricText], rows: Int) -> String {
        let nl = language == .nl
        var lines: [String] = []
        lines.append("# \(definition.title) — \(run.period)")
        lines.append("")
        lines.append(
            nl
                ? "_\(generatedAt) · \(cells.count) gemeenten · \(rows) openbare rijen in metrics.csv_"
                : "_\(generatedAt) · \(cells.count) municipalities · \(rows) public rows in metrics.csv_")
        lines.append("")
        lines.append(
            nl
                ? "Eén regel per gemeente (CBS-gemeentecode), kwartaal \(run.period). `x` = afgeschermd (onthullingscontrole), `.` = geen waarde (zie `status` en `note` in metrics.csv)."
                : "One line per municipality (CBS code), quarter \(run.period). `x` = suppressed (disclosure control), `.` = no value (see `status` and `note` in metrics.csv)."
        )
        lines.append("")
        let metrics = headlineMetrics
        var table = MarkdownTable(
            header: [nl ? "gemeente" : "municipality"]
                + metrics.map { id in texts[id].map { "\($0.label(language)) (`\(id)`)" } ?? "`\(id)`" },
            alignments: [.left] + metrics.map { _ in .right })
        for code in cells.keys.sorted() {
            let row = cells[code] ?? [:]
            table.append(
                [code]
                    + metrics.map { id -> String in
                        guard let m = row[id] else { return "" }
                        if m.isPublished { return displayNumber(m.valueText) + (m.status == .partial ? "¹" : "") }
                        return m.symbol.isEmpty ? (m.status == .suppressed ? "x" : ".") : m.symbol
                    })
        }
        lines.append(table.markdown)
        lines.append("")
        lines.append(nl ? "¹ dekking 60–80 % (partial)." : "¹ coverage 60–80 % (partial).")
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// A value as written in metrics.csv, rounded to 1 decimal for the table (the CSV keeps every digit).
    private func displayNumber(_ text: String) -> String {
        guard let v = Double(text) else { return text }
        if v == v.rounded() { return formatNumber(v) }
        return String(format: "%.1f", v)
    }
}
