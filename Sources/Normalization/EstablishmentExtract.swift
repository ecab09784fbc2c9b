// TEMPORARY stub until helper/ext lands; replaced by the real streaming aggregator.
import Foundation
import ImpactModel

package struct EstablishmentTotals: Sendable, Hashable {
    package var establishments = 0
}
package struct EstablishmentExtractResult: Sendable {
    package var perGemeente: [String: EstablishmentTotals] = [:]
    package var observations: [Observation] = []
    package var rejects: [Reject] = []
    package var ledger: LedgerEntry
    package var diagnostics: [Diagnostic] = []
    package var sha256 = ""
}
package enum EstablishmentExtract {
    package static func aggregate(
        file: URL, displayName: String, sourceID: String, quarter: Quarter, registryKvK: Set<String>,
        herindeling: Herindeling
    ) throws(ImpactError) -> EstablishmentExtractResult {
        throw ImpactError(.failure, "not yet")
    }
}
