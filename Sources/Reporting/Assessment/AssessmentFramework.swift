import Foundation
import ImpactModel
import Yams

/// The afwegingskader (`config/assessment.yaml`, issue 16 item 1): named criteria over enterprise-level metrics of
/// `config/metrics.yaml` and registry/return fields, each with a threshold in the unit of its input, a weight or a
/// must-pass flag, and the support instruments it opens. Format and worked example: docs/assessment.md.
///
/// Shape of the file:
/// ```yaml
/// version: 1
/// min_score: 50                   # % of the weights of the known criteria that must pass (optional, default 0)
/// watch: {headcount_drop_pct: 10, revenue_drop_pct: 10}   # optional
/// instruments:
///   inkoop_social_return: {label_nl: Inkoop met social return}
/// criteria:
///   - id: doelgroep_fte
///     label_nl: Aandeel doelgroep in fte
///     metric: soc_tg_fte_share    # or field: pso_level (see ``AssessmentField``)
///     at_least: 30                # or at_most: <number>, or one_of: [<category>, …]
///     unit: "%"                   # must equal the unit of the metric or field
///     must_pass: true             # or weight: <number > 0>
///     applies_to_theme: werk_en_participatie   # optional: other enterprises get "n.v.t."
///     opens: [inkoop_social_return]
/// ```
/// Errors: every problem of the file is an ``AssessmentConfigError`` with file, line and column (Yams marks);
/// ``load(_:metricsURL:themesURL:)`` throws ``ImpactError`` with ``ExitStatus/config`` (exit 78) listing them all.
package struct AssessmentFramework: Sendable {
    /// One support instrument the municipality can offer.
    package struct Instrument: Sendable, Hashable {
        /// The instrument's key under `instruments:` (`[a-z0-9_]+`), as criteria name it in `opens:`.
        package var id: String
        /// `label_nl`: the instrument's name in the Dutch assessment (required).
        package var labelNL: String
        /// `description_nl`: one or two sentences on what the instrument offers; empty when the file gives none.
        package var descriptionNL: String
    }

    /// The comparison of a criterion.
    package enum Test: Sendable, Hashable {
        /// value ≥ threshold (numbers, compared with a relative tolerance of 1e−12 as in docs/metrics.md).
        case atLeast(Double)
        /// value ≤ threshold.
        case atMost(Double)
        /// the category is one of these (for `themes`: the enterprise carries at least one of them).
        case oneOf([String])
    }

    /// Where a criterion's value comes from.
    package enum Input: Sendable, Hashable {
        /// An enterprise row of `compute/metrics.csv` (metric id).
        case metric(String)
        /// A registry or return field (``AssessmentField``).
        case field(AssessmentField)
    }

    /// One criterion of the afwegingskader.
    package struct Criterion: Sendable, Hashable {
        /// `id`: the criterion's key (`[a-z0-9_]+`, unique in the file), used in `assessment.csv` and by `explain`.
        package var id: String
        /// `label_nl`: the criterion's name in the Dutch assessment (required).
        package var labelNL: String
        /// `metric:` or `field:`: where the value tested comes from (exactly one of the two).
        package var input: Input
        /// `at_least`, `at_most` or `one_of`: the comparison the value must pass (exactly one of the three).
        package var test: Test
        /// The unit of the threshold (equal to the unit of the input).
        package var unit: String
        /// A must-pass criterion: failing it means "komt niet in aanmerking" whatever the score.
        package var mustPass: Bool
        /// The weight in the score (0 for a must-pass criterion).
        package var weight: Double
        /// When set, enterprises without this theme get "n.v.t." (not applicable) instead of a verdict.
        package var appliesToTheme: String?
        /// Instrument ids this criterion opens.
        package var opens: [String]
        /// Line of the criterion in the file (for `explain`).
        package var line: Int
    }

    /// The criteria in file order (the order of the assessment's table).
    package var criteria: [Criterion]
    /// The support instruments of `instruments:`, each opened by at least one criterion.
    package var instruments: [Instrument]
    /// Minimum score (% of the weights of the applicable, known criteria that pass), 0…100.
    package var minScore: Double
    /// Watch signal: a drop of headcount (quarter end vs 4 quarters earlier) of at least this percentage.
    package var headcountDropPct: Double
    /// Watch signal: an `ent_rev_growth_yoy_r4q` of at most minus this percentage.
    package var revenueDropPct: Double
    /// The file it was read from.
    package var file: String

    /// The instrument with key `id`, or `nil`.
    package func instrument(_ id: String) -> Instrument? { instruments.first { $0.id == id } }
    /// The criterion with key `id`, or `nil`.
    package func criterion(_ id: String) -> Criterion? { criteria.first { $0.id == id } }
}

