import Foundation
import ImpactModel
import RunArtifacts

/// One enterprise's total of a measure over a window of quarters, or why there is none.
package struct EnterpriseWindowSum: Sendable {
    /// The sum, `nil` when a required quarter is missing (B08: never summed as 0).
    package var sum: Double?
    /// The reported values in quarter order.
    package var values: [Double]
    /// Quarters owed in the window.
    package var required: Int
    /// Quarters owed but not reported (or reported as missing).
    package var missing: Int
    /// The observations read.
    package var inputs: [InputRef]
    /// Least final status of the values used.
    package var status: ValueStatus

    /// `window.quarters_missing(missing=1,of=4)` (``MetricNote/quartersMissing(missing:of:)``, stored) when
    /// incomplete (KNOWN-FAULTS B08).
    package var incompleteFlag: String? {
        missing == 0 ? nil : MetricNote.quartersMissing(missing: missing, of: required).stored
    }
}

/// Sums of stocks and flows over enterprises (METRICS.md §6.1 period semantics; §8: no imputation).
package enum Sums {
    /// Sum of `measure` over the quarters of `window` that `e` owes; `nil` sum when any of them is missing.
    package static func windowSum(
        _ e: Enterprise, _ measure: String, _ panel: QuarterlyPanel, _ window: [Quarter]
    ) -> EnterpriseWindowSum {
        let series = panel.series(e.kvkNumber.digits, measure)
        var values: [Double] = []
        var inputs: [InputRef] = []
        var required = 0
        var missing = 0
        var status = ValueStatus.definitief
        for q in window where e.wasActive(during: q) {
            required += 1
            guard let row = panel.row(series, q) else {
                missing += 1
                continue
            }
            if panel.recordsProvenance { inputs.append(panel.inputRef(row: row)) }
            if let v = panel.value(row: row) {
                values.append(v)
                status = max(status, panel.status(row: row))
            } else {
                missing += 1
            }
        }
        let sum: Double? = missing == 0 && required > 0 ? Exact.sumDouble(values) : nil
        return EnterpriseWindowSum(
            sum: sum, values: values, required: required, missing: missing, inputs: inputs, status: status)
    }

    /// Sum of a stock at the end of `q` over the enterprises of `pop` active then (`emp_headcount_total`,
    /// `emp_fte_total`, `soc_tg_fte`, `edu_learning_places`). Enterprises without a value do not report; the
    /// population for coverage is every active enterprise. Source: IRIS OI8869 / OI3160, METRICS.md §6.3.
    package static func stockSum(
        _ measure: String, _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter, scale: Double = 1
    ) -> Cell {
        // Iterated in place rather than filtered into a new array: copying an Enterprise retains all its strings.
        var activeCount = 0
        var values: [Double] = []
        var inputs: [InputRef] = []
        var status = ValueStatus.definitief
        for e in pop where e.isActive(atEndOf: q) {
            activeCount += 1
            guard let row = panel.row(panel.series(e.kvkNumber.digits, measure), q) else { continue }
            if panel.recordsProvenance { inputs.append(panel.inputRef(row: row)) }
            if let v = panel.value(row: row) {
                values.append(v)
                status = max(status, panel.status(row: row))
            }
        }
        let exactTotal = Exact.sum(values)
        let total = Exact.double(exactTotal)
        let exact: Decimal? = values.isEmpty ? nil : exactTotal * Exact.decimal(scale)
        let value: Double? = exact.map(Exact.double)
        var arithmetic = ""
        if panel.recordsProvenance {
            arithmetic = "\(sumText(values)) = \(term(total))"
            if scale != 1, let value { arithmetic += " × \(term(scale)) = \(term(value))" }
        }
        let silent = activeCount - values.count
        var cell = Cell(
            value: value, numerator: total, reporting: values.count, population: activeCount,
            contributions: values, inputs: inputs, arithmetic: arithmetic,
            notes: silent > 0
                ? [
                    MetricNote.activeWithoutValue(missing: silent, active: activeCount, date: q.lastDay.description)
                        .stored
                ]
                : [],
            inputStatus: status)
        cell.exact = exact
        return cell
    }

    /// R4Q sum of a flow over the enterprises of `pop` in the programme during the window of 4 quarters ending
    /// with `q` (`soc_beneficiaries_r4q`, `sus_ghg_avoided_r4q`, ...). An enterprise reports only when every
    /// quarter it owes is present; an enterprise that entered or left mid-window owes only its quarters in the
    /// programme. Source: METRICS.md §6.1 (R4Q), §8; KNOWN-FAULTS B08.
    package static func flowSumR4Q(
        _ measure: String, _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter, scale: Double = 1
    ) -> Cell {
        let window = q.window(4)
        var owing = 0
        var sums: [Double] = []
        var inputs: [InputRef] = []
        var notes: [String] = []
        var status = ValueStatus.definitief
        for e in pop where window.contains(where: { e.wasActive(during: $0) }) {
            owing += 1
            let w = windowSum(e, measure, panel, window)
            inputs += w.inputs
            if let s = w.sum {
                sums.append(s)
                status = max(status, w.status)
            } else if let flag = w.incompleteFlag, !w.values.isEmpty {
                // Partly reported: B08. Nothing reported at all is plain non-response (coverage shows it).
                notes.append("\(e.kvkNumber.digits) \(flag)")
            }
        }
        let exactTotal = Exact.sum(sums)
        let total = Exact.double(exactTotal)
        let exact: Decimal? = sums.isEmpty ? nil : exactTotal * Exact.decimal(scale)
        let value: Double? = exact.map(Exact.double)
        var arithmetic = ""
        if panel.recordsProvenance {
            arithmetic = "\(sumText(sums)) = \(term(total))"
            if scale != 1, let value { arithmetic += " × \(term(scale)) = \(term(value))" }
        }
        var cell = Cell(
            value: value, numerator: total, reporting: sums.count, population: owing, contributions: sums,
            inputs: inputs, arithmetic: arithmetic, notes: notes, inputStatus: status)
        cell.exact = exact
        return cell
    }

    /// Ratio of sums Σ numerator / Σ denominator × `scale` over the enterprises that report both measures for
    /// every quarter they owe in the window of `length` quarters ending with `q` (1: quarter-end stocks, 4: R4Q).
    /// A zero denominator gives no value. Examples: `soc_tg_fte_share` = Σ tg_fte / Σ fte_total × 100 (PSO),
    /// `fin_earned_income_share` = Σ revenue_sales / Σ revenue_total × 100. Source: METRICS.md §6.3.
    package static func ratioOfSums(
        _ numerator: String, _ denominator: String, _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter,
        length: Int, scale: Double
    ) -> Cell {
        let window = q.window(length)
        func owes(_ e: Enterprise) -> Bool {
            length == 1 ? e.isActive(atEndOf: q) : window.contains { e.wasActive(during: $0) }
        }
        var owing = 0
        var nums: [Double] = []
        var dens: [Double] = []
        var inputs: [InputRef] = []
        var notes: [String] = []
        var status = ValueStatus.definitief
        for e in pop where owes(e) {
            owing += 1
            let n = windowSum(e, numerator, panel, window)
            let d = windowSum(e, denominator, panel, window)
            inputs.append(contentsOf: n.inputs)
            inputs.append(contentsOf: d.inputs)
            if let ns = n.sum, let ds = d.sum {
                nums.append(ns)
                dens.append(ds)
                status = max(status, n.status, d.status)
            } else if length > 1, !(n.values.isEmpty && d.values.isEmpty),
                let flag = n.incompleteFlag ?? d.incompleteFlag
            {
                notes.append("\(e.kvkNumber.digits) \(flag)")
            }
        }
        let exactNum = Exact.sum(nums)
        let exactDen = Exact.sum(dens)
        let sn = Exact.double(exactNum)
        let sd = Exact.double(exactDen)
        var exact: Decimal? = nil
        if !nums.isEmpty {
            if sd == 0 {
                notes.append(MetricNote.denominatorZero.stored)
            } else {
                exact = Exact.quotient(exactNum * Exact.decimal(scale), exactDen)
            }
        }
        let value = exact.map(Exact.double)
        var cell = Cell(
            value: value, numerator: sn, denominator: sd, reporting: nums.count, population: owing,
            contributions: nums, inputs: inputs,
            arithmetic: panel.recordsProvenance
                ? "\(sumText(nums)) / \(sumText(dens)) × \(term(scale)) = \(term(sn)) / \(term(sd)) × \(term(scale)) = \(value.map(term) ?? "undefined")"
                : "",
            notes: notes, inputStatus: status)
        cell.exact = exact
        cell.denominatorContributions = dens
        return cell
    }
}
