import Foundation
import ImpactModel
import RunArtifacts

/// Collects rows and provenance while the engine walks the catalogue.
struct RunBuilder {
    let report: Quarter
    let municipality: String
    var rows: [MetricRecord] = []
    var provenance: [String: Provenance] = [:]
    /// Whether ``provenance`` is kept; without it ``ids`` alone detects a duplicate row.
    let recordsProvenance: Bool
    private var ids: Set<String> = []
    private var lastQuarterText: (quarter: Quarter, text: String)?
    var diagnostics: [Diagnostic] = []
    /// Measures present in the input, so that a missing value can say "no input at all".
    var availableMeasures: Set<String> = []
    /// Whether the balanced-panel year-on-year change of each sum and share is written (``panelChange``).
    var panelChanges = true

    init(report: Quarter, municipality: String, provenance: Bool = true) {
        self.report = report
        self.municipality = municipality
        self.recordsProvenance = provenance
    }

    /// Computes `def` for quarter `q`: enterprise rows, the programme aggregate, its breakdowns.
    mutating func compute(
        _ def: MetricDefinition, pop: [Enterprise], panel: QuarterlyPanel, procurement: [ProcurementRow], at q: Quarter
    ) {
        switch def.kind {
        case .enterprise_yoy_r4q, .cagr_3y, .birch_3y, .watchlist:
            var signals: [Double] = []
            for e in pop where e.isActive(atEndOf: q) {
                let cell = enterpriseCell(def, e, panel, at: q)
                if let v = cell.value { signals.append(v) }
                add(
                    def, level: .enterprise, entity: e.kvkNumber.digits, quarter: q, breakdown: "", cell: cell,
                    decision: DisclosureControl.decide(
                        cell, minN: def.minN, rule: def.disclosure, enterpriseLevel: true))
            }
            if def.kind == .watchlist {
                let count = signals.reduce(0, +)
                var cell = Cell(
                    value: count, reporting: signals.count,
                    arithmetic: "\(term(count)) of \(signals.count) evaluated enterprises with the signal",
                    notes: [MetricNote.watchlistCount.stored])
                // A count of 1 or 2 flagged enterprises is hidden like any other count of enterprises.
                cell.numeratorEnterprises = Int(count)
                add(
                    def, level: .programme, entity: municipality, quarter: q, breakdown: "", cell: cell,
                    decision: DisclosureControl.decide(cell, minN: def.minN, rule: def.disclosure))
            }
        case .scale_class:
            scaleClasses(def, pop: pop, panel: panel, at: q)
        default:
            let pop = Self.applicable(def, pop, panel, at: q)
            let total = aggregate(def, pop, panel, procurement, at: q)
            var totalDecision = DisclosureControl.decide(total, definition: def)
            let tables = def.breakdowns.map { b in
                let groups = Self.groups(b, pop)
                let cells = groups.map { (key, members) in
                    let c = aggregate(def, members, panel, procurement, at: q)
                    return (cell: c, decision: DisclosureControl.decide(c, definition: def))
                }
                return (breakdown: b, keys: groups.map(\.key), cells: cells)
            }
            var decisions = tables.map { $0.cells.map(\.decision) }
            // A total suppressed while protecting one breakdown changes what the others must hide: repeat until
            // nothing changes (at most 4 passes).
            for _ in 0..<4 {
                let before = totalDecision
                let cellsBefore = decisions
                for (i, t) in tables.enumerated() {
                    let protected = DisclosureControl.protect(
                        total: (total, totalDecision), cells: zip(t.cells, decisions[i]).map { ($0.cell, $1) },
                        minN: def.minN, rule: def.disclosure)
                    totalDecision = protected.total
                    decisions[i] = protected.cells
                }
                // Linked tables: theme combinations nest in theme counts (issue 16 item 6).
                ThemeOverlap.protectNesting(
                    tables.map { ($0.breakdown, $0.keys, $0.cells.map(\.cell)) }, &decisions, minN: def.minN,
                    rule: def.disclosure)
                if totalDecision == before && decisions == cellsBefore { break }
            }
            // Cells first, the total last (the total row at the foot of its table).
            for (i, t) in tables.enumerated() {
                for (j, key) in t.keys.enumerated() {
                    add(
                        def, level: def.level, entity: municipality, quarter: q,
                        breakdown: "\(t.breakdown.rawValue)=\(key)", cell: t.cells[j].cell, decision: decisions[i][j])
                }
            }
            // The panel change is a row with a breakdown too: before the total, which stays the last row.
            if panelChanges, [.stock_sum, .flow_sum_r4q, .ratio_q, .ratio_r4q].contains(def.kind) {
                panelChange(def, pop: pop, panel: panel, procurement: procurement, at: q)
            }
            add(
                def, level: def.level, entity: municipality, quarter: q, breakdown: "", cell: total,
                decision: totalDecision)
            if def.enterpriseRows {
                for e in pop {
                    let cell = aggregate(def, [e], panel, procurement, at: q)
                    guard let p = cell.population, p > 0 else { continue }
                    add(
                        def, level: .enterprise, entity: e.kvkNumber.digits, quarter: q, breakdown: "", cell: cell,
                        decision: DisclosureControl.decide(
                            cell, minN: def.minN, rule: def.disclosure, enterpriseLevel: true))
                }
            }
        }
    }

