/// The compute function of a metric: one kind per formula, not a formula interpreter (METRICS.md §6.3).
///
/// `inputs` in the catalogue must match ``inputArity``; each case documents what its inputs mean.
package enum ComputeKind: String, Sendable, Codable, CaseIterable {
    /// Enterprises of the registry active at quarter end (`pop_active_se`). No inputs.
    case active_count
    /// Enterprises whose programme entry date lies in the 4 quarters ending with the quarter. No inputs.
    case entry_count_r4q
    /// Enterprises whose exit date lies in the 4 quarters ending with the quarter. No inputs.
    case exit_count_r4q
    /// Entries of enterprises born (KvK `datumAanvang`) in the R4Q window / mean active at the 4 quarter-ends × 100.
    case birth_rate_r4q
    /// Share of the entry cohort of the year ending 12 quarters earlier still active at quarter end × 100.
    case survival_3y
    /// Sum of a stock at quarter end over reporting active enterprises. Inputs: `[stock]`.
    case stock_sum
    /// Sum of a flow over the 4 quarters ending with the quarter; every quarter an enterprise was in the
    /// programme must be reported. Inputs: `[flow]`.
    case flow_sum_r4q
    /// Ratio of sums at quarter end: Σ numerator / Σ denominator × scale. Inputs: `[numerator, denominator]`.
    case ratio_q
    /// Ratio of sums over the 4 quarters ending with the quarter. Inputs: `[numerator, denominator]`.
    case ratio_r4q
    /// Balanced-panel YoY growth of a stock, (Σ_P x(Q) / Σ_P x(Q−4) − 1) × 100. Inputs: `[stock]`.
    case yoy_panel_growth
    /// Composition effect beside the panel growth: total(Q) − total(Q−4) − panel Δ. Inputs: `[stock]`.
    case yoy_composition
    /// Per enterprise, R4Q sum against the R4Q sum a year earlier − 1, × 100 (8 quarters). Inputs: `[flow]`.
    case enterprise_yoy_r4q
    /// Per enterprise, (X_t / X_{t−3})^(1/3) − 1, × 100, on rolling annual values. Inputs: `[measure]`.
    case cagr_3y
    /// Per enterprise, Birch index (E_t − E_{t−3}) × E_t / E_{t−3}. Inputs: `[measure]`.
    case birch_3y
    /// Per enterprise growth class of METRICS.md §7, plus counts per class.
    /// Inputs: `[employees, revenue, target-group FTE, beneficiaries]`.
    case scale_class
    /// HGE share: hge_eurostat or gazelle among enterprises with ≥ 10 employees at t−3 × 100. Inputs: `[employees]`.
    case hge_share
    /// Quarterly watchlist signal (§7): R4Q revenue YoY ≥ 20 % and headcount YoY ≥ 10 % in this and the previous
    /// quarter. Inputs: `[revenue, employees]`.
    case watchlist
    /// Procurement: Σ numerator (suppliers in scope) / Σ denominator (suppliers in scope) × scale over R4Q.
    /// Inputs: `[numerator measure, denominator measure]`.
    case procurement_share
    /// The latest CBS value available at the report quarter (context). No inputs; reads `context`.
    case cbs_latest
    /// A municipality's total from the establishments extract at the quarter's reference date
    /// (``EstablishmentValues/total(_:_:municipality:at:)``). Inputs: `[establishment measure]`.
    case establishment_total
    /// Σ numerator / Σ denominator × scale of two establishment totals of the municipality at the quarter's
    /// reference date (``EstablishmentValues/share(_:_:_:municipality:at:scale:)``). Inputs: `[numerator, denominator]`.
    case establishment_share
    /// Enterprises that attended at least one programme activity in the 4 quarters ending with the quarter /
    /// enterprises that reported the measure for every quarter they owe × 100 (``Network/participationRate(_:_:_:at:)``).
    /// Inputs: `[activities per quarter]`.
    case participation_rate_r4q
    /// Σ of a municipal register's amounts for the calendar year of the quarter over the programme's enterprises
    /// (``MunicipalSupport/yearSum(_:_:pop:at:)``, subsidy register). Inputs: `[register measure]`.
    case register_year_sum

    /// Number of measures the kind reads.
    package var inputArity: Int {
        switch self {
        case .active_count, .entry_count_r4q, .exit_count_r4q, .birth_rate_r4q, .survival_3y, .cbs_latest: 0
        case .stock_sum, .flow_sum_r4q, .yoy_panel_growth, .yoy_composition, .enterprise_yoy_r4q, .cagr_3y,
            .birch_3y, .hge_share, .establishment_total, .participation_rate_r4q, .register_year_sum:
            1
        case .ratio_q, .ratio_r4q, .watchlist, .procurement_share, .establishment_share: 2
        case .scale_class: 4
        }
    }

    /// Whether values are produced per enterprise (level `enterprise`, entity = KvK-nummer).
    package var isEnterpriseLevel: Bool {
        switch self {
        case .enterprise_yoy_r4q, .cagr_3y, .birch_3y, .watchlist: true
        default: false
        }
    }
}

/// The canonical measures of the input model (METRICS.md §6.1; ARCHITECTURE.md "Input files of the demo").
package enum CanonicalMeasures {
    /// Quarterly enterprise-return fields: stocks at quarter end, flows over the quarter.
    package static let enterprise: Set<String> = [
        "employees_headcount", "fte_total", "persons_working", "tg_fte", "tg_headcount",
        "tg_weekly_hours_banenafspraak", "tg_hires", "tg_hires_from_bijstand", "tg_departures", "learning_places",
        "revenue_total", "revenue_sales", "revenue_grants_donations", "revenue_government", "external_finance_raised",
        "clients_individuals", "clients_disadvantaged", "individuals_trained", "training_hours_staff",
        "training_hours_external", "ghg_avoided_tco2e", "waste_diverted_t", "supplier_spend_total",
        "supplier_spend_social", "programme_activities_attended", "partnerships_active",
    ]
    /// Municipal register fields per dossier and year, `kvk_number` = the recipient when matched (Normalization
    /// `SubsidyRegisterMapping`: subsidies and loans of the open subsidy register).
    package static let register: Set<String> = ["municipal_subsidy_eur"]
    /// Municipal procurement fields, `kvk_number` = the supplier (ARCHITECTURE.md, procurement file).
    package static let procurement: Set<String> = [
        "procurement_award_eur", "sroi_obligation_eur", "sroi_realised_eur",
    ]
    /// Totals per municipality of an establishments extract (`record: establishment`; Normalization
    /// `EstablishmentExtract`): all establishments and their werkzame personen, and those of registry enterprises.
    package static let establishment: Set<String> = [
        "establishments_total", "persons_employed_total", "se_establishments", "se_persons_employed", "se_enterprises",
    ]

    /// Measures that count persons, places, hours or money received and cannot be negative; a negative value is
    /// kept (it may be a correction) but reported as a diagnostic.
    package static let nonNegative: Set<String> = [
        "employees_headcount", "fte_total", "persons_working", "tg_fte", "tg_headcount",
        "tg_weekly_hours_banenafspraak", "tg_hires", "tg_hires_from_bijstand", "tg_departures", "learning_places",
        "clients_individuals", "clients_disadvantaged", "individuals_trained", "training_hours_staff",
        "training_hours_external", "waste_diverted_t", "programme_activities_attended", "partnerships_active",
    ]
}
