import ImpactModel

/// Shares of the municipality's addressable procurement (METRICS.md §2.6, §2.7, §6.3 `proc_*`).
package enum Procurement {
    /// Σ numerator / Σ denominator × `scale` over the awards of the 4 quarters ending with `q`, each side taking
    /// the rows of its measure and supplier scope. `registry` scope = the supplier's KvK-nummer belongs to an
    /// enterprise of `pop` in the programme during the award's quarter (matching on KvK-nummer, §6.3).
    /// A row in scope without an amount makes the sum missing (B08). `reporting` = distinct registry suppliers in
    /// the numerator (min-N); `contributions` = their totals (dominance). Examples: `proc_spend_share_se` =
    /// Σ procurement_award_eur (registry) / Σ procurement_award_eur (all) × 100; `proc_sroi_realisation` =
    /// Σ sroi_realised_eur / Σ sroi_obligation_eur × 100.
    package static func share(
        numerator: String, numeratorScope: SupplierScope, denominator: String, denominatorScope: SupplierScope,
        rows: [ProcurementRow], pop: [Enterprise], at q: Quarter, scale: Double
    ) -> Cell {
        let window = Set(q.window(4))
        let byKvK = Dictionary(pop.map { ($0.kvkNumber.digits, $0) }, uniquingKeysWith: { a, _ in a })
        func inScope(_ r: ProcurementRow, _ scope: SupplierScope) -> Bool {
            switch scope {
            case .all: return true
            case .registry: return byKvK[r.supplierKvK].map { $0.wasActive(during: r.quarter) } ?? false
            }
        }
        let inWindow = rows.filter { window.contains($0.quarter) }
        let numRows = inWindow.filter { $0.measure == numerator && inScope($0, numeratorScope) }
        let denRows = inWindow.filter { $0.measure == denominator && inScope($0, denominatorScope) }
        var notes: [String] = []
        let numMissing = numRows.filter { $0.value == nil }.count
        let denMissing = denRows.filter { $0.value == nil }.count
        if numMissing + denMissing > 0 {
            notes.append("onvolledig: \(numMissing + denMissing) gunning(en) zonder bedrag")
        }
        let nums = numRows.compactMap(\.value), dens = denRows.compactMap(\.value)
        let sn = nums.reduce(0, +), sd = dens.reduce(0, +)
        var perSupplier: [String: Double] = [:]
        for r in numRows { perSupplier[r.supplierKvK, default: 0] += r.value ?? 0 }
        var value: Double? = nil
        if numMissing + denMissing == 0 && !denRows.isEmpty {
            if sd == 0 { notes.append("noemer is 0: geen waarde") } else { value = sn / sd * scale }
        }
        if denRows.isEmpty { notes.append("geen gunningen in \(q.window(4).first?.description ?? "")–\(q)") }
        let status = (numRows + denRows).map(\.observation.valueStatus).max() ?? .definitief
        return Cell(
            value: value, numerator: sn, denominator: sd, reporting: perSupplier.count,
            contributions: Array(perSupplier.values),
            inputs: (numRows + denRows).map { InputRef($0.observation) },
            arithmetic: "\(sumText(nums)) / \(sumText(dens)) × \(term(scale)) = \(term(sn)) / \(term(sd)) × \(term(scale)) = \(value.map(term) ?? "undefined")",
            notes: notes, inputStatus: status)
    }
}

/// CBS StatLine context values (METRICS.md §4, §6.3 `ctx_*`).
package enum ContextValues {
    /// The latest CBS value of `source` available at report quarter `q`: among observations of the table,
    /// measure, region and dimensions, with a period type in `periodTypes` ending no later than `q` ends, the one
    /// ending last (ties: the first type in `periodTypes`). A missing latest cell is shown as missing with its CBS
    /// symbol, never replaced by an older period silently. The period shown is the CBS code (`2025JJ00`).
    package static func latest(_ source: ContextSource, _ observations: [Observation], at q: Quarter) -> Cell {
        let national = ["NL01", "NL00", "NL"]
        let wantNational = national.contains(source.regio)
        let candidates: [(Observation, PeriodCode, Int)] = observations.compactMap { o in
            guard o.dataset.lowercased() == source.table.lowercased(), o.measure == source.measure,
                o.regio == source.regio || (wantNational && (o.regio.isEmpty || national.contains(o.regio))),
                source.dimensions.allSatisfy({ d in
                    let kv = d.split(separator: "=", maxSplits: 1).map(String.init)
                    return kv.count == 2 && dimensionValue(o.dimensions, kv[0]) == kv[1]
                }),
                let p = try? PeriodCode(parsing: o.periodCode),
                let pref = source.periodTypes.firstIndex(of: String(o.periodCode.dropFirst(4).prefix(2))),
                p.end <= q.end
            else { return nil }
            return (o, p, pref)
        }
        guard
            let best = candidates.min(by: { a, b in
                a.1.end != b.1.end ? a.1.end > b.1.end : a.2 < b.2
            })
        else {
            return Cell(arithmetic: "no CBS cell \(source.table) \(source.measure) \(source.regio) up to \(q)",
                        notes: ["geen CBS-waarde beschikbaar tot en met \(q)"])
        }
        let o = best.0
        let sameCell = candidates.filter { $0.1.end == best.1.end && $0.2 == best.2 }
        var notes: [String] = []
        if sameCell.count > 1 {
            notes.append("\(sameCell.count) CBS-cellen voor \(o.periodCode): dimensies in de catalogus preciseren")
        }
        return Cell(
            value: o.value, reporting: 0, inputs: [InputRef(o)],
            arithmetic: "CBS \(source.table) \(source.measure) \(o.regio.isEmpty ? source.regio : o.regio) \(o.periodCode) = \(o.value.map(term) ?? o.valueAttribute.symbol)",
            notes: notes, inputStatus: o.valueStatus, periodOverride: o.periodCode, attribute: o.valueAttribute)
    }
}
