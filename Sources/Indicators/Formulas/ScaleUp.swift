import Foundation
import ImpactModel
import RunArtifacts

/// The growth classes of METRICS.md §7, in report precedence (first wins).
///
/// Sources: `hge_eurostat` Eurostat/CBS "snelle groeier" (≥ 10 % a year over 3 years = total ≥ 33.1 %, ≥ 10
/// employees at t−3, founded before t−3; CBS uses ≥, so do we); `gazelle` Eurostat (HGE aged ≤ 5: founded in
/// t−5 or t−4); `scaleup_20` OECD 2007 / ScaleUp Dashboard (≥ 20 % a year = ×1.728, ≥ 10 employees or ≥ EUR 5 m
/// revenue at start); `emerging_scaler` and `impact_scaler` programme proposals [P].
package enum HighGrowthClass: String, Sendable, Codable, CaseIterable, Comparable {
    case gazelle, hge_eurostat, scaleup_20, emerging_scaler, impact_scaler, stable, shrinking
    /// Growth of 33.1 % or more that meets no tier's size conditions (E_{t−3} < 2, or an absolute increase < 3),
    /// or E_{t−3} = 0: §7 names no class for these; they are counted here rather than hidden in `stable`.
    case unclassified
    /// Not active at t, an endpoint missing (< 13 quarters of history), or founded in or after t−3.
    case insufficient_data

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    /// Report precedence: the smaller comes first.
    package static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// The measures the §7 rules read, from the catalogue's `inputs` of `scale_class`.
package struct ScaleUpMeasures: Sendable, Hashable {
    /// Headcount on payroll (werknemers, CBS).
    package var employees = "employees_headcount"
    /// Revenue for `scaleup_20` (EUR), or `nil` to skip.
    package var revenue: String? = "revenue_total"
    /// Target-group FTE for `impact_scaler`, or `nil`.
    package var targetGroupFTE: String? = "tg_fte"
    /// Beneficiaries for `impact_scaler`, or `nil`.
    package var beneficiaries: String? = "clients_individuals"
    /// Names the measures.
    package init(
        employees: String = "employees_headcount", revenue: String? = "revenue_total",
        targetGroupFTE: String? = "tg_fte", beneficiaries: String? = "clients_individuals"
    ) {
        self.employees = employees
        self.revenue = revenue
        self.targetGroupFTE = targetGroupFTE
        self.beneficiaries = beneficiaries
    }
}

/// One enterprise's §7 assessment on the rolling year ending with a quarter.
package struct ScaleUpAssessment: Sendable {
    /// KvK-nummer.
    package var kvkNumber: String
    /// The class reported (highest precedence among ``flags``).
    package var growthClass: HighGrowthClass
    /// Every class the enterprise qualifies for.
    package var flags: [HighGrowthClass]
    /// Annual employment E at t−3 and t (persons, mean of 4 quarter-ends).
    package var e0: AnnualValue?
    /// See ``e0``.
    package var e1: AnnualValue?
    /// First calendar year of the start window (t−3); CBS: founded before this year.
    package var startYear: Int
    /// Whether it enters the denominator of `pop_hge_share` (E_{t−3} ≥ 10, founded before t−3, active at t).
    package var eligibleForHGE: Bool
    /// The facts behind the class, in words.
    package var reasons: [String]
    /// The observations read.
    package var inputs: [InputRef]
}

/// The §7 classification, the watchlist signal and the HGE share.
package enum ScaleUp {
    static let hgeFactor = 1.331  // 1.1³: 10 % a year over 3 years (CBS: "groei van tenminste 33,1 procent")
    static let scaleupFactor = 1.728  // 1.2³: 20 % a year (OECD 2007)

    /// `ratio ≥ threshold`, tolerant of binary rounding in the division (1331 / 1000 ≥ 1.331).
    static func atLeast(_ ratio: Double, _ threshold: Double) -> Bool { ratio >= threshold * (1 - 1e-12) }

    /// Classifies `e` on the rolling year ending with `q` against the one ending with `q − 12`.
    ///
    /// t−3 is the start window (`q − 15 … q − 12`); its first calendar year is the start year, and the CBS
    /// condition "opgericht vóór het jaar t−3" is applied to it (for a Q4 report quarter these are calendar
    /// years exactly). E is the mean of the 4 quarter-ends; unlike `ent_emp_cagr_3y` there is no fallback to a
    /// single quarter: a missing quarter-end at either end gives `insufficient_data` (§8: growth rules never use
    /// incomplete endpoints).
    package static func assess(
        _ e: Enterprise, _ panel: QuarterlyPanel, at q: Quarter, measures: ScaleUpMeasures = ScaleUpMeasures()
    ) -> ScaleUpAssessment {
        let startYear = (q - 15).year
        let t = startYear + 3
        // All 4 quarter-ends at both ends: a class is never assigned on a single quarter's value.
        let e1 = Growth.annual(e, measures.employees, panel, endingAt: q, form: .mean).flatMap {
            $0.fallback ? nil : $0
        }
        let e0 = Growth.annual(e, measures.employees, panel, endingAt: q - 12, form: .mean).flatMap {
            $0.fallback ? nil : $0
        }
        var a = ScaleUpAssessment(
            kvkNumber: e.kvkNumber.digits, growthClass: .insufficient_data, flags: [], e0: e0, e1: e1,
            startYear: startYear, eligibleForHGE: false, reasons: [], inputs: (e0?.inputs ?? []) + (e1?.inputs ?? []))
        guard e.isActive(atEndOf: q) else {
            a.reasons.append("niet actief op \(q.lastDay)")
            return a
        }
        guard let founded = e.foundingYear else {
            a.reasons.append("oprichtingsjaar onbekend")
            return a
        }
        guard founded < startYear else {
            a.reasons.append("opgericht in \(founded), niet vóór \(startYear) (t−3)")
            return a
        }
        guard let e0, let e1 else {
            let missing = e0 == nil ? (q - 12) : q
            a.reasons.append("werknemers ontbreken op een kwartaaleinde van het jaar t/m \(missing)")
            return a
        }
        a.eligibleForHGE = e0.value >= 10
        var flags: [HighGrowthClass] = []
        let ratio: Double? = e0.value > 0 ? e1.value / e0.value : nil
        if let ratio {
            a.reasons.append("E \(term(e0.value)) → \(term(e1.value)): ×\(term(ratio))")
            if e0.value >= 10 && atLeast(ratio, hgeFactor) {
                flags.append(.hge_eurostat)
                if founded == t - 5 || founded == t - 4 { flags.append(.gazelle) }
            }
            if e0.value >= 2 && e0.value < 10 && atLeast(ratio, hgeFactor) && e1.value - e0.value >= 3 {
                flags.append(.emerging_scaler)
            }
        } else {
            a.reasons.append("E_{t−3} = 0")
        }
        // scaleup_20: employment or revenue at ×1.728, start size 10 employees or EUR 5 m revenue.
        var r0: AnnualValue? = nil
        var r1: AnnualValue? = nil
        if let rev = measures.revenue {
            r1 = Growth.annual(e, rev, panel, endingAt: q, form: .sum)
            r0 = Growth.annual(e, rev, panel, endingAt: q - 12, form: .sum)
            a.inputs += (r0?.inputs ?? []) + (r1?.inputs ?? [])
        }
        let bigStart = e0.value >= 10 || (r0.map { $0.value >= 5_000_000 } ?? false)
        let empFast = ratio.map { atLeast($0, scaleupFactor) } ?? false
        let revFast =
            r0.flatMap { r0 in r1.map { r0.value > 0 && atLeast($0.value / r0.value, scaleupFactor) } } ?? false
        if bigStart && (empFast || revFast) { flags.append(.scaleup_20) }
        // impact_scaler: target-group FTE or beneficiaries ×1.728 with an absolute floor (3 FTE / 100 persons).
        if let tg = measures.targetGroupFTE,
            let t1 = Growth.annual(e, tg, panel, endingAt: q, form: .mean), !t1.fallback,
            let t0 = Growth.annual(e, tg, panel, endingAt: q - 12, form: .mean), !t0.fallback, t0.value > 0,
            atLeast(t1.value / t0.value, scaleupFactor), t1.value - t0.value >= 3
        {
            flags.append(.impact_scaler)
            a.inputs += t0.inputs + t1.inputs
            a.reasons.append("doelgroep-FTE \(term(t0.value)) → \(term(t1.value))")
        } else if let b = measures.beneficiaries,
            let b1 = Growth.annual(e, b, panel, endingAt: q, form: .sum),
            let b0 = Growth.annual(e, b, panel, endingAt: q - 12, form: .sum), b0.value > 0,
            atLeast(b1.value / b0.value, scaleupFactor), b1.value - b0.value >= 100
        {
            flags.append(.impact_scaler)
            a.inputs += b0.inputs + b1.inputs
            a.reasons.append("cliënten \(term(b0.value)) → \(term(b1.value))")
        }
        if let ratio {
            if ratio <= 0.9 { flags.append(.shrinking) } else if !atLeast(ratio, hgeFactor) { flags.append(.stable) }
        }
        if flags.isEmpty { flags.append(.unclassified) }
        a.flags = flags.sorted()
        a.growthClass = a.flags[0]
        return a
    }

    /// `pop_hge_share`: enterprises with E_t / E_{t−3} ≥ `factor` (1.331: `hge_eurostat`, gazelles included) /
    /// enterprises with E_{t−3} ≥ 10, founded before t−3 and active at t, × 100. Source: Eurostat/CBS; METRICS.md
    /// §6.3; `factor` 1.728 is the §7 sensitivity count at 20 % a year (Daunfeldt et al. 2015). `reporting` is the
    /// denominator, so min-N (5) applies to it.
    package static func hgeShare(
        _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter, employees: String, factor: Double = 1.331
    ) -> Cell {
        let measures = ScaleUpMeasures(employees: employees, revenue: nil, targetGroupFTE: nil, beneficiaries: nil)
        // `assess` makes an enterprise eligible only when it is active at t and founded before t−3: enterprises that
        // fail those registry tests are skipped before their panel values are read (same list, same order).
        let startYear = (q - 15).year
        let eligible = pop.filter { e in e.isActive(atEndOf: q) && (e.foundingYear.map { $0 < startYear } ?? false) }
            .map { assess($0, panel, at: q, measures: measures) }.filter(\.eligibleForHGE)
        let fast = eligible.filter { a in
            guard let e0 = a.e0?.value, let e1 = a.e1?.value, e0 > 0 else { return false }
            return atLeast(e1 / e0, factor)
        }
        let value: Double? = eligible.isEmpty ? nil : Double(fast.count) / Double(eligible.count) * 100
        var cell = Cell(
            value: value, numerator: Double(fast.count), denominator: Double(eligible.count),
            reporting: eligible.count, contributions: eligible.map { _ in 1 }, inputs: eligible.flatMap(\.inputs),
            arithmetic:
                "\(fast.count) with E_t / E_t−3 ≥ \(term(factor)) (\(fast.map(\.kvkNumber).joined(separator: ", "))) / \(eligible.count) eligible × 100 = \(value.map(term) ?? "undefined")",
            notes: eligible.isEmpty ? [MetricNote.noEligibleEnterprises.stored] : [])
        cell.numeratorEnterprises = fast.count
        cell.exact = eligible.isEmpty ? nil : Exact.quotient(Decimal(fast.count * 100), Decimal(eligible.count))
        cell.denominatorEnterprises = eligible.count
        return cell
    }

    /// Watchlist signal of §7 (not a classification): R4Q revenue YoY ≥ 20 % and headcount YoY ≥ 10 % in both
    /// `q` and `q − 1`. Value 1 (signal) or 0; no value when any input is missing.
    package static func watchlist(
        _ e: Enterprise, revenue: String, employees: String, _ panel: QuarterlyPanel, at q: Quarter
    ) -> Cell {
        var inputs: [InputRef] = []
        var parts: [String] = []
        var hits = 0
        for qq in [q - 1, q] {
            let rev = Growth.enterpriseYoYR4Q(e, revenue, panel, at: qq)
            let heads = panel.series(e.kvkNumber.digits, employees)
            inputs += rev.inputs
            guard let rv = rev.value, let a = panel.row(heads, qq), let b = panel.row(heads, qq - 4),
                let av = panel.value(row: a), let bv = panel.value(row: b), bv > 0
            else {
                return Cell(
                    reporting: 0, inputs: inputs,
                    arithmetic: "omzet (8 kwartalen) en werknemers (\(qq - 4), \(qq)) vereist",
                    notes: [MetricNote.incompleteQuarter(quarter: qq.description).stored])
            }
            inputs += [panel.inputRef(row: b), panel.inputRef(row: a)]
            let hv = (av / bv - 1) * 100
            let signal = rv >= 20 - 1e-9 && hv >= 10 - 1e-9
            if signal { hits += 1 }
            parts.append(
                "\(qq): omzet R4K \(term(rv)) %, werknemers \(term(av))/\(term(bv)) − 1 = \(term(hv)) % → \(signal ? "ja" : "nee")"
            )
        }
        let value: Double = hits == 2 ? 1 : 0
        return Cell(
            value: value, reporting: 1, inputs: inputs, arithmetic: parts.joined(separator: "; ") + " ⇒ \(Int(value))")
    }
}
