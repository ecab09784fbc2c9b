import Foundation
import ImpactModel
import Yams

/// How monthly CBS values of a measure fold into a quarter (DESIGN.md "Periods").
///
/// - `stock`: the value of the quarter's last month (a level at a moment, e.g. persons with bijstand).
/// - `flow`: the sum of the three months (an amount over time, e.g. bankruptcies).
/// - `rate`: the mean of the three months (a ratio or percentage, e.g. the unemployment rate).
/// A quarter is folded only when all three months have a value; otherwise it is missing
/// ("onvolledig: n van 3 maanden").
package enum QuarterRule: String, Sendable, Hashable, CaseIterable, Codable {
    case stock, flow, rate
}

/// The per-measure ``QuarterRule``s, from a YAML map `measure_rules:` (measure id → stock | flow | rate).
///
/// ```yaml
/// measure_rules:
///   D000203_2: stock      # 37789ksz, personen met bijstand (x 1 000)
///   M001505_2: rate       # 80590ned, werkloosheidspercentage
/// ```
/// A key may also be `<source_id>/<measure>` to give one source its own rule; that wins over the plain id.
package struct MeasureRules: Hashable, Sendable {
    /// Measure id (or `<source_id>/<measure>`) → rule.
    package var rules: [String: QuarterRule]

    /// Creates rules from a dictionary.
    package init(_ rules: [String: QuarterRule] = [:]) { self.rules = rules }

    /// The rule for `measure` of `sourceID`, if configured.
    package func rule(for measure: String, source sourceID: String) -> QuarterRule? {
        rules["\(sourceID)/\(measure)"] ?? rules[measure]
    }

    /// The keys of the file: `measure_rules:`, a mapping of measure id → rule.
    package static let schema: ConfigShape = .record(["measure_rules": .dictionary(.string)], required: [])

    /// Parses a YAML document with a top-level `measure_rules:` mapping.
    /// - Throws: ``ImpactError`` `.config` naming the file, line, measure and value; `file:line:column` for an
    ///   unknown key or a value that is not a string (``schema``).
    package static func parse(yaml text: String, file: String) throws(ImpactError) -> MeasureRules {
        try ConfigSchema.problems(yaml: text, file: file, shape: schema).throwIfAny()
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ImpactError(.config, "\(file): not valid YAML (\(SystemErrorText.describe(error))); fix the syntax")
        }
        guard let top = root?.mapping else { return MeasureRules() }
        guard let node = top["measure_rules"] else { return MeasureRules() }
        guard let map = node.mapping else {
            throw ImpactError(
                .config, "\(file): `measure_rules:` must be a mapping of measure id → stock | flow | rate")
        }
        var rules: [String: QuarterRule] = [:]
        for (k, v) in map {
            let line = k.mark.map { ":\($0.line)" } ?? ""
            guard let id = k.string, !id.isEmpty else {
                throw ImpactError(.config, "\(file)\(line): a measure id in measure_rules must be a non-empty string")
            }
            guard let text = v.string, let rule = QuarterRule(rawValue: text.lowercased()) else {
                throw ImpactError(
                    .config,
                    "\(file)\(line): measure_rules.\(id) is \"\(v.string ?? "?")\"; write stock, flow or rate")
            }
            rules[id] = rule
        }
        return MeasureRules(rules)
    }
}
