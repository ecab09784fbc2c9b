/// One clause of a metric cell's note: why a figure is hidden, partial or absent, or what it shows instead (the
/// `note` column of `compute/metrics.csv`, clauses separated by `; `).
///
/// The vocabulary the report explains to readers. Text in Dutch or English is made only by the report's string
/// catalogues (`Reporting.ReasonCatalogue`); the parameters are data (counts, percentages, CBS period codes such as
/// `2025JJ00`, ISO dates), never words. ``stored`` is the stable code plus parameters, e.g.
/// `disclosure.fewer_than(minimum=3)`, for a file that stores the fact rather than a sentence.
///
/// Sources of the rules: METRICS.md §8 (disclosure: minimum number of enterprises, dominance (n, k) rule, secondary
/// suppression as τ-Argus does it; coverage thresholds 60 % and 80 %), CBS value attributes (ImpactModel
/// ``ValueAttribute``) for empty CBS cells.
package enum MetricNote: Sendable, Hashable {
    /// Hidden for statistical disclosure control (the one public reason for every suppressed cell, issue 14).
    case statisticalDisclosure
    /// Hidden because fewer than `minimum` enterprises make the figure (primary suppression, min-N rule).
    case fewerThan(minimum: Int)
    /// Hidden because the `largest` largest contributions are more than `percent` % of the total (dominance rule).
    case dominance(largest: Int, percent: Int)
    /// Hidden because it could otherwise be derived from a published total (secondary suppression).
    case secondarySuppression
    /// Not published: fewer than 60 % of the active enterprises reported.
    case coverageBelowThreshold
    /// Published with a footnote: `percent` % of the active enterprises reported (60–80 %).
    case coveragePartial(percent: Double)
    /// No source delivers the data the metric needs yet.
    case noInput
    /// `enterprises` enterprises miss quarters in the metric's window.
    case incomplete(enterprises: Int)
    /// `missing` of `active` active enterprises have no value on `date` (ISO date).
    case activeWithoutValue(missing: Int, active: Int, date: String)
    /// No establishments file with reference date `date` (ISO date).
    case noEstablishmentsFile(date: String)
    /// The newest CBS period `period` (a `Perioden` code) has no value yet: `months` of `of` months are in.
    case laterPeriodIncomplete(period: String, months: Int, of: Int)
    /// The newest CBS period `period` has an empty cell, for the CBS reason `attribute`.
    case laterPeriodEmpty(period: String, attribute: ValueAttribute)
    /// The CBS period shown instead (a `Perioden` code).
    case shown(period: String)
    /// The enterprise meets PSO level 30 (at least 30 % of its FTE from the target group; TNO PSO method).
    case pso30Equivalent
    /// No contract awards in the window `from`–`to` (quarters, `2025Q4`).
    case noContractAwards(from: String, to: String)
    /// The denominator is 0, so the ratio has no value.
    case denominatorZero
    /// `missing` of the `of` quarters the formula needs are missing (an enterprise's growth over 8 quarters).
    case quartersMissing(missing: Int, of: Int)
    /// Hidden because fewer than `minimum` enterprises make a share's numerator; the class table hides the count too.
    case numeratorFewerThan(minimum: Int)
    /// Hidden by the percentage rule: fewer than `minimum` enterprises in the denominator.
    case percentRuleEnterprises(minimum: Int)
    /// Hidden by the percentage rule: a denominator below `minimum` FTE or persons.
    case percentRuleDenominator(minimum: Double)
    /// Published, but numerator and denominator left out: the denominator fails a primary rule.
    case partsHidden
    /// Hidden (secondary): the suppressed total would otherwise be the sum of the published cells.
    case secondaryTotalIsSum
    /// The total hidden (secondary): it would reveal the suppressed cells of its breakdown.
    case secondaryTotal
    /// Hidden (secondary): derivable from the stocks and flows of the population otherwise.
    case secondaryStockFlow
    /// Hidden (secondary): the interval audit could bound it too tightly otherwise.
    case secondaryInterval
    /// The number of enterprises on the growth watchlist (what a watchlist row counts).
    case watchlistCount
    /// A change over a constant panel of `enterprises` enterprises (the same ones in both quarters).
    case constantPanel(enterprises: Int)
    /// The formula gave no real number (0/0, a root of a negative number): check the inputs.
    case notARealNumber
    /// The formula gave an infinite number: check the inputs.
    case infinite
    /// No CBS value for any period up to quarter `upTo` (`2026Q3`).
    case noCBSValue(upTo: String)
    /// `count` CBS cells for period `period` (a `Perioden` code): the catalogue must name more dimensions.
    case cbsCellsAmbiguous(count: Int, period: String)
    /// The CBS table `table` and period `period` (a `Perioden` code) a context figure comes from.
    case cbsTable(table: String, period: String)
    /// The numerator is taken on `date` (ISO date).
    case numeratorOn(date: String)
    /// No numerator on `date` (ISO date).
    case noNumeratorOn(date: String)
    /// The CBS total (the denominator) is 0, so the share has no value.
    case cbsTotalZero
    /// Exits are provisional for 2 years (Eurostat: a closure is confirmed after 2 years).
    case exitsProvisional
    /// `entries` entries without a KvK start date are not counted as births.
    case entriesWithoutStartDate(entries: Int)
    /// No active enterprises: the denominator is 0.
    case noActiveEnterprises
    /// No entries in the cohort year.
    case noCohortEntries
    /// No dossiers of subsidy year `year` in the subsidy register.
    case noSubsidyDossiers(year: Int)
    /// `dossiers` dossiers in subsidy year `year`, `loans` of them loans.
    case subsidyDossiers(dossiers: Int, year: Int, loans: Int)
    /// Persons employed unknown at `establishments` establishments: not counted (never as 0).
    case personsUnknown(establishments: Int)
    /// The panel's sum in the base quarter `quarter` (`2025Q3`) is 0: growth is undefined.
    case growthBaseZero(quarter: String)
    /// No values at both reference dates.
    case noValuesAtBothDates
    /// Incomplete: the endpoint quarter `quarter` (`2023Q3`) is missing.
    case endpointMissing(quarter: String)
    /// The start value is 0: growth is undefined.
    case startValueZero
    /// A quarter's value used instead of the mean of 4 quarter ends.
    case quarterValueFallback
    /// `missing` of `active` active enterprises without a complete return over 4 quarters.
    case withoutFullReturn(missing: Int, active: Int)
    /// Incomplete: `awards` contract awards without an amount.
    case awardsWithoutAmount(awards: Int)
    /// No enterprises with at least 10 employees at t−3 (no one can be a high-growth enterprise).
    case noEligibleEnterprises
    /// Incomplete for quarter `quarter` (`2026Q2`).
    case incompleteQuarter(quarter: String)
    /// At least 50 % earned income (Code Sociale Ondernemingen).
    case earnedIncome50

    /// The stable codes of the cases, one per case: iterate ``allCases`` to reach every kind of note.
    package enum Code: String, Sendable, CaseIterable {
        case statisticalDisclosure = "disclosure.statistical"
        case fewerThan = "disclosure.fewer_than"
        case dominance = "disclosure.dominance"
        case secondarySuppression = "disclosure.secondary"
        case coverageBelowThreshold = "coverage.below_threshold"
        case coveragePartial = "coverage.partial"
        case noInput = "input.none"
        case incomplete = "window.incomplete"
        case activeWithoutValue = "stock.active_without_value"
        case noEstablishmentsFile = "establishments.file_absent"
        case laterPeriodIncomplete = "cbs.later_period_incomplete"
        case laterPeriodEmpty = "cbs.later_period_empty"
        case shown = "cbs.shown"
        case pso30Equivalent = "flag.pso30_equivalent"
        case noContractAwards = "procurement.no_awards"
        case denominatorZero = "ratio.denominator_zero"
        case quartersMissing = "window.quarters_missing"
        case numeratorFewerThan = "disclosure.numerator_fewer_than"
        case percentRuleEnterprises = "disclosure.percent_rule_enterprises"
        case percentRuleDenominator = "disclosure.percent_rule_denominator"
        case partsHidden = "disclosure.parts_hidden"
        case secondaryTotalIsSum = "disclosure.secondary_total_is_sum"
        case secondaryTotal = "disclosure.secondary_total"
        case secondaryStockFlow = "disclosure.secondary_stock_flow"
        case secondaryInterval = "disclosure.secondary_interval"
        case watchlistCount = "count.growth_watchlist"
        case constantPanel = "panel.constant"
        case notARealNumber = "value.not_real"
        case infinite = "value.infinite"
        case noCBSValue = "cbs.no_value"
        case cbsCellsAmbiguous = "cbs.cells_ambiguous"
        case cbsTable = "cbs.table"
        case numeratorOn = "ratio.numerator_on"
        case noNumeratorOn = "ratio.no_numerator_on"
        case cbsTotalZero = "cbs.total_zero"
        case exitsProvisional = "population.exits_provisional"
        case entriesWithoutStartDate = "population.entries_without_start_date"
        case noActiveEnterprises = "population.no_active"
        case noCohortEntries = "population.no_cohort_entries"
        case noSubsidyDossiers = "subsidy.no_dossiers"
        case subsidyDossiers = "subsidy.dossiers"
        case personsUnknown = "establishments.persons_unknown"
        case growthBaseZero = "growth.base_zero"
        case noValuesAtBothDates = "growth.no_values_at_both_dates"
        case endpointMissing = "growth.endpoint_missing"
        case startValueZero = "growth.start_zero"
        case quarterValueFallback = "growth.quarter_value_fallback"
        case withoutFullReturn = "returns.without_full_return"
        case awardsWithoutAmount = "procurement.awards_without_amount"
        case noEligibleEnterprises = "scaleup.no_eligible"
        case incompleteQuarter = "window.incomplete_quarter"
        case earnedIncome50 = "flag.earned_income_50"
    }

    /// The case's stable code.
    package var code: Code {
        switch self {
        case .statisticalDisclosure: .statisticalDisclosure
        case .fewerThan: .fewerThan
        case .dominance: .dominance
        case .secondarySuppression: .secondarySuppression
        case .coverageBelowThreshold: .coverageBelowThreshold
        case .coveragePartial: .coveragePartial
        case .noInput: .noInput
        case .incomplete: .incomplete
        case .activeWithoutValue: .activeWithoutValue
        case .noEstablishmentsFile: .noEstablishmentsFile
        case .laterPeriodIncomplete: .laterPeriodIncomplete
        case .laterPeriodEmpty: .laterPeriodEmpty
        case .shown: .shown
        case .pso30Equivalent: .pso30Equivalent
        case .noContractAwards: .noContractAwards
        case .denominatorZero: .denominatorZero
        case .quartersMissing: .quartersMissing
        case .numeratorFewerThan: .numeratorFewerThan
        case .percentRuleEnterprises: .percentRuleEnterprises
        case .percentRuleDenominator: .percentRuleDenominator
        case .partsHidden: .partsHidden
        case .secondaryTotalIsSum: .secondaryTotalIsSum
        case .secondaryTotal: .secondaryTotal
        case .secondaryStockFlow: .secondaryStockFlow
        case .secondaryInterval: .secondaryInterval
        case .watchlistCount: .watchlistCount
        case .constantPanel: .constantPanel
        case .notARealNumber: .notARealNumber
        case .infinite: .infinite
        case .noCBSValue: .noCBSValue
        case .cbsCellsAmbiguous: .cbsCellsAmbiguous
        case .cbsTable: .cbsTable
        case .numeratorOn: .numeratorOn
        case .noNumeratorOn: .noNumeratorOn
        case .cbsTotalZero: .cbsTotalZero
        case .exitsProvisional: .exitsProvisional
        case .entriesWithoutStartDate: .entriesWithoutStartDate
        case .noActiveEnterprises: .noActiveEnterprises
        case .noCohortEntries: .noCohortEntries
        case .noSubsidyDossiers: .noSubsidyDossiers
        case .subsidyDossiers: .subsidyDossiers
        case .personsUnknown: .personsUnknown
        case .growthBaseZero: .growthBaseZero
        case .noValuesAtBothDates: .noValuesAtBothDates
        case .endpointMissing: .endpointMissing
        case .startValueZero: .startValueZero
        case .quarterValueFallback: .quarterValueFallback
        case .withoutFullReturn: .withoutFullReturn
        case .awardsWithoutAmount: .awardsWithoutAmount
        case .noEligibleEnterprises: .noEligibleEnterprises
        case .incompleteQuarter: .incompleteQuarter
        case .earnedIncome50: .earnedIncome50
        }
    }

    /// The parameters as `(name, value)` pairs, in declaration order; numbers with `.` decimals.
    package var parameters: [(String, String)] {
        switch self {
        case .statisticalDisclosure, .secondarySuppression, .coverageBelowThreshold, .noInput, .pso30Equivalent,
            .denominatorZero, .partsHidden, .secondaryTotalIsSum, .secondaryTotal, .secondaryStockFlow,
            .secondaryInterval, .watchlistCount, .notARealNumber, .infinite, .cbsTotalZero, .exitsProvisional,
            .noActiveEnterprises, .noCohortEntries, .noValuesAtBothDates, .startValueZero, .quarterValueFallback,
            .noEligibleEnterprises, .earnedIncome50:
            []
        case .fewerThan(let minimum): [("minimum", String(minimum))]
        case .dominance(let largest, let percent): [("largest", String(largest)), ("percent", String(percent))]
        case .coveragePartial(let percent): [("percent", formatNumber(percent))]
        case .incomplete(let enterprises): [("enterprises", String(enterprises))]
        case .activeWithoutValue(let missing, let active, let date):
            [("missing", String(missing)), ("active", String(active)), ("date", date)]
        case .noEstablishmentsFile(let date): [("date", date)]
        case .laterPeriodIncomplete(let period, let months, let of):
            [("period", period), ("months", String(months)), ("of", String(of))]
        case .laterPeriodEmpty(let period, let attribute): [("period", period), ("attribute", attribute.rawValue)]
        case .shown(let period): [("period", period)]
        case .noContractAwards(let from, let to): [("from", from), ("to", to)]
        case .quartersMissing(let missing, let of): [("missing", String(missing)), ("of", String(of))]
        case .numeratorFewerThan(let minimum), .percentRuleEnterprises(let minimum): [("minimum", String(minimum))]
        case .percentRuleDenominator(let minimum): [("minimum", formatNumber(minimum))]
        case .constantPanel(let enterprises): [("enterprises", String(enterprises))]
        case .noCBSValue(let upTo): [("upto", upTo)]
        case .cbsCellsAmbiguous(let count, let period): [("count", String(count)), ("period", period)]
        case .cbsTable(let table, let period): [("table", table), ("period", period)]
        case .numeratorOn(let date), .noNumeratorOn(let date): [("date", date)]
        case .entriesWithoutStartDate(let entries): [("entries", String(entries))]
        case .noSubsidyDossiers(let year): [("year", String(year))]
        case .subsidyDossiers(let dossiers, let year, let loans):
            [("dossiers", String(dossiers)), ("year", String(year)), ("loans", String(loans))]
        case .personsUnknown(let establishments): [("establishments", String(establishments))]
        case .endpointMissing(let quarter), .incompleteQuarter(let quarter), .growthBaseZero(let quarter):
            [("quarter", quarter)]
        case .withoutFullReturn(let missing, let active): [("missing", String(missing)), ("active", String(active))]
        case .awardsWithoutAmount(let awards): [("awards", String(awards))]
        }
    }

    /// The stable code plus parameters: `coverage.partial(percent=72.5)`; the code alone without parameters.
    package var stored: String {
        let p = parameters
        return p.isEmpty ? code.rawValue : "\(code.rawValue)(\(p.map { "\($0.0)=\($0.1)" }.joined(separator: ",")))"
    }

    /// Reads ``stored``; `nil` for an unknown code, a missing or extra parameter, or a parameter of the wrong type.
    package init?(stored text: String) {
        var name = Substring(text)
        var values: [String: String] = [:]
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            name = text[..<open]
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            for pair in inner.split(separator: ",", omittingEmptySubsequences: false) {
                guard let eq = pair.firstIndex(of: "=") else { return nil }
                values[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
        }
        guard let code = Code(rawValue: String(name)) else { return nil }
        func int(_ k: String) -> Int? { values[k].flatMap { Int($0) } }
        func string(_ k: String) -> String? { values[k].flatMap { $0.isEmpty ? nil : $0 } }
        let note: MetricNote?
        switch code {
        case .statisticalDisclosure: note = .statisticalDisclosure
        case .secondarySuppression: note = .secondarySuppression
        case .coverageBelowThreshold: note = .coverageBelowThreshold
        case .noInput: note = .noInput
        case .pso30Equivalent: note = .pso30Equivalent
        case .denominatorZero: note = .denominatorZero
        case .quartersMissing:
            note = int("missing").flatMap { m in int("of").map { .quartersMissing(missing: m, of: $0) } }
        case .fewerThan: note = int("minimum").map { .fewerThan(minimum: $0) }
        case .dominance:
            note = int("largest").flatMap { l in int("percent").map { .dominance(largest: l, percent: $0) } }
        case .coveragePartial: note = values["percent"].flatMap(Double.init).map { .coveragePartial(percent: $0) }
        case .incomplete: note = int("enterprises").map { .incomplete(enterprises: $0) }
        case .activeWithoutValue:
            if let m = int("missing"), let a = int("active"), let d = string("date") {
                note = .activeWithoutValue(missing: m, active: a, date: d)
            } else {
                note = nil
            }
        case .noEstablishmentsFile: note = string("date").map { .noEstablishmentsFile(date: $0) }
        case .laterPeriodIncomplete:
            if let p = string("period"), let m = int("months"), let o = int("of") {
                note = .laterPeriodIncomplete(period: p, months: m, of: o)
            } else {
                note = nil
            }
        case .laterPeriodEmpty:
            if let p = string("period"), let a = values["attribute"].flatMap(ValueAttribute.init(rawValue:)) {
                note = .laterPeriodEmpty(period: p, attribute: a)
            } else {
                note = nil
            }
        case .shown: note = string("period").map { .shown(period: $0) }
        case .partsHidden: note = .partsHidden
        case .secondaryTotalIsSum: note = .secondaryTotalIsSum
        case .secondaryTotal: note = .secondaryTotal
        case .secondaryStockFlow: note = .secondaryStockFlow
        case .secondaryInterval: note = .secondaryInterval
        case .watchlistCount: note = .watchlistCount
        case .notARealNumber: note = .notARealNumber
        case .infinite: note = .infinite
        case .cbsTotalZero: note = .cbsTotalZero
        case .exitsProvisional: note = .exitsProvisional
        case .noActiveEnterprises: note = .noActiveEnterprises
        case .noCohortEntries: note = .noCohortEntries
        case .noValuesAtBothDates: note = .noValuesAtBothDates
        case .startValueZero: note = .startValueZero
        case .quarterValueFallback: note = .quarterValueFallback
        case .noEligibleEnterprises: note = .noEligibleEnterprises
        case .earnedIncome50: note = .earnedIncome50
        case .numeratorFewerThan: note = int("minimum").map { .numeratorFewerThan(minimum: $0) }
        case .percentRuleEnterprises: note = int("minimum").map { .percentRuleEnterprises(minimum: $0) }
        case .percentRuleDenominator:
            note = values["minimum"].flatMap(Double.init).map { .percentRuleDenominator(minimum: $0) }
        case .constantPanel: note = int("enterprises").map { .constantPanel(enterprises: $0) }
        case .noCBSValue: note = string("upto").map { .noCBSValue(upTo: $0) }
        case .cbsCellsAmbiguous:
            note = int("count").flatMap { c in string("period").map { .cbsCellsAmbiguous(count: c, period: $0) } }
        case .cbsTable:
            note = string("table").flatMap { t in string("period").map { .cbsTable(table: t, period: $0) } }
        case .numeratorOn: note = string("date").map { .numeratorOn(date: $0) }
        case .noNumeratorOn: note = string("date").map { .noNumeratorOn(date: $0) }
        case .entriesWithoutStartDate: note = int("entries").map { .entriesWithoutStartDate(entries: $0) }
        case .noSubsidyDossiers: note = int("year").map { .noSubsidyDossiers(year: $0) }
        case .subsidyDossiers:
            if let d = int("dossiers"), let y = int("year"), let l = int("loans") {
                note = .subsidyDossiers(dossiers: d, year: y, loans: l)
            } else {
                note = nil
            }
        case .personsUnknown: note = int("establishments").map { .personsUnknown(establishments: $0) }
        case .growthBaseZero: note = string("quarter").map { .growthBaseZero(quarter: $0) }
        case .endpointMissing: note = string("quarter").map { .endpointMissing(quarter: $0) }
        case .incompleteQuarter: note = string("quarter").map { .incompleteQuarter(quarter: $0) }
        case .withoutFullReturn:
            note = int("missing").flatMap { m in int("active").map { .withoutFullReturn(missing: m, active: $0) } }
        case .awardsWithoutAmount: note = int("awards").map { .awardsWithoutAmount(awards: $0) }
        case .noContractAwards:
            if let f = string("from"), let t = string("to") {
                note = .noContractAwards(from: f, to: t)
            } else {
                note = nil
            }
        }
        guard let note, note.parameters.count == values.count else { return nil }
        self = note
    }

    /// One note of each kind, with sample parameters: what a test iterates to check that every kind has text.
    package static func example(_ code: Code) -> MetricNote {
        switch code {
        case .statisticalDisclosure: .statisticalDisclosure
        case .fewerThan: .fewerThan(minimum: 3)
        case .dominance: .dominance(largest: 2, percent: 85)
        case .secondarySuppression: .secondarySuppression
        case .coverageBelowThreshold: .coverageBelowThreshold
        case .coveragePartial: .coveragePartial(percent: 72.5)
        case .noInput: .noInput
        case .incomplete: .incomplete(enterprises: 4)
        case .activeWithoutValue: .activeWithoutValue(missing: 2, active: 9, date: "2026-09-30")
        case .noEstablishmentsFile: .noEstablishmentsFile(date: "2026-09-30")
        case .laterPeriodIncomplete: .laterPeriodIncomplete(period: "2026KW03", months: 2, of: 3)
        case .laterPeriodEmpty: .laterPeriodEmpty(period: "2025JJ00", attribute: .impossible)
        case .shown: .shown(period: "2024JJ00")
        case .pso30Equivalent: .pso30Equivalent
        case .noContractAwards: .noContractAwards(from: "2025Q4", to: "2026Q3")
        case .denominatorZero: .denominatorZero
        case .quartersMissing: .quartersMissing(missing: 3, of: 8)
        case .numeratorFewerThan: .numeratorFewerThan(minimum: 3)
        case .percentRuleEnterprises: .percentRuleEnterprises(minimum: 10)
        case .percentRuleDenominator: .percentRuleDenominator(minimum: 50)
        case .constantPanel: .constantPanel(enterprises: 12)
        case .noCBSValue: .noCBSValue(upTo: "2026Q3")
        case .cbsCellsAmbiguous: .cbsCellsAmbiguous(count: 2, period: "2025JJ00")
        case .cbsTable: .cbsTable(table: "83582NED", period: "2024JJ00")
        case .numeratorOn: .numeratorOn(date: "2026-09-30")
        case .noNumeratorOn: .noNumeratorOn(date: "2026-09-30")
        case .entriesWithoutStartDate: .entriesWithoutStartDate(entries: 2)
        case .noSubsidyDossiers: .noSubsidyDossiers(year: 2026)
        case .subsidyDossiers: .subsidyDossiers(dossiers: 5, year: 2026, loans: 1)
        case .personsUnknown: .personsUnknown(establishments: 3)
        case .growthBaseZero: .growthBaseZero(quarter: "2025Q3")
        case .endpointMissing: .endpointMissing(quarter: "2023Q3")
        case .incompleteQuarter: .incompleteQuarter(quarter: "2026Q2")
        case .withoutFullReturn: .withoutFullReturn(missing: 3, active: 20)
        case .awardsWithoutAmount: .awardsWithoutAmount(awards: 2)
        case .partsHidden: .partsHidden
        case .secondaryTotalIsSum: .secondaryTotalIsSum
        case .secondaryTotal: .secondaryTotal
        case .secondaryStockFlow: .secondaryStockFlow
        case .secondaryInterval: .secondaryInterval
        case .watchlistCount: .watchlistCount
        case .notARealNumber: .notARealNumber
        case .infinite: .infinite
        case .cbsTotalZero: .cbsTotalZero
        case .exitsProvisional: .exitsProvisional
        case .noActiveEnterprises: .noActiveEnterprises
        case .noCohortEntries: .noCohortEntries
        case .noValuesAtBothDates: .noValuesAtBothDates
        case .startValueZero: .startValueZero
        case .quarterValueFallback: .quarterValueFallback
        case .noEligibleEnterprises: .noEligibleEnterprises
        case .earnedIncome50: .earnedIncome50
        }
    }
}
