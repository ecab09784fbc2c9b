import CSVCodec
import Foundation
import ImpactModel

/// Maps a municipal subsidy register (openbaar subsidieregister, `record: subsidy_award`) to canonical observations.
///
/// Shape: the CSV Dutch municipalities publish on their open-data (CKAN) portals, as Amsterdam's
/// `subsidie_out2.csv` (PROVENANCE.md §9): `;`-separated, one row per dossier, header
/// `TABLE_NAME;DOSSIERNUMMER;AANVRAGER;REGELINGNAAM;BELEIDSTERREIN;ORGANISATIEONDERDEEL;PROJECT_NAAM;
/// TYPE_PERIODICITEIT;BEDRAG_AANGEVRAAGD;BEDRAG_VERLEEND;BEDRAG_VASTGESTELD;SUBSIDIEJAAR;DATUM_OVERZICHT`.
/// Required: `DOSSIERNUMMER`, `AANVRAGER`, `BEDRAG_VERLEEND`, `SUBSIDIEJAAR`. Optional, as a register that
/// names recipients by KvK-nummer adds them: `KVK_NUMMER` and `INSTRUMENT` (`subsidie` or `lening`; default
/// `subsidie`). Column names are matched without regard to case.
///
/// Each dossier gives one observation `municipal_subsidy_eur` (EUR) for the year `SUBSIDIEJAAR` (CBS period
/// `2017JJ00`): `BEDRAG_VASTGESTELD` (the settled amount) when set, else `BEDRAG_VERLEEND` (the granted amount);
/// `NULL` or empty means not set, and `.00` is 0 (Amsterdam writes zero so). The recipient is matched to the
/// registry by `KVK_NUMMER` (repaired when Excel dropped leading zeros); a register without KvK-nummers is compared
/// by name (`AANVRAGER` against the registry's trade names, ``Matcher``), but a name alone is never accepted (no
/// postcode to confirm it): a similar registry name becomes a review row (`normalize/review.csv`) for the core
/// group to confirm by adding the KvK-nummer. Unmatched recipients are **kept** with `se_match=none` (all
/// subsidies are the denominator of a share). Filtered (counted in the ledger, not rejected): private persons (`AANVRAGER` = `(Particulier)`, the
/// register's pseudonym) and dossiers with neither amount set (not granted). Rejected with a reason: a row with
/// the wrong number of fields, no `DOSSIERNUMMER`, an amount or year that is not a number, an invalid KvK-nummer.
/// Duplicate key: `DOSSIERNUMMER` (exact duplicates merged, conflicting ones rejected).
package enum SubsidyRegisterMapping {
    /// The canonical measure of a dossier's amount (EUR).
    package static let measure = "municipal_subsidy_eur"
    /// The register's pseudonym for a private person.
    package static let privatePerson = "(Particulier)"

    /// Maps all files of one subsidy-register source.
    /// - Throws: ``ImpactError`` `.dataInvalid` when a file cannot be read as a table or lacks a required column.
    package static func map(_ source: CSVSourceInput, matcher: Matcher) throws(ImpactError) -> SourceOutput {
        var out = SourceOutput(sourceID: source.sourceID)
        var pending: [PendingRecord] = []
        var outcomes: [MatchKey: Matcher.Outcome] = [:]
        var privatePersons = 0
        var notGranted = 0
        for f in source.files {
            let table = try readTable(f)
            let prefix = f.sha256Prefix
            let dataset = ImpactReturnMapping.datasetName(f.file)
            var columns: [String: Int] = [:]
            for (i, h) in table.header.enumerated() { columns[h.uppercased()] = columns[h.uppercased()] ?? i }
            for r in table.records {
                out.ledger.recordsIn += 1
                let rowID = SourceRowID.make(prefix: prefix, record: r.number)
                func cell(_ name: String) -> String {
                    guard let i = columns[name], i < r.fields.count else { return "" }
                    return IdentifierRepair.trimmed(r.fields[i])
                }
                func reject(_ field: String, _ value: String, _ reason: RejectReason, _ message: String) {
                    out.reject(
                        rowID, file: f.file, line: r.line, field: field, value: value, reason: reason, message: message)
                }
                guard r.fields.count == table.header.count else {
                    reject(
                        "", "\(r.fields.count) fields", .rowFieldCount,
                        "the record has \(r.fields.count) fields, the header \(table.header.count); check quoting and delimiters on this line"
                    )
                    continue
                }
                let dossier = cell("DOSSIERNUMMER")
                guard !dossier.isEmpty else {
                    reject("DOSSIERNUMMER", "", .dossiernummerMissing, "every dossier needs a DOSSIERNUMMER")
                    continue
                }
                let applicant = cell("AANVRAGER")
                if applicant == privatePerson {
                    out.ledger.filtered += 1
                    privatePersons += 1
                    continue
                }
                guard let year = Int(cell("SUBSIDIEJAAR")), (1900...2100).contains(year),
                    let period = try? PeriodCode(parsing: "\(year)JJ00")
                else {
                    reject("SUBSIDIEJAAR", cell("SUBSIDIEJAAR"), .yearInvalid, "SUBSIDIEJAAR must be a year (2017)")
                    continue
                }
                var amounts: [String: Double?] = [:]
                var invalid = false
                for column in ["BEDRAG_VERLEEND", "BEDRAG_VASTGESTELD"] {
                    switch amount(cell(column), delimiter: table.delimiter) {
                    case .missing: amounts[column] = .some(nil)
                    case .value(let v): amounts[column] = v
                    case .invalid(let reason, let message):
                        reject(column, cell(column), reason, message)
                        invalid = true
                    }
                    if invalid { break }
                }
                if invalid { continue }
                guard let value = (amounts["BEDRAG_VASTGESTELD"] ?? nil) ?? (amounts["BEDRAG_VERLEEND"] ?? nil) else {
                    out.ledger.filtered += 1
                    notGranted += 1
                    continue
                }
                let settled = (amounts["BEDRAG_VASTGESTELD"] ?? nil) != nil
                let instrument = cell("INSTRUMENT").lowercased()
                guard ["", "subsidie", "lening"].contains(instrument) else {
                    reject("INSTRUMENT", cell("INSTRUMENT"), .instrumentInvalid, "write subsidie or lening")
                    continue
                }
                let rawKvK = cell("KVK_NUMMER")
                let reading = IdentifierRepair.kvkNumber(rawKvK)
                if case .invalid(let reason, let message) = reading {
                    reject("KVK_NUMMER", rawKvK, reason, message)
                    continue
                }
                let key = MatchKey(kvk: reading, name: applicant)
                let outcome: Matcher.Outcome
                if let known = outcomes[key] {
                    outcome = known
                } else {
                    outcome = matcher.match(key)
                    outcomes[key] = outcome
                }
                var recipient = ""
                var match: Match?
                switch outcome {
                case .matched(let m, let method, let score):
                    recipient = m.digits
                    match = Match(
                        sourceID: source.sourceID, sourceRowID: rowID, kvkNumber: m, method: method, score: score)
                case .unmatched(let near):
                    // Only recipients whose name is close to a registry name reach review; most recipients of a
                    // city's register are not social enterprises.
                    if !near.isEmpty {
                        out.review(near, rowID: rowID, file: f.file, line: r.line, key: key, rawKvK: rawKvK)
                    }
                }
                let dims = [
                    "beleidsterrein=\(dimensionValue(cell("BELEIDSTERREIN")))", "dossier=\(dimensionValue(dossier))",
                    "instrument=\(instrument.isEmpty ? "subsidie" : instrument)",
                    "periodiciteit=\(dimensionValue(cell("TYPE_PERIODICITEIT").lowercased()))",
                    "regeling=\(dimensionValue(cell("REGELINGNAAM")))", "se_match=\(match?.method.rawValue ?? "none")",
                    "stand=\(settled ? "vastgesteld" : "verleend")",
                ].joined(separator: ";")
                let o = Observation(
                    sourceID: source.sourceID, dataset: dataset, measure: measure,
                    measureLabel: "Gemeentelijke subsidie of lening (vastgesteld, anders verleend)", unit: "EUR",
                    regio: "", kvkNumber: recipient, periodCode: period.code, periodStart: period.start,
                    periodEnd: period.end, value: value, valueStatus: settled ? .definitief : .voorlopig,
                    valueAttribute: .none, sourceRowID: rowID, dimensions: dims)
                pending.append(
                    PendingRecord(
                        sourceRowID: rowID, file: f.file, line: r.line, key: dossier,
                        content: [recipient, period.code, dims, formatNumber(value)], observations: [o], match: match))
            }
        }
        if privatePersons > 0 {
            out.diagnostics.append(
                Diagnostic(
                    .note, code: "subsidy.private_person",
                    "\(privatePersons) dossier(s) of private persons (AANVRAGER \(privatePerson)) not used: never a social enterprise",
                    field: "AANVRAGER"))
        }
        if notGranted > 0 {
            out.diagnostics.append(
                Diagnostic(
                    .note, code: "subsidy.not_granted",
                    "\(notGranted) dossier(s) without BEDRAG_VERLEEND and BEDRAG_VASTGESTELD (not granted) not used",
                    field: "BEDRAG_VERLEEND"))
        }
        out.emitDeduplicated(pending, keyDescription: "DOSSIERNUMMER")
        return out
    }

    /// Reads a file and checks the required columns, whatever their case.
    static func readTable(_ f: CSVSourceFile) throws(ImpactError) -> CSVTable {
        let table: CSVTable
        do {
            table = try CSVReader.read(f.data, file: f.file, options: CSVReadOptions(encoding: f.encoding))
        } catch {
            throw ImpactError(.dataInvalid, "\(error.description); no rows of this file were used")
        }
        let header = Set(table.header.map { $0.uppercased() })
        for c in ["DOSSIERNUMMER", "AANVRAGER", "BEDRAG_VERLEEND", "SUBSIDIEJAAR"] where !header.contains(c) {
            throw ImpactError(
                .dataInvalid,
                "\(f.file): required column \"\(c)\" is missing (header: \(table.header.joined(separator: ";"))); no rows of this file were used"
            )
        }
        return table
    }

    /// An amount cell: `NULL` or empty → missing; `.00` → 0 (a leading `.` gets a 0); else ``DecimalCell``.
    static func amount(_ raw: String, delimiter: UInt8) -> DecimalCell {
        let t = IdentifierRepair.trimmed(raw)
        if t.isEmpty || t.uppercased() == "NULL" { return .missing }
        return DecimalCell.parse(t.hasPrefix(".") ? "0" + t : t, delimiter: delimiter)
    }

    private static func dimensionValue(_ s: String) -> String {
        String(s.map { $0 == ";" || $0 == "=" ? "_" : $0 })
    }
}
