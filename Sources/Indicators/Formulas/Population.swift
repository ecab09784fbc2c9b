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

    /// The inflow component of the enterprise's latest entry into the population (``entryDates``): `born` when it
    /// is the programme entry and the KvK `datumAanvang` lies in the four quarters up to the entry quarter,
    /// `attracted` when the KvK registration is older or the entry is a move into the municipality (a history row
    /// from that day: relocation, not a birth, as CBS bedrijvendynamiek counts it), `unknown` without a KvK date.
    /// Source: Eurostat birth glossary; CBS bedrijvendynamiek.
    package var inflowComponent: String {
        if let last = entryDates.last, last != programmeEntryDate { return "attracted" }
        return programmeEntryComponent
    }

    /// ``inflowComponent`` of the programme entry itself (by the KvK registration date).
    var programmeEntryComponent: String {
        guard let reg = kvkRegistrationDate else { return "unknown" }
        let entryQuarter = Quarter(containing: programmeEntryDate)
        return reg >= (entryQuarter - 3).start ? "born" : "attracted"
    }

    /// The days on which the enterprise changes between counted and not counted (``isActive(on:)``), in order:
    /// `entered` true on the first day it counts after a day it did not. Without a registry history these are its
    /// programme entry and exit dates; with one (issue 20) also the days it moves into or out of the municipality,
    /// is taken over into another member (merger) or its history ends.
    var activityChanges: [(date: CivilDate, entered: Bool)] {
        var days = [programmeEntryDate]
        if let exitDate { days.append(exitDate) }
        for row in identities {
            days.append(row.validFrom)
            if let until = row.validUntil { days.append(until) }
        }
        var changes: [(date: CivilDate, entered: Bool)] = []
        for day in Set(days).sorted() {
            let now = isActive(on: day)
            if now != isActive(on: day.adding(days: -1)) { changes.append((day, now)) }
        }
        return changes
    }

    /// The days the enterprise entered the population (``activityChanges``).
    package var entryDates: [CivilDate] { activityChanges.filter(\.entered).map(\.date) }

    /// The days the enterprise left the population, each with its reason: the registry's `exit_reason` on its
    /// `exit_date`; `merger` when the vestiging's history row from that day is under another member's KvK-nummer;
    /// `relocation_out` when it is in another municipality; else the registry's reason or `other` (the history
    /// ends without a successor).
    package var exits: [(date: CivilDate, reason: ExitReason)] {
        activityChanges.filter { !$0.entered }.map { change in
            if change.date == exitDate { return (change.date, exitReason ?? .other) }
            if let row = identity(on: change.date) {
                return (change.date, row.mergedInto != nil ? .merger : .relocation_out)
            }
            return (change.date, exitReason ?? .other)
        }
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
    /// `detail` false (a run without provenance): the same value and contributions, no inputs or arithmetic text.
    package static func activeCount(_ pop: [Enterprise], at q: Quarter, detail: Bool = true) -> Cell {
        guard detail else {
            var n = 0
            for e in pop where e.isActive(atEndOf: q) { n += 1 }
            return Cell(value: Double(n), reporting: n, contributions: Array(repeating: 1, count: n))
        }
        let active = pop.filter { $0.isActive(atEndOf: q) }
        return Cell(
            value: Double(active.count), reporting: active.count, contributions: active.map { _ in 1 },
            inputs: active.map { $0.registryRef("programme_entry_date", q.description) },
            arithmetic: "count of enterprises active on \(q.lastDay) = \(active.count)"
                + (active.isEmpty ? "" : " (" + active.map(\.kvkNumber.digits).joined(separator: ", ") + ")"))
    }

    /// `pop_inflow_se_r4q`: enterprises that entered the population (``Enterprise/entryDates``: the programme entry
    /// date, or with a registry history a move into the municipality) in the 4 quarters ending with `q`.
    package static func entryCount(_ pop: [Enterprise], at q: Quarter, detail: Bool = true) -> Cell {
        let from = (q - 3).start
        let to = q.end
        let entered = pop.compactMap { e in e.entryDates.last { $0 >= from && $0 < to }.map { (e, $0) } }
        return Cell(
            value: Double(entered.count), reporting: entered.count, contributions: entered.map { _ in 1 },
            inputs: !detail
                ? []
                : entered.map { e, day in
                    e.registryRef(day == e.programmeEntryDate ? "programme_entry_date" : "geldig_van", day.description)
                },
            arithmetic: detail ? "count of programme entries in [\(from), \(to)) = \(entered.count)" : "")
    }

    /// `pop_outflow_se_r4q`: enterprises that left the population (``Enterprise/exits``: the exit date, or with a
    /// registry history a move out of the municipality or a merger) in the 4 quarters ending with `q`.
    package static func exitCount(_ pop: [Enterprise], at q: Quarter, detail: Bool = true) -> Cell {
        let from = (q - 3).start
        let to = q.end
        let left = pop.compactMap { e in e.exits.last { $0.date >= from && $0.date < to }.map { (e, $0.date) } }
        return Cell(
            value: Double(left.count), reporting: left.count, contributions: left.map { _ in 1 },
            inputs: !detail
                ? []
                : left.map { e, day in
                    e.registryRef(day == e.exitDate ? "exit_date" : "geldig_tot", day.description)
                },
            arithmetic: detail ? "count of exits in [\(from), \(to)) = \(left.count)" : "",
            notes: left.isEmpty ? [] : [MetricNote.exitsProvisional.stored])
    }

    /// `pop_birth_rate_se`: entries born in the window / mean number active at its 4 quarter-ends × 100.
    /// Source: Eurostat "births as % of active enterprises".
    package static func birthRate(_ pop: [Enterprise], at q: Quarter) -> Cell {
        let from = (q - 3).start
        let to = q.end
        // Births are programme entries in the municipality (a move in is never one): the entry day is the programme
        // entry date and the KvK registration lies in the year before it.
        func enteredAtProgrammeEntry(_ e: Enterprise) -> Bool {
            e.programmeEntryDate >= from && e.programmeEntryDate < to && e.entryDates.contains(e.programmeEntryDate)
        }
        let born = pop.filter { enteredAtProgrammeEntry($0) && $0.programmeEntryComponent == "born" }
        let counts = q.window(4).map { qq in Double(pop.filter { $0.isActive(atEndOf: qq) }.count) }
        let mean = counts.reduce(0, +) / 4
        let unknown = pop.filter { enteredAtProgrammeEntry($0) && $0.programmeEntryComponent == "unknown" }.count
        var notes: [String] = []
        if unknown > 0 { notes.append(MetricNote.entriesWithoutStartDate(entries: unknown).stored) }
        // born / (Σ counts / 4) × 100 = born × 400 / Σ counts, exactly.
        let exact: Decimal? =
            mean > 0 ? Exact.quotient(Decimal(born.count * 400), Exact.decimal(counts.reduce(0, +))) : nil
        let value = exact.map(Exact.double)
        if mean == 0 { notes.append(MetricNote.noActiveEnterprises.stored) }
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
            notes: cohort.isEmpty ? [MetricNote.noCohortEntries.stored] : [])
        cell.exact = exact
        return cell
    }
}
