import Foundation
import ImpactModel
import Yams

/// `config/metrics.yaml`, decoded once for every stage: one ``Entry`` per metric, as the file writes it.
///
/// The one decoder of the file (issue 18 item 1). `Indicators.MetricCatalogue` validates the entries into metric
/// definitions (compute); `Reporting.LabelCatalogue` takes the labels and definitions the report prints; `Pipeline`'s
/// `ConfigCheck` checks the keys with their line and column first. Shape:
/// ```yaml
/// version: 1
/// metrics:
///   - id: pop_active_se
///     label_nl: Actieve sociale ondernemingen
///     label_en: Active social enterprises
///     theme: economie          # a theme id of config/themes.yaml
///     class: impact            # impact, scale-up or context (METRICS.md §6)
///     unit: count
///     definition: …            # Dutch, printed in the report
///     definition_en: …         # English; an English report without it prints no definition
///     source: METRICS.md §6.3 pop_active_se [P]
/// ```
/// The other keys (`level`, `direction`, `period`, `kind`, `inputs`, disclosure and context settings) are listed in
/// docs/metrics.md; their values are checked by the catalogue, not here.
package struct MetricsFile: Decodable, Sendable, Hashable {
    /// One metric as the file writes it: strings unvalidated, optional keys `nil` when absent.
    package struct Entry: Decodable, Sendable, Hashable {
        package var id: String
        package var label_nl: String
        package var label_en: String
        package var theme: String?
        package var `class`: String?
        package var level: String?
        package var unit: String
        package var direction: String?
        package var period: String?
        package var kind: String?
        package var inputs: [String]?
        package var min_n: Int?
        package var disclosure: String?
        package var decimals: Int?
        package var breakdowns: [String]?
        package var scale: Double?
        package var suppliers: String?
        package var denominator_suppliers: String?
        package var annual: String?
        package var enterprise_rows: Bool?
        package var applies_to: String?
        package var growth_factor: Double?
        package var threshold: Double?
        package var threshold_note: String?
        package var definition: String
        package var definition_en: String?
        package var source: String
        package var context: Context?
        package var rounding_base: Int?
        package var percent_min_enterprises: Int?
        package var percent_min_denominator: Double?
        /// 1-based line of the entry in the file (set by ``MetricsFile/parse(yaml:file:)``, not decoded).
        package var line: Int?

        private enum CodingKeys: String, CodingKey {
            case id, label_nl, label_en, theme, `class`, level, unit, direction, period, kind, inputs, min_n, disclosure
            case decimals, breakdowns, scale, suppliers, denominator_suppliers, annual, enterprise_rows, applies_to
            case growth_factor, threshold, threshold_note, definition, definition_en, source, context, rounding_base
            case percent_min_enterprises, percent_min_denominator
        }
    }

    /// `context:` of a context metric: the CBS table and measure it shows (METRICS.md §6.4).
    package struct Context: Decodable, Sendable, Hashable {
        /// CBS table id (`85916NED`).
        package var table: String
        /// The table's measure key.
        package var measure: String
        /// The `RegioS` code, or `municipality` for the pipeline's own.
        package var regio: String
        /// Fixed dimension filters, `Key=Value`.
        package var dimensions: [String]?
        /// The `Perioden` types to consider (`KW`, `MM`, `JJ`).
        package var period_types: [String]?
        /// Whether the report shows the peers beside the municipality.
        package var compare: Bool?
    }

    /// `version:` of the file; only 1 is read.
    package var version: Int
    /// The metrics in file order.
    package var metrics: [Entry]

    private enum CodingKeys: String, CodingKey { case version, metrics }

    /// The keys of the file and their types; every key of ``Entry`` and ``Context``, nothing else.
    package static let schema: ConfigShape = .record(
        [
            "version": .int,
            "metrics": .list(
                .record(
                    [
                        "id": .string, "label_nl": .string, "label_en": .string, "theme": .string, "class": .string,
                        "level": .string, "unit": .string, "direction": .string, "period": .string, "kind": .string,
                        "inputs": .list(.string), "min_n": .int, "disclosure": .string, "decimals": .int,
                        "breakdowns": .list(.string), "scale": .number, "suppliers": .string,
                        "denominator_suppliers": .string, "annual": .string, "enterprise_rows": .bool,
                        "applies_to": .string, "growth_factor": .number, "threshold": .number,
                        "threshold_note": .string, "definition": .string, "definition_en": .string, "source": .string,
                        "rounding_base": .int, "percent_min_enterprises": .int, "percent_min_denominator": .number,
                        "context": .record(
                            [
                                "table": .string, "measure": .string, "regio": .string, "dimensions": .list(.string),
                                "period_types": .list(.string), "compare": .bool,
                            ], required: ["table", "measure", "regio"]),
                    ], required: ["id", "label_nl", "label_en", "unit", "definition", "source"])),
        ], required: ["version", "metrics"])

    /// Reads and decodes the file at `url`.
    /// - Throws: ``ImpactError`` `.config` naming the file when it cannot be read or has another `version` than 1,
    ///   and `file:line:column` for each unknown key, missing required key, value of the wrong type or YAML syntax
    ///   error (``schema``), all at once.
    package static func load(_ url: URL) throws(ImpactError) -> MetricsFile {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ImpactError(
                .config,
                "\(url.path): cannot read the metric catalogue (\(SystemErrorText.describe(error))); check the `metrics:` path of the pipeline file"
            )
        }
        return try parse(yaml: text, file: ConfigSchema.display(url))
    }

    /// Decodes the text of `config/metrics.yaml`; `file` names it in errors.
    /// - Throws: as ``load(_:)``.
    package static func parse(yaml text: String, file: String = "metrics.yaml") throws(ImpactError) -> MetricsFile {
        try ConfigSchema.problems(yaml: text, file: file, shape: schema).throwIfAny()
        var decoded: MetricsFile
        do {
            decoded = try YAMLDecoder().decode(MetricsFile.self, from: text)
        } catch let error as DecodingError {
            throw ImpactError(.config, "\(file): \(describe(error)); see docs/metrics.md for the fields of a metric")
        } catch {
            throw ImpactError(.config, "\(file): not valid YAML (\(SystemErrorText.describe(error)))")
        }
        guard decoded.version == 1 else {
            throw ImpactError(.config, "\(file): version \(decoded.version) is not supported; write `version: 1`")
        }
        let lines = (try? Yams.compose(yaml: text))?["metrics"]?.sequence?.map { $0.mark?.line } ?? []
        for i in decoded.metrics.indices where i < lines.count { decoded.metrics[i].line = lines[i] }
        return decoded
    }

    /// `field `x` is missing at metrics.#3`, or the path and the decoder's description.
    private static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String {
            c.map { $0.intValue.map { "#\($0 + 1)" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .keyNotFound(let k, let ctx): return "field `\(k.stringValue)` is missing at \(path(ctx.codingPath))"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
