import Foundation
import ImpactModel
import RunArtifacts

/// Municipal totals of an establishments extract (a Handelsregister vestigingen file at a reference date, read by
/// Normalization `EstablishmentExtract`): the context of a programme's enterprises among all establishments of
/// the municipality, as CBS/LISA-style counts of vestigingen and werkzame personen.
///
/// Observations have `regio` = the gemeentecode and `period_code` = the quarter whose last day is the reference
/// date (`2026KW03` for a stand on 2026-09-30). A quarter without an extract has no value (status `missing`).
package enum EstablishmentValues {
    /// The municipality's `measure` at the quarter (`ctx_establishments` = `establishments_total`, count;
    /// `ctx_persons_employed` = `persons_employed_total`, persons, summed over establishments with a value — the
    /// number without one is in the observation's `persons_missing` dimension and in the note).
    package static func total(_ measure: String, _ observations: [Observation], municipality: String, at q: Quarter)
        -> Cell
    {
        guard let o = find(measure, observations, municipality, q) else { return missing(measure, municipality, q) }
        var notes: [String] = []
        if let n = dimensionValue(o.dimensions, "persons_missing").flatMap({ Int($0) }), n != 0 {
            notes.append(MetricNote.personsUnknown(establishments: n).stored)
        }
        return Cell(
            value: o.value, numerator: o.value, inputs: [InputRef(o)],
            arithmetic: "\(measure) \(municipality) \(o.periodCode) = \(o.value.map(term) ?? o.valueAttribute.symbol)",
            notes: notes, inputStatus: o.valueStatus)
    }

    /// Σ numerator / Σ denominator × `scale` of the municipality at the quarter, e.g. `pop_se_establishment_share` =
    /// se_establishments / establishments_total × 100 (%), `emp_se_persons_share` = se_persons_employed /
    /// persons_employed_total × 100 (%). The numerator describes registry enterprises: their number
    /// (`se_enterprises`) is the cell's `reporting` and ``Cell/numeratorEnterprises``, so a share resting on 1 or 2
    /// social enterprises is suppressed like their count (METRICS.md §8, linked tables). A denominator of 0 gives no
    /// value.
    package static func share(
        _ numerator: String, _ denominator: String, _ observations: [Observation], municipality: String, at q: Quarter,
        scale: Double
    ) -> Cell {
        guard let n = find(numerator, observations, municipality, q),
            let d = find(denominator, observations, municipality, q)
        else { return missing("\(numerator)/\(denominator)", municipality, q) }
        let enterprises = find("se_enterprises", observations, municipality, q)
        var value: Double?
        var notes: [String] = []
        if let nv = n.value, let dv = d.value {
            if dv == 0 { notes.append(MetricNote.denominatorZero.stored) } else { value = nv / dv * scale }
        }
        let count = Int(enterprises?.value ?? 0)
        var cell = Cell(
            value: value, numerator: n.value, denominator: d.value, reporting: count,
            inputs: [n, d].map { InputRef($0) } + (enterprises.map { [InputRef($0)] } ?? []),
            arithmetic:
                "\(n.value.map(term) ?? "?") / \(d.value.map(term) ?? "?") × \(term(scale)) = \(value.map(term) ?? "undefined")",
            notes: notes, inputStatus: max(n.valueStatus, d.valueStatus))
        cell.numeratorEnterprises = count
        if let nv = n.value, let dv = d.value, dv != 0 {
            cell.exact = Exact.quotient(Exact.decimal(nv) * Exact.decimal(scale), Exact.decimal(dv))
            cell.denominatorEnterprises = Int(dv.rounded(.down))
        }
        return cell
    }

    private static func find(_ measure: String, _ observations: [Observation], _ municipality: String, _ q: Quarter)
        -> Observation?
    {
        observations.first { $0.measure == measure && $0.regio == municipality && $0.periodCode == q.cbsCode }
    }

    private static func missing(_ what: String, _ municipality: String, _ q: Quarter) -> Cell {
        Cell(
            arithmetic: "no establishments extract value \(what) for \(municipality) at the end of \(q)",
            notes: [MetricNote.noEstablishmentsFile(date: q.lastDay.description).stored])
    }
}