/// A registry or return field a criterion may read (`field:`), with its unit.
///
/// Sources: the registry columns of `config/registry.csv` (DESIGN.md, "Registry"), and for
/// `reporting_completeness` the quarterly returns of the `impact-returns` source as normalized.
package enum AssessmentField: String, Sendable, Hashable, CaseIterable {
    /// PSO level (`none, aspirant, basistrede, trede1, trede2, trede3`), unit `category`.
    case pso_level
    /// PSO 30+ certificate, `ja`/`nee`, unit `category`.
    case pso30plus
    /// Registered with the Code Sociale Ondernemingen, `ja`/`nee`, unit `category`.
    case code_sociale_ondernemingen
    /// The registry's basis for counting it as a social enterprise (`se_basis`), unit `category`.
    case se_basis
    /// The enterprise's impact themes (registry `themes`), unit `category`; `one_of` passes when it carries one.
    case themes
    /// Whole years since the founding year (quarter's year − `founded_year`), unit `jaar`.
    case years_active
    /// Whole years in the programme on the quarter's last day (since `programme_entry_date`), unit `jaar`.
    case years_in_programme
    /// Returns received of the quarters owed among the 4 ending with the quarter × 100, unit `%`.
    case reporting_completeness

    /// The unit a criterion on this field must state: `category` for registry categories, `jaar` (whole years) for the
    /// year counts, `%` for reporting completeness.
    package var unit: String {
        switch self {
        case .pso_level, .pso30plus, .code_sociale_ondernemingen, .se_basis, .themes: "category"
        case .years_active, .years_in_programme: "jaar"
        case .reporting_completeness: "%"
        }
    }

    /// The categories `one_of` may name, or nil when any text is allowed (or the field is a number).
    package func allowedCategories(themes: [String]) -> [String]? {
        switch self {
        case .pso_level: Enterprise.PSOLevel.allCases.map(\.rawValue)
        case .pso30plus, .code_sociale_ondernemingen: ["ja", "nee"]
        case .themes: themes
        // METRICS.md §2.8: `se_basis` ∈ {code_sociale_ondernemingen, pso30plus, pso_trede, se_nl_member, bcorp,
        // municipal_assessment, self_declared}.
        case .se_basis:
            [
                "code_sociale_ondernemingen", "pso30plus", "pso_trede", "se_nl_member", "bcorp", "municipal_assessment",
                "self_declared",
            ]
        case .years_active, .years_in_programme, .reporting_completeness: nil
        }
    }

    /// The field's name in the Dutch assessment, with where it comes from (`PSO-niveau (register)`).
    package var labelNL: String {
        switch self {
        case .pso_level: "PSO-niveau (register)"
        case .pso30plus: "PSO 30+ (register)"
        case .code_sociale_ondernemingen: "Code Sociale Ondernemingen (register)"
        case .se_basis: "grondslag sociale onderneming (register)"
        case .themes: "thema's (register)"
        case .years_active: "jaren actief sinds oprichting (register)"
        case .years_in_programme: "jaren in het programma (register)"
        case .reporting_completeness: "volledigheid kwartaalrapportages (laatste 4 kwartalen)"
        }
    }
}

