import CSVCodec
import Foundation
import ImpactModel
import Indicators
import TestSupport

/// An attacker with a calculator, written apart from the protector (issue 14 item 2): it reads only the public
/// `metrics.csv` of a run and the published rules (`config/metrics.yaml`: kinds, decimals, minimum N), derives the
/// interval every hidden value can still take, and reports
/// - a hidden value (a suppressed cell, or the numerator or denominator of a suppressed share) whose feasible
///   interval is narrower than its protection level: 1 for a count (at least two values possible), p = 10 % of the
///   interval's upper bound for a magnitude (which is at least 10 % of the true value, the p %-rule's protection
///   level of the τ-Argus manual);
/// - a published cell that breaks a primary rule the public file can show: fewer than `min_n` enterprises, a
///   magnitude published in one row that another row's note says is unsafe (dominance or minimum N), a share or
///   panel growth rate on fewer enterprises than `percent_min_enterprises` (the only kinds whose `n_enterprises`
///   is the denominator's), a person count not a multiple of its rounding base.
///
/// What the reader knows, and so what is modelled (each a linear relation with coefficients ±1):
/// 1. a published value v with d decimals lies in [v − ½·10^−d, v + ½·10^−d] (±½ base when rounded to a base);
/// 2. counts are integers; counts, sums of non-negative measures and shares are ≥ 0; a suppressed count whose
///    public note says "minder dan N ondernemingen" lies in [1, N − 1];
/// 3. breakdowns that partition the population add up to the total (`sbi_section`, `se_basis`, `pso_level`,
///    `inflow_component`, `scale_class`, `theme_count`, `theme_combination`); `exit_reason` cells add up to at most
///    the total; for shares (ratio kinds) the numerators and denominators of such cells add up to the total's; each
///    `theme_count` cell k is the sum of the `theme_combination` cells of k themes (`3+`: three or more);
/// 4. stock–flow: pop_active_se(Q) − pop_active_se(Q−4) = pop_inflow_se_r4q(Q) − pop_outflow_se_r4q(Q);
/// 5. procurement shares: the numerator (denominator) is Σ of one measure over one supplier scope in the 4 quarters,
///    so two shares that name the same measure and scope publish the same magnitude;
/// 6. a published share v (d decimals, factor `scale`) of numerator n and denominator d: a·d ≤ scale·n ≤ b·d with
///    [a, b] the rounding interval of v (linear, since d ≥ 0); its parts are secret when their columns are empty.
///
/// Intervals: first constraint propagation to a fixpoint over exact decimals (rounding integer variables inward),
/// then τ-Argus's audit: the minimum and maximum of every hidden value over the linear program of all these
/// relations (`tools/checks/interval_lp.py`, scipy `linprog` with HiGHS, solved per connected component). The LP
/// bounds of an integer variable are rounded inward; the integer hull can be narrower still, so a pin that needs
/// integrality beyond rounding can be missed (as in τ-Argus's audit).
struct PublicAuditor {
    struct Finding: CustomStringConvertible, Hashable {
        enum Kind: String { case pinned, primary, inconsistent }
        var kind: Kind
        var cell: String
        var detail: String
        var description: String { "\(kind.rawValue) \(cell): \(detail)" }
    }

    struct Bound: CustomStringConvertible {
        var lo: Decimal?
        var hi: Decimal?
        var width: Decimal? {
            guard let lo, let hi else { return nil }
            return hi - lo
        }
        var description: String { "[\(lo.map { "\($0)" } ?? "−∞"), \(hi.map { "\($0)" } ?? "∞")]" }
    }

    private struct Constraint {
        var terms: [(v: Int, c: Decimal)]
        var lo: Decimal?
        var hi: Decimal?
    }

    let catalogue: MetricCatalogue
    private(set) var names: [String] = []
    private var index: [String: Int] = [:]
    private(set) var bounds: [Bound] = []
    private var integer: [Bool] = []
    private var constraints: [Constraint] = []
    /// Variables that are secret (hidden by disclosure control), with their kind.
    private var secret: [Int: Bool] = [:]  // value: is a count
    private(set) var findings: [Finding] = []

    static let partitions: Set<String> = [
        "sbi_section", "se_basis", "pso_level", "inflow_component", "scale_class", "theme_count", "theme_combination",
    ]

