import ConfigFiles
import Foundation
import ImpactModel

/// The validated metric catalogue of `config/metrics.yaml`.
///
/// Shape of the file: `version: 1` and `metrics:` a list of mappings with `id, label_nl, label_en, theme, class,
/// level, unit, direction, period, kind, inputs, min_n, disclosure, decimals, breakdowns, scale, definition,
/// source` and, for context metrics, `context: {table, measure, regio, dimensions, period_types}`.
/// Definitions: METRICS.md §6 (catalogue), §7 (scale-up), §8 (coverage and disclosure).
package struct MetricCatalogue: Sendable, Hashable {
    /// The metrics in file order (the order of `compute/metrics.csv`).
    package var metrics: [MetricDefinition]

    /// A catalogue of already validated metrics (tests, subsets).
    package init(metrics: [MetricDefinition]) { self.metrics = metrics }

    /// The metric with this id, if any.
    package func metric(_ id: String) -> MetricDefinition? { metrics.first { $0.id == id } }

    /// Loads and validates a catalogue file (decoded by its one decoder, ``MetricsFile``).
    /// - Throws: ``ImpactError`` with status `.config` (exit 78) naming the file, metric and field.
    /// - Parameter themes: the themes of `config/themes.yaml`; when given, a metric's `theme` must be one of its ids
    ///   (the pipeline passes them; a test of the catalogue alone may omit them).
    package static func load(contentsOf url: URL, themes: ThemeCatalog? = nil) throws -> MetricCatalogue {
        try validate(MetricsFile.load(url), file: url.lastPathComponent, themes: themes)
    }

    /// Decodes and validates catalogue text; every problem in the file is reported in one error.
    /// - Throws: ``ImpactError`` with status `.config` listing each invalid field with its metric id and value.
    package static func parse(yaml: String, file: String = "metrics.yaml", themes: ThemeCatalog? = nil) throws
        -> MetricCatalogue
    {
        try validate(MetricsFile.parse(yaml: yaml, file: file), file: file, themes: themes)
    }

    /// Validates the decoded entries into metric definitions.
    private static func validate(_ raw: MetricsFile, file: String, themes: ThemeCatalog?) throws -> MetricCatalogue {
        var problems: [String] = []
        var metrics: [MetricDefinition] = []
        var seen: Set<String> = []
        for (index, m) in raw.metrics.enumerated() {
            let line = m.line.map { ":\($0)" } ?? ""
            let at = "\(file)\(line), metric #\(index + 1) \"\(m.id)\""
            if !seen.insert(m.id).inserted { problems.append("\(at): id is used twice; ids must be unique") }
            if let def = validate(m, at: at, themes: themes, problems: &problems) { metrics.append(def) }
        }
        guard problems.isEmpty else {
            throw ImpactError(.config, problems.joined(separator: "\n"))
        }
        return MetricCatalogue(metrics: metrics)
    }

    private static func validate(_ m: MetricsFile.Entry, at: String, themes: ThemeCatalog?, problems: inout [String])
        -> MetricDefinition?
    {
        func choice<E: RawRepresentable & CaseIterable>(_ field: String, _ text: String?, _: E.Type) -> E?
        where E.RawValue == String {
            guard let text else {
                problems.append(
                    "\(at): `\(field)` is missing; use one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            guard let v = E(rawValue: text) else {
                problems.append(
                    "\(at): \(field) \"\(text)\" is unknown; use one of \(E.allCases.map(\.rawValue).joined(separator: ", "))"
                )
                return nil
            }
            return v
        }
        let before = problems.count
        if m.id.isEmpty || !m.id.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) {
            problems.append("\(at): id must be lower-case letters, digits and `_`")
        }
        var theme: String?
        if let t = m.theme, !t.isEmpty {
            if let themes, !themes.contains(t) {
                problems.append(
                    "\(at): theme \"\(t)\" is not a theme of themes.yaml; use one of \(themes.ids.joined(separator: ", "))"
                )
            } else {
                theme = t
            }
        } else {
            problems.append("\(at): `theme` is missing; use a theme id of config/themes.yaml")
        }
        let cls = choice("class", m.class, MetricClass.self)
        let level = choice("level", m.level, MetricLevel.self)
        let direction = choice("direction", m.direction, Direction.self)
        let period = choice("period", m.period, PeriodRule.self)
        let kind = choice("kind", m.kind, ComputeKind.self)
        let disclosure = choice("disclosure", m.disclosure ?? "frequency", DisclosureRule.self)
        let suppliers = choice("suppliers", m.suppliers ?? "all", SupplierScope.self)
        let denSuppliers = choice("denominator_suppliers", m.denominator_suppliers ?? "all", SupplierScope.self)
        let annual = choice("annual", m.annual ?? "mean", AnnualForm.self)
        let appliesTo = choice("applies_to", m.applies_to ?? "all", Applicability.self)
        var breakdowns: [Breakdown] = []
        for b in m.breakdowns ?? [] {
            if let v = choice("breakdowns", b, Breakdown.self) { breakdowns.append(v) }
        }
        let inputs = m.inputs ?? []
        if let kind {
            if inputs.count != kind.inputArity {
                problems.append(
                    "\(at): kind \(kind.rawValue) reads \(kind.inputArity) input measure(s), `inputs` lists \(inputs.count) (\(inputs.joined(separator: ", ")))"
                )
            }
            let known =
                switch kind {
                case .procurement_share: CanonicalMeasures.procurement
                case .establishment_total, .establishment_share: CanonicalMeasures.establishment
                case .register_year_sum: CanonicalMeasures.register
                default: CanonicalMeasures.enterprise
                }
            for i in inputs where !known.contains(i) {
                problems.append(
                    "\(at): input measure \"\(i)\" is unknown for kind \(kind.rawValue); use one of \(known.sorted().joined(separator: ", "))"
                )
            }
            if kind == .cbs_latest && m.context == nil {
                problems.append("\(at): kind cbs_latest needs `context: {table, measure, regio}`")
            }
            if ![.cbs_latest, .establishment_total, .establishment_share].contains(kind) && m.context != nil {
                problems.append(
                    "\(at): `context` is only read by kinds cbs_latest, establishment_total and establishment_share")
            }
            if kind.isEnterpriseLevel || kind == .cbs_latest, !breakdowns.isEmpty {
                problems.append("\(at): kind \(kind.rawValue) has no breakdowns")
            }
        }
        if let c = m.context {
            for t in c.period_types ?? [] where !["JJ", "KW", "MM"].contains(t) {
                problems.append("\(at): context period type \"\(t)\" is unknown; use JJ, KW or MM")
            }
            if (c.compare ?? false) != (m.level == MetricLevel.regional.rawValue) {
                problems.append(
                    "\(at): `context.compare: true` and `level: regional` go together (a CBS figure set beside NL01 and the peer group)"
                )
            }
            for d in c.dimensions ?? [] where !d.contains("=") {
                problems.append("\(at): context dimension \"\(d)\" must be written key=value (Geslacht=T001038)")
            }
        }
        if let f = m.growth_factor, f <= 1 {
            problems.append("\(at): growth_factor \(f) must be above 1 (1.331 = 10 % a year)")
        }
        if m.threshold != nil && m.threshold_note.flatMap(MetricNote.init(stored:)) == nil {
            problems.append(
                "\(at): `threshold` needs a `threshold_note`, a note code (flag.pso30_equivalent, flag.earned_income_50)"
            )
        }
        let minN = m.min_n ?? 3
        if minN < 1 { problems.append("\(at): min_n \(minN) must be at least 1 (3, or 5 for target-group data)") }
        let decimals = m.decimals ?? 1
        if !(0...6).contains(decimals) { problems.append("\(at): decimals \(decimals) must be 0–6") }
        if m.label_nl.isEmpty || m.label_en.isEmpty { problems.append("\(at): label_nl and label_en are required") }
        if m.source.isEmpty { problems.append("\(at): `source` (definition reference) is required") }
        if let b = m.rounding_base, b < 0 { problems.append("\(at): rounding_base \(b) must be 0 (none) or more (5)") }
        if let p = m.percent_min_enterprises, p < 0 {
            problems.append("\(at): percent_min_enterprises \(p) must be 0 or more (10)")
        }
        guard problems.count == before, let theme, let cls, let level, let direction, let period, let kind,
            let disclosure, let suppliers, let denSuppliers, let annual, let appliesTo
        else { return nil }
        // METRICS.md §8 defaults: person counts rounded to 5; percentages only on ≥ 10 enterprises and ≥ 20 FTE or
        // persons in the denominator.
        let controlled = disclosure != .none
        let roundingBase = m.rounding_base.map { $0 > 0 ? $0 : nil } ?? (controlled && m.unit == "persons" ? 5 : nil)
        let percentMinEnterprises =
            m.percent_min_enterprises.map { $0 > 0 ? $0 : nil } ?? (controlled && m.unit == "%" ? 10 : nil)
        let personDenominators: Set<String> = ["fte_total", "employees_headcount", "tg_fte", "tg_headcount"]
        let percentMinDenominator =
            m.percent_min_denominator.map { $0 > 0 ? $0 : nil }
            ?? (controlled && m.unit == "%" && [.ratio_q, .ratio_r4q, .yoy_panel_growth].contains(kind)
                && personDenominators.contains(inputs.last ?? "") ? 20 : nil)
        var definition = MetricDefinition(
            id: m.id, labelNL: m.label_nl, labelEN: m.label_en, theme: theme, metricClass: cls, level: level,
            unit: m.unit, direction: direction, period: period, kind: kind, inputs: inputs, minN: minN,
            disclosure: disclosure, decimals: decimals, breakdowns: breakdowns, scale: m.scale ?? 1,
            supplierScope: suppliers, denominatorSupplierScope: denSuppliers, annual: annual,
            appliesTo: appliesTo, growthFactor: m.growth_factor ?? 1.331, threshold: m.threshold,
            thresholdNote: m.threshold_note.flatMap(MetricNote.init(stored:)),
            enterpriseRows: m.enterprise_rows ?? false, definition: m.definition,
            source: m.source,
            context: m.context.map {
                ContextSource(
                    table: $0.table, measure: $0.measure, regio: $0.regio, dimensions: $0.dimensions ?? [],
                    periodTypes: $0.period_types ?? ["KW", "MM", "JJ"], compare: $0.compare ?? false)
            })
        definition.roundingBase = roundingBase
        definition.percentMinEnterprises = percentMinEnterprises
        definition.percentMinDenominator = percentMinDenominator
        return definition
    }
}
