import Foundation
import ImpactModel
import RunArtifacts

/// The network theme (samenwerking, issue 16 item 4): how many enterprises take part in the programme.
package enum Network {
    /// `net_participation_rate` (METRICS.md §6.3): enterprises that attended at least one programme activity in the
    /// 4 quarters ending with `q` / enterprises that reported the measure for every quarter they owe in that window
    /// × 100. Population: the enterprises of `pop` active at the end of `q`; an enterprise reports when its window
    /// sum of `measure` (`programme_activities_attended`, activities per quarter) is complete (B08: a missing
    /// quarter is never counted as 0 activities). The numerator is a number of enterprises
    /// (``Cell/numeratorEnterprises``): 1 or 2 participants are hidden like a count (METRICS.md §8). Unit: %.
    /// Source: METRICS.md §6.3 `net_participation_rate` [P]; Actieprogramma Sociaal Ondernemen (netwerkactiviteiten).
    package static func participationRate(
        _ measure: String, _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter
    ) -> Cell {
        let window = q.window(4)
        var population = 0
        var reporting = 0
        var participants = 0
        var inputs: [InputRef] = []
        var status = ValueStatus.definitief
        var terms: [String] = []
        for e in pop where e.isActive(atEndOf: q) {
            population += 1
            let w = Sums.windowSum(e, measure, panel, window)
            inputs += w.inputs
            guard let s = w.sum else { continue }
            reporting += 1
            status = max(status, w.status)
            if s >= 1 {
                participants += 1
                terms.append(e.kvkNumber.digits)
            }
        }
        let value: Double? = reporting > 0 ? Double(participants) / Double(reporting) * 100 : nil
        var cell = Cell(
            value: value, numerator: Double(participants), denominator: Double(reporting), reporting: reporting,
            population: population, contributions: Array(repeating: 1, count: participants), inputs: inputs,
            arithmetic:
                "enterprises with ≥ 1 activity in \(window.first!)–\(q) (\(terms.joined(separator: ", "))) / reporting enterprises: \(participants) / \(reporting) × 100 = \(value.map(term) ?? "undefined")",
            notes: population > reporting
                ? [MetricNote.withoutFullReturn(missing: population - reporting, active: population).stored]
                : [],
            inputStatus: status)
        cell.numeratorEnterprises = participants
        cell.denominatorEnterprises = reporting
        if reporting > 0 {
            cell.exact = Exact.quotient(Exact.decimal(Double(participants)) * 100, Exact.decimal(Double(reporting)))
        }
        return cell
    }
}
