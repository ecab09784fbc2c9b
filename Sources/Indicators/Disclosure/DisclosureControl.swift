import ImpactModel
import RunArtifacts

/// Whether and how a cell is published: the outcome of coverage and disclosure control.
package struct CellDecision: Sendable, Hashable {
    /// ok, partial, withheld, suppressed or missing.
    package var status: CellStatus
    /// CBS symbol shown instead of a value: `x` (geheim, disclosure control), `.` (onbekend, withheld or missing).
    package var symbol: String
    /// Why, as stored note clauses (``MetricNote/stored``, for the `note` column); the report renders them.
    package var reasons: [String]
    /// A published share or growth rate whose numerator and denominator columns stay empty, because its
    /// denominator fails a primary rule (METRICS.md §8: primary rules on every published magnitude).
    package var hidesParts: Bool = false

    /// Whether the value is printed.
    package var isPublished: Bool { status == .ok || status == .partial }
}

/// Coverage rules and statistical disclosure control (METRICS.md §8).
///
/// Primary suppression: the threshold rule (fewer than `min_n` contributing enterprises: 3, or 5 for target-group
/// person data and beneficiaries) and, for magnitude cells, the (n, k) = (2, 85) dominance rule (the 2 largest
/// contributors above 85 % of the cell total), both as defined in the ESSnet Handbook on SDC ch. 4 and the
/// τ-Argus manual. Secondary suppression protects suppressed cells of a breakdown published with its total.
/// Coverage: ≥ 80 % ok, 60–80 % partial, < 60 % withheld.
package enum DisclosureControl {
    /// n of the (n, k) dominance rule.
    package static let dominanceN = 2
    /// k of the (n, k) dominance rule, percent.
    package static let dominanceK = 85.0

    /// Share (percent) of the `dominanceN` largest contributions in their total; `nil` when the total is not positive.
    package static func dominanceShare(_ contributions: [Double]) -> Double? {
        let total = contributions.reduce(0) { $0 + abs($1) }
        guard total > 0 else { return nil }
        let top = contributions.map(abs).sorted(by: >).prefix(dominanceN).reduce(0, +)
        return top / total * 100
    }

    /// Why a cell is unsafe under the primary rules, or `nil` when it is safe.
    package static func primaryReason(reporting: Int, contributions: [Double], minN: Int, rule: DisclosureRule)
        -> String?
    {
        guard rule != .none, reporting > 0 else { return nil }
        if reporting < minN {
            return MetricNote.fewerThan(minimum: minN).stored
        }
        if rule == .magnitude, let share = dominanceShare(contributions), share > dominanceK {
            return MetricNote.dominance(largest: dominanceN, percent: Int(dominanceK)).stored
        }
        return nil
    }

    /// Coverage status: ≥ 80 % ok, 60–80 % partial, < 60 % withheld (METRICS.md §8).
    package static func coverageStatus(_ coverage: Double?) -> CellStatus {
        guard let coverage else { return .ok }
        if coverage >= 80 { return .ok }
        if coverage >= 60 { return .partial }
        return .withheld
    }

    /// Decides a single cell: missing, suppressed (primary), withheld/partial (coverage) or ok.
    /// Enterprise-level cells (core group only) are subject to neither rule.
    package static func decide(_ cell: Cell, minN: Int, rule: DisclosureRule, enterpriseLevel: Bool = false)
        -> CellDecision
    {
        if cell.value == nil && cell.category == nil {
            let symbol = cell.attribute == .confidential ? "x" : "."
            return CellDecision(status: .missing, symbol: symbol, reasons: [])
        }
        if enterpriseLevel { return CellDecision(status: .ok, symbol: "", reasons: []) }
        if let reason = primaryReason(
            reporting: cell.reporting, contributions: cell.contributions, minN: minN, rule: rule)
        {
            return CellDecision(status: .suppressed, symbol: "x", reasons: [reason])
        }
        // The same threshold for a count hidden in a share's numerator (the class counts it would reveal use 3).
        if rule != .none, let k = cell.numeratorEnterprises, k > 0, k < 3 {
            return CellDecision(
                status: .suppressed, symbol: "x",
                reasons: [MetricNote.numeratorFewerThan(minimum: 3).stored])
        }
        let cov = cell.coverage
        switch coverageStatus(cov) {
        case .withheld:
            return CellDecision(
                status: .withheld, symbol: ".",
                reasons: [MetricNote.coverageBelowThreshold.stored])
        case .partial:
            return CellDecision(
                status: .partial, symbol: "",
                reasons: [MetricNote.coveragePartial(percent: roundHalfAway(cov ?? 0, 1)).stored])
        default:
            return CellDecision(status: .ok, symbol: "", reasons: [])
        }
    }

    /// The note of a published row whose numerator and denominator are left out (no figures in it: it is public).
    package static let partsHiddenNote = MetricNote.partsHidden.stored

    /// ``decide(_:minN:rule:enterpriseLevel:)`` plus the rules that need the metric's definition (METRICS.md §8):
    /// - the percentage rule: a percentage only where its denominator holds ≥ ``MetricDefinition/percentMinEnterprises``
    ///   enterprises (``Cell/denominatorEnterprises``, else ``Cell/reporting``) and, for an FTE or person
    ///   denominator, ≥ ``MetricDefinition/percentMinDenominator`` of them; otherwise suppressed;
    /// - primary rules on the denominator: when the denominator's own contributions
    ///   (``Cell/denominatorContributions``) fail min N or (2, 85) dominance, the row keeps its value but not its
    ///   numerator and denominator (``CellDecision/hidesParts``).
    package static func decide(_ cell: Cell, definition def: MetricDefinition) -> CellDecision {
        var d = decide(cell, minN: def.minN, rule: def.disclosure)
        guard d.isPublished, def.disclosure != .none else { return d }
        if let min = def.percentMinEnterprises {
            let n = cell.denominatorEnterprises ?? cell.reporting
            if n < min {
                return CellDecision(
                    status: .suppressed, symbol: "x",
                    reasons: [MetricNote.percentRuleEnterprises(minimum: min).stored])
            }
        }
        if let min = def.percentMinDenominator, let den = cell.denominator, den < min {
            return CellDecision(
                status: .suppressed, symbol: "x",
                reasons: [MetricNote.percentRuleDenominator(minimum: min).stored])
        }
        if def.disclosure == .magnitude, let dc = cell.denominatorContributions, !dc.isEmpty,
            primaryReason(reporting: dc.count, contributions: dc, minN: def.minN, rule: .magnitude) != nil
        {
            d.hidesParts = true
            d.reasons.append(partsHiddenNote)
        }
        return d
    }

    /// Secondary suppression in a breakdown published with its total: while the hidden cells (suppressed or
    /// withheld, with a value) could be derived from the total — one hidden cell, or hidden cells that together
    /// fail the primary rules — the published cell with contributors and the smallest value (then fewest
    /// enterprises) is
    /// suppressed too; when no published cell is left, the total is suppressed. Cells of overlapping
    /// breakdowns (themes) are treated the same way, which is conservative. A suppressed total gets one hidden
    /// cell with contributors, or it would be the sum of the published cells. Several breakdowns of one total are
    /// protected one by one; attacks that combine two breakdowns (linked tables) are not modelled.
    /// - Returns: the decisions of the total and the cells, in the order given.
    package static func protect(
        total: (cell: Cell, decision: CellDecision), cells: [(cell: Cell, decision: CellDecision)], minN: Int,
        rule: DisclosureRule
    ) -> (total: CellDecision, cells: [CellDecision]) {
        var totalDecision = total.decision
        var decisions = cells.map(\.decision)
        guard rule != .none else { return (totalDecision, decisions) }
        if totalDecision.status == .suppressed {
            // A suppressed total is the sum of its cells: at least one cell with contributors must be hidden too.
            let hiddenWithData = cells.indices.contains {
                !decisions[$0].isPublished && cells[$0].cell.value != nil && cells[$0].cell.reporting > 0
            }
            let candidates = cells.indices.filter { decisions[$0].isPublished && cells[$0].cell.reporting > 0 }
            if !hiddenWithData, let pick = candidates.min(by: { smaller(cells[$0].cell, cells[$1].cell) }) {
                decisions[pick] = CellDecision(
                    status: .suppressed, symbol: "x",
                    reasons: [MetricNote.secondaryTotalIsSum.stored])
            }
            return (totalDecision, decisions)
        }
        guard totalDecision.isPublished else { return (totalDecision, decisions) }
        while decisions.contains(where: { $0.status == .suppressed }) {
            let hidden = cells.indices.filter {
                (decisions[$0].status == .suppressed || decisions[$0].status == .withheld)
                    && cells[$0].cell.value != nil
                    && cells[$0].cell.reporting > 0
            }
            let reporting = hidden.reduce(0) { $0 + cells[$1].cell.reporting }
            let contributions = hidden.flatMap { cells[$0].cell.contributions }
            if hidden.count >= 2,
                primaryReason(reporting: reporting, contributions: contributions, minN: minN, rule: rule) == nil
            {
                break
            }
            // A cell without contributors (a structural 0) hides nothing, so it is never chosen.
            let candidates = cells.indices.filter { decisions[$0].isPublished && cells[$0].cell.reporting > 0 }
            guard let pick = candidates.min(by: { smaller(cells[$0].cell, cells[$1].cell) }) else {
                totalDecision = CellDecision(
                    status: .suppressed, symbol: "x",
                    reasons: [MetricNote.secondaryTotal.stored])
                break
            }
            decisions[pick] = CellDecision(
                status: .suppressed, symbol: "x",
                reasons: [MetricNote.secondarySuppression.stored])
        }
        return (totalDecision, decisions)
    }

    /// Order of secondary-suppression candidates: smaller value first, then fewer enterprises.
    private static func smaller(_ a: Cell, _ b: Cell) -> Bool {
        let va = a.value ?? 0
        let vb = b.value ?? 0
        return va != vb ? va < vb : a.reporting < b.reporting
    }
}