    /// The breakdown of the row that carries a metric's balanced-panel year-on-year change.
    static let panelBreakdown = "panel=yoy"

    /// Issue 14 item 6: the year-on-year change of a sum or share over the same enterprises (balanced panel): P =
    /// the enterprises of `pop` whose own value (window complete, B08) exists both at `q` and at `q − 4`. Sums:
    /// (Σ_P x(q) − Σ_P x(q−4)) × 100 / Σ_P x(q−4), unit `%`; ratios: Σ_P n(q)/Σ_P d(q) − Σ_P n(q−4)/Σ_P d(q−4),
    /// × scale, unit `pp` (percentage points) for a share, the metric's own unit for another ratio (`h/FTE`).
    /// Written as row `<metric>/<entity>/<q>/panel=yoy` with `n_enterprises` = |P|; hidden (`x`) when P fails min N or the (2, 85) dominance rule on the values at `q`
    /// (METRICS.md §8), so the report shows no change then. Source: METRICS.md §8 "growth requires both endpoints
    /// from the same enterprise (balanced panel)".
    private mutating func panelChange(
        _ def: MetricDefinition, pop: [Enterprise], panel: QuarterlyPanel, procurement: [ProcurementRow], at q: Quarter
    ) {
        let ratio = def.kind == .ratio_q || def.kind == .ratio_r4q
        var nowN: [Double] = []
        var nowD: [Double] = []
        var beforeN: [Double] = []
        var beforeD: [Double] = []
        for e in pop {
            let a = aggregate(def, [e], panel, procurement, at: q)
            guard a.value != nil, a.reporting == 1, let an = a.numerator else { continue }
            let b = aggregate(def, [e], panel, procurement, at: q - 4)
            guard b.value != nil, b.reporting == 1, let bn = b.numerator else { continue }
            nowN.append(an)
            beforeN.append(bn)
            if ratio {
                nowD.append(a.denominator ?? 0)
                beforeD.append(b.denominator ?? 0)
            }
        }
        var exact: Decimal? = nil
        let sn = Exact.sum(nowN)
        let sb = Exact.sum(beforeN)
        if !nowN.isEmpty {
            if ratio {
                let dn = Exact.sum(nowD)
                let db = Exact.sum(beforeD)
                if let r1 = Exact.quotient(sn, dn), let r0 = Exact.quotient(sb, db) {
                    exact = (r1 - r0) * Exact.decimal(def.scale)
                }
            } else {
                exact = Exact.quotient((sn - sb) * 100, sb)
            }
        }
        let result = exact.map { term(Exact.double($0)) } ?? "undefined"
        var cell = Cell(
            value: exact.map(Exact.double), reporting: nowN.count, contributions: nowN,
            arithmetic: ratio
                ? "panel of \(nowN.count): (\(term(Exact.double(sn))) / \(term(Exact.double(Exact.sum(nowD)))) − \(term(Exact.double(sb))) / \(term(Exact.double(Exact.sum(beforeD))))) × \(term(def.scale)) = \(result)"
                : "panel of \(nowN.count): (\(term(Exact.double(sn))) − \(term(Exact.double(sb)))) × 100 / \(term(Exact.double(sb))) = \(result)",
            notes: [MetricNote.constantPanel(enterprises: nowN.count).stored])
        cell.exact = exact
        var pdef = def
        // A share's change is in percentage points; a ratio in another unit (hours per FTE) changes in that unit.
        pdef.unit = ratio ? (def.unit.hasPrefix("%") ? "pp" : def.unit) : "%"
        pdef.decimals = 1
        pdef.roundingBase = nil
        pdef.percentMinEnterprises = nil
        pdef.percentMinDenominator = nil
        pdef.threshold = nil
        add(
            pdef, level: def.level, entity: municipality, quarter: q, breakdown: Self.panelBreakdown, cell: cell,
            decision: DisclosureControl.decide(cell, minN: def.minN, rule: def.disclosure))
    }

