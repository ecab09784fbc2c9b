import CSVCodec
import Foundation
import ImpactModel
import Indicators
import Normalization
import RunArtifacts

/// The compute stage of a national pipeline (or one partition of it): the catalogue of `config/metrics.yaml` for
/// every municipality with a file in `normalize/observations/` (``ObservationStore``), on both cores.
///
/// Each municipality is computed exactly as a municipal pipeline computes its programme
/// (``MunicipalityCompute/compute(_:catalogue:enterprises:observationsFolder:period:provenance:)``), so a partitioned
/// run (`--municipality`) gives the same rows as the national run for that municipality. Rows are streamed into
/// `compute/metrics.csv` in gemeentecode order (``NationalMetricTotals``); municipalities are computed on
/// ``MunicipalityCompute/workers`` threads (``BudgetedOrderedMap``) within ``MunicipalityCompute/memoryBudgetBytes``
/// of observation stores at once. `accounting.json` sums the per-municipality accounting. No `provenance.json` is
/// written (it would repeat every input for every value of 342 municipalities): `impactmon explain
/// <metric>/<GM>/<period>` recomputes that municipality and prints its provenance.
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
            from: RunFile.enterprises.url(inStageFolder: normalize))
        let catalogue = try definition.metricCatalogue(themes: false)
        var writer = try CSVFileWriter(url: RunFile.metrics.url(inStageFolder: staging))
        try writer.write(MetricRecord.csvHeader)
        var totals = NationalMetricTotals()
        let stored = ObservationPartitions.partitions(in: folder)
        let codes = definition.partition.map { p in stored.filter { $0 == p.code } } ?? stored
        // Each municipality gets its own registry enterprises, grouped once: the engine would otherwise scan the
        // whole national registry for every municipality (342 × 20 000 enterprises at scale 1). Its rows,
        // accounting and warnings are the same; only the note `compute.other_municipality` (not written here)
        // no longer counts the other municipalities' enterprises.
        let registries = Dictionary(grouping: enterprises, by: \.gemeenteCode.code)
        // Both cores (issue 19 item 2): municipalities are computed on up to `workers` threads, their rows written
        // in gemeentecode order as before; the weight of a municipality is the size of its observation store.
        let weights = codes.map { MunicipalityCompute.storeBytes(ObservationPartitions.file($0, in: folder)) }
        let period = self.run.period
        let map = BudgetedOrderedMap<MetricRun>(
            workers: MunicipalityCompute.workers, budget: MunicipalityCompute.memoryBudgetBytes)
        try map.run(weights: weights) { i in
            try MunicipalityCompute.compute(
                codes[i], catalogue: catalogue, enterprises: registries[codes[i]] ?? [], observationsFolder: folder,
                period: period, provenance: false)
        } consume: { i, run in
            for r in try totals.add(run, of: codes[i]) { try writer.write(r.csvFields) }
        }
        try writer.close()
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(
            try enc.encode(totals.accounting) + Data("\n".utf8), to: staging.appendingPathComponent("accounting.json"))
        return ComputeStage.Result(
            rowCounts: [
                "metrics": totals.rows, "published": totals.published, "suppressed": totals.suppressed,
                "municipalities": codes.count,
            ],
            warnings: totals.warningLines)
    }
}
