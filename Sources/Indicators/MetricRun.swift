import Foundation
import ImpactModel
import RunArtifacts

/// Where every input observation of the compute stage went, so that counts add up:
/// `total = enterpriseUsed + enterpriseNotInRegistry + procurement + procurementFiltered + context + unused`.
package struct InputAccounting: Sendable, Hashable, Codable {
    /// All observations given to the engine.
    package var total = 0
    /// Enterprise-return rows of a registry enterprise in the municipality.
    package var enterpriseUsed = 0
    /// Enterprise-return rows whose KvK-nummer is not an enterprise of the municipality's registry.
    package var enterpriseNotInRegistry = 0
    /// Addressable procurement rows (`beinvloedbaar=ja`).
    package var procurement = 0
    /// Procurement rows not addressable (filtered, ARCHITECTURE.md).
    package var procurementFiltered = 0
    /// CBS rows of a table a context metric reads, establishment-extract totals and subsidy-register dossiers.
    package var context = 0
    /// Rows no metric reads (another table, an unknown measure).
    package var unused = 0

    /// An empty accounting (every count 0).
    package init() {}

    /// Whether the parts add up to the total.
    package var balances: Bool {
        total == enterpriseUsed + enterpriseNotInRegistry + procurement + procurementFiltered + context + unused
    }
}

/// The result of the compute stage for one report quarter and the 7 quarters before it.
package struct MetricRun: Sendable {
    /// The run's period.
    package var reportQuarter: Quarter
    /// Rows in catalogue order, then period, entity, breakdown.
    package var rows: [MetricRecord]
    /// Provenance by ``MetricRecord/provenanceID``.
    package var provenance: [String: Provenance]
    /// Recoverable problems (duplicates, unknown KvK-nummers, unused rows).
    package var diagnostics: [Diagnostic]
    /// Where every input observation went.
    package var accounting: InputAccounting

    /// `compute/metrics.csv`.
    package func csv() -> Data { MetricRecord.csv(rows) }

    /// `compute/provenance.json`: the provenance entries sorted by id.
    /// - Throws: an `EncodingError` only if a value cannot be encoded (non-finite numbers are never stored).
    package func provenanceJSON() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try enc.encode(provenance.values.sorted { $0.id < $1.id })
    }

    /// The text `impactmon explain <id>` prints, or `nil` for an unknown id.
    package func explain(_ id: String) -> String? { provenance[id]?.explanation }

    /// The row with this metric, entity, period and breakdown, if any (for tests and reports).
    package func row(_ metricID: String, entity: String, period: String, breakdown: String = "") -> MetricRecord? {
        rows.first {
            $0.metricID == metricID && $0.entity == entity && $0.period == period && $0.breakdown == breakdown
        }
    }
}
