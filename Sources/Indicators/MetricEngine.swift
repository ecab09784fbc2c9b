import ImpactModel
import RunArtifacts

/// The compute stage: every metric of the catalogue for the report quarter and the 7 quarters before it (back to the
/// programme's first quarter with `historyFrom`).
///
/// Reads `normalize/enterprises.csv` and `normalize/observations.csv` (already parsed) and returns the rows of
/// `compute/metrics.csv` with their provenance. Pure: no file, clock or network access.
package enum MetricEngine {
    /// Quarters recomputed on every run (METRICS.md §8, revisions).
    package static let revisionDepth = 8

    /// `value_status` of a figure for quarter `q` in a run for `report`: the latest 2 quarters `voorlopig`, quarters
    /// 3–8 back `nader_voorlopig`, older `definitief` (METRICS.md §8, after CBS `*` / `**`).
    package static func valueStatus(for q: Quarter, report: Quarter) -> ValueStatus {
        let back = report - q
        if back <= 1 { return .voorlopig }
        if back <= 7 { return .nader_voorlopig }
        return .definitief
    }

    /// The quarters computed: from `historyFrom` (when earlier than the revision window) to `report`, oldest first.
    package static func computedQuarters(report: Quarter, historyFrom: Quarter?) -> [Quarter] {
        guard let from = historyFrom, from < report - (revisionDepth - 1) else { return report.window(revisionDepth) }
        return report.window(report - from + 1)
    }

    /// Computes every metric of `catalogue`.
    /// - Parameters:
    ///   - enterprises: the registry as used (all municipalities; only `municipality`'s enterprises count).
    ///   - observations: all canonical observations of the run.
    ///   - municipality: CBS gemeentecode of the programme (`GM0392`).
    ///   - reportQuarter: the run's period; context metrics show the latest CBS period available then.
    ///   - provenance: whether to keep the ``Provenance`` of every row (`compute/provenance.json`, `explain`). The
    ///     national stage writes none and passes `false`: the rows are the same, ``MetricRun/provenance`` is empty.
    ///   - panelChanges: whether to write each sum's and share's balanced-panel year-on-year change (breakdown
    ///     `panel=yoy`, issue 14 item 6).
    ///   - peers: the municipalities of the pipeline's `peer_group:`; a context metric with `compare: true` is
    ///     computed for its own region, `NL01` and each of them (one row per region, `entity` = its code).
    ///   - historyFrom: the programme's first quarter (the earliest `first_quarter` of the pipeline's sources): the
    ///     metrics are computed from there, so the report's trends start at the first data (issue 17 item 2); nil or
    ///     a later quarter = the last ``revisionDepth`` quarters only.
    package static func compute(
        catalogue: MetricCatalogue, enterprises: [Enterprise], observations: [Observation], municipality: RegioCode,
        reportQuarter: Quarter, provenance: Bool = true, panelChanges: Bool = true, peers: [RegioCode] = [],
        historyFrom: Quarter? = nil
    ) -> MetricRun {
        let quarters = computedQuarters(report: reportQuarter, historyFrom: historyFrom)
        let pop = enterprises.compactMap { $0.inPopulation(of: municipality) }.sorted { $0.kvkNumber < $1.kvkNumber }
        var panel = QuarterlyPanel(observations: observations)
        panel.recordsProvenance = provenance
        let procurement = ProcurementRow.rows(in: observations)
        let establishments = observations.filter { CanonicalMeasures.establishment.contains($0.measure) }
        let registerRows = observations.filter { CanonicalMeasures.register.contains($0.measure) }
        var builder = RunBuilder(report: reportQuarter, municipality: municipality.code, provenance: provenance)
        builder.panelChanges = panelChanges
        builder.diagnostics += panel.diagnostics
        builder.availableMeasures = panel.measures.union(procurement.map(\.measure))
        let (accounting, accountingDiagnostics) = account(observations, pop: pop, catalogue: catalogue)
        builder.diagnostics += accountingDiagnostics
        if pop.count < enterprises.count {
            builder.diagnostics.append(
                Diagnostic(
                    .note, code: "compute.other_municipality",
                    "\(enterprises.count - pop.count) registry enterprise(s) outside \(municipality.code) not counted",
                    file: RunFile.enterprises.path, field: "gemeente_code"))
        }
        // The rows of each CBS table a context metric reads, found in one pass rather than one pass per metric.
        let contextTables = Set(catalogue.metrics.compactMap { $0.context?.table.lowercased() })
        var contextRows: [String: [Observation]] = [:]
        if !contextTables.isEmpty {
            for o in observations {
                let table = o.dataset.lowercased()
                if contextTables.contains(table) { contextRows[table, default: []].append(o) }
            }
        }
        for def in catalogue.metrics {
            if def.kind == .cbs_latest {
                guard let source = def.context else { continue }
                var regions = [source.regio]
                if source.compare {
                    for r in ["NL01"] + peers.map(\.code) where !regions.contains(r) { regions.append(r) }
                }
                for region in regions {
                    let cell = ContextValues.latest(
                        source.in(region), contextRows[source.table.lowercased()] ?? [], at: reportQuarter)
                    builder.add(
                        def, level: def.level, entity: region, quarter: reportQuarter, breakdown: "",
                        cell: cell, decision: DisclosureControl.decide(cell, minN: def.minN, rule: .none))
                }
                continue
            }
            if def.kind == .register_year_sum {
                for q in quarters {
                    let cell = MunicipalSupport.yearSum(def.inputs[0], registerRows, pop: pop, at: q)
                    builder.add(
                        def, level: def.level, entity: municipality.code, quarter: q, breakdown: "", cell: cell,
                        decision: DisclosureControl.decide(cell, definition: def))
                }
                continue
            }
            if def.kind == .establishment_total || def.kind == .establishment_share {
                // Without an establishments extract of the municipality, a `context:` entry reads CBS's municipal
                // totals instead (SectorWeight; issue 16 item 5).
                let hasExtract = establishments.contains { $0.regio == municipality.code }
                for q in quarters {
                    if !hasExtract, let source = def.context {
                        let rows = contextRows[source.table.lowercased()] ?? []
                        let cell =
                            def.kind == .establishment_total
                            ? SectorWeight.total(source, rows, at: q)
                            : SectorWeight.share(
                                def.inputs[0], source, pop: pop, panel: panel, rows: rows, at: q, scale: def.scale)
                        builder.add(
                            def, level: def.level, entity: municipality.code, quarter: q, breakdown: "", cell: cell,
                            decision: DisclosureControl.decide(cell, definition: def))
                        continue
                    }
                    let cell =
                        def.kind == .establishment_total
                        ? EstablishmentValues.total(
                            def.inputs[0], establishments, municipality: municipality.code, at: q)
                        : EstablishmentValues.share(
                            def.inputs[0], def.inputs[1], establishments, municipality: municipality.code, at: q,
                            scale: def.scale)
                    builder.add(
                        def, level: def.level, entity: municipality.code, quarter: q, breakdown: "", cell: cell,
                        decision: DisclosureControl.decide(cell, definition: def))
                }
                continue
            }
            for q in quarters {
                builder.compute(def, pop: pop, panel: panel, procurement: procurement, at: q)
            }
        }
        // The run-level step: relations between tables (stock–flow between quarters).
        var hiddenIDs = DisclosureStep.protectLinks(&builder.rows, municipality: municipality.code)
        // Then the interval audit: no hidden cell bounded more tightly than its protection level.
        let audited = DisclosureStep.protectIntervals(
            &builder.rows, catalogue: catalogue, municipality: municipality.code)
        hiddenIDs += audited.hidden
        for pin in audited.unresolved {
            builder.diagnostics.append(
                Diagnostic(
                    .warning, code: "compute.disclosure_pin",
                    "hidden cell \(pin.variable) can be bounded to [\(pin.lo), \(pin.hi)]"))
        }
        for id in hiddenIDs {
            builder.provenance[id]?.status = .suppressed
            builder.provenance[id]?.value = ""
        }
        return MetricRun(
            reportQuarter: reportQuarter, rows: builder.rows, provenance: builder.provenance,
            diagnostics: builder.diagnostics, accounting: accounting)
    }

    private static func account(_ observations: [Observation], pop: [Enterprise], catalogue: MetricCatalogue)
        -> (InputAccounting, [Diagnostic])
    {
        var a = InputAccounting()
        let kvks = Set(pop.map(\.kvkNumber.digits))
        let tables = Set(catalogue.metrics.compactMap { $0.context?.table.lowercased() })
        var strangers: Set<String> = []
        for o in observations {
            a.total += 1
            if CanonicalMeasures.enterprise.contains(o.measure) && !o.kvkNumber.isEmpty {
                if kvks.contains(o.kvkNumber) {
                    a.enterpriseUsed += 1
                } else {
                    a.enterpriseNotInRegistry += 1
                    strangers.insert(o.kvkNumber)
                }
            } else if CanonicalMeasures.procurement.contains(o.measure) {
                if dimensionValue(o.dimensions, "beinvloedbaar").map({ $0 == "ja" }) ?? true {
                    a.procurement += 1
                } else {
                    a.procurementFiltered += 1
                }
            } else if tables.contains(o.dataset.lowercased()) || CanonicalMeasures.establishment.contains(o.measure)
                || CanonicalMeasures.register.contains(o.measure)
            {
                a.context += 1
            } else {
                a.unused += 1
            }
        }
        var d: [Diagnostic] = []
        if !strangers.isEmpty {
            let list = strangers.sorted()
            d.append(
                Diagnostic(
                    .warning, code: "compute.not_in_registry",
                    "\(a.enterpriseNotInRegistry) return row(s) of \(list.count) KvK-nummer(s) not in the registry of the municipality (\(list.prefix(10).joined(separator: ", "))\(list.count > 10 ? ", …" : "")): not counted; add them to config/registry.csv or fix the KvK-nummer",
                    file: RunFile.observations.path, field: "kvk_number"))
        }
        if a.unused > 0 {
            d.append(
                Diagnostic(
                    .note, code: "compute.unused", "\(a.unused) observation(s) read by no metric",
                    file: RunFile.observations.path))
        }
        return (a, d)
    }
}
