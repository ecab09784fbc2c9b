import ConfigFiles
import Foundation
import ImpactModel
import Normalization
import Yams

/// Checks the pipeline file, `config/*.yaml` (metrics, themes, measure rules) and the registry's header strictly,
/// before any stage runs: unknown keys (with "did you mean"), wrong types, missing required keys, unknown metric
/// and theme ids, YAML syntax errors and missing registry columns, all at once.
package enum ConfigCheck {
    static let source: ConfigShape = .record(
        [
            "id": .string, "connector": .string, "url": .string, "required": .bool, "table": .string,
            "dataset": .string, "data_set": .string, "filters": .dictionary(.list(.string)), "resource_id": .string,
            "pinned_url": .string, "query": .string, "measures": .list(.string), "regions": .list(.string),
            "period_from": .int, "first_quarter": .string, "record": .string, "resource_name": .string,
            "format": .string, "title": .string, "headers": .dictionary(.string), "allow_hosts": .list(.string),
            "ca_bundle": .string, "ca_path": .string, "metadata": .string, "datastore": .bool, "datastore_sql": .bool,
            "pinned_title": .string, "pinned_modified": .string, "select": .string,
            "encoding": .string,
            "number_format": .record(["decimal": .string, "thousands": .string], required: ["decimal"]),
        ], required: ["id", "connector", "url"])

    /// The pipeline file's keys, block by block.
    static let pipeline: ConfigShape = .record(
        [
            "version": .int, "name": .string, "title": .string, "title_en": .string,
            "municipality": .record(["code": .string, "name": .string], required: ["code", "name"]),
            "scope": .string, "default_period": .string, "timezone": .string, "registry": .string, "metrics": .string,
            "themes": .string, "measure_rules": .string, "boundary_changes": .string, "sources": .list(source),
            "registry_history": .string, "regional_classification": .string,
            "schedule": .record(
                [
                    "catch_up_from": .string, "fetch": .string, "normalize": .string, "compute": .string,
                    "report": .string,
                ],
                required: []),
            "report": .record(["headline_metrics": .list(.string), "languages": .list(.string)], required: []),
            "fetch": .record(
                [
                    "max_attempts": .int, "base_backoff_ms": .int, "max_backoff_ms": .int, "connect_timeout_s": .number,
                    "total_timeout_s": .number, "retry_budget": .int, "source_retry_budget": .int,
                    "source_timeout_s": .number, "low_speed_limit_bps": .int, "low_speed_time_s": .int,
                    "max_body_bytes": .int, "max_retry_after_s": .int, "ca_bundle": .string, "ca_path": .string,
                    "store_keep_runs": .int, "store_prune_min_age_s": .number, "per_host_concurrency": .int,
                    "max_concurrent_transfers": .int,
                ], required: []),
            "strict": .bool, "assessment": .string, "publish": .record(["folder": .string], required: []),
            "peer_group": .record(
                [
                    "name": .string, "basis": .string, "classification_year": .int,
                    "regions": .list(.record(["code": .string, "name": .string], required: ["code", "name"])),
                ], required: ["name", "classification_year", "regions"]),
        ], required: ["version", "name", "registry", "metrics", "themes", "sources"])

    /// Every problem of the pipeline's configuration, in file order. Empty = fine.
    package static func problems(of definition: PipelineDefinition) -> [ConfigProblem] {
        problems(
            pipelineFile: definition.fileURL, metricsURL: definition.metricsURL, themesURL: definition.themesURL,
            measureRulesURL: definition.measureRulesURL, registryURL: definition.registryURL)
    }

    /// Every problem, found from the pipeline file alone (for `impactmon validate`, which lists all of them even
    /// when the pipeline file itself does not load): the config paths are read from its nodes.
    package static func problems(pipelineFile url: URL) -> [ConfigProblem] {
        var out: [ConfigProblem] = []
        guard
            let root = ConfigSchema.check(url, against: .record([:], required: []), into: &out, walking: false)?.mapping
        else {
            return out.isEmpty
                ? [
                    ConfigProblem(
                        file: ConfigSchema.display(url), line: 1, column: 1,
                        message: "expected a mapping of pipeline keys",
                        status: .config)
                ]
                : out
        }
        let base = url.deletingLastPathComponent()
        func resolve(_ key: String) -> URL? {
            guard let path = root[key]?.string else { return nil }
            return path.hasPrefix("/")
                ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
        }
        return problems(
            pipelineFile: url, metricsURL: resolve("metrics"), themesURL: resolve("themes"),
            measureRulesURL: resolve("measure_rules"), registryURL: resolve("registry"))
    }

    static func problems(
        pipelineFile: URL, metricsURL: URL?, themesURL: URL?, measureRulesURL: URL?, registryURL: URL?
    ) -> [ConfigProblem] {
        var out: [ConfigProblem] = []
        let pipelineNode = ConfigSchema.check(pipelineFile, against: pipeline, into: &out)
        let metricsNode = metricsURL.flatMap { ConfigSchema.check($0, against: MetricsFile.schema, into: &out) }
        let themesNode = themesURL.flatMap { ConfigSchema.check($0, against: ThemeCatalog.schema, into: &out) }
        if let m = measureRulesURL { _ = ConfigSchema.check(m, against: MeasureRules.schema, into: &out) }
        // Theme ids used by metrics must exist in themes.yaml; headline metrics must exist in metrics.yaml.
        let themeIDs = (themesNode?.mapping?["themes"]?.mapping ?? themesNode?.mapping)?.keys.compactMap(\.string) ?? []
        var metricIDs: [String] = []
        for metric in metricsNode?.mapping?["metrics"]?.sequence ?? [] {
            guard let m = metric.mapping else { continue }
            if let id = m["id"]?.string { metricIDs.append(id) }
            if let theme = m["theme"], let t = theme.string, !themeIDs.isEmpty, !themeIDs.contains(t) {
                out.append(
                    ConfigSchema.problem(
                        ConfigSchema.display(metricsURL!), theme,
                        "unknown theme id \"\(t)\""
                            + ConfigSchema.hint(
                                t, themeIDs, known: "themes in \(themesURL?.lastPathComponent ?? "themes.yaml")")))
            }
        }
        for item in pipelineNode?.mapping?["report"]?.mapping?["headline_metrics"]?.sequence ?? [] {
            guard let id = item.string, !metricIDs.isEmpty, !metricIDs.contains(id) else { continue }
            out.append(
                ConfigSchema.problem(
                    ConfigSchema.display(pipelineFile), item,
                    "report.headline_metrics: unknown metric id \"\(id)\""
                        + ConfigSchema.hint(
                            id, metricIDs, known: "metrics in \(metricsURL?.lastPathComponent ?? "metrics.yaml")")))
        }
        for item in pipelineNode?.mapping?["report"]?.mapping?["languages"]?.sequence ?? [] {
            guard let lang = item.string, !["nl", "en"].contains(lang) else { continue }
            out.append(
                ConfigSchema.problem(
                    ConfigSchema.display(pipelineFile), item,
                    "report.languages: unknown language \"\(lang)\" (nl or en)"))
        }
        if let item = pipelineNode?.mapping?["regional_classification"], let value = item.string,
            RegionalClassification(rawValue: value) == nil
        {
            out.append(
                ConfigSchema.problem(
                    ConfigSchema.display(pipelineFile), item,
                    "regional_classification: unknown value \"\(value)\" (per_period or current)"))
        }
        if let registryURL { out += registryHeaderProblems(registryURL) }
        return out
    }

    /// Missing required columns in the registry's header line (exit 65: the registry is data, not configuration).
    static func registryHeaderProblems(_ url: URL) -> [ConfigProblem] {
        guard let data = try? Data(contentsOf: url) else {
            return [
                ConfigProblem(
                    file: ConfigSchema.display(url), line: 1, column: 1, message: "the registry cannot be read",
                    status: .dataInvalid
                )
            ]
        }
        let text = String(decoding: data.prefix(64 * 1024), as: UTF8.self)
        let header =
            text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let clean = header.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let delimiter: Character = clean.filter { $0 == ";" }.count > clean.filter { $0 == "," }.count ? ";" : ","
        let names = clean.split(separator: delimiter, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased()
        }
        return RegistryLoader.requiredColumns.filter { !names.contains($0) }.map { name in
            ConfigProblem(
                file: ConfigSchema.display(url), line: 1, column: 1,
                message: "required column \"\(name)\" is missing from the header"
                    + ConfigSchema.hint(name, names, known: nil),
                status: .dataInvalid)
        }
    }

    /// Throws the problems as one ``ImpactError`` (one line each): 78 when any is a configuration problem, else 65.
    package static func require(_ definition: PipelineDefinition) throws {
        let found = problems(of: definition)
        guard !found.isEmpty else { return }
        throw ImpactError(
            found.contains { $0.status == .config } ? .config : .dataInvalid,
            found.map(\.description).joined(separator: "\n"))
    }
}