    private func aggregate(
        _ def: MetricDefinition, _ pop: [Enterprise], _ panel: QuarterlyPanel, _ procurement: [ProcurementRow],
        at q: Quarter
    ) -> Cell {
        let m = def.inputs
        switch def.kind {
        case .active_count: return PopulationCounts.activeCount(pop, at: q, detail: recordsProvenance)
        case .entry_count_r4q: return PopulationCounts.entryCount(pop, at: q, detail: recordsProvenance)
        case .exit_count_r4q: return PopulationCounts.exitCount(pop, at: q, detail: recordsProvenance)
        case .birth_rate_r4q: return PopulationCounts.birthRate(pop, at: q)
        case .survival_3y: return PopulationCounts.survival3y(pop, at: q)
        case .stock_sum: return Sums.stockSum(m[0], pop, panel, at: q, scale: def.scale)
        case .flow_sum_r4q: return Sums.flowSumR4Q(m[0], pop, panel, at: q, scale: def.scale)
        case .ratio_q: return Sums.ratioOfSums(m[0], m[1], pop, panel, at: q, length: 1, scale: def.scale)
        case .ratio_r4q: return Sums.ratioOfSums(m[0], m[1], pop, panel, at: q, length: 4, scale: def.scale)
        case .yoy_panel_growth: return Growth.panelGrowth(m[0], pop, panel, at: q)
        case .yoy_composition: return Growth.composition(m[0], pop, panel, at: q)
        case .hge_share: return ScaleUp.hgeShare(pop, panel, at: q, employees: m[0], factor: def.growthFactor)
        case .participation_rate_r4q: return Network.participationRate(m[0], pop, panel, at: q)
        case .procurement_share:
            return Procurement.share(
                numerator: m[0], numeratorScope: def.supplierScope, denominator: m[1],
                denominatorScope: def.denominatorSupplierScope, rows: procurement, pop: pop, at: q, scale: def.scale)
        case .enterprise_yoy_r4q, .cagr_3y, .birch_3y, .watchlist, .scale_class, .cbs_latest, .establishment_total,
            .establishment_share, .register_year_sum:
            return Cell(arithmetic: "not an aggregate kind")
        }
    }

    private func enterpriseCell(_ def: MetricDefinition, _ e: Enterprise, _ panel: QuarterlyPanel, at q: Quarter)
        -> Cell
    {
        let m = def.inputs
        switch def.kind {
        case .enterprise_yoy_r4q: return Growth.enterpriseYoYR4Q(e, m[0], panel, at: q)
        case .cagr_3y: return Growth.cagr3y(e, m[0], panel, at: q, form: def.annual)
        case .birch_3y: return Growth.birch3y(e, m[0], panel, at: q, form: def.annual)
        case .watchlist: return ScaleUp.watchlist(e, revenue: m[0], employees: m[1], panel, at: q)
        default: return Cell(arithmetic: "not an enterprise kind")
        }
    }