    /// The `theme_count` cell a `theme_combination` key lies in, from the published key alone: the number of
    /// `+`-joined theme ids, `3+` from three on; `geen` stays `geen` (README, "Thema's die elkaar kruisen").
    static func themeCount(ofCombination key: String) -> String {
        if key == "geen" { return "geen" }
        let n = key.split(separator: "+").count
        return n >= 3 ? "3+" : String(n)
    }
    static let additiveKinds: Set<String> = [
        "active_count", "entry_count_r4q", "exit_count_r4q", "stock_sum", "flow_sum_r4q", "scale_class",
    ]
    static let ratioKinds: Set<String> = ["ratio_q", "ratio_r4q"]

    init(csv: Data, catalogue: MetricCatalogue) throws {
        self.catalogue = catalogue
        let t = try CSVReader.read(csv, file: "metrics.csv")
        let rows = t.records.map { Dictionary(uniqueKeysWithValues: zip(t.header, $0.fields)) }
        build(rows)
        propagate()
        try linearProgram()
        check(rows)
    }

    /// How many hidden values the linear program bounded (two LPs each).
    private(set) var lpTargets = 0
    /// How many pinned values only the LP found (propagation alone left them wide enough).
    private(set) var lpOnlyPins = 0

    /// Whether a secret variable's interval is narrower than its protection level.
    private func narrow(_ v: Int) -> Bool {
        guard let isCount = secret[v], let width = bounds[v].width, let hi = bounds[v].hi else { return false }
        let protection: Decimal = isCount ? 1 : hi / 10
        return width < protection || width == 0
    }

    /// τ-Argus's audit: the minimum and maximum of every secret variable over the LP relaxation of all the
    /// constraints (`tools/checks/interval_lp.py`, scipy's HiGHS), intersected with the propagated bounds (which stay
    /// sound: propagation rounds integer variables inward, which an LP relaxation does not).
    private mutating func linearProgram() throws {
        func number(_ d: Decimal?) -> Any { d.map { NSDecimalNumber(decimal: $0).doubleValue } ?? NSNull() }
        let vars: [[String: Any]] = names.indices.map {
            ["name": names[$0], "lo": number(bounds[$0].lo), "hi": number(bounds[$0].hi), "int": integer[$0]]
        }
        let cons: [[String: Any]] = constraints.map { c in
            [
                "terms": c.terms.map { [$0.v, NSDecimalNumber(decimal: $0.c).doubleValue] as [Any] },
                "lo": number(c.lo), "hi": number(c.hi),
            ]
        }
        let targets = secret.keys.sorted()
        lpTargets = targets.count
        guard !targets.isEmpty else { return }
        let input = try JSONSerialization.data(withJSONObject: ["vars": vars, "cons": cons, "targets": targets])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", SharedData.packageRoot.appendingPathComponent("tools/checks/interval_lp.py").path,
        ]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 2 {
                findings.append(Finding(kind: .inconsistent, cell: "lp", detail: String(decoding: err, as: UTF8.self)))
                return
            }
            throw AuditError(
                message: "interval_lp.py exited \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        let before = Set(targets.filter(narrow))
        defer { lpOnlyPins = targets.filter { narrow($0) && !before.contains($0) }.count }
        let result = try JSONSerialization.jsonObject(with: out) as? [String: [Any]] ?? [:]
        for (key, pair) in result {
            guard let v = Int(key), pair.count == 2 else { continue }
            // Round the LP's binary bounds outward to 6 decimals, so that float noise never narrows an interval.
            func decimal(_ x: Any, up: Bool) -> Decimal? {
                guard let d = x as? Double else { return nil }
                let scaled = (d * 1_000_000).rounded(up ? .up : .down)
                return Decimal(string: String(format: "%.0f", scaled))! / 1_000_000
            }
            restrict(v, lo: decimal(pair[0], up: false), hi: decimal(pair[1], up: true))
        }
    }

    struct AuditError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private mutating func variable(_ name: String, integer isInt: Bool = false) -> Int {
        if let i = index[name] { return i }
        index[name] = names.count
        names.append(name)
        bounds.append(Bound())
        integer.append(isInt)
        return names.count - 1
    }

    private mutating func restrict(_ v: Int, lo: Decimal?, hi: Decimal?) {
        if let lo, bounds[v].lo.map({ lo > $0 }) ?? true { bounds[v].lo = lo }
        if let hi, bounds[v].hi.map({ hi < $0 }) ?? true { bounds[v].hi = hi }
    }

    static func decimal(_ s: String) -> Decimal? {
        s.isEmpty ? nil : Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
    }

