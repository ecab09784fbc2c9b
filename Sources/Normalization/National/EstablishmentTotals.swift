import ImpactModel

/// The establishments of one gemeente at the reference date, from the establishments extract
/// (`vestigingen-<YYYYQn>.csv`, record kind `establishment`), after repairs, rejects, the registration-date filter,
/// duplicate handling and herindeling.
///
/// Counts are of establishments (vestigingen, KvK Handelsregister); persons are `werkzame_personen` as the extract
/// states them (persons, not FTE). A missing `werkzame_personen` is counted in ``personsMissing``, never as 0.
/// "SE" is a social enterprise of the programme's registry: an establishment whose KvK-nummer is a registry
/// KvK-nummer.
package struct EstablishmentTotals: Sendable, Hashable {
    /// Establishments kept (unit establishments).
    package var establishments = 0
    /// Sum of `werkzame_personen` over the kept establishments that state it (unit persons).
    package var personsEmployed = 0
    /// Kept establishments with an empty `werkzame_personen`.
    package var personsMissing = 0
    /// Kept establishments whose KvK-nummer is in the registry (unit establishments).
    package var seEstablishments = 0
    /// Sum of `werkzame_personen` over the ``seEstablishments`` that state it (unit persons).
    package var sePersonsEmployed = 0
    /// ``seEstablishments`` with an empty `werkzame_personen`.
    package var sePersonsMissing = 0
    /// Distinct registry KvK-nummers among the ``seEstablishments`` (unit enterprises).
    package var seEnterprises = 0

    /// All counts zero.
    package init() {}

    /// Creates totals from their counts.
    package init(
        establishments: Int, personsEmployed: Int, personsMissing: Int, seEstablishments: Int, sePersonsEmployed: Int,
        sePersonsMissing: Int, seEnterprises: Int
    ) {
        self.establishments = establishments
        self.personsEmployed = personsEmployed
        self.personsMissing = personsMissing
        self.seEstablishments = seEstablishments
        self.sePersonsEmployed = sePersonsEmployed
        self.sePersonsMissing = sePersonsMissing
        self.seEnterprises = seEnterprises
    }
}

/// What ``EstablishmentExtract/aggregate(file:displayName:sourceID:quarter:registryKvK:herindeling:)`` made of
/// one establishments extract.
package struct EstablishmentExtractResult: Sendable {
    /// Totals per gemeente, keyed by the CBS gemeentecode after herindeling (`GM0392`); only gemeenten with at least
    /// one kept establishment.
    package var perGemeente: [RegioCode: EstablishmentTotals]
    /// Five observations per gemeente (``EstablishmentExtract/Measure``), ordered by gemeentecode, then measure.
    package var observations: [Observation]
    /// Every row not used, with file, line, field, value and how to fix it; ordered by line.
    package var rejects: [Reject]
    /// Row conservation: `recordsIn == recordsOut + rejected + filtered + merged`; `recordsOut` counts the
    /// establishments kept, `observations` the observations made.
    package var ledger: LedgerEntry
    /// Summaries: repaired identifiers (one per kind), merged duplicates, rows filtered by registration date,
    /// herindeling applied or unresolved (one per old gemeentecode).
    package var diagnostics: [Diagnostic]
    /// The first 12 hex digits of the file's SHA-256, the prefix of every source row id from it.
    package var sha256Prefix: String

    /// Creates a result.
    package init(
        perGemeente: [RegioCode: EstablishmentTotals], observations: [Observation], rejects: [Reject],
        ledger: LedgerEntry, diagnostics: [Diagnostic], sha256Prefix: String
    ) {
        self.perGemeente = perGemeente
        self.observations = observations
        self.rejects = rejects
        self.ledger = ledger
        self.diagnostics = diagnostics
        self.sha256Prefix = sha256Prefix
    }
}
