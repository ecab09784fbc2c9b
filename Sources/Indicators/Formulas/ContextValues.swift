import ImpactModel
import RunArtifacts

/// CBS StatLine context values (METRICS.md §4, §6.3 `ctx_*`).
package enum ContextValues {
    /// The latest CBS value of `source` available at report quarter `q`: among observations of the table,
    /// measure, region and dimensions, with a period type in `periodTypes` ending no later than `q` ends, the one
    /// ending last that has a value (ties: the first type in `periodTypes`). A later period without a value (a CBS
    /// symbol, or a quarter Normalization could not fold from incomplete months, `quarter_rule=onvolledig`) is named
    /// in a note; when no period has a value the newest is shown as missing with its CBS symbol. The period shown
    /// is the CBS code (`2025JJ00`).
    package static func latest(_ source: ContextSource, _ observations: [Observation], at q: Quarter) -> Cell {
        let national = ["NL01", "NL00", "NL"]
        let wantNational = national.contains(source.regio)
        let table = source.table.lowercased()
        let candidates: [(Observation, PeriodCode, Int)] = observations.compactMap { o in
            guard o.dataset == source.table || o.dataset.lowercased() == table, o.measure == source.measure,
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
        let ranked = candidates.sorted { a, b in a.1.end != b.1.end ? a.1.end > b.1.end : a.2 < b.2 }
        guard let newest = ranked.first else {
            return Cell(
                arithmetic: "no CBS cell \(source.table) \(source.measure) \(source.regio) up to \(q)",
                notes: [MetricNote.noCBSValue(upTo: q.description).stored])
        }
        let best = ranked.first { $0.0.value != nil } ?? newest
        let o = best.0
        var notes: [String] = []
        if best.1.code != newest.1.code {
            let why = dimensionValue(newest.0.dimensions, "quarter_rule") ?? newest.0.valueAttribute.rawValue
            notes.append(Self.laterPeriodNote(newest.1.code, why: why).stored)
            notes.append(MetricNote.shown(period: o.periodCode).stored)
        }
        let sameCell = candidates.filter { $0.1.code == best.1.code }
        if sameCell.count > 1 {
            notes.append(MetricNote.cbsCellsAmbiguous(count: sameCell.count, period: o.periodCode).stored)
        }
        return Cell(
            value: o.value, reporting: 0, inputs: [InputRef(o)],
            arithmetic:
                "CBS \(source.table) \(source.measure) \(o.regio.isEmpty ? source.regio : o.regio) \(o.periodCode) = \(o.value.map(term) ?? o.valueAttribute.symbol)",
            notes: notes, inputStatus: o.valueStatus, periodOverride: o.periodCode, attribute: o.valueAttribute)
    }

    /// The note on a later CBS period `period` without a value: incomplete months when Normalization could not fold
    /// the quarter (`why` is its `quarter_rule`, `onvolledig: 2 van 3 maanden`), else the CBS reason (`why` is a
    /// ``ValueAttribute`` raw value; anything else reads as not yet known).
    static func laterPeriodNote(_ period: String, why: String) -> MetricNote {
        if let m = why.wholeMatch(of: /onvolledig: ([0-9]+) van ([0-9]+) maanden/), let months = Int(m.1),
            let of = Int(m.2)
        {
            return .laterPeriodIncomplete(period: period, months: months, of: of)
        }
        return .laterPeriodEmpty(period: period, attribute: ValueAttribute(rawValue: why) ?? .not_available)
    }
}