/// One problem of `config/assessment.yaml`, with its place in the file (1-based line and column).
package struct AssessmentConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as given to the loader (`config/assessment.yaml`).
    package var file: String
    /// 1-based line of the offending node (Yams mark).
    package var line: Int
    /// 1-based column of the offending node.
    package var column: Int
    /// What is wrong and, where it can, the fix (`unknown metric "x" — did you mean "y"?`).
    package var message: String
    /// Compiler style: `file:line:column: error: message`.
    package var description: String { "\(file):\(line):\(column): error: \(message)" }
}

extension AssessmentFramework {
    static let topKeys: Set<String> = ["version", "min_score", "watch", "instruments", "criteria"]
    static let criterionKeys: Set<String> = [
        "id", "label_nl", "label_en", "metric", "field", "at_least", "at_most", "one_of", "unit", "must_pass", "weight",
        "applies_to_theme", "opens", "description_nl",
    ]
    static let instrumentKeys: Set<String> = ["label_nl", "label_en", "description_nl", "description_en"]
    static let watchKeys: Set<String> = ["headcount_drop_pct", "revenue_drop_pct"]

    /// What the validator needs to know of a metric of `config/metrics.yaml`.
    package struct MetricInfo: Sendable, Hashable {
        /// The metric's `unit` in `config/metrics.yaml` (`%`, `EUR`, `FTE`, `persons`); a criterion's `unit:` must
        /// equal it.
        package var unit: String
        /// The metric's Dutch label, for messages and the assessment's table.
        package var labelNL: String
        /// Whether `compute/metrics.csv` has enterprise rows of it (`level: enterprise` or `enterprise_rows: true`).
        package var hasEnterpriseRows: Bool

        /// What the validator needs of one metric; see the properties.
        package init(unit: String, labelNL: String, hasEnterpriseRows: Bool) {
            self.unit = unit
            self.labelNL = labelNL
            self.hasEnterpriseRows = hasEnterpriseRows
        }
    }

    /// Reads the metric ids, units and enterprise-row flags of `config/metrics.yaml`.
    /// - Throws: ``ImpactError`` (``ExitStatus/config``) when the file cannot be read as YAML.
    package static func metricInfo(_ url: URL) throws -> [String: MetricInfo] {
        let node: Node?
        do { node = try Yams.compose(yaml: try String(contentsOf: url, encoding: .utf8)) } catch {
            throw ImpactError(.config, "\(url.path): \(SystemErrorText.describe(error))")
        }
        var out: [String: MetricInfo] = [:]
        for item in node?.mapping?["metrics"]?.sequence ?? [] {
            guard let m = item.mapping, let id = m["id"]?.string else { continue }
            let level = m["level"]?.string ?? ""
            let rows = m["enterprise_rows"]?.bool ?? false
            out[id] = MetricInfo(
                unit: m["unit"]?.string ?? "", labelNL: m["label_nl"]?.string ?? id,
                hasEnterpriseRows: level == "enterprise" || rows)
        }
        return out
    }

    /// Category values a metric of unit `category` can take (`scale_class`: the §7 classes).
    package static let metricCategories: [String: [String]] = [
        "scale_class": [
            "gazelle", "hge_eurostat", "scaleup_20", "emerging_scaler", "impact_scaler", "stable", "shrinking",
            "unclassified", "insufficient_data",
        ]
    ]

    /// Loads and validates an afwegingskader.
    /// - Throws: ``ImpactError`` with ``ExitStatus/config`` listing every ``AssessmentConfigError`` of the file.
    package static func load(_ url: URL, metricsURL: URL, themesURL: URL) throws -> AssessmentFramework {
        let (framework, errors) = try validate(url, metricsURL: metricsURL, themesURL: themesURL)
        if let framework, errors.isEmpty { return framework }
        throw ImpactError(.config, errors.map(\.description).joined(separator: "\n"))
    }

