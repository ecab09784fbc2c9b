import ImpactModel

/// Why a record's near-match must be looked at by a person (the `reason` column of `normalize/review.csv`): the
/// facts, worded by ``text`` only. ``code`` is a stable name of the case, for counting and tests.
package enum ReviewReason: Hashable, Sendable, CustomStringConvertible {
    /// The record's vestigingsnummer belongs to `registryKvK`, but the record names `recordKvK`.
    case vestigingsnummerConflict(vestigingsnummer: Vestigingsnummer, registryKvK: KvKNumber, recordKvK: KvKNumber)
    /// Name and postcode agree, but the house numbers (trimmed, lower case) differ.
    case houseNumberDiffers(record: String, registry: String)
    /// A similar name, and the record has no postcode to confirm it.
    case noPostcode
    /// A similar name at another postcode; `registry` is empty when the registry has none.
    case differentPostcode(record: String, registry: String)
    /// The same postcode, but the name similarity is below `threshold` (the matcher's accept threshold).
    case nameBelowThreshold(threshold: Double)
    /// More than one registry name is similar.
    case ambiguous

    /// The stable name of the case (`postcode.differs`).
    package var code: String {
        switch self {
        case .vestigingsnummerConflict: "vestigingsnummer.conflict"
        case .houseNumberDiffers: "house_number.differs"
        case .noPostcode: "postcode.missing"
        case .differentPostcode: "postcode.differs"
        case .nameBelowThreshold: "name.below_threshold"
        case .ambiguous: "name.ambiguous"
        }
    }

    /// The sentence of `review.csv`, in English (the file is for the programme's data steward).
    package var text: String {
        switch self {
        case .vestigingsnummerConflict(let v, let registry, let record):
            "vestigingsnummer \(v.digits) belongs to registry KvK \(registry.digits), but the record says KvK \(record.digits)"
        case .houseNumberDiffers(let record, let registry):
            "name and postcode agree but house number \(record) ≠ \(registry)"
        case .noPostcode: "similar name, but the record has no postcode to confirm it"
        case .differentPostcode(let record, let registry):
            "similar name, different postcode (\(record) vs \(registry.isEmpty ? "none" : registry))"
        case .nameBelowThreshold(let threshold): "same postcode, name similarity below \(threshold)"
        case .ambiguous: "ambiguous: more than one registry name is similar"
        }
    }

    /// ``text``.
    package var description: String { text }
}
