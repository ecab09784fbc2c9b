import ImpactModel

extension EstablishmentExtract {
    /// The measures of the establishments extract: one observation per gemeente and measure.
    ///
    /// A stand (stock) at the last day of the quarter; `period_code` is the quarter (`2026KW03`), `regio` the
    /// gemeentecode after herindeling, `kvk_number` empty. These feed the municipal context metrics
    /// `ctx_establishments`, `ctx_persons_employed`, `pop_se_establishment_share` and `emp_se_persons_share`.
    package enum Measure: String, Sendable, CaseIterable {
        /// Establishments kept (unit `establishments`).
        case establishments_total
        /// Sum of `werkzame_personen` over kept establishments that state it (unit `persons`);
        /// `dimensions` = `persons_missing=<n>`.
        case persons_employed_total
        /// Kept establishments whose KvK-nummer is a registry KvK-nummer (unit `establishments`).
        case se_establishments
        /// Sum of `werkzame_personen` at those (unit `persons`); `dimensions` = `persons_missing=<n>`.
        case se_persons_employed
        /// Distinct registry KvK-nummers with a kept establishment in the gemeente (unit `enterprises`).
        case se_enterprises

        /// The unit written to the observation.
        package var unit: String {
            switch self {
            case .establishments_total, .se_establishments: "establishments"
            case .persons_employed_total, .se_persons_employed: "persons"
            case .se_enterprises: "enterprises"
            }
        }

        /// The Dutch label written to the observation.
        package var label: String {
            switch self {
            case .establishments_total: "Vestigingen (stand einde kwartaal)"
            case .persons_employed_total: "Werkzame personen in vestigingen (stand einde kwartaal)"
            case .se_establishments: "Vestigingen van sociale ondernemingen uit het register (stand einde kwartaal)"
            case .se_persons_employed:
                "Werkzame personen in vestigingen van sociale ondernemingen uit het register (stand einde kwartaal)"
            case .se_enterprises: "Sociale ondernemingen uit het register met een vestiging (stand einde kwartaal)"
            }
        }

        /// The measure's value and the rows without a `werkzame_personen` behind it (for persons measures).
        ///
        /// A sum of persons is missing (`nil`) when establishments were counted but none states its persons; a
        /// sum over no establishments is 0.
        func value(of t: EstablishmentTotals) -> (value: Int?, personsMissing: Int?) {
            switch self {
            case .establishments_total: (t.establishments, nil)
            case .persons_employed_total:
                (
                    t.personsMissing == t.establishments && t.establishments > 0 ? nil : t.personsEmployed,
                    t.personsMissing
                )
            case .se_establishments: (t.seEstablishments, nil)
            case .se_persons_employed:
                (
                    t.sePersonsMissing == t.seEstablishments && t.seEstablishments > 0 ? nil : t.sePersonsEmployed,
                    t.sePersonsMissing
                )
            case .se_enterprises: (t.seEnterprises, nil)
            }
        }
    }

    /// The observations of the totals, ordered by gemeentecode, then ``Measure`` order.
    ///
    /// `source_row_id` is `<sha12 of the file>:gemeente=<GM code>`, `dataset` the file name, `value_status`
    /// definitief (the extract is a register stand, not an estimate).
    static func observations(
        _ perGemeente: [RegioCode: EstablishmentTotals], sourceID: String, dataset: String, quarter: Quarter,
        sha256Prefix: String
    ) -> [Observation] {
        var out: [Observation] = []
        out.reserveCapacity(perGemeente.count * Measure.allCases.count)
        for code in perGemeente.keys.sorted() {
            guard let totals = perGemeente[code] else { continue }
            for m in Measure.allCases {
                let (value, missing) = m.value(of: totals)
                out.append(
                    Observation(
                        sourceID: sourceID, dataset: dataset, measure: m.rawValue, measureLabel: m.label, unit: m.unit,
                        regio: code.code, kvkNumber: "", periodCode: quarter.cbsCode, periodStart: quarter.start,
                        periodEnd: quarter.end, value: value.map(Double.init), valueStatus: .definitief,
                        valueAttribute: value == nil ? .not_available : .none,
                        sourceRowID: "\(sha256Prefix):gemeente=\(code.code)",
                        dimensions: missing.map { "persons_missing=\($0)" } ?? ""))
            }
        }
        return out
    }
}