    private mutating func scaleClasses(_ def: MetricDefinition, pop: [Enterprise], panel: QuarterlyPanel, at q: Quarter)
    {
        let m = def.inputs
        let measures = ScaleUpMeasures(employees: m[0], revenue: m[1], targetGroupFTE: m[2], beneficiaries: m[3])
        let assessed = pop.filter { $0.isActive(atEndOf: q) }.map {
            ScaleUp.assess($0, panel, at: q, measures: measures)
        }
        for a in assessed {
            let cell = Cell(
                category: a.growthClass.rawValue, numerator: a.e1?.value, denominator: a.e0?.value, reporting: 1,
                inputs: a.inputs,
                arithmetic:
                    "\(a.reasons.joined(separator: "; ")) ⇒ flags \(a.flags.map(\.rawValue).joined(separator: ", ")) ⇒ \(a.growthClass.rawValue)"
            )
            add(
                def, level: .enterprise, entity: a.kvkNumber, quarter: q, breakdown: "", cell: cell,
                decision: DisclosureControl.decide(cell, minN: def.minN, rule: def.disclosure, enterpriseLevel: true))
        }
        let total = Cell(
            value: Double(assessed.count), reporting: assessed.count, contributions: assessed.map { _ in 1 },
            arithmetic: "\(assessed.count) active enterprises assessed")
        let cells = HighGrowthClass.allCases.map { c -> (cell: Cell, decision: CellDecision) in
            let members = assessed.filter { $0.growthClass == c }
            let cell = Cell(
                value: Double(members.count), reporting: members.count, contributions: members.map { _ in 1 },
                arithmetic: "count of class \(c.rawValue) = \(members.count)"
                    + (members.isEmpty ? "" : " (\(members.map(\.kvkNumber).joined(separator: ", ")))"))
            return (cell, DisclosureControl.decide(cell, minN: def.minN, rule: def.disclosure))
        }
        let totalDecision = DisclosureControl.decide(total, minN: def.minN, rule: def.disclosure)
        let protected = DisclosureControl.protect(
            total: (total, totalDecision), cells: cells, minN: def.minN, rule: def.disclosure)
        var countDef = def
        countDef.unit = "count"
        for (i, c) in HighGrowthClass.allCases.enumerated() {
            add(
                countDef, level: .programme, entity: municipality, quarter: q, breakdown: "scale_class=\(c.rawValue)",
                cell: cells[i].cell, decision: protected.cells[i])
        }
        add(
            countDef, level: .programme, entity: municipality, quarter: q, breakdown: "", cell: total,
            decision: protected.total)
    }

    /// The enterprises a metric applies to at `q` (``Applicability``).
    static func applicable(_ def: MetricDefinition, _ pop: [Enterprise], _ panel: QuarterlyPanel, at q: Quarter)
        -> [Enterprise]
    {
        guard def.appliesTo == .theme else { return pop }
        let window = q.window(4)
        return pop.filter { e in
            e.themes.contains(def.theme)
                || def.inputs.contains { m in
                    let series = panel.series(e.kvkNumber.digits, m)
                    return window.contains { panel.row(series, $0).flatMap(panel.value(row:)) != nil }
                }
        }
    }

    /// Cells of a breakdown: the key and its members, in a stable order over the whole population.
    static func groups(_ b: Breakdown, _ pop: [Enterprise]) -> [(key: String, members: [Enterprise])] {
        func keys(_ e: Enterprise) -> [String] {
            switch b {
            case .sbi_section: return [e.sbiCode?.section ?? "onbekend"]
            case .theme: return e.themes.isEmpty ? ["geen"] : e.themes
            case .se_basis: return [e.seBasis.isEmpty ? "onbekend" : e.seBasis]
            case .pso_level: return [e.psoLevel.rawValue]
            case .exit_reason: return [e.exits.last?.reason.rawValue ?? "geen"]
            case .inflow_component: return [e.inflowComponent]
            case .theme_count: return [ThemeOverlap.countKey(e.themes)]
            case .theme_combination: return [ThemeOverlap.combinationKey(e.themes)]
            }
        }
        var order: [String] = []
        var members: [String: [Enterprise]] = [:]
        for e in pop {
            for k in keys(e) {
                if members[k] == nil { order.append(k) }
                members[k, default: []].append(e)
            }
        }
        if b == .exit_reason { order.removeAll { $0 == "geen" } }
        return order.sorted().map { ($0, members[$0] ?? []) }
    }

    /// `q.description`, made once per quarter of the run rather than once per row.
    private mutating func quarterText(_ q: Quarter) -> String {
        if let last = lastQuarterText, last.quarter == q { return last.text }
        let text = q.description
        lastQuarterText = (q, text)
        return text
    }

