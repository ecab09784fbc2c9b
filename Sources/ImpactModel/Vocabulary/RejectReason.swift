/// Why an input record (or one cell of it) was rejected: the `reason` column of `normalize/rejects.csv`.
///
/// The raw value is the stable code written to the file (`kvk.not_in_registry`, `value.not_a_number`); it never
/// changes once published, so counts stay comparable between runs. The `message` column beside it is an English
/// sentence for the person fixing the source, built where the record is rejected; the report never reads it. Text
/// for council members is made only by the report's string catalogues (`Reporting.ReasonCatalogue`), one per
/// language, from this code and the `field`/`value` columns of the same row (issue 18, item 3).
///
/// Codes are `<subject>.<problem>`. The subject is the field or identifier at fault: `kvk` the KvK-nummer (8 digits),
/// `rsin` the RSIN (9 digits, elfproef), `vestigingsnummer` the KvK establishment number (12 digits), `kwartaal`
/// the quarter of a return, `period` a CBS `Perioden` code, `measure` a CBS measure code, `value` a figure.
package enum RejectReason: String, Sendable, Hashable, Codable, CaseIterable {
    // Record shape
    /// A CSV row with more or fewer fields than its header (our own CSV sources).
    case rowFieldCount = "row.field_count"
    /// A CBS StatLine CSV row with more or fewer fields than its header.
    case csvFieldCount = "csv.field_count"
    /// A required field (a CBS dimension or measure key) is absent from the record.
    case fieldMissing = "field.missing"
    /// Another record has the same key but different values (exact duplicates are merged, not rejected).
    case duplicateConflict = "duplicate.conflict"

    // Identifiers (IdentifierRepair, KvK enrichment)
    /// No KvK-nummer in a record that needs one.
    case kvkMissing = "kvk.missing"
    /// A KvK-nummer that is not 8 digits after repair.
    case kvkInvalid = "kvk.invalid"
    /// A KvK-nummer with more than 8 digits.
    case kvkLength = "kvk.length"
    /// A KvK-nummer written as `6.5E+07` by a spreadsheet: the digits are lost.
    case kvkScientificNotation = "kvk.scientific_notation"
    /// A KvK-nummer with a decimal part (`12345678.5`).
    case kvkDecimal = "kvk.decimal"
    /// A KvK-nummer with characters other than digits, spaces and dots.
    case kvkNotDigits = "kvk.not_digits"
    /// A valid KvK-nummer that is not in the programme registry.
    case kvkNotInRegistry = "kvk.not_in_registry"
    /// A KvK-nummer that is in the registry only after adding leading zeros, which the source did not confirm.
    case kvkRepairedUnmatched = "kvk.repaired_unmatched"
    /// A KvK Basisprofiel answer that cannot be read.
    case kvkProfileInvalid = "kvk.profile_invalid"
    /// An RSIN with more than 9 digits.
    case rsinLength = "rsin.length"
    /// An RSIN that fails the elfproef (the 11-test of Dutch identification numbers).
    case rsinElfproef = "rsin.elfproef"
    /// An RSIN written in scientific notation.
    case rsinScientificNotation = "rsin.scientific_notation"
    /// An RSIN with a decimal part.
    case rsinDecimal = "rsin.decimal"
    /// An RSIN with characters other than digits.
    case rsinNotDigits = "rsin.not_digits"
    /// A vestigingsnummer that is not 12 digits.
    case vestigingsnummerInvalid = "vestigingsnummer.invalid"
    /// A vestigingsnummer with more than 12 digits.
    case vestigingsnummerLength = "vestigingsnummer.length"
    /// A vestigingsnummer with characters other than digits.
    case vestigingsnummerNotDigits = "vestigingsnummer.not_digits"
    /// A vestigingsnummer written in scientific notation.
    case vestigingsnummerScientificNotation = "vestigingsnummer.scientific_notation"

    // Periods
    /// A return without a quarter.
    case kwartaalMissing = "kwartaal.missing"
    /// A return whose quarter is not `2026Q3` (or `2026KW03`).
    case kwartaalInvalid = "kwartaal.invalid"
    /// A return whose quarter differs from the quarter of the file it is in.
    case kwartaalMismatch = "kwartaal.mismatch"
    /// A CBS `Perioden` code that is not `yyyyKWqq`, `yyyyMMmm` or `yyyyJJ00`.
    case periodMalformed = "period.malformed"
    /// A CBS `Perioden` code absent from the table's period list.
    case periodUnknownCode = "period.unknown_code"
    /// A CBS measure code absent from the table's `MeasureCodes`.
    case measureUnknownCode = "measure.unknown_code"

    // Values
    /// A figure that is not a number.
    case valueNotANumber = "value.not_a_number"
    /// A figure below 0 in a field that cannot be negative.
    case valueNegative = "value.negative"
    /// A figure outside the range the field allows.
    case valueOutOfRange = "value.out_of_range"
    /// A figure written in another number format than the rest of its column (`1.234,5` among `1,234.5`).
    case valueFormatMismatch = "value.format_mismatch"
    /// A CBS cell with a symbol other than the CBS missing-value symbols (`.`, `x`, empty).
    case valueUnknownSymbol = "value.unknown_symbol"
    /// A CBS cell with a value and a value attribute that says there is none.
    case valueConflictingAttribute = "value.conflicting_attribute"
    /// A CBS cell without a value and without a value attribute saying why.
    case valueMissingWithoutAttribute = "value.missing_without_attribute"
    /// A CBS `ValueAttribute` other than `None`, `Impossible`, `Confidential`, `NotAvailable`, `Missing`.
    case valueAttributeUnknown = "value_attribute.unknown"

    // Procurement and subsidy register
    /// An award without a contract id.
    case contractIDMissing = "contract_id.missing"
    /// An award date that is not a date.
    case dateInvalid = "date.invalid"
    /// The `beinvloedbaar` flag of an award that is not yes or no.
    case beinvloedbaarInvalid = "beinvloedbaar.invalid"
    /// A CBS municipality code that is not `GM` and four digits.
    case gemeenteCodeInvalid = "gemeente_code.invalid"
    /// A subsidy dossier without a dossier number.
    case dossiernummerMissing = "dossiernummer.missing"
    /// A subsidy year that is not a year.
    case yearInvalid = "year.invalid"
    /// A subsidy instrument other than `subsidie` or `lening`.
    case instrumentInvalid = "instrument.invalid"

    // National establishments file
    /// A registration date that is not a date.
    case datumInschrijvingInvalid = "datum_inschrijving.invalid"
    /// An SBI code that is not a code of the SBI 2008 classification.
    case sbiInvalid = "sbi.invalid"
    /// A number of working persons that is not a whole number ≥ 0.
    case werkzamePersonenInvalid = "werkzame_personen.invalid"

    // Registry history (`registry_history:`, issue 20)
    /// A history row whose vestigingsnummer (or, without one, KvK-nummer) belongs to no programme member.
    case identityNotAMember = "identity.not_a_member"

    /// The stable code written in the `reason` column.
    package var code: String { rawValue }
}

extension Reject {
    /// The reason as a vocabulary case; `nil` for a code this version does not know (a `rejects.csv` written by a
    /// newer version): the report then names it as another reason, never guesses from the `message` text.
    package var reasonCase: RejectReason? { RejectReason(rawValue: reason) }
}
