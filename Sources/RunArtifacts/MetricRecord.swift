import CSVCodec
import Foundation
import ImpactModel

/// Whether a cell is published (ARCHITECTURE.md, `compute/metrics.csv`, column `status`).
package enum CellStatus: String, Sendable, Codable, CaseIterable {
    /// Published; coverage ≥ 80 % (or coverage does not apply).
    case ok
    /// Published with a footnote; coverage 60–80 %.
    case partial
    /// Not published: coverage < 60 %; only the number reporting is shown.
    case withheld
    /// Not published: disclosure control (min-N, dominance, secondary); symbol `x`.
    case suppressed
    /// No input to compute it from (or an incomplete window, B08).
    case missing
}

/// One row of `compute/metrics.csv`: one metric × entity × period (× breakdown cell).
///
/// The one type of every `metrics.csv` (compute's, the report's public one, a baseline's): compute builds it,
/// the report, the publication gate and `impactmon publish` read it with ``read(_:file:)``, and ``csv(_:)`` and
/// ``csvFields`` write it.
///
/// `value` is empty unless `status` is `ok` or `partial`; `symbol` is the CBS symbol shown instead (`x` secret,
/// `.` unknown/insufficiently reliable). `breakdown` is empty for totals, else `<dimension>=<cell>`
/// (`sbi_section=Q`, `theme=duurzaamheid`, `scale_class=gazelle`).
package struct MetricRecord: Sendable, Hashable {
    /// The catalogue id.
    package var metricID: String
    /// Theme id.
    package var theme: String
    /// `impact`, `scale-up` or `context`.
    package var metricClass: String
    /// programme | enterprise | municipality | national.
    package var level: String
    /// `GM0392`, a KvK-nummer, `NL01`, `PV27`.
    package var entity: String
    /// The quarter (`2026Q3`) or, for CBS context, the CBS period code shown (`2025JJ00`).
    package var period: String
    /// The published value, rounded to the metric's decimals; `nil` when not published.
    package var value: Double?
    /// A category instead of a number (`scale_class`), written in the `value` column.
    package var category: String?
    /// Unit of `value` (`count` for class counts).
    package var unit: String
    /// Σ numerator (published cells only), 6 decimals.
    package var numerator: Double?
    /// Σ denominator (published cells only), 6 decimals.
    package var denominator: Double?
    /// Enterprises whose data make the value.
    package var nEnterprises: Int?
    /// Percent of the enterprises that should report that did (one decimal).
    package var coverage: Double?
    /// Publication status.
    package var status: CellStatus
    /// definitief, nader_voorlopig or voorlopig (§8 and the CBS status of inputs).
    package var valueStatus: ValueStatus
    /// CBS symbol shown instead of a value: `x` or `.`; empty when published.
    package var symbol: String
    /// Reasons and flags, `; `-separated; never names an enterprise on aggregate rows.
    package var note: String
    /// `<metric_id>/<entity>/<period>` (with `/<breakdown>` for a breakdown cell): the key of `impactmon explain`.
    package var provenanceID: String
    /// `<dimension>=<cell>` or empty for a total.
    package var breakdown: String

    /// Column names of `compute/metrics.csv`, in order: ARCHITECTURE.md's 17 columns, then `breakdown`.
    package static let csvHeader = [
        "metric_id", "theme", "class", "level", "entity", "period", "value", "unit", "numerator", "denominator",
        "n_enterprises", "coverage", "status", "value_status", "symbol", "note", "provenance_id", "breakdown",
    ]

    /// The fields in ``csvHeader`` order; numbers with `.` decimals (``formatNumber(_:)``).
    package var csvFields: [String] {
        [
            metricID, theme, metricClass, level, entity, period, category ?? value.map(formatNumber) ?? "", unit,
            numerator.map(formatNumber) ?? "", denominator.map(formatNumber) ?? "", nEnterprises.map(String.init) ?? "",
            coverage.map(formatNumber) ?? "", status.rawValue, valueStatus.rawValue, symbol, note, provenanceID,
            breakdown,
        ]
    }

    /// Reads a row written by ``csvFields``.
    /// - Throws: ``ModelError`` naming the column and value.
    package init(csvFields f: [String]) throws {
        guard f.count == Self.csvHeader.count else {
            throw ModelError(
                "metrics.csv row has \(f.count) fields, expected \(Self.csvHeader.count) (\(Self.csvHeader.joined(separator: ",")))"
            )
        }
        func number(_ i: Int) throws -> Double? {
            if f[i].isEmpty { return nil }
            guard let d = Double(f[i]) else {
                throw ModelError("metrics.csv \(Self.csvHeader[i]) \"\(f[i])\" is not a number")
            }
            return d
        }
        guard let status = CellStatus(rawValue: f[12]) else {
            throw ModelError("metrics.csv status \"\(f[12])\" unknown")
        }
        guard let vs = ValueStatus(rawValue: f[13]) else {
            throw ModelError("metrics.csv value_status \"\(f[13])\" unknown")
        }
        guard f[10].isEmpty || Int(f[10]) != nil else {
            throw ModelError("metrics.csv n_enterprises \"\(f[10])\" is not a whole number")
        }
        let isCategory = f[7] == "category"
        self.init(
            metricID: f[0], theme: f[1], metricClass: f[2], level: f[3], entity: f[4], period: f[5],
            value: isCategory ? nil : try number(6), category: isCategory && !f[6].isEmpty ? f[6] : nil, unit: f[7],
            numerator: try number(8), denominator: try number(9),
            nEnterprises: f[10].isEmpty ? nil : Int(f[10]), coverage: try number(11), status: status, valueStatus: vs,
            symbol: f[14], note: f[15], provenanceID: f[16], breakdown: f[17])
    }

    /// Creates a row.
    package init(
        metricID: String, theme: String, metricClass: String, level: String, entity: String, period: String,
        value: Double?, category: String? = nil, unit: String, numerator: Double?, denominator: Double?,
        nEnterprises: Int?, coverage: Double?, status: CellStatus, valueStatus: ValueStatus, symbol: String,
        note: String, provenanceID: String, breakdown: String = ""
    ) {
        self.metricID = metricID
        self.theme = theme
        self.metricClass = metricClass
        self.level = level
        self.entity = entity
        self.period = period
        self.value = value
        self.category = category
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

    /// Writes rows as `compute/metrics.csv` (header, `,`, LF, RFC 4180 quoting).
    package static func csv(_ rows: [MetricRecord]) -> Data {
        var w = CSVWriter(profile: .machine)
        w.write(csvHeader)
        for r in rows { w.write(r.csvFields) }
        return w.data
    }

    /// The columns of the first layout of `metrics.csv`, before breakdown cells (issue 13): ``csvHeader`` without
    /// `breakdown`. Only a report's baseline (`report/baseline/metrics.csv`, a published archive) can be that old.
    package static let csvHeaderVersion1 = Array(csvHeader.dropLast())

    /// The value as written in the `value` column: the category, or the number with `.` decimals, or empty.
    package var valueText: String { category ?? value.map(formatNumber) ?? "" }

    /// Whether the row shows a number: status `ok` or `partial` and a value.
    package var isPublished: Bool { (status == .ok || status == .partial) && value != nil }

    /// Reads a `metrics.csv` written by ``csv(_:)``: `compute/metrics.csv`, `report/metrics.csv` or a baseline.
    ///
    /// Strict and versioned: the header must be ``csvHeader`` (version 2) or ``csvHeaderVersion1`` (version 1, whose
    /// rows get an empty `breakdown`); any other header, a row with another number of fields, a number that does not
    /// parse or an unknown status is an error.
    /// - Throws: ``ImpactError`` (`.dataInvalid`) naming the file, line and column when the header or a row is wrong.
    package static func read(_ data: Data, file: String = RunFile.metrics.path) throws -> [MetricRecord] {
        let table: CSVTable
        do {
            table = try CSVReader.read(
                data, file: file, options: CSVReadOptions(delimiter: UInt8(ascii: ","), encoding: .utf8))
        } catch {
            throw ImpactError(.dataInvalid, "\(SystemErrorText.describe(error))")
        }
        let version1 = table.header == csvHeaderVersion1
        guard table.header == csvHeader || version1 else {
            throw ImpactError(
                .dataInvalid,
                "\(file): header is \(table.header.joined(separator: ",")); expected \(csvHeader.joined(separator: ",")); rerun `impactmon compute`"
            )
        }
        return try table.records.map { r in
            do { return try MetricRecord(csvFields: version1 ? r.fields + [""] : r.fields) } catch {
                throw ImpactError(
                    .dataInvalid,
                    "\(file) line \(r.line): \(SystemErrorText.describe(error)); rerun `impactmon compute`")
            }
        }
    }
}
