import Foundation
import ImpactModel
import RunArtifacts

/// Shares of the municipality's addressable procurement (METRICS.md §2.6, §2.7, §6.3 `proc_*`).
package enum Procurement {
    /// Σ numerator / Σ denominator × `scale` over the awards of the 4 quarters ending with `q`, each side taking
    /// the rows of its measure and supplier scope. `registry` scope = the supplier's KvK-nummer belongs to an
    /// enterprise of `pop` in the programme during the award's quarter (matching on KvK-nummer, §6.3).
    /// A row in scope without an amount makes the sum missing (B08); `sroi_*` rows of awards whose dimension
    /// `sroi_clausule` is not `ja` are not applicable and left out. `reporting` = distinct registry suppliers in
    /// the numerator (min-N); `contributions` = their totals (dominance). Examples: `proc_spend_share_se` =
    /// Σ procurement_award_eur (registry) / Σ procurement_award_eur (all) × 100; `proc_sroi_realisation` =
    /// Σ sroi_realised_eur / Σ sroi_obligation_eur × 100.
    package static func share(
        numerator: String, numeratorScope: SupplierScope, denominator: String, denominatorScope: SupplierScope,
        rows: [ProcurementRow], pop: [Enterprise], at q: Quarter, scale: Double
    ) -> Cell {
        let window = Set(q.window(4))
        // Only the registry scope needs the enterprises by KvK-nummer; the first of a repeated KvK-nummer counts.
        let registryScope = numeratorScope == .registry || denominatorScope == .registry
        let byKvK =
            registryScope
            ? Dictionary(pop.map { ($0.kvkNumber.digits, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        func inScope(_ r: ProcurementRow, _ scope: SupplierScope) -> Bool {
            switch scope {
            case .all: return true
            case .registry: return byKvK[r.supplierKvK].map { $0.wasActive(during: r.quarter) } ?? false
            }
        }
        // SROI amounts exist only for awards with an SROI clause; other awards are not applicable, not missing.
        let inWindow = rows.filter { r in
            window.contains(r.quarter)
                && !(r.measure.hasPrefix("sroi_")
                    && dimensionValue(r.observation.dimensions, "sroi_clausule").map { $0 != "ja" } ?? false)
        }
        let numRows = inWindow.filter { $0.measure == numerator && inScope($0, numeratorScope) }
        let denRows = inWindow.filter { $0.measure == denominator && inScope($0, denominatorScope) }
        var notes: [String] = []
        let numMissing = numRows.filter { $0.value == nil }.count
        let denMissing = denRows.filter { $0.value == nil }.count
        if numMissing + denMissing > 0 {
            notes.append(MetricNote.awardsWithoutAmount(awards: numMissing + denMissing).stored)
        }
        let nums = numRows.compactMap(\.value)
        let dens = denRows.compactMap(\.value)
        let exactNum = Exact.sum(nums)
        let exactDen = Exact.sum(dens)
        let sn = Exact.double(exactNum)
        let sd = Exact.double(exactDen)
        var perSupplier: [String: Decimal] = [:]
        for r in numRows { perSupplier[r.supplierKvK, default: 0] += Exact.decimal(r.value ?? 0) }
        var denPerSupplier: [String: Decimal] = [:]
        for r in denRows { denPerSupplier[r.supplierKvK, default: 0] += Exact.decimal(r.value ?? 0) }
        var exact: Decimal? = nil
        if numMissing + denMissing == 0 && !denRows.isEmpty {
            if sd == 0 {
                notes.append(MetricNote.denominatorZero.stored)
            } else {
                exact = Exact.quotient(exactNum * Exact.decimal(scale), exactDen)
            }
        }
        let value = exact.map(Exact.double)
        if denRows.isEmpty {
            notes.append(MetricNote.noContractAwards(from: (q - 3).description, to: q.description).stored)
        }
        let status = (numRows + denRows).map(\.observation.valueStatus).max() ?? .definitief
        var cell = Cell(
            value: value, numerator: sn, denominator: sd, reporting: perSupplier.count,
            contributions: perSupplier.keys.sorted().map { Exact.double(perSupplier[$0] ?? 0) },
            inputs: (numRows + denRows).map { InputRef($0.observation) },
            arithmetic:
                "\(sumText(nums)) / \(sumText(dens)) × \(term(scale)) = \(term(sn)) / \(term(sd)) × \(term(scale)) = \(value.map(term) ?? "undefined")",
            notes: notes, inputStatus: status)
        cell.exact = exact
        cell.denominatorContributions = denPerSupplier.keys.sorted().map { Exact.double(denPerSupplier[$0] ?? 0) }
        cell.denominatorEnterprises = denPerSupplier.count
        return cell
    }
}
