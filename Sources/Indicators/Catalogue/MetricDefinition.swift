import ImpactModel

/// What a metric says about the programme (METRICS.md §6.2, column "class").
package enum MetricClass: String, Sendable, Codable, CaseIterable {
    /// Social or environmental outcome of the enterprises (IRIS+ style).
    case impact
    /// Organisational growth (Eurostat/OECD business demography).
    case scale_up = "scale-up"
    /// Municipal or national background from CBS StatLine, never attributed to the programme.
    case context
}

/// The level a value describes; the `level` column of `compute/metrics.csv`.
package enum MetricLevel: String, Sendable, Codable, CaseIterable {
    /// Aggregate over the programme's enterprises in the municipality (`entity` = `GM0392`).
    case programme
    /// One enterprise (`entity` = KvK-nummer); never published outside the core group (METRICS.md §8).
    case enterprise
    /// The municipality's own data, e.g. its procurement (`entity` = `GM0392`).
    case municipality
    /// A CBS national figure (`entity` = `NL01`) or a province (`PV27`).
    case national
    /// A CBS figure at municipality level set beside other regions (`context.compare: true`, issue 16 item 5): one
    /// row for the municipality (`entity` = `GM0392`), one for `NL01` and one per municipality of the pipeline's
    /// `peer_group:`.
    case regional
}

/// Which direction of change is desirable (METRICS.md §6.2, column "dir").
package enum Direction: String, Sendable, Codable, CaseIterable {
    case up, down, neutral
}

/// The period rule of a metric (METRICS.md §6.1, "Period semantics").
package enum PeriodRule: String, Sendable, Codable, CaseIterable {
    /// The quarter: a stock at quarter end, or a count at quarter end.
    case Q
    /// Rolling four quarters ending with the quarter: sum of flows, or mean of quarter-end stocks.
    case R4Q
    /// The quarter against the same quarter a year earlier.
    case YoY
    /// Three years: the rolling year ending with the quarter against the one ending 12 quarters earlier.
    case threeYears = "3Y"
    /// The latest annual (`JJ`) or other CBS period available at the quarter (context).
    case A
}

/// Which disclosure rule protects a cell (METRICS.md §8, ESSnet Handbook on SDC ch. 4).
package enum DisclosureRule: String, Sendable, Codable, CaseIterable {
    /// Threshold rule only: a cell of fewer than `min_n` enterprises is unsafe.
    case frequency
    /// Threshold rule and the (n, k) = (2, 85) dominance rule for sums of magnitudes.
    case magnitude
    /// No aggregate is published (enterprise-level values) or the value is public (CBS context).
    case none
}

/// A breakdown of a programme aggregate into cells published beside its total (METRICS.md §6.3 breakdowns).
package enum Breakdown: String, Sendable, Codable, CaseIterable {
    /// SBI 2008 section letter of the enterprise's main activity (CBS SBI 2008).
    case sbi_section
    /// Theme ids of the registry (an enterprise may have several, so cells overlap).
    case theme
    /// Why the enterprise counts as social (METRICS.md §2.8).
    case se_basis
    /// Certified PSO level (PSO-Nederland).
    case pso_level
    /// Registry `exit_reason` (opheffing, relocation_out, merger, other); for exit counts.
    case exit_reason
    /// Born (KvK `datumAanvang` within the year up to programme entry), attracted (registered earlier) or
    /// unknown (no KvK date): the two components of inflow (Eurostat birth glossary; CBS oprichtingen).
    case inflow_component
    /// How many registry themes the enterprise contributes to: `1`, `2`, `3+` (`geen` without themes); the cells
    /// partition the population (issue 16 item 6, ``ThemeOverlap``).
    case theme_count
    /// The enterprise's combination of registry themes, ids sorted and joined by `+`
    /// (`onderwijs+werk_en_participatie`); the cells partition the population and nest in `theme_count`.
    case theme_combination
}

/// Which enterprises a metric applies to, for its coverage population.
package enum Applicability: String, Sendable, Codable, CaseIterable {
    /// Every active enterprise should report the inputs.
    case all
    /// Enterprises with the metric's theme, and any enterprise that reported an input in the 4 quarters.
    case theme
}

/// Which suppliers' procurement rows a procurement sum takes.
package enum SupplierScope: String, Sendable, Codable, CaseIterable {
    /// Every addressable award (`beinvloedbaar = ja`).
    case all
    /// Awards to a KvK-nummer of the registry that was in the programme during the award's quarter.
    case registry
}

/// How a three-year metric forms the annual value of one rolling year (METRICS.md §7).
package enum AnnualForm: String, Sendable, Codable, CaseIterable {
    /// Mean of the 4 quarter-end stocks (annual employment E_y); falls back to the end quarter, flagged.
    case mean
    /// Sum of the 4 quarterly flows (annual revenue R_y); all 4 quarters required.
    case sum
}

