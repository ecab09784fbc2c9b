import ImpactModel
import RunArtifacts

/// The run-level disclosure step: it sees every public table of a run (all metrics, all quarters of the revision
/// window) after ``DisclosureControl`` has decided each cell and each breakdown, and protects the relations that
/// link tables, which no single table shows (issue 14 item 1; METRICS.md §8 "secondary suppression"; τ-Argus
/// manual, linked tables).
///
/// Modelled identity (docs/metrics.md, "What a reader knows"):
/// - stock–flow: `pop_active_se(Q) − pop_active_se(Q−4) = pop_inflow_se_r4q(Q) − pop_outflow_se_r4q(Q)` for the
///   programme totals (an enterprise active at the end of Q−4 and not at the end of Q left in the 4 quarters; one
///   active at Q and not at Q−4 entered in them). A stock of a quarter before the run's window is taken as
///   published (earlier reports printed it). When exactly one of the four is hidden, it is pinned: the other flow
///   is hidden too (secondary), and its breakdown gets one hidden cell, so that neither flow is bounded above.
///   A hidden flow may be 0: public notes do not say why a cell is hidden, and docs/metrics.md says a secondary
///   suppression can hide a 0, so a reader knows only that a hidden count is ≥ 0.
///
/// Then ``protectIntervals(_:catalogue:municipality:)`` checks the whole run with ``DisclosureAudit`` (interval
/// propagation over every modelled identity) and hides further cells until no suppressed cell is pinned. What leaves
/// the building is then cut by one gate, `Reporting.PublicationDisclosure`.
///
/// The breakdown identities (total = Σ cells) are protected per table by ``DisclosureControl/protect(total:cells:minN:rule:)``;
/// magnitudes shared by two rows (a procurement share's denominator that is another's numerator) are held to the
/// primary rules where they are published (``DisclosureControl/decide(_:definition:)``).
package enum DisclosureStep {
    /// The note of a cell hidden by this step.
    package static let stockFlowNote = MetricNote.secondaryStockFlow.stored

    /// Applies the run-level protection to `rows` (programme totals and breakdown cells of every quarter).
    /// - Returns: the provenance ids of the rows it hid.
    @discardableResult
    package static func protectLinks(_ rows: inout [MetricRecord], municipality: String) -> [String] {
        var at: [String: Int] = [:]
        for (i, r) in rows.enumerated() where r.level != "enterprise" && r.entity == municipality {
            at["\(r.metricID)|\(r.period)|\(r.breakdown)"] = i
        }
        func hidden(_ i: Int) -> Bool { rows[i].status == .suppressed || rows[i].status == .withheld }
        var changed: [String] = []
        let quarters = rows.compactMap { r -> Quarter? in
            r.metricID == "pop_inflow_se_r4q" && r.breakdown.isEmpty ? try? Quarter(parsing: r.period) : nil
        }
        for q in quarters.sorted() {
            guard let inflow = at["pop_inflow_se_r4q|\(q)|"], let outflow = at["pop_outflow_se_r4q|\(q)|"],
                let now = at["pop_active_se|\(q)|"]
            else { continue }
            let before = at["pop_active_se|\(q - 4)|"]
            let hiddenCount = [inflow, outflow, now].filter(hidden).count + (before.map(hidden) == true ? 1 : 0)
            guard hiddenCount == 1 else { continue }
            // Hide the other flow (the stocks are the headline figures).
            let pick: Int
            if hidden(inflow) {
                pick = outflow
            } else if hidden(outflow) {
                pick = inflow
            } else {
                pick = rows[inflow].value ?? 0 <= rows[outflow].value ?? 0 ? inflow : outflow
            }
            hide(&rows[pick], note: stockFlowNote)
            changed.append(rows[pick].provenanceID)
            // The hidden total would be the sum of its cells: hide one cell of each of its breakdowns too.
            let metric = rows[pick].metricID
            let prefix = "\(metric)|\(q)|"
            var tables: [String: [Int]] = [:]
            for (key, i) in at where key.hasPrefix(prefix) && key.count > prefix.count {
                let dimension = key.dropFirst(prefix.count).split(separator: "=").first.map(String.init) ?? ""
                tables[dimension, default: []].append(i)
            }
            for (_, cells) in tables.sorted(by: { $0.key < $1.key }) where !cells.contains(where: hidden) {
                // The smallest cell with enterprises, else the smallest (a 0).
                let ordered = cells.sorted { a, b in
                    let (va, vb) = (rows[a].value ?? 0, rows[b].value ?? 0)
                    let (ea, eb) = (va > 0 ? 0 : 1, vb > 0 ? 0 : 1)
                    return ea != eb ? ea < eb : va != vb ? va < vb : rows[a].breakdown < rows[b].breakdown
                }
                if let c = ordered.first {
                    hide(&rows[c], note: MetricNote.secondaryTotalIsSum.stored)
                    changed.append(rows[c].provenanceID)
                }
            }
        }
        return changed
    }

    /// The note of a cell hidden by the interval audit.
    package static let intervalNote = MetricNote.secondaryInterval.stored

    /// Secondary suppression checked by the interval audit (``DisclosureAudit``): while a hidden cell of the run
    /// can be bounded more tightly than its protection level from the published cells and the modelled identities,
    /// the cheapest published cell that shares an identity with it is hidden too. Runs after
    /// ``protectLinks(_:municipality:)``.
    /// - Returns: the provenance ids of the rows it hid, and the pins it could not resolve (no published cell left
    ///   in their identities; reported as diagnostics).
    package static func protectIntervals(
        _ rows: inout [MetricRecord], catalogue: MetricCatalogue, municipality: String
    ) -> (hidden: [String], unresolved: [DisclosureAudit.Pin]) {
        var changed: [String] = []
        for _ in 0..<1000 {
            let audit = DisclosureAudit(rows: rows, catalogue: catalogue, municipality: municipality)
            let pins = audit.pins
            guard !pins.isEmpty else { return (changed, []) }
            guard let row = pins.lazy.compactMap({ audit.candidate(for: $0) }).first else { return (changed, pins) }
            hide(&rows[row], note: intervalNote)
            changed.append(rows[row].provenanceID)
        }
        return (changed, DisclosureAudit(rows: rows, catalogue: catalogue, municipality: municipality).pins)
    }

    private static func hide(_ r: inout MetricRecord, note: String) {
        r.status = .suppressed
        r.symbol = "x"
        r.value = nil
        r.category = nil
        r.numerator = nil
        r.denominator = nil
        r.note = r.note.isEmpty ? note : "\(note); \(r.note)"
    }
}