    /// Validates an afwegingskader and returns it when it has no error, with every error found.
    /// - Throws: ``ImpactError`` (``ExitStatus/config``) only when `config/metrics.yaml` or `config/themes.yaml`
    ///   cannot be read.
    package static func validate(_ url: URL, metricsURL: URL, themesURL: URL) throws
        -> (AssessmentFramework?, [AssessmentConfigError])
    {
        let metrics = try metricInfo(metricsURL)
        let themes = try LabelCatalogue.themes(themesURL).map(\.id)
        let file = url.path
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return (nil, [AssessmentConfigError(file: file, line: 1, column: 1, message: "cannot be read")])
        }
        return parse(text, file: file, metrics: metrics, themes: themes)
    }

    /// Parses and validates the text of an afwegingskader (pure; for tests and ``validate(_:metricsURL:themesURL:)``).
    package static func parse(_ text: String, file: String, metrics: [String: MetricInfo], themes: [String])
        -> (AssessmentFramework?, [AssessmentConfigError])
    {
        var errors: [AssessmentConfigError] = []
        func err(_ node: Node?, _ message: String) {
            let mark = node?.mark
            errors.append(
                AssessmentConfigError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
        }
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else {
                return (nil, [AssessmentConfigError(file: file, line: 1, column: 1, message: "the file is empty")])
            }
            root = r
        } catch let e as YamlError {
            var line = 1
            var column = 1
            if case .parser(_, _, let mark, _) = e {
                line = mark.line
                column = mark.column
            }
            if case .scanner(_, _, let mark, _) = e {
                line = mark.line
                column = mark.column
            }
            return (nil, [AssessmentConfigError(file: file, line: line, column: column, message: "not YAML: \(e)")])
        } catch {
            return (
                nil,
                [
                    AssessmentConfigError(
                        file: file, line: 1, column: 1, message: "not YAML: \(SystemErrorText.describe(error))")
                ]
            )
        }
        guard let top = root.mapping else {
            err(root, "expected a mapping with version, instruments and criteria")
            return (nil, errors)
        }
        func checkKeys(_ m: Node.Mapping, _ allowed: Set<String>, _ where_: String) {
            for k in m.keys {
                guard let s = k.string, !allowed.contains(s) else { continue }
                err(k, "unknown key \"\(s)\"\(where_) (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
        func number(_ n: Node?) -> Double? {
            guard let s = n?.scalar, s.style == .plain else { return nil }
            return Double(s.string)
        }
        checkKeys(top, topKeys, "")
        if let v = top["version"] {
            if v.int != 1 { err(v, "version \(v.string ?? "?") is not supported (1)") }
        } else {
            err(root, "missing key \"version\" (1)")
        }
        var minScore = 0.0
        if let s = top["min_score"] {
            if let v = number(s), v >= 0, v <= 100 {
                minScore = v
            } else {
                err(s, "min_score must be a number 0–100 (%)")
            }
        }
        var headDrop = 10.0
        var revDrop = 10.0
        if let w = top["watch"] {
            if let wm = w.mapping {
                checkKeys(wm, watchKeys, " in watch")
                if let n = wm["headcount_drop_pct"] {
                    if let v = number(n), v > 0 {
                        headDrop = v
                    } else {
                        err(n, "watch.headcount_drop_pct must be a number > 0 (%)")
                    }
                }
                if let n = wm["revenue_drop_pct"] {
                    if let v = number(n), v > 0 {
                        revDrop = v
                    } else {
                        err(n, "watch.revenue_drop_pct must be a number > 0 (%)")
                    }
                }
            } else {
                err(w, "watch must be a mapping (headcount_drop_pct, revenue_drop_pct)")
            }
        }
        var instruments: [Instrument] = []
        if let im = top["instruments"]?.mapping {
            for (k, v) in im {
                guard let id = k.string, id.range(of: "^[a-z0-9_]+$", options: .regularExpression) != nil else {
                    err(k, "instrument id \"\(k.string ?? "")\" must be [a-z0-9_]")
                    continue
                }
                guard let vm = v.mapping else {
                    err(v, "instrument \(id): expected a mapping with label_nl")
                    continue
                }
                checkKeys(vm, instrumentKeys, " in instrument \(id)")
                guard let label = vm["label_nl"]?.string, !label.isEmpty else {
                    err(v, "instrument \(id): label_nl is missing")
                    continue
                }
                instruments.append(
                    Instrument(id: id, labelNL: label, descriptionNL: vm["description_nl"]?.string ?? ""))
            }
        } else {
            err(top["instruments"] ?? root, "instruments must be a mapping of instrument id to {label_nl: …}")
        }
        let instrumentIDs = Set(instruments.map(\.id))
        var criteria: [Criterion] = []
        var seen: Set<String> = []
        var opened: Set<String> = []
        if let seq = top["criteria"]?.sequence {
            for (i, item) in seq.enumerated() {
                guard let m = item.mapping else {
                    err(item, "criteria[\(i)]: expected a mapping")
                    continue
                }
                checkKeys(m, criterionKeys, " in criteria[\(i)]")
                let before = errors.count
                let idNode = m["id"]
                let id = idNode?.string ?? ""
                if id.range(of: "^[a-z0-9_]+$", options: .regularExpression) == nil {
                    err(idNode ?? item, "criteria[\(i)]: id \"\(id)\" must be [a-z0-9_]")
                } else if !seen.insert(id).inserted {
                    err(idNode, "criteria[\(i)]: id \"\(id)\" is used twice")
                }
                let name = "criterion \(id.isEmpty ? "[\(i)]" : id)"
                let label = m["label_nl"]?.string ?? ""
                if label.isEmpty { err(item, "\(name): label_nl is missing") }
                var input: Input?
                var inputUnit = ""
                var categories: [String]?
                switch (m["metric"], m["field"]) {
                case (let mn?, nil):
                    let mid = mn.string ?? ""
                    if let info = metrics[mid] {
                        if !info.hasEnterpriseRows {
                            err(
                                mn,
                                "\(name): metric \"\(mid)\" has no enterprise rows in compute/metrics.csv (needs level: enterprise or enterprise_rows: true)"
                            )
                        } else {
                            input = .metric(mid)
                            inputUnit = info.unit
                            categories = metricCategories[mid]
                        }
                    } else {
                        let near = metrics.keys.min { editDistance($0, mid) < editDistance($1, mid) } ?? ""
                        err(mn, "\(name): unknown metric \"\(mid)\" — did you mean \"\(near)\"? (config/metrics.yaml)")
                    }
                case (nil, let fn?):
                    let fid = fn.string ?? ""
                    if let f = AssessmentField(rawValue: fid) {
                        input = .field(f)
                        inputUnit = f.unit
                        categories = f.allowedCategories(themes: themes)
                    } else {
                        err(
                            fn,
                            "\(name): unknown field \"\(fid)\" (known: \(AssessmentField.allCases.map(\.rawValue).joined(separator: ", ")))"
                        )
                    }
                case (_?, _?):
                    err(m["field"], "\(name): give either metric or field, not both")
                case (nil, nil):
                    err(item, "\(name): metric or field is missing")
                }
                let unitNode = m["unit"]
                let unit = unitNode?.string ?? ""
                if unitNode == nil {
                    err(
                        item,
                        "\(name): unit is missing (the unit of the threshold\(inputUnit.isEmpty ? "" : ", here \"\(inputUnit)\""))"
                    )
                } else if input != nil, unit != inputUnit {
                    err(unitNode, "\(name): threshold unit \"\(unit)\" is not the unit of its input (\"\(inputUnit)\")")
                }
                var test: Test?
                let tests = [("at_least", m["at_least"]), ("at_most", m["at_most"]), ("one_of", m["one_of"])]
                    .filter { $0.1 != nil }
                if tests.count != 1 {
                    err(tests.dropFirst().first?.1 ?? item, "\(name): give exactly one of at_least, at_most, one_of")
                } else if let (key, node) = tests.first, let node {
                    if key == "one_of" {
                        if inputUnit != "category", input != nil {
                            err(
                                node,
                                "\(name): one_of needs a category input; \"\(inputUnit)\" is a number (use at_least or at_most)"
                            )
                        }
                        let values = node.sequence?.compactMap(\.string) ?? []
                        if values.isEmpty { err(node, "\(name): one_of must be a non-empty list") }
                        if let allowed = categories {
                            for (j, v) in values.enumerated() where !allowed.contains(v) {
                                err(
                                    node.sequence?[j],
                                    "\(name): \"\(v)\" is not a value of its input (known: \(allowed.joined(separator: ", ")))"
                                )
                            }
                        }
                        test = .oneOf(values)
                    } else {
                        if inputUnit == "category" {
                            err(node, "\(name): \(key) needs a number input; the input is a category (use one_of)")
                        }
                        if let v = number(node) {
                            test = key == "at_least" ? .atLeast(v) : .atMost(v)
                        } else {
                            err(node, "\(name): \(key) must be a number in \(unit.isEmpty ? "the input's unit" : unit)")
                        }
                    }
                }
                var mustPass = false
                var weight = 0.0
                switch (m["must_pass"], m["weight"]) {
                case (let mp?, nil):
                    if let b = mp.bool, b {
                        mustPass = true
                    } else {
                        err(mp, "\(name): must_pass must be true (or give weight:)")
                    }
                case (nil, let w?):
                    if let v = number(w), v > 0 { weight = v } else { err(w, "\(name): weight must be a number > 0") }
                case (_?, _?):
                    err(m["weight"], "\(name): give weight or must_pass, not both")
                case (nil, nil):
                    err(item, "\(name): give a weight (number > 0) or must_pass: true")
                }
                var applies: String?
                if let t = m["applies_to_theme"] {
                    if let s = t.string, themes.contains(s) {
                        applies = s
                    } else {
                        err(
                            t,
                            "\(name): applies_to_theme \"\(t.string ?? "")\" is not a theme of config/themes.yaml (\(themes.joined(separator: ", ")))"
                        )
                    }
                }
                var opens: [String] = []
                if let o = m["opens"] {
                    if let s = o.sequence {
                        for n in s {
                            let iid = n.string ?? ""
                            if instrumentIDs.contains(iid) {
                                opens.append(iid)
                            } else {
                                err(
                                    n,
                                    "\(name): instrument \"\(iid)\" is not listed under instruments (\(instrumentIDs.sorted().joined(separator: ", ")))"
                                )
                            }
                        }
                    } else {
                        err(o, "\(name): opens must be a list of instrument ids")
                    }
                }
                opened.formUnion(opens)
                if errors.count == before, let input, let test {
                    criteria.append(
                        Criterion(
                            id: id, labelNL: label, input: input, test: test, unit: unit, mustPass: mustPass,
                            weight: weight, appliesToTheme: applies, opens: opens, line: item.mark?.line ?? 0))
                }
            }
        } else {
            err(top["criteria"] ?? root, "criteria must be a list")
        }
        if let im = top["instruments"]?.mapping {
            for k in im.keys where !(k.string.map(opened.contains) ?? true) {
                err(k, "instrument \"\(k.string ?? "")\" is opened by no criterion")
            }
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (
            AssessmentFramework(
                criteria: criteria, instruments: instruments, minScore: minScore, headcountDropPct: headDrop,
                revenueDropPct: revDrop, file: file), []
        )
    }
}
