import CSVCodec
import Foundation
import ImpactModel

/// One row of `compute/metrics.csv` as the report reads it, by column name (columns in docs/ARCHITECTURE.md).
package struct PublishedMetric: Sendable, Hashable {
    package var metricID: String
    package var theme: String
    package var metricClass: String
    package var level: String
    package var entity: String
    package var period: String
    /// The value as written (`.` decimals), empty when not published.
    package var value: String
    package var unit: String
    package var numerator: String
    package var denominator: String
    package var nEnterprises: String
    package var coverage: String
    /// ok | partial | withheld | suppressed | missing.
    package var status: String
    package var valueStatus: String
    package var symbol: String
    package var note: String
    package var provenanceID: String
    /// Empty for the headline cell; `sbi_section=Q` or `theme=onderwijs` for a cell of a breakdown.
    package var breakdown: String = ""

    /// Creates a row from its columns (docs/ARCHITECTURE.md, `compute/metrics.csv`).
    package init(
        metricID: String, theme: String, metricClass: String, level: String, entity: String, period: String,
        value: String, unit: String, numerator: String, denominator: String, nEnterprises: String, coverage: String,
        status: String, valueStatus: String, symbol: String, note: String, provenanceID: String, breakdown: String = ""
    ) {
        self.metricID = metricID
        self.theme = theme
        self.metricClass = metricClass
        self.level = level
        self.entity = entity
        self.period = period
        self.value = value
        self.unit = unit
        self.numerator = numerator
        self.denominator = denominator
        self.nEnterprises = nEnterprises
        self.coverage = coverage
        self.status = status
        self.valueStatus = valueStatus
        self.symbol = symbol
        self.note = note
        self.provenanceID = provenanceID
        self.breakdown = breakdown
    }

    package var numericValue: Double? { Double(value) }
    package var isPublished: Bool { (status == "ok" || status == "partial") && numericValue != nil }

    package static let columns = [
        "metric_id", "theme", "class", "level", "entity", "period", "value", "unit", "numerator", "denominator",
        "n_enterprises", "coverage", "status", "value_status", "symbol", "note", "provenance_id", "breakdown",
    ]

    /// Reads `metrics.csv` by column name, so added columns do not break the report.
    /// - Throws: ``ImpactError`` (``ExitStatus/dataInvalid``) naming the file and the missing column.
    package static func read(_ data: Data, file: String) throws -> [PublishedMetric] {
        let table: CSVTable
        do {
            table = try CSVReader.read(data, file: file, options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
        } catch {
            throw ImpactError(.dataInvalid, error.description)
        }
        var idx: [String: Int] = [:]
        for c in columns {
            guard let i = table.column(c) else {
                if c == "breakdown" { continue }
                throw ImpactError(.dataInvalid, "\(file): column \"\(c)\" is missing; rerun `impactmon compute`")
            }
            idx[c] = i
        }
        return table.records.map { r in
            func f(_ c: String) -> String {
                guard let i = idx[c], i < r.fields.count else { return "" }
                return r.fields[i]
            }
            return PublishedMetric(
                metricID: f("metric_id"), theme: f("theme"), metricClass: f("class"), level: f("level"),
                entity: f("entity"), period: f("period"), value: f("value"), unit: f("unit"),
                numerator: f("numerator"), denominator: f("denominator"), nEnterprises: f("n_enterprises"),
                coverage: f("coverage"), status: f("status"), valueStatus: f("value_status"), symbol: f("symbol"),
                note: f("note"), provenanceID: f("provenance_id"), breakdown: f("breakdown"))
        }
    }

    package var fields: [String] {
        [
            metricID, theme, metricClass, level, entity, period, value, unit, numerator, denominator, nEnterprises,
            coverage, status, valueStatus, symbol, note, provenanceID, breakdown,
        ]
    }
}