    private static func half(_ decimals: Int) -> Decimal {
        var h = Decimal(5)
        for _ in 0..<(decimals + 1) { h /= 10 }
        return h
    }

    private mutating func build(_ rows: [[String: String]]) {
        var byKey: [String: [String: String]] = [:]
        for r in rows where r["level"] != "enterprise" {
            guard let id = r["metric_id"], let m = catalogue.metric(id), m.kind != .cbs_latest else { continue }
            let period = r["period"] ?? ""
            let breakdown = r["breakdown"] ?? ""
            let key = "\(id)|\(period)|\(breakdown)"
            byKey[key] = r
            let kind = m.kind.rawValue
            let isCount = r["unit"] == "count"
            let status = r["status"] ?? ""
            let hidden = status == "suppressed" || status == "withheld"
            let v = variable("v:" + key, integer: isCount)
            // A balanced-panel change row (`panel=yoy`) is a growth rate or a difference: it can be negative and
            // has no published parts.
            let isPanelChange = breakdown.hasPrefix("panel=")
            let nonNegative =
                !isPanelChange && m.kind != .yoy_composition && m.kind != .yoy_panel_growth
                && m.kind != .enterprise_yoy_r4q && m.kind != .cagr_3y && m.kind != .birch_3y
            if nonNegative { restrict(v, lo: 0, hi: nil) }
            if let value = Self.decimal(r["value"] ?? ""), !hidden {
                let rounded = m.roundingBase != nil && r["unit"] == "persons"
                let h = rounded ? Decimal(m.roundingBase ?? 0) / 2 : Self.half(m.decimals)
                restrict(v, lo: value - h, hi: value + h)
            } else if status == "missing" {
                // No contributor: adds 0 to any total.
                restrict(v, lo: 0, hi: 0)
            } else if status == "suppressed" {
                secret[v] = isCount
                let note = r["note"] ?? ""
                if isCount,
                    let range = note.range(of: #"minder dan [0-9]+ ondernemingen"#, options: .regularExpression),
                    let n = Int(note[range].split(separator: " ")[2])
                {
                    restrict(v, lo: 1, hi: Decimal(n - 1))
                }
            }
            // Numerators and denominators: published columns are constants (6 decimals); a suppressed share's are
            // secret.
            if !isPanelChange, Self.ratioKinds.contains(kind) || m.kind == .procurement_share {
                var parts: [Int] = []
                for (side, column) in [("n", "numerator"), ("d", "denominator")] {
                    let name: String
                    if m.kind == .procurement_share {
                        let measure = side == "n" ? m.inputs[0] : m.inputs[1]
                        let scope = side == "n" ? m.supplierScope : m.denominatorSupplierScope
                        name = "proc:\(measure)|\(scope.rawValue)|\(period)"
                    } else {
                        name = "\(side):" + key
                    }
                    let x = variable(name)
                    restrict(x, lo: 0, hi: nil)
                    if let c = Self.decimal(r[column] ?? ""), !hidden {
                        restrict(x, lo: c - Self.half(6), hi: c + Self.half(6))
                    } else if status == "suppressed" {
                        secret[x] = false
                    } else if !hidden, Self.decimal(r["value"] ?? "") != nil {
                        // A published share whose parts are left out (its denominator fails a primary rule).
                        secret[x] = false
                    }
                    parts.append(x)
                }
                // 6. A published share v = n / d × scale with v ∈ [a, b]: a·d ≤ scale·n ≤ b·d (linear in n and d).
                if !hidden, let value = Self.decimal(r["value"] ?? ""), let scale = Decimal(string: "\(m.scale)"),
                    scale > 0
                {
                    let h = Self.half(m.decimals)
                    constraints.append(
                        Constraint(terms: [(parts[0], scale), (parts[1], -(value - h))], lo: 0, hi: nil))
                    constraints.append(
                        Constraint(terms: [(parts[0], scale), (parts[1], -(value + h))], lo: nil, hi: 0))
                }
            }
        }
        // 3. Partitions: total = Σ cells (exit_reason: Σ cells ≤ total), for values and for share parts.
        var tables: [String: [String]] = [:]
        for key in byKey.keys {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let eq = parts[2].firstIndex(of: "=") else { continue }
            let dimension = String(parts[2][..<eq])
            tables["\(parts[0])|\(parts[1])|\(dimension)", default: []].append(key)
        }
        for (table, cells) in tables {
            let parts = table.split(separator: "|").map(String.init)
            guard let m = catalogue.metric(parts[0]) else { continue }
            let dimension = parts[2]
            guard Self.partitions.contains(dimension) || dimension == "exit_reason" else { continue }
            let totalKey = "\(parts[0])|\(parts[1])|"
            guard byKey[totalKey] != nil else { continue }
            let sides: [String]
            if Self.additiveKinds.contains(m.kind.rawValue) {
                sides = ["v"]
            } else if Self.ratioKinds.contains(m.kind.rawValue) {
                sides = ["n", "d"]
            } else {
                continue
            }
            for side in sides {
                let total = variable("\(side):" + totalKey)
                var terms: [(v: Int, c: Decimal)] = [(total, 1)]
                for c in cells { terms.append((variable("\(side):" + c), -1)) }
                constraints.append(
                    Constraint(terms: terms, lo: 0, hi: dimension == "exit_reason" ? nil : 0))
            }
        }
        // 3b. Theme overlap: a theme_count cell k = Σ the theme_combination cells of k themes (the tables nest).
        for (table, cells) in tables where table.hasSuffix("|theme_count") {
            let parts = table.split(separator: "|").map(String.init)
            guard let m = catalogue.metric(parts[0]),
                let combinations = tables["\(parts[0])|\(parts[1])|theme_combination"]
            else { continue }
            let sides: [String] =
                Self.additiveKinds.contains(m.kind.rawValue)
                ? ["v"] : Self.ratioKinds.contains(m.kind.rawValue) ? ["n", "d"] : []
            for countCell in cells {
                let count = String(countCell.split(separator: "=", maxSplits: 1).last ?? "")
                let children = combinations.filter {
                    Self.themeCount(ofCombination: String($0.split(separator: "=", maxSplits: 1).last ?? "")) == count
                }
                guard !children.isEmpty else { continue }
                for side in sides {
                    var terms: [(v: Int, c: Decimal)] = [(variable("\(side):" + countCell), 1)]
                    for c in children { terms.append((variable("\(side):" + c), -1)) }
                    constraints.append(Constraint(terms: terms, lo: 0, hi: 0))
                }
            }
        }
        // 4. Stock–flow between quarters.
        let quarters = Set(
            byKey.keys.compactMap { k -> String? in
                k.hasPrefix("pop_active_se|") && k.hasSuffix("|") ? k.split(separator: "|")[1].description : nil
            })
        for q in quarters {
            guard let quarter = try? Quarter(parsing: q) else { continue }
            let before = (quarter - 4).description
            let keys = [
                "pop_active_se|\(q)|", "pop_active_se|\(before)|", "pop_inflow_se_r4q|\(q)|",
                "pop_outflow_se_r4q|\(q)|",
            ]
            guard keys.allSatisfy({ byKey[$0] != nil }) else { continue }
            let v = keys.map { variable("v:" + $0) }
            constraints.append(Constraint(terms: [(v[0], 1), (v[1], -1), (v[2], -1), (v[3], 1)], lo: 0, hi: 0))
        }
        for i in names.indices where integer[i] { roundInward(i) }
    }

    private mutating func roundInward(_ i: Int) {
        if let lo = bounds[i].lo {
            var x = lo
            var r = Decimal()
            NSDecimalRound(&r, &x, 0, .up)
            bounds[i].lo = r
        }
        if let hi = bounds[i].hi {
            var x = hi
            var r = Decimal()
            NSDecimalRound(&r, &x, 0, .down)
            bounds[i].hi = r
        }
    }

    /// Interval constraint propagation: for Σ c_i x_i ∈ [L, U], c_j x_j ∈ [L − Σ_{i≠j} max c_i x_i, U − Σ_{i≠j} min c_i x_i].
    private mutating func propagate() {
        for _ in 0..<200 {
            var changed = false
            for k in constraints.indices {
                let con = constraints[k]
                for (j, tj) in con.terms.enumerated() {
                    var restMin: Decimal? = 0
                    var restMax: Decimal? = 0
                    for (i, ti) in con.terms.enumerated() where i != j {
                        let b = bounds[ti.v]
                        let (mn, mx) =
                            ti.c > 0
                            ? (b.lo.map { $0 * ti.c }, b.hi.map { $0 * ti.c })
                            : (b.hi.map { $0 * ti.c }, b.lo.map { $0 * ti.c })
                        restMin = restMin.flatMap { r in mn.map { r + $0 } }
                        restMax = restMax.flatMap { r in mx.map { r + $0 } }
                    }
                    // c_j x_j ∈ [L − restMax, U − restMin]
                    let low = con.lo.flatMap { l in restMax.map { l - $0 } }
                    let high = con.hi.flatMap { u in restMin.map { u - $0 } }
                    let (lo, hi) =
                        tj.c > 0
                        ? (low.map { $0 / tj.c }, high.map { $0 / tj.c })
                        : (high.map { $0 / tj.c }, low.map { $0 / tj.c })
                    let before = bounds[tj.v]
                    restrict(tj.v, lo: lo, hi: hi)
                    if integer[tj.v] { roundInward(tj.v) }
                    if bounds[tj.v].lo != before.lo || bounds[tj.v].hi != before.hi { changed = true }
                }
            }
            if !changed { break }
        }
    }

    /// The interval of a variable by name (`v:<metric>|<period>|<breakdown>`, `n:…`, `d:…`, `proc:…`).
    func interval(_ name: String) -> Bound? { index[name].map { bounds[$0] } }

    private mutating func check(_ rows: [[String: String]]) {
        for (v, isCount) in secret.sorted(by: { $0.key < $1.key }) {
            let b = bounds[v]
            if let lo = b.lo, let hi = b.hi, lo > hi {
                findings.append(Finding(kind: .inconsistent, cell: names[v], detail: "empty interval \(b)"))
                continue
            }
            guard b.width != nil, let hi = b.hi else { continue }
            let protection: Decimal = isCount ? 1 : hi / 10
            if narrow(v) {
                findings.append(
                    Finding(kind: .pinned, cell: names[v], detail: "feasible interval \(b) narrower than \(protection)")
                )
            }
        }
        for (i, b) in bounds.enumerated() where secret[i] == nil {
            if let lo = b.lo, let hi = b.hi, lo > hi {
                findings.append(Finding(kind: .inconsistent, cell: names[i], detail: "empty interval \(b)"))
            }
        }
        // Primary rules visible in the public file.
        var unsafeMagnitudes: Set<String> = []
        for r in rows where r["status"] == "suppressed" {
            guard let id = r["metric_id"], let m = catalogue.metric(id), m.kind == .procurement_share else { continue }
            let note = r["note"] ?? ""
            if note.contains("dominantie") || note.contains("minder dan") {
                unsafeMagnitudes.insert("proc:\(m.inputs[0])|\(m.supplierScope.rawValue)|\(r["period"] ?? "")")
            }
        }
        for r in rows where r["level"] != "enterprise" && (r["status"] == "ok" || r["status"] == "partial") {
            guard let id = r["metric_id"], let m = catalogue.metric(id), m.disclosure != .none else { continue }
            let cell = "\(id)|\(r["period"] ?? "")|\(r["breakdown"] ?? "")"
            if let n = Int(r["n_enterprises"] ?? ""), n > 0, n < m.minN {
                findings.append(Finding(kind: .primary, cell: cell, detail: "n = \(n) < min_n \(m.minN)"))
            }
            if m.kind == .procurement_share {
                for (column, measure, scope) in [
                    ("numerator", m.inputs[0], m.supplierScope),
                    ("denominator", m.inputs[1], m.denominatorSupplierScope),
                ] where !(r[column] ?? "").isEmpty {
                    let name = "proc:\(measure)|\(scope.rawValue)|\(r["period"] ?? "")"
                    if unsafeMagnitudes.contains(name) {
                        findings.append(
                            Finding(
                                kind: .primary, cell: cell,
                                detail: "\(column) \(r[column] ?? "") is a magnitude another row hides as unsafe"))
                    }
                }
            }
            // n_enterprises is the denominator's enterprises only for ratio kinds and panel growth.
            if r["unit"] == "%", Self.ratioKinds.contains(m.kind.rawValue) || m.kind == .yoy_panel_growth,
                let min = m.percentMinEnterprises, let n = Int(r["n_enterprises"] ?? ""), n < min, n > 0
            {
                findings.append(Finding(kind: .primary, cell: cell, detail: "percentage on \(n) < \(min) enterprises"))
            }
            if let base = m.roundingBase, r["unit"] == "persons", let v = Double(r["value"] ?? ""),
                v.truncatingRemainder(dividingBy: Double(base)) != 0
            {
                findings.append(
                    Finding(kind: .primary, cell: cell, detail: "person count \(v) not a multiple of \(base)"))
            }
        }
    }
}
