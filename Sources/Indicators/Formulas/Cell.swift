import Foundation
import ImpactModel
import RunArtifacts

extension InputRef {
    /// The reference to one canonical observation (its `source_row_id`, KvK-nummer or region, measure, period).
    init(_ o: Observation) {
        self.init(
            sourceRowID: o.sourceRowID, entity: o.kvkNumber.isEmpty ? o.regio : o.kvkNumber,
            measure: o.measure, period: o.periodCode, value: o.value)
    }
}

/// The outcome of one compute function for one cell (metric × entity × period × breakdown), before coverage and
/// disclosure control decide whether it is published.
package struct Cell: Sendable {
    /// The value (unrounded, already scaled), `nil` when it cannot be computed.
    package var value: Double?
    /// A category instead of a number (`scale_class`).
    package var category: String?
    /// Σ numerator (or the sum itself for sums), unrounded, in the input unit.
    package var numerator: Double?
    /// Σ denominator of a ratio or growth base, unrounded.
    package var denominator: Double?
    /// Enterprises (or suppliers) whose data make the value.
    package var reporting: Int
    /// Enterprises that should have reported; `nil` when coverage does not apply (counts, municipal data, CBS).
    package var population: Int?
    /// Per-contributor magnitudes, for the dominance rule.
    package var contributions: [Double]
    /// Every observation read, reported or missing, for `impactmon explain`.
    package var inputs: [InputRef]
    /// The arithmetic that reproduces the value, e.g. `(12 + 7 + 30) = 49`.
    package var arithmetic: String
    /// Flags for the reader (`onvolledig: 1 van 4 kwartalen ontbreekt`, `noemer is 0`).
    package var notes: [String]
    /// The least final status among the inputs.
    package var inputStatus: ValueStatus
    /// For context cells: the CBS period shown (`2025JJ00`).
    package var periodOverride: String?
    /// For context cells: why the value is missing (`x`, `.`).
    package var attribute: ValueAttribute
    /// When the numerator is itself a number of enterprises (the high-growth share), that number: a share with a
    /// numerator of 1 or 2 would publish a count that the count tables hide (linked tables, METRICS.md §8).
    package var numeratorEnterprises: Int? = nil
    /// The value as an exact decimal (``Exact``), formed from the inputs' decimal values; when set, it is what is
    /// rounded for publication, so that a tie such as 51.25 rounds half away from zero to 51.3 (issue 14 item 5).
    package var exact: Decimal? = nil
    /// Per-contributor magnitudes of the denominator of a share or growth rate (same unit as ``denominator``), for
    /// the primary rules on a published denominator (METRICS.md §8); `nil` when the denominator is not a magnitude
    /// of contributors (a count of enterprises).
    package var denominatorContributions: [Double]? = nil
    /// Enterprises (or suppliers) in the denominator of a percentage, for the percentage rule of METRICS.md §8
    /// (≥ 10); `nil` means ``reporting``.
    package var denominatorEnterprises: Int? = nil

    /// Creates a cell; every field defaults to "nothing computed".
    package init(
        value: Double? = nil, category: String? = nil, numerator: Double? = nil, denominator: Double? = nil,
        reporting: Int = 0, population: Int? = nil, contributions: [Double] = [], inputs: [InputRef] = [],
        arithmetic: String = "", notes: [String] = [], inputStatus: ValueStatus = .definitief,
        periodOverride: String? = nil, attribute: ValueAttribute = .none
    ) {
        self.value = value
        self.category = category
        self.numerator = numerator
        self.denominator = denominator
        self.reporting = reporting
        self.population = population
        self.contributions = contributions
        self.inputs = inputs
        self.arithmetic = arithmetic
        self.notes = notes
        self.inputStatus = inputStatus
        self.periodOverride = periodOverride
        self.attribute = attribute
    }

    /// Coverage in percent: reporting / population × 100, `nil` when coverage does not apply or nobody should report.
    package var coverage: Double? {
        guard let population, population > 0 else { return nil }
        return Double(reporting) / Double(population) * 100
    }
}

/// Text of a number in arithmetic: shortest exact form (`12`, `7.5`), rounded to 6 decimals to hide binary noise.
func term(_ v: Double) -> String {
    formatNumber((v * 1e6).rounded() / 1e6)
}

/// `(a + b + c)` for a list of terms; `0` for none.
func sumText(_ values: [Double]) -> String {
    values.isEmpty ? "0" : "(" + values.map(term).joined(separator: " + ") + ")"
}
