import Foundation
import ImpactModel
import RunArtifacts

/// Municipal subsidies and loans to the programme's enterprises, from the municipality's open subsidy register
/// (Normalization `SubsidyRegisterMapping`: one observation `municipal_subsidy_eur` per dossier, period
/// `YYYYJJ00` = its `SUBSIDIEJAAR`, `kvk_number` = the recipient when matched to the registry, dimension
/// `instrument=subsidie|lening`).
package enum MunicipalSupport {
    /// `fin_municipal_support_a`: Σ of the dossiers' amounts (EUR; settled, else granted) of subsidy year = the
    /// year of `q`, to enterprises of `pop` that were in the programme on some day of that year up to the end of
    /// `q`. One contribution per enterprise (its total; for the (2, 85) dominance rule); `reporting` = the
    /// enterprises that received anything. A year without any dossier in the register (the source absent, or the
    /// register not yet published for the year) has no value, never 0. Notes give the loan part's share of the
    /// dossiers only as a number of dossiers (no amounts: a note is public). Source: METRICS.md §6.3
    /// `fin_external_raised_r4q` (financing) and issue 16 item 4 (subsidies and loans from a subsidy register source).
    package static func yearSum(
        _ measure: String, _ observations: [Observation], pop: [Enterprise], at q: Quarter
    ) -> Cell {
        let year = q.year
        let code = "\(year)JJ00"
        let firstDay = (q - (q.quarter - 1)).start
        let inYear = observations.filter { $0.measure == measure && $0.periodCode == code }
        guard !inYear.isEmpty else {
            return Cell(
                arithmetic: "no \(measure) dossier of subsidy year \(year) in the register",
                notes: [MetricNote.noSubsidyDossiers(year: year).stored])
        }
        let members = Set(
            pop.filter { e in e.programmeEntryDate <= q.lastDay && (e.exitDate.map { $0 > firstDay } ?? true) }
                .map(\.kvkNumber.digits))
        var perEnterprise: [String: [Double]] = [:]
        var inputs: [InputRef] = []
        var loans = 0
        var dossiers = 0
        var status = ValueStatus.definitief
        for o in inYear where !o.kvkNumber.isEmpty && members.contains(o.kvkNumber) {
            guard let v = o.value else { continue }
            perEnterprise[o.kvkNumber, default: []].append(v)
            inputs.append(InputRef(o))
            dossiers += 1
            if dimensionValue(o.dimensions, "instrument") == "lening" { loans += 1 }
            status = max(status, o.valueStatus)
        }
        let keys = perEnterprise.keys.sorted()
        let totals = keys.map { Exact.sum(perEnterprise[$0]!) }
        let exact = totals.reduce(Decimal(0), +)
        let value = Exact.double(exact)
        var cell = Cell(
            value: value, numerator: value, reporting: keys.count, contributions: totals.map(Exact.double),
            inputs: inputs,
            arithmetic:
                "subsidy year \(year): " + keys.map { "\($0) \(sumText(perEnterprise[$0]!))" }.joined(separator: " + ")
                + " = \(term(value))",
            notes: [MetricNote.subsidyDossiers(dossiers: dossiers, year: year, loans: loans).stored],
            inputStatus: status)
        cell.exact = exact
        return cell
    }
}