    /// Turns a decided cell into a row and its provenance.
    mutating func add(
        _ def: MetricDefinition, level: MetricLevel, entity: String, quarter q: Quarter, breakdown: String, cell: Cell,
        decision: CellDecision
    ) {
        var cell = cell
        var decision = decision
        if let v = cell.value, !v.isFinite {
            // E.g. a CAGR of a negative ratio: never written as nan or inf.
            cell.value = nil
            cell.notes.append((v.isNaN ? MetricNote.notARealNumber : .infinite).stored)
            decision = CellDecision(status: .missing, symbol: ".", reasons: [])
        }
        let period = cell.periodOverride ?? quarterText(q)
        var id = def.id + "/" + entity + "/" + period
        if !breakdown.isEmpty { id += "/" + breakdown }
        let published = decision.isPublished
        // Exact decimal when the compute function formed one (issue 14 item 5), rounded half away from zero once.
        let value =
            published
            ? (cell.exact.map { Exact.rounded($0, def.decimals) } ?? cell.value.map { roundHalfAway($0, def.decimals) })
            : nil
        // Person counts stay unrounded here (compute/metrics.csv is internal): the public gate
        // (Reporting's PublicationDisclosure) rounds them to the metric's rounding_base (METRICS.md §8).
        func part(_ x: Double?) -> Double? {
            guard published, !decision.hidesParts, let x else { return nil }
            return roundHalfAway(x, 6)
        }
        let category = published ? cell.category : nil
        let status: ValueStatus =
            def.kind == .cbs_latest
            ? cell.inputStatus : max(MetricEngine.valueStatus(for: q, report: report), cell.inputStatus)
        let enterpriseLevel = level == .enterprise
        let ownNotes = cell.notes.map { $0.hasPrefix("\(entity) ") ? String($0.dropFirst(entity.count + 1)) : $0 }
        var rowNotes = decision.reasons + (enterpriseLevel ? ownNotes : Self.summarise(cell.notes))
        if let threshold = def.threshold, let flag = def.thresholdNote, let v = value, v >= threshold {
            rowNotes.append(flag.stored)
        }
        if decision.status == .missing, def.kind != .cbs_latest {
            let absent = def.inputs.filter { !availableMeasures.contains($0) }
            if !absent.isEmpty {
                rowNotes.insert(MetricNote.noInput.stored, at: 0)
            }
        }
        let row = MetricRecord(
            metricID: def.id, theme: def.theme, metricClass: def.metricClass.rawValue, level: level.rawValue,
            entity: entity, period: period, value: value, category: category, unit: def.unit,
            numerator: part(cell.numerator), denominator: part(cell.denominator),
            nEnterprises: def.kind == .cbs_latest ? nil : cell.reporting,
            coverage: cell.coverage.map { roundHalfAway($0, 1) }, status: decision.status, valueStatus: status,
            symbol: decision.symbol, note: rowNotes.count == 1 ? rowNotes[0] : rowNotes.joined(separator: "; "),
            provenanceID: id, breakdown: breakdown)
        if recordsProvenance ? provenance[id] != nil : !ids.insert(id).inserted {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "compute.duplicate_row", "provenance id \(id) produced twice; the first is kept"))
            return
        }
        rows.append(row)
        guard recordsProvenance else { return }
        provenance[id] = Provenance(
            id: id, metricID: def.id, labelNL: def.labelNL, labelEN: def.labelEN, definition: def.definition,
            source: def.source, entity: entity, period: period, breakdown: breakdown, inputs: cell.inputs,
            arithmetic: cell.arithmetic, value: category ?? value.map(formatNumber) ?? "", status: decision.status,
            valueStatus: status, notes: decision.reasons + cell.notes)
    }

    /// Whether `note` starts with a KvK-nummer and a space (`12345678 onvolledig: …`): more than 9 characters, the
    /// first 8 numeric, the 9th a space. When the first 10 UTF-8 bytes are ASCII other than CR, they are the first
    /// 10 characters, so the bytes decide; otherwise the characters are counted (as before, grapheme by grapheme).
    static func namesEnterprise(_ note: String) -> Bool {
        let u = note.utf8
        var i = u.startIndex
        var matches = true
        for k in 0..<10 {
            // Fewer than 10 bytes, all ASCII: fewer than 10 characters.
            guard i != u.endIndex else { return false }
            let b = u[i]
            if b >= 0x80 || b == 0x0D { return slowNamesEnterprise(note) }
            if k < 8 && !(b >= 0x30 && b <= 0x39) { matches = false }
            if k == 8 && b != 0x20 { matches = false }
            i = u.index(after: i)
        }
        return matches
    }

    private static func slowNamesEnterprise(_ note: String) -> Bool {
        note.count > 9 && note.prefix(8).allSatisfy(\.isNumber) && note.dropFirst(8).first == " "
    }

    /// Programme rows never name enterprises: notes starting with a KvK-nummer are counted instead.
    static func summarise(_ notes: [String]) -> [String] {
        if notes.isEmpty { return notes }
        let named = notes.filter(namesEnterprise)
        // A note equal to a named one is named itself, so this is the same as removing every copy of a named note.
        var out = named.isEmpty ? notes : notes.filter { !namesEnterprise($0) }
        if !named.isEmpty {
            out.append(MetricNote.incomplete(enterprises: named.count).stored)
        }
        return out
    }
}
