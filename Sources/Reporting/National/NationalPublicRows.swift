import CSVCodec
import Foundation
import ImpactModel
import RunArtifacts

/// The public rows of a national `compute/metrics.csv`, streamed into `report/metrics.csv` and
/// `report/metrics-excel-nl.csv`: enterprise-level rows are passed over without decoding, every other row goes
/// through ``PublicationDisclosure`` (hidden cells lose the figures that would reveal them, person counts rounded).
package enum NationalPublicRows {
    /// What streaming gave: the rows written, and the headline cells of the report quarter per municipality.
    package struct Written {
        /// Public rows written to each CSV.
        package var rows = 0
        /// Headline metric rows (no breakdown, the report quarter) by entity (gemeentecode) and metric id.
        package var cells: [String: [String: MetricRecord]] = [:]
    }

    /// Streams `source` (named `file` in messages) into the two CSVs in `staging`.
    /// - Parameters:
    ///   - period: the report quarter, `2026Q3`; its rows of `headline` metrics are kept in ``Written/cells``.
    ///   - headline: metric ids of the report table.
    /// - Throws: ``ImpactError`` `.dataInvalid` for a missing column, a short or unreadable record, or a row that
    ///   would break a primary disclosure rule; what the CSV writer throws.
    package static func write(
        from source: URL, file: String, into staging: URL, disclosure: PublicationDisclosure, period: String,
        headline: Set<String>
    ) throws -> Written {
        var machine = try CSVFileWriter(url: RunFile.publicMetrics.url(inStageFolder: staging), profile: .machine)
        var excel = try CSVFileWriter(url: staging.appendingPathComponent("metrics-excel-nl.csv"), profile: .excelNL)
        try machine.write(MetricRecord.csvHeader)
        try excel.write(MetricRecord.csvHeader)
        let numeric = MetricRecord.csvHeader.map { ReportCSV.numericColumns.contains($0) }
        var written = Written()
        var words = MetricRecord.PublicTextCache()
        var index: [Int] = []
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
                let fields = words.publicText(row).csvFields
                try machine.write(fields)
                try excel.write(
                    zip(fields, numeric).map { field, isNumber in
                        isNumber ? ReportCSV.decimalComma(field) : field
                    })
                written.rows += 1
                if row.breakdown.isEmpty, row.period == period, headline.contains(row.metricID) {
                    written.cells[row.entity, default: [:]][row.metricID] = row
                }
            }
        } catch let e as CSVError {
            throw ImpactError(.dataInvalid, e.description)
        }
        try machine.close()
        try excel.close()
        return written
    }
}
