import Foundation

/// One input observation behind a value, as `impactmon explain` lists it.
package struct InputRef: Sendable, Hashable, Codable {
    /// `source_row_id` of the observation (`<sha256 prefix>:<record>`), or `registry line N` for registry facts.
    package var sourceRowID: String
    /// KvK-nummer, or the CBS region.
    package var entity: String
    /// The canonical measure or CBS measure code (`employees_headcount`, `D000203_2`).
    package var measure: String
    /// CBS period code or quarter.
    package var period: String
    /// The value, `nil` when missing.
    package var value: Double?

    /// Creates a reference to one input.
    package init(sourceRowID: String, entity: String, measure: String, period: String, value: Double?) {
        self.sourceRowID = sourceRowID
        self.entity = entity
        self.measure = measure
        self.period = period
        self.value = value
    }
}
