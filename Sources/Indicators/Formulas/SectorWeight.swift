import Foundation
import ImpactModel
import RunArtifacts

/// The sector's weight in the city (issue 16 item 5) where the municipality has no Handelsregister establishments
/// extract: the programme's enterprises against CBS's municipal totals, read like a context metric (`context:` of
/// the catalogue entry; the latest CBS period available at the report quarter, ``ContextValues/latest(_:_:at:)``).
///
/// The numerator is taken at the CBS cell's own reference date, so that both sides describe the same day:
/// - `se_establishments` (`pop_se_establishment_share`): registry enterprises of the municipality active on
///   1 January of the CBS year — CBS 81575NED counts vestigingen on 1 January (`2025JJ00` = stand 1 januari 2025);
///   each registry enterprise has one vestiging in the municipality (config/registry.csv `vestigingsnummer`).
/// - `se_persons_employed` (`emp_se_persons_share`): Σ `employees_headcount` (werknemers on the payroll) at the end of
///   the 4th quarter of the CBS year over the enterprises that reported it — CBS 83582NED counts banen van
///   werknemers in December. A person with two jobs is two jobs for CBS and one werknemer here; the share is an
///   approximation, said so in the definition.
/// CBS cells in thousands (`Unit` `x 1 000`) are multiplied by 1,000. Unit of the share: % (`scale` 100).
package enum SectorWeight {
    /// The CBS municipal total of `source` at `q` (`ctx_establishments`, `ctx_persons_employed` without an extract):
    /// the context cell, multiplied out when CBS publishes it in thousands.
    /// The row keeps the quarter as its period (one row per quarter); the CBS period is named in a note.
    package static func total(_ source: ContextSource, _ rows: [Observation], at q: Quarter) -> Cell {
        var cell = cbsTotal(source, rows, at: q)
        if let period = cell.periodOverride {
            cell.notes.append(MetricNote.cbsTable(table: source.table, period: period).stored)
        }
        cell.periodOverride = nil
        return cell
    }

    /// The context cell with its CBS period in ``Cell/periodOverride``, multiplied out.
    static func cbsTotal(_ source: ContextSource, _ rows: [Observation], at q: Quarter) -> Cell {
        var cell = ContextValues.latest(source, rows, at: q)
        let factor =
            cell.inputs.first.flatMap { ref in rows.first { $0.sourceRowID == ref.sourceRowID } }
            .map { unitFactor($0.unit) } ?? 1
        if factor != 1, let v = cell.value {
            cell.value = v * factor
            cell.arithmetic += " × \(term(factor)) = \(term(v * factor))"
        }
        return cell
    }

    /// Σ numerator (see the type's documentation) / CBS total × `scale`.
    package static func share(
        _ numerator: String, _ source: ContextSource, pop: [Enterprise], panel: QuarterlyPanel,
        rows: [Observation], at q: Quarter, scale: Double
    ) -> Cell {
        let denominatorCell = cbsTotal(source, rows, at: q)
        guard let period = denominatorCell.periodOverride, let year = Int(period.prefix(4)),
            let den = denominatorCell.value
        else {
            var missing = denominatorCell
            missing.value = nil
            missing.periodOverride = nil
            return missing
        }
        var num: Cell
        let date: String
        if numerator == "se_establishments" {
            let first = (try? Quarter(year: year, quarter: 1))!
            let day = first.start
            let active = pop.filter { $0.isActive(on: day) }
            num = Cell(
                value: Double(active.count), numerator: Double(active.count), reporting: active.count,
                contributions: active.map { _ in 1 },
                inputs: active.map {
                    InputRef(
                        sourceRowID: "registry line \($0.registryLine)", entity: $0.kvkNumber.digits,
                        measure: "programme_entry_date", period: day.description, value: 1)
                },
                arithmetic: "\(active.count) registry enterprises active on \(day)")
            num.numeratorEnterprises = active.count
            date = day.description
        } else {
            let q4 = (try? Quarter(year: year, quarter: 4))!
            num = Sums.stockSum("employees_headcount", pop, panel, at: q4)
            num.numeratorEnterprises = num.reporting
            date = q4.lastDay.description
        }
        guard let n = num.value, den > 0 else {
            var c = num
            c.value = nil
            c.notes.append((den > 0 ? MetricNote.noNumeratorOn(date: date) : .cbsTotalZero).stored)
            return c
        }
        let value = n / den * scale
        var cell = Cell(
            value: value, numerator: n, denominator: den, reporting: num.reporting, population: num.population,
            contributions: num.contributions, inputs: num.inputs + denominatorCell.inputs,
            arithmetic:
                "\(num.arithmetic) = \(term(n)); \(denominatorCell.arithmetic); \(term(n)) / \(term(den)) × \(term(scale)) = \(term(value))",
            notes: num.notes + denominatorCell.notes + [
                MetricNote.cbsTable(table: source.table, period: period).stored,
                MetricNote.numeratorOn(date: date).stored,
            ],
            inputStatus: max(num.inputStatus, denominatorCell.inputStatus))
        cell.numeratorEnterprises = num.numeratorEnterprises
        cell.denominatorEnterprises = Int(den.rounded(.down))
        cell.exact = Exact.quotient(Exact.decimal(n) * Exact.decimal(scale), Exact.decimal(den))
        return cell
    }

    /// 1,000 for CBS's `x 1 000` (also `x 1000`), else 1.
    static func unitFactor(_ unit: String) -> Double {
        let compact = unit.lowercased().filter { !$0.isWhitespace }
        return compact == "x1000" ? 1000 : 1
    }
}
