import Foundation
import ImpactModel
import Normalization
import Yams

/// One problem in a configuration file, with the position of the offending key or value.
///
/// `description` is the line every command prints: `pipelines/haarlem-demo.yaml:54:3: unknown key "headline_metric"
/// in report — did you mean "headline_metrics"?`. Lines and columns start at 1 (Yams' `Mark`).
package struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as the command names it (relative to the working directory when below it).
    package var file: String
    /// 1-based line of the offending key or value (Yams' `Mark`).
    package var line: Int
    /// 1-based column of the offending key or value.
    package var column: Int
    /// What is wrong and, where there is one, the fix: `unknown key "headline_metric" in report — did you mean
    /// "headline_metrics"?`.
    package var message: String
    /// ``ExitStatus/config`` (78) for the YAML files, ``ExitStatus/dataInvalid`` (65) for the registry's header.
    package var status: ExitStatus

    /// `file:line:column: message`, the line every command prints for the problem.
    package var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Checks the pipeline file, `config/*.yaml` (metrics, themes, measure rules) and the registry's header strictly,
/// before any stage runs: unknown keys (with "did you mean"), wrong types, missing required keys, unknown metric
/// and theme ids, YAML syntax errors and missing registry columns, all at once.
package enum ConfigCheck {
    /// The shape a YAML node must have.
    indirect enum Shape: Sendable {
        case string, int, bool, number
        case list(Shape)
        /// A mapping with these keys; `required` ones must be present.
        case record([String: Shape], required: Set<String>)
        /// A mapping with free keys, each value of this shape.
        case dictionary(Shape)
        /// A string, or a mapping of these keys (`themes.yaml` labels may be written either way).
        case stringOr(Shape)

        var name: String {
            switch self {
            case .string: "a string"
            case .int: "a whole number"
            case .bool: "true or false"
            case .number: "a number"
            case .list: "a list"
            case .record, .dictionary: "a mapping"
            case .stringOr: "a string or a mapping"
            }
        }
    }

    static let source: Shape = .record(
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
    static let pipeline: Shape = .record(
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

    static let metrics: Shape = .record(
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

    static let themes: Shape = .record(
        [
            "version": .int,
            "themes": .dictionary(
                .stringOr(
                    .record(
                        [
                            "label_nl": .string, "label_en": .string, "description_nl": .string,
                            "description_en": .string, "impact_theme": .bool, "nl": .string, "en": .string,
                            "label": .string,
                        ], required: []))),
        ], required: ["themes"])

    static let measureRules: Shape = .record(["measure_rules": .dictionary(.string)], required: [])

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
        guard let root = check(url, against: .record([:], required: []), into: &out, walking: false)?.mapping else {
            return out.isEmpty
                ? [
                    ConfigProblem(
                        file: display(url), line: 1, column: 1, message: "expected a mapping of pipeline keys",
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
        let pipelineNode = check(pipelineFile, against: pipeline, into: &out)
        let metricsNode = metricsURL.flatMap { check($0, against: metrics, into: &out) }
        let themesNode = themesURL.flatMap { check($0, against: themes, into: &out) }
        if let m = measureRulesURL { _ = check(m, against: measureRules, into: &out) }
        // Theme ids used by metrics must exist in themes.yaml; headline metrics must exist in metrics.yaml.
        let themeIDs = (themesNode?.mapping?["themes"]?.mapping ?? themesNode?.mapping)?.keys.compactMap(\.string) ?? []
        var metricIDs: [String] = []
        for metric in metricsNode?.mapping?["metrics"]?.sequence ?? [] {
            guard let m = metric.mapping else { continue }
            if let id = m["id"]?.string { metricIDs.append(id) }
            if let theme = m["theme"], let t = theme.string, !themeIDs.isEmpty, !themeIDs.contains(t) {
                out.append(
                    problem(
                        metricsURL!, theme,
                        "unknown theme id \"\(t)\""
                            + hint(t, themeIDs, known: "themes in \(themesURL?.lastPathComponent ?? "themes.yaml")")))
            }
        }
        for item in pipelineNode?.mapping?["report"]?.mapping?["headline_metrics"]?.sequence ?? [] {
            guard let id = item.string, !metricIDs.isEmpty, !metricIDs.contains(id) else { continue }
            out.append(
                problem(
                    pipelineFile, item,
                    "report.headline_metrics: unknown metric id \"\(id)\""
                        + hint(id, metricIDs, known: "metrics in \(metricsURL?.lastPathComponent ?? "metrics.yaml")")))
        }
        for item in pipelineNode?.mapping?["report"]?.mapping?["languages"]?.sequence ?? [] {
            guard let lang = item.string, !["nl", "en"].contains(lang) else { continue }
            out.append(problem(pipelineFile, item, "report.languages: unknown language \"\(lang)\" (nl or en)"))
        }
        if let item = pipelineNode?.mapping?["regional_classification"], let value = item.string,
            RegionalClassification(rawValue: value) == nil
        {
            out.append(
                problem(
                    pipelineFile, item, "regional_classification: unknown value \"\(value)\" (per_period or current)"))
        }
        if let registryURL { out += registryHeaderProblems(registryURL) }
        return out
    }

    /// Parses `url` and checks it against `shape`; a file that cannot be read or parsed is one problem.
    /// - Returns: the root node, for cross-file checks.
    static func check(_ url: URL, against shape: Shape, into out: inout [ConfigProblem], walking: Bool = true) -> Node?
    {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            out.append(
                ConfigProblem(file: display(url), line: 1, column: 1, message: "cannot be read", status: .config))
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            out.append(syntaxProblem(error, file: url))
            return nil
        } catch {
            out.append(
                ConfigProblem(
                    file: display(url), line: 1, column: 1,
                    message: "not valid YAML: \(SystemErrorText.describe(error))", status: .config))
            return nil
        }
        guard let root else {
            out.append(
                ConfigProblem(file: display(url), line: 1, column: 1, message: "the file is empty", status: .config))
            return nil
        }
        if walking { walk(root, shape, path: "", file: url, into: &out) }
        return root
    }

    /// `file:line:column: YAML syntax error: <problem>` from Yams' error mark.
    static func syntaxProblem(_ error: YamlError, file: URL) -> ConfigProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigProblem(
                file: display(file), line: mark.line, column: mark.column, message: "YAML syntax error: \(problem)",
                status: .config)
        default:
            return ConfigProblem(
                file: display(file), line: 1, column: 1,
                message: "YAML syntax error: \(SystemErrorText.describe(error))", status: .config)
        }
    }

    private static func walk(_ node: Node, _ shape: Shape, path: String, file: URL, into out: inout [ConfigProblem]) {
        let at = path.isEmpty ? "" : "\(path): "
        func wrong() { out.append(problem(file, node, "\(at)expected \(shape.name), found \(describe(node))")) }
        switch shape {
        case .string:
            if node.scalar == nil { wrong() }
        case .int:
            if node.scalar == nil || node.int == nil { wrong() }
        case .bool:
            if node.scalar == nil || node.bool == nil { wrong() }
        case .number:
            if node.scalar == nil || node.float == nil { wrong() }
        case .list(let element):
            guard let seq = node.sequence else { return wrong() }
            for (i, item) in seq.enumerated() { walk(item, element, path: "\(path)[\(i)]", file: file, into: &out) }
        case .dictionary(let value):
            guard let map = node.mapping else { return wrong() }
            for (k, v) in map { walk(v, value, path: join(path, k.string ?? "?"), file: file, into: &out) }
        case .stringOr(let inner):
            if node.scalar != nil { return }
            walk(node, inner, path: path, file: file, into: &out)
        case .record(let keys, let required):
            guard let map = node.mapping else { return wrong() }
            var present = Set<String>()
            for (k, v) in map {
                guard let name = k.string else { continue }
                present.insert(name)
                if let s = keys[name] {
                    walk(v, s, path: join(path, name), file: file, into: &out)
                } else {
                    let where_ = path.isEmpty ? "" : " in \(path)"
                    out.append(
                        problem(
                            file, k,
                            "unknown key \"\(name)\"\(where_)" + hint(name, Array(keys.keys), known: nil)))
                }
            }
            for name in required.sorted() where !present.contains(name) {
                out.append(problem(file, node, "\(at)missing required key \"\(name)\""))
            }
        }
    }

    /// Missing required columns in the registry's header line (exit 65: the registry is data, not configuration).
    static func registryHeaderProblems(_ url: URL) -> [ConfigProblem] {
        guard let data = try? Data(contentsOf: url) else {
            return [
                ConfigProblem(
                    file: display(url), line: 1, column: 1, message: "the registry cannot be read", status: .dataInvalid
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
                file: display(url), line: 1, column: 1,
                message: "required column \"\(name)\" is missing from the header" + hint(name, names, known: nil),
                status: .dataInvalid)
        }
    }

    /// ` — did you mean "x"?` when one known name is close (edit distance ≤ 2, or a third of the name), plus the
    /// list of known names when `known` names where they come from.
    static func hint(_ name: String, _ candidates: [String], known: String?) -> String {
        let limit = max(2, name.count / 3)
        let scored = candidates.map { ($0, editDistance($0.lowercased(), name.lowercased())) }.filter { $0.1 <= limit }
        let best = scored.min { ($0.1, $0.0) < ($1.1, $1.0) }
        var out = best.map { " — did you mean \"\($0.0)\"?" } ?? ""
        if best == nil, let known { out += " (not one of the \(candidates.count) \(known))" }
        if best == nil, known == nil, !candidates.isEmpty, candidates.count <= 24 {
            out += " (known: \(candidates.sorted().joined(separator: ", ")))"
        }
        return out
    }

    private static func problem(_ file: URL, _ node: Node, _ message: String) -> ConfigProblem {
        ConfigProblem(
            file: display(file), line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message,
            status: .config)
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): "\"\(s.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The file as a person in the working directory would type it.
    static func display(_ url: URL) -> String {
        relativePath(url, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
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
