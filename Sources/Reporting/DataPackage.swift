import Foundation
import RunArtifacts

/// `datapackage.json`: a Frictionless Data Package (specs v1, datapackage.org) describing the report's CSVs with a
/// Table Schema each, so `frictionless validate` can check them and tools can load them with the right types.
package enum DataPackage {
    static func schemaFields() -> [[String: Any]] {
        let descriptions: [String: String] = [
            "metric_id": "Metric id of config/metrics.yaml", "theme": "Theme id of config/themes.yaml",
            "class": "impact, scale-up or context", "level": "programme, municipality, national or enterprise",
            "entity": "CBS region code (GM0392, NL01, PV27) the value is for",
            "period": "Reporting quarter (2026Q3) or the CBS period code a context value is for (2025JJ00)",
            "value": "The value, in `unit`; empty when not published", "unit": "Unit of value",
            "numerator": "Numerator of a ratio, or the sum", "denominator": "Denominator of a ratio",
            "n_enterprises": "Number of enterprises contributing", "coverage": "Reporting / active enterprises (0–1)",
            "status": "ok, partial, withheld, suppressed or missing",
            "value_status": "definitief, nader_voorlopig or voorlopig",
            "symbol": "CBS symbol shown instead of a value (. or x)", "note": "Reason or footnote",
            "provenance_id": "Id accepted by `impactmon explain`",
            "breakdown": "Empty for the headline cell; the breakdown cell (sbi_section=Q, theme=onderwijs) otherwise",
        ]
        let numbers: Set<String> = ["value", "numerator", "denominator", "coverage"]
        return MetricRecord.csvHeader.map { name in
            var f: [String: Any] = ["name": name, "description": descriptions[name] ?? ""]
            if numbers.contains(name) {
                f["type"] = "number"
            } else if name == "n_enterprises" {
                f["type"] = "integer"
            } else {
                f["type"] = "string"
            }
            if name == "metric_id" || name == "entity" || name == "period" { f["constraints"] = ["required": true] }
            return f
        }
    }

    /// The package JSON (keys sorted, so the same report gives the same bytes).
    package static func json(title: String, period: String, language: ReportLanguage) throws -> Data {
        let schema: [String: Any] = [
            "fields": schemaFields(), "missingValues": [""],
            "primaryKey": ["metric_id", "entity", "period", "breakdown"],
        ]
        var excelSchema = schema
        excelSchema["fields"] = schemaFields().map { f -> [String: Any] in
            var f = f
            if f["type"] as? String == "number" { f["decimalChar"] = "," }
            return f
        }
        let pkg: [String: Any] = [
            "profile": "tabular-data-package",
            "name": "impactmonitor-\(period.lowercased())",
            "title": "\(title) \(period)",
            "licenses": [
                ["name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (CBS context figures: Bron: CBS)"]
            ],
            "resources": [
                [
                    "name": "metrics", "path": RunFile.publicMetrics.name, "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv", "encoding": "utf-8",
                    "dialect": ["delimiter": ",", "doubleQuote": true, "lineTerminator": "\n", "header": true],
                    "schema": schema,
                ],
                [
                    "name": "metrics-excel-nl", "path": "metrics-excel-nl.csv", "profile": "tabular-data-resource",
                    "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
                    "dialect": ["delimiter": ";", "doubleQuote": true, "lineTerminator": "\r\n", "header": true],
                    "schema": excelSchema,
                ],
            ],
        ]
        return try JSONSerialization.data(
            withJSONObject: pkg, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            + Data("\n".utf8)
    }
}
