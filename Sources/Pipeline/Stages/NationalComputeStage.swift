import CSVCodec
import Foundation
import ImpactModel
import Indicators
import Normalization
import ObservationStore
import RunArtifacts

/// The compute stage of a national pipeline (or one partition of it): the catalogue of `config/metrics.yaml` for
/// every municipality with a file in `normalize/observations/` (``ObservationStore``), on both cores.
///
/// Each municipality is computed exactly as a municipal pipeline computes its programme (``MetricEngine/compute``
/// with that gemeentecode: its registry enterprises, its returns, its procurement, its establishment totals), so a
/// partitioned run (`--municipality`) gives the same rows as the national run for that municipality. Rows are
/// streamed into `compute/metrics.csv` in gemeentecode order; municipalities are computed on ``workers`` threads
/// (``BudgetedOrderedMap``) within ``memoryBudgetBytes`` of observation stores at once.
/// `accounting.json` sums the per-municipality accounting. No `provenance.json` is written (it would repeat every
/// input for every value of 342 municipalities): `impactmon explain <metric>/<GM>/<period>` recomputes that
/// municipality and prints its provenance.
struct NationalComputeStage {
    let definition: PipelineDefinition
    let run: RunDirectory

    /// - Throws: ``ImpactError``: `.config` for an invalid catalogue, `.dataInvalid` when the normalize outputs are
    ///   missing or an accounting does not add up, `.failure` when metrics.csv cannot be written.
    func produce(into staging: URL) throws -> ComputeStage.Result {
        let normalize = run.folder(.normalize)
        let folder = normalize.appendingPathComponent("observations", isDirectory: true)
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw ImpactError(.dataInvalid, "\(folder.path) is missing; run `impactmon normalize` first")
        }
        let enterprises = try NormalizedArtifacts.readEnterprises(
            from: normalize.appendingPathComponent("enterprises.csv"))
        let catalogue = try loadCatalogue()
        var writer = try CSVFileWriter(url: staging.appendingPathComponent("metrics.csv"))
        try writer.write(MetricRecord.csvHeader)
        var accounting = InputAccounting()
        var rows = 0
        var published = 0
        var suppressed = 0
        var warnings: [String: (count: Int, first: String)] = [:]
        var shared: [String: [String]] = [:]
        let stored = ObservationPartitions.partitions(in: folder)
        let codes = definition.partition.map { p in stored.filter { $0 == p.code } } ?? stored
        // Each municipality gets its own registry enterprises, grouped once: the engine would otherwise scan the
        // whole national registry for every municipality (342 × 20 000 enterprises at scale 1). Its rows,
        // accounting and warnings are the same; only the note `compute.other_municipality` (not written here)
        // no longer counts the other municipalities' enterprises.
        let registries = Dictionary(grouping: enterprises, by: \.gemeenteCode.code)
        // Both cores (issue 19 item 2): municipalities are computed on up to `workers` threads, their rows written
        // in gemeentecode order as before; the weight of a municipality is the size of its observation store.
        let weights = codes.map { Self.storeBytes(ObservationPartitions.file($0, in: folder)) }
        let period = self.run.period
        let map = BudgetedOrderedMap<MetricRun>(workers: Self.workers, budget: Self.memoryBudgetBytes)
        try map.run(weights: weights) { i in
            try Self.compute(
                codes[i], catalogue: catalogue, enterprises: registries[codes[i]] ?? [], observationsFolder: folder,
                period: period, provenance: false)
        } consume: { i, run in
            let code = codes[i]
            guard run.accounting.balances else {
                throw ImpactError(
                    .dataInvalid,
                    "compute \(code): the \(run.accounting.total) input observations do not add up to used + not in registry + procurement + context + unused; nothing was written"
                )
            }
            accounting.add(run.accounting)
            for r in run.rows {
                // National and regional rows (CBS context for NL, a province, Haarlem and its peers) do not depend on
                // the municipality computed: every municipality gives the same row, written once (the first).
                if r.level == "national" || r.level == "regional" {
                    let key = [r.metricID, r.level, r.entity, r.period, r.breakdown].joined(separator: "\u{1F}")
                    let fields = r.csvFields
                    if let earlier = shared[key] {
                        guard earlier == fields else {
                            throw ImpactError(
                                .dataInvalid,
                                "compute \(code): \(r.metricID)/\(r.entity)/\(r.period) differs from the same row of an "
                                    + "earlier municipality; a \(r.level) row must not depend on the municipality")
                        }
                        continue
                    }
                    shared[key] = fields
                }
                try writer.write(r.csvFields)
                rows += 1
                if r.status == .ok || r.status == .partial { published += 1 }
                if r.status == .suppressed { suppressed += 1 }
            }
            for d in run.diagnostics where d.severity >= .warning {
                warnings[d.code, default: (0, "\(code): \(d.description)")].count += 1
            }
        }
        try writer.close()
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(
            try enc.encode(accounting) + Data("\n".utf8), to: staging.appendingPathComponent("accounting.json"))
        return ComputeStage.Result(
            rowCounts: [
                "metrics": rows, "published": published, "suppressed": suppressed, "municipalities": codes.count,
            ],
            warnings: warnings.sorted { $0.key < $1.key }.map { code, w in
                w.count == 1 ? w.first : "\(code): in \(w.count) municipalities, e.g. \(w.first)"
            })
    }

    /// The metrics of one municipality, as the national run and a partitioned run compute them.
    /// - Parameter provenance: keep the provenance of every row (for `explain`); the stage itself writes none.
    /// - Throws: ``ImpactError`` `.dataInvalid` for an unreadable observations file.
    static func compute(
        _ code: String, catalogue: MetricCatalogue, enterprises: [Enterprise], observationsFolder: URL, period: Quarter,
        provenance: Bool = true
    ) throws -> MetricRun {
        let observations = try ObservationStore.read(ObservationPartitions.file(code, in: observationsFolder))
        return MetricEngine.compute(
            catalogue: catalogue, enterprises: enterprises, observations: observations,
            municipality: RegioCode(code), reportQuarter: period, provenance: provenance,
            // Balanced-panel changes (issue 14 item 6) are computed per enterprise: not yet for the national run,
            // whose scaling budget (docs/scaling.md) was measured without them.
            panelChanges: false)
    }

    /// Threads computing municipalities: the machine's active cores, at most 4.
    static let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))

    /// The observation-store bytes of the municipalities computed at once (a larger one runs alone). A store byte
    /// becomes about 3 bytes of parsed observations and engine state; 40 MiB keeps the stage's peak resident size
    /// under the 300 MiB bound of docs/scaling.md at scale 1 (measured by `bench/run`, issue 19).
    static let memoryBudgetBytes = 40 << 20

    private static func storeBytes(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    private func loadCatalogue() throws -> MetricCatalogue {
        do {
            return try MetricCatalogue.load(contentsOf: definition.metricsURL)
        } catch let e as ImpactError {
            throw e
        } catch {
            throw ImpactError(.config, "\(definition.metricsURL.path): \(SystemErrorText.describe(error))")
        }
    }
}

extension InputAccounting {
    /// Adds another municipality's accounting.
    mutating func add(_ other: InputAccounting) {
        total += other.total
        enterpriseUsed += other.enterpriseUsed
        enterpriseNotInRegistry += other.enterpriseNotInRegistry
        procurement += other.procurement
        procurementFiltered += other.procurementFiltered
        context += other.context
        unused += other.unused
    }
}
