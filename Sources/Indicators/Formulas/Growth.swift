import Foundation
import ImpactModel
import RunArtifacts

/// An enterprise's value for a rolling year (4 quarters ending with a quarter), as §7 defines annual E_y and R_y.
package struct AnnualValue: Sendable, Hashable {
    /// The annual value (persons for E_y, EUR for R_y).
    package var value: Double
    /// `true` when the mean of 4 quarter-ends was not available and the end quarter's value was used.
    package var fallback: Bool
    /// The quarter observations it was formed from.
    package var inputs: [InputRef]
    /// The arithmetic, e.g. `(13 + 13 + 14 + 14) / 4`.
    package var text: String
}

/// Growth between periods (METRICS.md §1.5, §6.3, §7).
package enum Growth {
    /// Balanced-panel YoY growth of a stock: P = enterprises of `pop` active with a value at the end of both `q`
    /// and `q − 4`; value = (Σ_P x(q) / Σ_P x(q−4) − 1) × 100. The composition effect (entries, exits and
    /// one-sided reporters) is ``composition(_:_:_:at:)``. Source: METRICS.md §6.3 `emp_growth_yoy_panel` [P].
    package static func panelGrowth(_ measure: String, _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter)
        -> Cell
    {
        let base = q - 4
        let both = pop.filter { $0.isActive(atEndOf: q) && $0.isActive(atEndOf: base) }
        var now: [Double] = []
        var before: [Double] = []
        var inputs: [InputRef] = []
        var status = ValueStatus.definitief
        for e in both {
            let series = panel.series(e.kvkNumber.digits, measure)
            guard let a = panel.row(series, q), let b = panel.row(series, base),
                let av = panel.value(row: a), let bv = panel.value(row: b)
            else { continue }
            now.append(av)
            before.append(bv)
            if panel.recordsProvenance { inputs += [panel.inputRef(row: b), panel.inputRef(row: a)] }
            status = max(status, panel.status(row: a), panel.status(row: b))
        }
        let exactNow = Exact.sum(now)
        let exactBefore = Exact.sum(before)
        let sn = Exact.double(exactNow)
        let sb = Exact.double(exactBefore)
        var notes: [String] = []
        var exact: Decimal? = nil
        if !now.isEmpty {
            if sb == 0 {
                notes.append(MetricNote.growthBaseZero(quarter: base.description).stored)
            } else {
                // (Σ now / Σ before − 1) × 100 = (Σ now − Σ before) × 100 / Σ before, exactly.
                exact = Exact.quotient((exactNow - exactBefore) * 100, exactBefore)
            }
        }
        let value = exact.map(Exact.double)
        var cell = Cell(
            value: value, numerator: sn, denominator: sb, reporting: now.count, population: both.count,
            contributions: now, inputs: inputs,
            arithmetic: panel.recordsProvenance
                ? "(\(sumText(now)) / \(sumText(before)) − 1) × 100 = (\(term(sn)) / \(term(sb)) − 1) × 100 = \(value.map(term) ?? "undefined")"
                : "",
            notes: notes, inputStatus: status)
        cell.exact = exact
        cell.denominatorContributions = before
        return cell
    }

    /// The composition effect beside the panel growth: total(q) − total(q−4) − (Σ_P x(q) − Σ_P x(q−4)), where
    /// totals are ``Sums/stockSum(_:_:_:at:scale:)``. It is the change due to enterprises entering, leaving or
    /// reporting at one end only. Unit: the measure's (persons).
    package static func composition(_ measure: String, _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter)
        -> Cell
    {
        let totalNow = Sums.stockSum(measure, pop, panel, at: q)
        let totalBefore = Sums.stockSum(measure, pop, panel, at: q - 4)
        let p = panelGrowth(measure, pop, panel, at: q)
        guard let tn = totalNow.numerator, let tb = totalBefore.numerator, let pn = p.numerator, let pb = p.denominator,
            totalNow.reporting > 0, totalBefore.reporting > 0
        else {
            return Cell(
                reporting: 0, population: totalNow.population, arithmetic: "no totals at both ends",
                notes: [MetricNote.noValuesAtBothDates.stored])
        }
        let exact = (Exact.decimal(tn) - Exact.decimal(tb)) - (Exact.decimal(pn) - Exact.decimal(pb))
        let value = Exact.double(exact)
        var cell = Cell(
            value: value, numerator: tn - tb, denominator: pn - pb, reporting: totalNow.reporting,
            population: totalNow.population, contributions: [],
            inputs: totalNow.inputs + totalBefore.inputs,
            arithmetic: "(\(term(tn)) − \(term(tb))) − (\(term(pn)) − \(term(pb))) = \(term(value))",
            inputStatus: max(totalNow.inputStatus, totalBefore.inputStatus))
        cell.exact = exact
        return cell
    }

    /// Per enterprise: (R4Q sum at `q` / R4Q sum at `q − 4` − 1) × 100; all 8 quarters required, no gaps.
    /// Source: IRIS FP4761; METRICS.md §6.3 `ent_rev_growth_yoy_r4q`.
    package static func enterpriseYoYR4Q(_ e: Enterprise, _ measure: String, _ panel: QuarterlyPanel, at q: Quarter)
        -> Cell
    {
        let nowW = q.window(4)
        let beforeW = (q - 4).window(4)
        let all = beforeW + nowW
        let owed = e.requiredQuarters(in: all).count
        let a = Sums.windowSum(e, measure, panel, nowW)
        let b = Sums.windowSum(e, measure, panel, beforeW)
        var notes: [String] = []
        guard owed == 8, let an = a.sum, let bn = b.sum else {
            let missing = 8 - a.values.count - b.values.count
            notes.append(MetricNote.quartersMissing(missing: missing, of: 8).stored)
            return Cell(
                reporting: 0, inputs: b.inputs + a.inputs, arithmetic: "8 consecutive quarters required", notes: notes)
        }
        guard bn != 0 else {
            return Cell(
                reporting: 0, inputs: b.inputs + a.inputs, arithmetic: "R4Q \(q - 4) = 0",
                notes: [MetricNote.denominatorZero.stored])
        }
        let exact = Exact.quotient((Exact.decimal(an) - Exact.decimal(bn)) * 100, Exact.decimal(bn))
        let value = exact.map(Exact.double) ?? (an / bn - 1) * 100
        var cell = Cell(
            value: value, numerator: an, denominator: bn, reporting: 1, inputs: b.inputs + a.inputs,
            arithmetic: panel.recordsProvenance
                ? "(\(sumText(a.values)) / \(sumText(b.values)) − 1) × 100 = (\(term(an)) / \(term(bn)) − 1) × 100 = \(term(value))"
                : "",
            inputStatus: max(a.status, b.status))
        cell.exact = exact
        return cell
    }

    /// The rolling-year value of `measure` for `e` ending with `q` (METRICS.md §7): `mean` = mean of the 4
    /// quarter-end stocks (fallback: the end quarter's value, flagged); `sum` = sum of the 4 quarterly flows
    /// (all 4 required). `nil` when neither is available.
    package static func annual(
        _ e: Enterprise, _ measure: String, _ panel: QuarterlyPanel, endingAt q: Quarter, form: AnnualForm
    ) -> AnnualValue? {
        let series = panel.series(e.kvkNumber.digits, measure)
        let rows = q.window(4).compactMap { panel.row(series, $0) }
        let values = rows.compactMap(panel.value(row:))
        let detail = panel.recordsProvenance
        if values.count == 4 {
            let inputs = detail ? rows.map(panel.inputRef(row:)) : []
            switch form {
            case .sum:
                return AnnualValue(
                    value: Exact.sumDouble(values), fallback: false, inputs: inputs,
                    text: detail ? sumText(values) : "")
            case .mean:
                return AnnualValue(
                    value: Exact.quarterMeanDouble(values), fallback: false, inputs: inputs,
                    text: detail ? "\(sumText(values)) / 4" : "")
            }
        }
        guard form == .mean, let end = panel.row(series, q), let v = panel.value(row: end) else { return nil }
        return AnnualValue(
            value: v, fallback: true, inputs: detail ? [panel.inputRef(row: end)] : [],
            text: detail ? "\(term(v)) (\(q) only)" : "")
    }

    /// Per enterprise: (X_t / X_{t−3})^(1/3) − 1, × 100, with X_t the rolling year ending with `q` and X_{t−3}
    /// the one ending 12 quarters earlier; no value when X_{t−3} = 0. Source: Eurostat/CBS HGE measure (§1.1, §1.3).
    package static func cagr3y(
        _ e: Enterprise, _ measure: String, _ panel: QuarterlyPanel, at q: Quarter, form: AnnualForm
    ) -> Cell {
        endpoints(e, measure, panel, at: q, form: form) { x0, x1 in
            let v = (pow(x1.value / x0.value, 1.0 / 3) - 1) * 100
            guard panel.recordsProvenance else { return (v, "") }
            return (
                v,
                "((\(x1.text)) / (\(x0.text)))^(1/3) − 1 = (\(term(x1.value)) / \(term(x0.value)))^(1/3) − 1 = \(term(v)) %"
            )
        }
    }

    /// Per enterprise Birch index (E_t − E_{t−3}) × E_t / E_{t−3} on rolling years (Birch; METRICS.md §6.3).
    package static func birch3y(
        _ e: Enterprise, _ measure: String, _ panel: QuarterlyPanel, at q: Quarter, form: AnnualForm
    ) -> Cell {
        endpoints(e, measure, panel, at: q, form: form) { x0, x1 in
            let v = (x1.value - x0.value) * x1.value / x0.value
            guard panel.recordsProvenance else { return (v, "") }
            return (v, "(\(term(x1.value)) − \(term(x0.value))) × \(term(x1.value)) / \(term(x0.value)) = \(term(v))")
        }
    }

    private static func endpoints(
        _ e: Enterprise, _ measure: String, _ panel: QuarterlyPanel, at q: Quarter, form: AnnualForm,
        _ f: (AnnualValue, AnnualValue) -> (Double, String)
    ) -> Cell {
        let x1 = annual(e, measure, panel, endingAt: q, form: form)
        let x0 = annual(e, measure, panel, endingAt: q - 12, form: form)
        guard let x0, let x1 else {
            return Cell(
                reporting: 0, inputs: (x0?.inputs ?? []) + (x1?.inputs ?? []),
                arithmetic: "endpoints \(q - 12) and \(q) required",
                notes: [MetricNote.endpointMissing(quarter: (x0 == nil ? q - 12 : q).description).stored])
        }
        guard x0.value != 0 else {
            return Cell(
                reporting: 0, inputs: x0.inputs + x1.inputs, arithmetic: "X_{t−3} = 0",
                notes: [MetricNote.startValueZero.stored])
        }
        let (v, text) = f(x0, x1)
        var notes: [String] = []
        if x0.fallback || x1.fallback {
            notes.append(MetricNote.quarterValueFallback.stored)
        }
        return Cell(
            value: v, numerator: x1.value, denominator: x0.value, reporting: 1,
            inputs: x0.inputs + x1.inputs, arithmetic: text, notes: notes)
    }
}