/// Where a context metric reads its CBS cell.
package struct ContextSource: Sendable, Hashable, Codable {
    /// CBS table id (`37789ksz`, `80590ned`); matched case-insensitively against `Observation.dataset`.
    package var table: String
    /// CBS measure code (`MeasureCodes.Identifier`), e.g. `D000203_2`.
    package var measure: String
    /// CBS region code: `NL01` (national; also matches observations without region), `PV27`, `GM0392`.
    package var regio: String
    /// Other dimension values the cell must have, `key=value` (e.g. `Geslacht=T001038`).
    package var dimensions: [String]
    /// CBS period types accepted, in order of preference on ties (`KW`, `MM`, `JJ`).
    package var periodTypes: [String]
    /// `compare: true` (level `regional`): the same cell is also computed for `NL01` and for every municipality of
    /// the pipeline's `peer_group:` (``MetricEngine/compute(catalogue:enterprises:observations:municipality:reportQuarter:provenance:panelChanges:peers:)``).
    package var compare: Bool = false

    /// Creates a context source.
    package init(
        table: String, measure: String, regio: String, dimensions: [String] = [],
        periodTypes: [String] = ["KW", "MM", "JJ"], compare: Bool = false
    ) {
        self.table = table
        self.measure = measure
        self.regio = regio
        self.dimensions = dimensions
        self.periodTypes = periodTypes
        self.compare = compare
    }

    /// This source for another region (`GM0202`, `NL01`): the same table, measure, dimensions and period types.
    package func `in`(_ region: String) -> ContextSource {
        var s = self
        s.regio = region
        return s
    }
}

/// One metric of the catalogue (`config/metrics.yaml`), validated.
///
/// Source of the catalogue: METRICS.md §6 (definitions), §7 (scale-up rules), §8 (coverage and disclosure).
package struct MetricDefinition: Sendable, Hashable {
    /// Stable id, `[a-z0-9_]`, e.g. `emp_headcount_total`.
    package var id: String
    /// Dutch label, as printed in the report (default language).
    package var labelNL: String
    /// English label.
    package var labelEN: String
    /// The theme the metric is reported under: an id of `config/themes.yaml` (``ThemeCatalog``), never a fixed list.
    package var theme: String
    /// impact, scale-up or context.
    package var metricClass: MetricClass
    /// The level of the aggregate row (enterprise rows are written with level `enterprise`).
    package var level: MetricLevel
    /// Unit as printed: `count`, `persons`, `FTE`, `EUR`, `%`, `%/yr`, `tCO2e`, `t`, `index`, `category`, `x 1000`.
    package var unit: String
    /// The desirable direction of change.
    package var direction: Direction
    /// Q, R4Q, YoY, 3Y or A.
    package var period: PeriodRule
    /// The compute function.
    package var kind: ComputeKind
    /// Canonical measures the function reads, in the order the kind documents.
    package var inputs: [String]
    /// Minimum number of contributing enterprises of a published cell (3; 5 for target-group and beneficiaries).
    package var minN: Int
    /// The primary disclosure rule of its cells.
    package var disclosure: DisclosureRule
    /// Decimals of the published value (CBS `Decimals`); the value is rounded half away from zero.
    package var decimals: Int
    /// Cells published beside the total (secondary suppression applies).
    package var breakdowns: [Breakdown]
    /// Factor applied to the value: 100 for percentages, 1/25.5 for banenafspraak jobs, 4 for per-FTE means.
    package var scale: Double
    /// `procurement_share`: suppliers of the numerator.
    package var supplierScope: SupplierScope
    /// `procurement_share`: suppliers of the denominator.
    package var denominatorSupplierScope: SupplierScope
    /// `cagr_3y`/`birch_3y`: how a rolling year is formed.
    package var annual: AnnualForm
    /// Which enterprises should report (the coverage population): all active ones, or those carrying the
    /// metric's theme plus any other that reported an input in the window (`clienten` only for sociale_zaken).
    package var appliesTo: Applicability
    /// Growth factor over 3 years of `hge_share` (1.331 = 10 % a year; 1.728 = 20 %).
    package var growthFactor: Double
    /// A published value at or above this gets ``thresholdNote`` (PSO 30+: 30 %; Code Sociale Ondernemingen: 50 %).
    package var threshold: Double?
    /// The flag noted at or above ``threshold`` (`threshold_note` in `config/metrics.yaml`, a stored note code such as
    /// `flag.pso30_equivalent`); `nil` without a threshold.
    package var thresholdNote: MetricNote?
    /// Whether per-enterprise rows are written beside the programme aggregate (core group only, §8).
    package var enterpriseRows: Bool
    /// The formula in words, as printed by `impactmon explain`.
    package var definition: String
    /// Where the definition comes from (CBS table, Eurostat/OECD manual, IRIS+ id, PSO).
    package var source: String
    /// The CBS cell of a context metric.
    package var context: ContextSource?
    /// Person counts in public tables are rounded half away from zero to a multiple of this base (METRICS.md §8
    /// "Rounding", CBS KWB-style): the programme value when ``unit`` is `persons`, and the numerator and denominator
    /// columns of the row. Growth rates and shares are computed from the unrounded values. `nil`: no rounding.
    /// `rounding_base` in metrics.yaml; default 5 for unit `persons` under disclosure control, else none.
    package var roundingBase: Int? = nil
    /// Percentage rule (METRICS.md §8): a percentage is published only when its denominator holds at least this
    /// many enterprises (``Cell/denominatorEnterprises``). `percent_min_enterprises`; default 10 for unit `%` under
    /// disclosure control, else none.
    package var percentMinEnterprises: Int? = nil
    /// Percentage rule (METRICS.md §8): ... and at least this many FTE or persons in the denominator when it is an
    /// FTE or person count (unit of the denominator measure). `percent_min_denominator`; default 20 for `%` metrics
    /// of kind `ratio_q`, `ratio_r4q` or `yoy_panel_growth` whose denominator measure is `fte_total`,
    /// `employees_headcount`, `tg_fte` or `tg_headcount`, else none.
    package var percentMinDenominator: Double? = nil
}
