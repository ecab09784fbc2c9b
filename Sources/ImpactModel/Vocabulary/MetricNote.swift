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
        }
    }

    /// The parameters as `(name, value)` pairs, in declaration order; numbers with `.` decimals.
    package var parameters: [(String, String)] {
        switch self {
        case .statisticalDisclosure, .secondarySuppression, .coverageBelowThreshold, .noInput, .pso30Equivalent,
            .denominatorZero:
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
        }
    }
}
