import Foundation
import ImpactModel
import RunArtifacts

extension Enterprise {
    /// Whether the enterprise was in the programme on any day of `q` (entered by its last day, not exited by its
    /// first): the quarters for which it owes a return.
    package func wasActive(during q: Quarter) -> Bool {
        programmeEntryDate <= q.lastDay && (exitDate.map { $0 > q.start } ?? true)
            && (identities.isEmpty || identities.contains { $0.counts && $0.overlaps(from: q.start, until: q.end) })
    }

    /// Quarters of `window` for which the enterprise owes a return.
    package func requiredQuarters(in window: [Quarter]) -> [Quarter] {
        window.filter { wasActive(during: $0) }
    }

    /// The inflow component of the enterprise's programme entry: `born` when its KvK `datumAanvang` lies in the
    /// four quarters up to the entry quarter, `attracted` when it is older (relocation or new branch: CBS does not
    /// count those as oprichtingen), `unknown` without a KvK date. Source: Eurostat birth glossary; CBS
    /// bedrijvendynamiek.
    package var inflowComponent: String {
        guard let reg = kvkRegistrationDate else { return "unknown" }
        let entryQuarter = Quarter(containing: programmeEntryDate)
        return reg >= (entryQuarter - 3).start ? "born" : "attracted"
    }

    /// The founding year used by the §7 rules: `founded_year`, else the year of the KvK registration.
    package var foundingYear: Int? { foundedYear ?? kvkRegistrationDate?.year }

    /// A registry fact as an input reference for provenance.
    /// For a quarter's period, the identity row valid on its last day is named too (issue 20: `explain` shows
    /// which identity row was used).
    func registryRef(_ field: String, _ period: String, _ value: Double? = nil) -> InputRef {
        let row = (try? Quarter(parsing: period)).flatMap { identity(on: $0.lastDay) }
        return InputRef(
            sourceRowID: "registry line \(registryLine)" + (row.map { "; identiteit \($0.explanation)" } ?? ""),
            entity: kvkNumber.digits, measure: field, period: period, value: value)
    }
}

/// Counts of enterprises from the registry alone (METRICS.md §6.3, population & dynamics).
package enum PopulationCounts {
    /// `pop_active_se`: enterprises active on the last day of `q`. Source: METRICS.md §6.3 [P].
    package static func activeCount(_ pop: [Enterprise], at q: Quarter) -> Cell {
        let active = pop.filter { $0.isActive(atEndOf: q) }
        return Cell(
            value: Double(active.count), reporting: active.count, contributions: active.map { _ in 1 },
            inputs: active.map { $0.registryRef("programme_entry_date", q.description) },
            arithmetic: "count of enterprises active on \(q.lastDay) = \(active.count)"
                + (active.isEmpty ? "" : " (" + active.map(\.kvkNumber.digits).joined(separator: ", ") + ")"))
    }

    /// `pop_inflow_se_r4q`: enterprises whose programme entry date lies in the 4 quarters ending with `q`.
    package static func entryCount(_ pop: [Enterprise], at q: Quarter) -> Cell {
        let from = (q - 3).start
        let to = q.end
        let entered = pop.filter { $0.programmeEntryDate >= from && $0.programmeEntryDate < to }
        return Cell(
            value: Double(entered.count), reporting: entered.count, contributions: entered.map { _ in 1 },
            inputs: entered.map { $0.registryRef("programme_entry_date", $0.programmeEntryDate.description) },
            arithmetic: "count of programme entries in [\(from), \(to)) = \(entered.count)")
    }

    /// `pop_outflow_se_r4q`: enterprises whose exit date lies in the 4 quarters ending with `q`.
    package static func exitCount(_ pop: [Enterprise], at q: Quarter) -> Cell {
        let from = (q - 3).start
        let to = q.end
        let left = pop.filter { e in e.exitDate.map { $0 >= from && $0 < to } ?? false }
        return Cell(
            value: Double(left.count), reporting: left.count, contributions: left.map { _ in 1 },
            inputs: left.map { $0.registryRef("exit_date", $0.exitDate?.description ?? "") },
            arithmetic: "count of exits in [\(from), \(to)) = \(left.count)",
            notes: left.isEmpty ? [] : ["uitstroom is 2 jaar voorlopig (Eurostat: opheffing pas na 2 jaar bevestigd)"])
    }

    /// `pop_birth_rate_se`: entries born in the window / mean number active at its 4 quarter-ends × 100.
    /// Source: Eurostat "births as % of active enterprises".
    package static func birthRate(_ pop: [Enterprise], at q: Quarter) -> Cell {
        let from = (q - 3).start
        let to = q.end
        let born = pop.filter {
            $0.programmeEntryDate >= from && $0.programmeEntryDate < to && $0.inflowComponent == "born"
        }
        let counts = q.window(4).map { qq in Double(pop.filter { $0.isActive(atEndOf: qq) }.count) }
        let mean = counts.reduce(0, +) / 4
        let unknown = pop.filter {
            $0.programmeEntryDate >= from && $0.programmeEntryDate < to && $0.inflowComponent == "unknown"
        }.count
        var notes: [String] = []
        if unknown > 0 { notes.append("\(unknown) instromer(s) zonder KvK-datumAanvang niet als oprichting geteld") }
        // born / (Σ counts / 4) × 100 = born × 400 / Σ counts, exactly.
        let exact: Decimal? =
            mean > 0 ? Exact.quotient(Decimal(born.count * 400), Exact.decimal(counts.reduce(0, +))) : nil
        let value = exact.map(Exact.double)
        if mean == 0 { notes.append("geen actieve ondernemingen: noemer is 0") }
        var cell = Cell(
            value: value, numerator: Double(born.count), denominator: mean, reporting: born.count,
            inputs: born.map { $0.registryRef("kvk_registration_date", $0.kvkRegistrationDate?.description ?? "") },
            arithmetic:
                "\(born.count) / (\(counts.map(term).joined(separator: " + "))) / 4 × 100 = \(value.map(term) ?? "undefined")",
            notes: notes)
        cell.exact = exact
        cell.denominatorEnterprises = Int(mean.rounded(.down))
        return cell
    }

    /// `pop_survival_3y_se`: share of the enterprises that entered in the 4 quarters ending 12 quarters before `q`
    /// and are still active at the end of `q`, × 100. An exit for any reason ends survival in the programme.
    /// Source: Eurostat survival glossary (3-year survival of a birth cohort).
    package static func survival3y(_ pop: [Enterprise], at q: Quarter) -> Cell {
        let cohortEnd = q - 12
        let from = (cohortEnd - 3).start
        let to = cohortEnd.end
        let cohort = pop.filter { $0.programmeEntryDate >= from && $0.programmeEntryDate < to }
        let alive = cohort.filter { $0.isActive(atEndOf: q) }
        let exact: Decimal? = cohort.isEmpty ? nil : Exact.quotient(Decimal(alive.count * 100), Decimal(cohort.count))
        let value = exact.map(Exact.double)
        var cell = Cell(
            value: value, numerator: Double(alive.count), denominator: Double(cohort.count),
            reporting: cohort.count, contributions: cohort.map { _ in 1 },
            inputs: cohort.map { $0.registryRef("exit_date", $0.exitDate?.description ?? "") },
            arithmetic:
                "\(alive.count) of the \(cohort.count) entries in [\(from), \(to)) active on \(q.lastDay): \(alive.count) / \(cohort.count) × 100 = \(value.map(term) ?? "undefined")",
            notes: cohort.isEmpty ? ["geen instroom in het cohortjaar"] : [])
        cell.exact = exact
        return cell
    }
}
