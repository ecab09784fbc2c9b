import Foundation
import ImpactModel
import RunArtifacts

/// The protector's own interval audit (issue 14 item 2): what a reader of the public files can derive about each
/// hidden cell of a run, by interval constraint propagation over the identities of docs/metrics.md ("What a reader
/// knows" 1–4), and a greedy secondary suppression that hides one more published cell while some hidden cell's
/// feasible interval is narrower than its protection level.
///
/// A variable per published or hidden magnitude of the municipality's programme rows: the value of an additive kind
/// (`active_count`, `entry_count_r4q`, `exit_count_r4q`, `stock_sum`, `flow_sum_r4q`, `scale_class` counts), the
/// numerator and denominator of a share (`ratio_q`, `ratio_r4q`). Bounds: a published value v with d decimals lies
/// in [v − ½·10^−d, v + ½·10^−d] (a person count rounded to a multiple of b at publication: [round_b(v) − b/2,
/// round_b(v) + b/2]); a hidden value in [0, ∞); a missing cell is 0. Constraints: breakdowns that partition the
/// population add up to the total (exit reasons at most to it; `theme_count` and `theme_combination` too, and each
/// `theme_count` cell is the sum of the combinations of that many themes); stock–flow between quarters. Protection level
/// (τ-Argus, ESSnet Handbook ch. 4): a count must keep two possible values (width ≥ 1); a magnitude an interval at
/// least 10 % of its upper bound wide (the p %-rule's p of METRICS.md §8).
///
/// Propagation is sound but can be weaker than a linear program; the test-side auditor (`PublicAuditor`, LP by
/// scipy's HiGHS) checks the result independently.
package struct DisclosureAudit {
    /// A hidden magnitude whose interval is too narrow.
    package struct Pin: Sendable, Hashable, CustomStringConvertible {
        package var variable: String
        package var lo: Double
        package var hi: Double
        package var description: String { "\(variable) ∈ [\(lo), \(hi)]" }
    }

    struct Variable {
        var name: String
        var row: Int
        var lo: Double?
        var hi: Double?
        var integer: Bool
        var hidden: Bool
        /// Hidden by disclosure control (suppressed), so protected; a withheld cell (coverage) is unknown but not secret.
        var secret: Bool
        var isTotal: Bool
    }

    struct Constraint {
        var terms: [(v: Int, c: Double)]
        var lo: Double?
        var hi: Double?
    }

    static let partitions: Set<String> = [
        "sbi_section", "se_basis", "pso_level", "inflow_component", "scale_class", "theme_count", "theme_combination",
    ]
    static let additive: Set<ComputeKind> = [
        .active_count, .entry_count_r4q, .exit_count_r4q, .stock_sum, .flow_sum_r4q, .scale_class,
    ]
    static let ratios: Set<ComputeKind> = [.ratio_q, .ratio_r4q]

    var variables: [Variable] = []
    var index: [String: Int] = [:]
    var constraints: [Constraint] = []

    /// Builds the model of `rows` (the municipality's programme rows; others are ignored).
    init(rows: [MetricRecord], catalogue: MetricCatalogue, municipality: String) {
        var defs: [String: MetricDefinition] = [:]
        for m in catalogue.metrics { defs[m.id] = m }
        var keys: Set<String> = []
        // Breakdown cells by table `metric|period|dimension`, collected with the keys (no key is split again).
        var tables: [String: [String]] = [:]
        func insert(_ key: String, _ r: MetricRecord) {
            guard keys.insert(key).inserted, !r.breakdown.contains("|"), let eq = r.breakdown.firstIndex(of: "=")
            else { return }
            tables["\(r.metricID)|\(r.period)|\(r.breakdown[..<eq])", default: []].append(key)
        }
        for (i, r) in rows.enumerated() where r.level != "enterprise" && r.entity == municipality {
            guard let m = defs[r.metricID], m.disclosure != .none, !r.breakdown.hasPrefix("panel=") else { continue }
            let key = "\(r.metricID)|\(r.period)|\(r.breakdown)"
            let hidden = r.status == .suppressed || r.status == .withheld
            let secret = r.status == .suppressed || (r.status == .ok || r.status == .partial)
            let published = r.status == .ok || r.status == .partial
            if Self.additive.contains(m.kind) {
                insert(key, r)
                let isCount = r.unit == "count"
                var (lo, hi): (Double?, Double?) = (0, nil)
                if published, let v = r.value {
                    (lo, hi) = Self.interval(v, decimals: m.decimals, base: r.unit == "persons" ? m.roundingBase : nil)
                } else if r.status == .missing {
                    (lo, hi) = (0, 0)
                }
                add(
                    "v:" + key, row: i, lo: lo, hi: hi, integer: isCount, hidden: hidden, secret: hidden && secret,
                    total: r.breakdown.isEmpty)
            } else if Self.ratios.contains(m.kind) {
                insert(key, r)
                for (side, part) in [("n", r.numerator), ("d", r.denominator)] {
                    var (lo, hi): (Double?, Double?) = (0, nil)
                    if published, let p = part {
                        (lo, hi) = Self.interval(p, decimals: 6, base: m.roundingBase)
                    } else if r.status == .missing {
                        (lo, hi) = (0, 0)
                    }
                    let partHidden = hidden || (published && part == nil)
                    add(
                        "\(side):" + key, row: i, lo: lo, hi: hi, integer: false, hidden: partHidden,
                        secret: partHidden && secret,
                        total: r.breakdown.isEmpty)
                }
            }
        }
        // Breakdowns: total = Σ cells (exit reasons: Σ cells ≤ total).
        for (table, cells) in tables.sorted(by: { $0.key < $1.key }) {
            let parts = table.split(separator: "|").map(String.init)
            let dimension = parts[2]
            guard Self.partitions.contains(dimension) || dimension == "exit_reason" else { continue }
            for side in ["v", "n", "d"] {
                guard let total = index["\(side):\(parts[0])|\(parts[1])|"] else { continue }
                let terms = [(total, 1.0)] + cells.compactMap { index["\(side):" + $0] }.map { ($0, -1.0) }
                guard terms.count > 1 else { continue }
                constraints.append(Constraint(terms: terms, lo: 0, hi: dimension == "exit_reason" ? nil : 0))
            }
        }
        // Theme overlap (issue 16): each theme_count cell k = Σ theme_combination cells of k themes (`3+`: 3 or
        // more; `geen` nests in `geen`), so a combination hidden alone in its count cell is bounded by it.
        for (table, cells) in tables where table.hasSuffix("|theme_count") {
            let parts = table.split(separator: "|").map(String.init)
            let combinationTable = "\(parts[0])|\(parts[1])|theme_combination"
            guard let combinations = tables[combinationTable] else { continue }
            // The combinations of each theme count, in table order (each combination's count key made once).
            var byCount: [String: [String]] = [:]
            for c in combinations {
                let key = ThemeOverlap.countKey(ofCombination: String(c.split(separator: "=", maxSplits: 1).last ?? ""))
                byCount[key, default: []].append(c)
            }
            for countCell in cells {
                let countKey = String(countCell.split(separator: "=", maxSplits: 1).last ?? "")
                let children = byCount[countKey] ?? []
                guard !children.isEmpty else { continue }
                for side in ["v", "n", "d"] {
                    guard let parent = index["\(side):" + countCell] else { continue }
                    let terms = [(parent, 1.0)] + children.compactMap { index["\(side):" + $0] }.map { ($0, -1.0) }
                    guard terms.count > 1 else { continue }
                    constraints.append(Constraint(terms: terms, lo: 0, hi: 0))
                }
            }
        }
        // Stock–flow: active(Q) − active(Q−4) − inflow(Q) + outflow(Q) = 0.
        for key in keys where key.hasPrefix("pop_active_se|") && key.hasSuffix("|") {
            let period = key.split(separator: "|")[1]
            guard let q = try? Quarter(parsing: String(period)) else { continue }
            let names = [
                "pop_active_se|\(q)|", "pop_active_se|\(q - 4)|", "pop_inflow_se_r4q|\(q)|", "pop_outflow_se_r4q|\(q)|",
            ]
            let vs = names.compactMap { index["v:" + $0] }
            guard vs.count == 4 else { continue }
            constraints.append(Constraint(terms: [(vs[0], 1), (vs[1], -1), (vs[2], -1), (vs[3], 1)], lo: 0, hi: 0))
        }
        propagate()
    }

    private mutating func add(
        _ name: String, row: Int, lo: Double?, hi: Double?, integer: Bool, hidden: Bool, secret: Bool, total: Bool
    ) {
        index[name] = variables.count
        var v = Variable(
            name: name, row: row, lo: lo, hi: hi, integer: integer, hidden: hidden, secret: secret, isTotal: total)
        if integer { Self.roundInward(&v) }
        variables.append(v)
    }

    /// The reader's interval of a published value: its rounding interval.
    static func interval(_ v: Double, decimals: Int, base: Int?) -> (Double?, Double?) {
        if let base {
            let r = Exact.roundedToMultiple(Exact.decimal(v), of: base)
            return (max(0, r - Double(base) / 2), r + Double(base) / 2)
        }
        let h = 0.5 * pow(10, -Double(decimals))
        return (max(0, v - h), v + h)
    }

    private static func roundInward(_ v: inout Variable) {
        if let lo = v.lo { v.lo = (lo - 1e-9).rounded(.up) }
        if let hi = v.hi { v.hi = (hi + 1e-9).rounded(.down) }
    }

    private mutating func propagate() {
        for _ in 0..<100 {
            var changed = false
            for con in constraints {
                for (j, tj) in con.terms.enumerated() {
                    var restMin: Double? = 0
                    var restMax: Double? = 0
                    for (i, ti) in con.terms.enumerated() where i != j {
                        let b = variables[ti.v]
                        let (mn, mx) =
                            ti.c > 0
                            ? (b.lo.map { $0 * ti.c }, b.hi.map { $0 * ti.c })
                            : (b.hi.map { $0 * ti.c }, b.lo.map { $0 * ti.c })
                        restMin = restMin.flatMap { r in mn.map { r + $0 } }
                        restMax = restMax.flatMap { r in mx.map { r + $0 } }
                    }
                    let low = con.lo.flatMap { l in restMax.map { l - $0 } }
                    let high = con.hi.flatMap { u in restMin.map { u - $0 } }
                    let (lo, hi) =
                        tj.c > 0
                        ? (low.map { $0 / tj.c }, high.map { $0 / tj.c })
                        : (high.map { $0 / tj.c }, low.map { $0 / tj.c })
                    var v = variables[tj.v]
                    let before = (v.lo, v.hi)
                    if let lo, v.lo.map({ lo > $0 + 1e-9 }) ?? true { v.lo = lo }
                    if let hi, v.hi.map({ hi < $0 - 1e-9 }) ?? true { v.hi = hi }
                    if v.integer { Self.roundInward(&v) }
                    if before.0 != v.lo || before.1 != v.hi {
                        variables[tj.v] = v
                        changed = true
                    }
                }
            }
            if !changed { break }
        }
    }

    /// Hidden magnitudes whose interval is narrower than their protection level.
    var pins: [Pin] {
        variables.compactMap { v in
            guard v.secret, let lo = v.lo, let hi = v.hi else { return nil }
            let width = hi - lo
            let narrow = v.integer ? width < 1 : width < max(hi / 10, 1e-9)
            return narrow ? Pin(variable: v.name, lo: lo, hi: hi) : nil
        }
    }

    /// The row to hide so that `pin` gets room: among the published variables that share a constraint with it, a
    /// breakdown cell before a total, a non-zero cell before a 0, then the smallest value (τ-Argus's cost: the
    /// least information lost).
    func candidate(for pin: Pin) -> Int? {
        guard let p = index[pin.variable] else { return nil }
        var best: (row: Int, rank: [Double])? = nil
        for con in constraints where con.terms.contains(where: { $0.v == p }) {
            for t in con.terms where t.v != p {
                let v = variables[t.v]
                guard !v.hidden, v.lo != nil || v.hi != nil else { continue }
                let size = v.hi ?? .infinity
                let rank: [Double] = [v.isTotal ? 1 : 0, size <= 0 ? 1 : 0, size]
                if best.map({ rank.lexicographicallyPrecedes($0.rank) }) ?? true { best = (v.row, rank) }
            }
        }
        return best?.row
    }
}
