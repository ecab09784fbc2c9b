import Foundation
import ImpactModel
import Indicators
import Normalization
import ObservationStore

/// The metrics of one municipality of a national run, as the national compute, a partitioned run and
/// `impactmon explain <metric>/<GM>/<period>` compute them, and the bounds the national compute runs them in.
enum MunicipalityCompute {
    /// The metrics of municipality `code` from its observation store in `observationsFolder`.
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

    /// The size of an observation store, its weight in ``BudgetedOrderedMap``; 0 when it cannot be read.
    static func storeBytes(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
