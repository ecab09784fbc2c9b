import CSVCodec
import ContentHash
import Foundation
import ImpactModel

/// Reads an establishments extract (`vestigingen-<YYYYQn>.csv`, record kind `establishment`) as a stream and
/// aggregates it per gemeente, in bounded memory.
///
/// Shape (UTF-8, `,`, one row per establishment of the KvK Handelsregister, a stand at the quarter's last day):
/// `vestigingsnummer,kvk_nummer,sbi_code,postcode,gemeente_code,werkzame_personen,datum_inschrijving`.
///
/// Rules, applied per row in column order (the first failing field names the reject):
/// - `vestigingsnummer`: 12 digits; fewer digits are left-padded (``IdentifierRepair/leadingZerosRule``, one
///   summary warning); empty, not digits, more than 12 digits or scientific notation → `vestigingsnummer.invalid`.
/// - `kvk_nummer`: 8 digits; 7 digits are left-padded (one summary warning); anything else (scientific notation
///   `1.23457E+07`, empty, other lengths) → `kvk.invalid`.
/// - `sbi_code`: 2–5 digits of an existing SBI 2008 division, and in the divisions 97, 98 and 99 a prefix of one
///   of their few classes, so `99999` is refused (``SBI2008/isPossibleCode(_:)``); empty or anything else →
///   `sbi.invalid`.
/// - `postcode`: not checked; compared without spaces and case for duplicate detection.
/// - `gemeente_code`: `GM` + 4 digits, else `gemeente_code.invalid`; an old code is mapped to the indeling on the
///   quarter's last day by ``Herindeling`` (merge rules; a split code cannot be resolved without a woonplaats, which
///   the extract lacks, so it is kept and reported, one warning per code).
/// - `werkzame_personen`: a non-negative whole number (digits only, at most 4 294 967 294) or empty (missing, never
///   0); else `werkzame_personen.invalid`.
/// - `datum_inschrijving`: `yyyy-mm-dd` (or `yyyymmdd`) that exists, else `datum_inschrijving.invalid`; a date after
///   the quarter's last day → filtered (not yet registered at the reference date).
/// - A row whose field count differs from the header's → `row.field_count`.
/// - Duplicates among the rows that pass: rows with the same vestigingsnummer and the same normalized content (the
///   values above after trimming, repairs and herindeling) are counted once (`merged`); when rows with the same
///   vestigingsnummer differ in content, every one of them is rejected `duplicate.conflict` and none is counted.
///
/// Source of the identifier rules: KvK API documentation (`vestigingsnummer` 12 digits, `kvkNummer` 8 digits);
/// SBI 2008 (CBS) / NACE Rev. 2 (Eurostat); CBS gemeentecodes.
package enum EstablishmentExtract {
    /// The record kind named in the pipeline file (`record: establishment`).
    package static let recordKind = "establishment"

    /// The columns of the extract, in file order.
    package static let columns = [
        "vestigingsnummer", "kvk_nummer", "sbi_code", "postcode", "gemeente_code", "werkzame_personen",
        "datum_inschrijving",
    ]

    /// Streams `file` and aggregates its establishments per gemeente at the last day of `quarter`.
    ///
    /// Memory: the CSV reader's 1 MiB chunk, 24 bytes per row that passes its checks (sorted in runs at the end
    /// to find duplicates), the rejects, and small tables; the file is never held: it is read once for its rows and, at
    /// the same time on a second thread, once for its SHA-256.
    /// - Parameters:
    ///   - file: a `file:` URL of the extract.
    ///   - displayName: the name written to rejects and diagnostics (`vestigingen/vestigingen-2026Q3.csv`).
    ///   - sourceID: the pipeline source id (`vestigingen`).
    ///   - quarter: the reporting quarter; the stand is at its last day.
    ///   - registryKvK: the KvK-nummers of the registry's social enterprises.
    ///   - herindeling: the boundary changes (`config/gemeente-herindeling.csv`); an empty table maps nothing.
    /// - Returns: totals per gemeente, five observations per gemeente, rejects, a balancing ledger entry and
    ///   summary diagnostics. The result does not depend on the order of the rows, except for the lines and
    ///   record numbers the rejects name.
    /// - Throws: ``ImpactError`` `.dataInvalid` when the file cannot be read as a table (I/O error, an unterminated
    ///   quote, invalid UTF-8) or lacks one of ``columns``; no rows of the file are used then.
    /// - Complexity: O(n log n) in the rows (sorted runs of the kept rows, merged); memory 24 bytes per kept row.
    package static func aggregate(
        file: URL, displayName: String, sourceID: String, quarter: Quarter, registryKvK: Set<KvKNumber>,
        herindeling: Herindeling
    ) throws(ImpactError) -> EstablishmentExtractResult {
        try aggregate(
            file: file, displayName: displayName, sourceID: sourceID, quarter: quarter, registryKvK: registryKvK,
            herindeling: herindeling, runLength: 1 << 18)
    }

    /// ``aggregate(file:displayName:sourceID:quarter:registryKvK:herindeling:)`` with the rows per sorted run of
    /// ``EstablishmentRowStore`` (tests use tiny runs so the merge of runs is exercised on small files).
    static func aggregate(
        file: URL, displayName: String, sourceID: String, quarter: Quarter, registryKvK: Set<KvKNumber>,
        herindeling: Herindeling, runLength: Int
    ) throws(ImpactError) -> EstablishmentExtractResult {
        let hash = BackgroundResult { try sha256Hex(fileAt: file) }
        var reader: CSVFileReader
        do {
            reader = try CSVFileReader(url: file)
        } catch {
            throw ImpactError(.dataInvalid, "\(displayName): \(error.description); no rows of this file were used")
        }
        let index = try columnIndexes(reader.header, displayName: displayName)
        var acc = ExtractAccumulator(
            file: displayName, quarter: quarter, registryKvK: registryKvK, herindeling: herindeling,
            columns: index, headerCount: reader.header.count, runLength: runLength)
        while true {
            let record: CSVRecord?
            do { record = try reader.next() } catch {
                throw ImpactError(.dataInvalid, "\(displayName): \(error.description); no rows of this file were used")
            }
            guard let record else { break }
            try acc.add(record)
        }
        let prefix: String
        do { prefix = String(try hash.value().prefix(12)) } catch {
            throw ImpactError(
                .dataInvalid,
                "\(displayName): cannot read the file (\(SystemErrorText.describe(error))); check the path")
        }
        return acc.finish(sourceID: sourceID, dataset: file.lastPathComponent, sha256Prefix: prefix)
    }

    /// The index of every column of ``columns`` in `header`, compared as ``CSVTable/headerKey(_:)`` does.
    private static func columnIndexes(_ header: [String], displayName: String) throws(ImpactError) -> [Int] {
        let keys = header.map(CSVTable.headerKey)
        var index: [Int] = []
        for c in columns {
            guard let i = keys.firstIndex(of: c) else {
                throw ImpactError(
                    .dataInvalid,
                    "\(displayName): required column \"\(c)\" is missing (header: \(header.joined(separator: ","))); the header must be \(columns.joined(separator: ",")); no rows of this file were used"
                )
            }
            index.append(i)
        }
        return index
    }
}
