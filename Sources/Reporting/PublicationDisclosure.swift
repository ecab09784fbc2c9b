import Foundation
import ImpactModel
import RunArtifacts

/// The one gate between the computed rows of a run and everything that leaves the core group (issue 14 item 1):
/// `report/metrics.csv`, `report/metrics-excel-nl.csv`, the public report's tables and charts (municipal and
/// national). Every public writer takes its rows from ``publicRows(_:)`` or ``publish(_:)``; nothing else turns a
/// computed row into a public one.
///
/// The cell decisions themselves (primary rules with each cell's contributions, secondary suppression per table
/// and across tables) are made in compute, where the contributions are (`DisclosureControl`, `DisclosureStep` in
/// `Indicators`), and recorded in the row's `status`. This gate then, for every public row:
/// - drops enterprise-level rows (core group only);
/// - strips hidden cells (``MetricRecord/forPublication``);
/// - rounds person counts to the metric's ``Rule/roundingBase`` (METRICS.md §8 "Rounding": value when the unit is
///   `persons`, numerator and denominator columns always), half away from zero, so that `compute/metrics.csv`
///   keeps the unrounded figures (issue 14 item 5);
/// - refuses a published row that breaks a primary rule visible in the row itself (fewer than `min_n`
///   enterprises): ``violations(_:)``, which the report stage turns into an error rather than publish.
package struct PublicationDisclosure: Sendable {
    /// The §8 rules of one metric that the gate applies (from `config/metrics.yaml`).
    package struct Rule: Sendable, Hashable {
        /// Minimum contributing enterprises of a published cell.
        package var minN: Int
        /// Whether the metric is under disclosure control (`disclosure` not `none`).
        package var controlled: Bool
        /// Person counts rounded to a multiple of this; `nil`: none.
        package var roundingBase: Int?

        /// A rule from `config/metrics.yaml`'s `min_n`, `disclosure` and `rounding_base` of one metric.
        package init(minN: Int, controlled: Bool, roundingBase: Int?) {
            self.minN = minN
            self.controlled = controlled
            self.roundingBase = roundingBase
        }
    }

    /// Rules by metric id. A metric without a rule is published as computed (CBS context rows).
    package let rules: [String: Rule]

    /// A gate applying `rules` (metric id → rule).
    package init(rules: [String: Rule]) { self.rules = rules }

    /// Every public row of a run, in order.
    package func publicRows(_ rows: [MetricRecord]) -> [MetricRecord] {
        rows.compactMap(publish)
    }

    /// The public form of one computed row; `nil` for an enterprise-level row.
    package func publish(_ row: MetricRecord) -> MetricRecord? {
        guard row.level != "enterprise" else { return nil }
        var r = row.forPublication
        if let base = rules[r.metricID]?.roundingBase, r.status == .ok || r.status == .partial {
            if r.unit == "persons" { r.value = Self.roundedToMultiple(r.value, of: base) }
            r.numerator = Self.roundedToMultiple(r.numerator, of: base)
            r.denominator = Self.roundedToMultiple(r.denominator, of: base)
        }
        return r
    }

    /// Published rows that break a primary rule the row itself shows: `n_enterprises` between 1 and `min_n − 1`
    /// on a controlled metric (a cell of 0 enterprises is a structural 0 and safe). Each entry names the row.
    package func violations(_ publicRows: [MetricRecord]) -> [String] {
        publicRows.compactMap { r in
            guard r.status == .ok || r.status == .partial, let rule = rules[r.metricID], rule.controlled,
                let n = r.nEnterprises, n > 0, n < rule.minN
            else { return nil }
            return "\(r.provenanceID): published with \(n) enterprises < min_n \(rule.minN)"
        }
    }

    /// A number rounded half away from zero to a multiple of `base`, exactly (``roundedToMultiple(_:of:)-(String,_)``
    /// on its shortest text); `nil` stays `nil`.
    package static func roundedToMultiple(_ value: Double?, of base: Int) -> Double? {
        value.map { Double(roundedToMultiple(formatNumber($0), of: base)) ?? $0 }
    }

    /// A decimal text rounded half away from zero to a multiple of `base` (exact: the text is read as a decimal).
    /// Empty or non-numeric text is returned unchanged.
    package static func roundedToMultiple(_ text: String, of base: Int) -> String {
        guard !text.isEmpty, base > 0, let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            return text
        }
        let b = Decimal(base)
        var x = d / b
        var r = Decimal()
        NSDecimalRound(&r, &x, 0, .plain)
        let v = r * b
        return v == 0 ? "0" : NSDecimalNumber(decimal: v).stringValue
    }
}
