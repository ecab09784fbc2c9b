import CSVCodec
import ImpactModel

/// The state of one pass over an establishments extract: row checks as the rows stream by, duplicate handling and
/// totals at the end (``EstablishmentExtract``).
struct ExtractAccumulator: ~Copyable {
    /// A row left out, waiting for the file's hash to make its source row id.
    struct PendingReject {
        var record: Int
        var line: Int
        var field: String
        var value: String
        var reason: RejectReason
        var message: String
    }

    /// Repairs of one identifier kind, reported as one diagnostic.
    struct RepairSummary {
        var count = 0
        var examples: [(line: Int, original: String, repaired: String)] = []

        mutating func note(line: Int, original: String, repaired: String) {
            count += 1
            if examples.count < 10 { examples.append((line, original, repaired)) }
        }
    }

    private let file: String
    private let quarter: Quarter
    private let lastDay: CivilDate
    private let registry: RegistryKvKSet
    private let herindeling: Herindeling
    /// Index in the record of each of ``EstablishmentExtract/columns``.
    private let columns: [Int]
    private let headerCount: Int

    private var recordsIn = 0
    private var filtered = 0
    private var filteredFirstLine = 0
    private var rejects: [PendingReject] = []
    private var vestigingRepairs = RepairSummary()
    private var kvkRepairs = RepairSummary()
    private var lines = RecordLines()
    private var store: EstablishmentRowStore
    /// Record number → registry KvK-nummer, for the rows of social enterprises only (to count distinct ones).
    private var registryKvKOfRecord: [UInt32: UInt32] = [:]

    /// Gemeentecode number (0…9999) as written → index in ``gemeenten`` after herindeling, or -1 until first seen.
    private var gemeenteOfWritten = [Int32](repeating: -1, count: 10_000)
    /// Gemeentecode number after herindeling → index in ``gemeenten``, or -1.
    private var gemeenteOfResolved = [Int32](repeating: -1, count: 10_000)
    /// The gemeentecodes after herindeling, by index.
    private var gemeenten: [RegioCode] = []
    /// Rows (that passed their checks) per gemeentecode number as written, for the herindeling summaries.
    private var rowsOfWritten = [Int](repeating: 0, count: 10_000)
    /// The herindeling of each written code that was changed or could not be resolved.
    private var changed: [Int: Herindeling.Resolution] = [:]

    init(
        file: String, quarter: Quarter, registryKvK: Set<KvKNumber>, herindeling: Herindeling, columns: [Int],
        headerCount: Int, runLength: Int
    ) {
        self.store = EstablishmentRowStore(runLength: runLength)
        self.file = file
        self.quarter = quarter
        self.lastDay = quarter.lastDay
        self.registry = RegistryKvKSet(registryKvK)
        self.herindeling = herindeling
        self.columns = columns
        self.headerCount = headerCount
    }

    // MARK: - Rows

    /// Checks one data record and keeps it (for duplicate handling), filters or rejects it.
    /// - Throws: ``ImpactError`` `.failure` when memory runs out or the file has more than 4 294 967 294 records.
    mutating func add(_ r: CSVRecord) throws(ImpactError) {
        recordsIn += 1
        lines.note(record: r.number, line: r.line)
        let f = r.fields
        guard f.count == headerCount else {
            return reject(
                r, "", "\(f.count) fields", .rowFieldCount,
                "the row has \(f.count) fields, the header \(headerCount); check quoting and delimiters on this line")
        }
        // vestigingsnummer
        let rawVestiging = f[columns[0]]
        let vestiging: UInt64
        var vestigingRepair: String?
        switch EstablishmentCells.vestigingsnummer(rawVestiging) {
        case .valid(let v): vestiging = v
        case .repaired(let v, let original):
            vestiging = v
            vestigingRepair = original
        case .empty:
            return reject(
                r, "vestigingsnummer", rawVestiging, .vestigingsnummerInvalid,
                "the vestigingsnummer is empty; every establishment has a 12-digit vestigingsnummer in the Handelsregister: fill it in or remove the row"
            )
        case .invalid(let message):
            return reject(r, "vestigingsnummer", rawVestiging, .vestigingsnummerInvalid, message)
        }
        // kvk_nummer
        let rawKvK = f[columns[1]]
        let kvk: UInt64
        var kvkRepair: String?
        switch EstablishmentCells.kvkNumber(rawKvK) {
        case .valid(let v): kvk = v
        case .repaired(let v, let original):
            kvk = v
            kvkRepair = original
        case .empty:
            return reject(
                r, "kvk_nummer", rawKvK, .kvkInvalid,
                "the KvK-nummer is empty; every establishment belongs to an 8-digit KvK-nummer: fill it in or remove the row"
            )
        case .invalid(let message):
            return reject(r, "kvk_nummer", rawKvK, .kvkInvalid, message)
        }
        // sbi_code
        let rawSBI = f[columns[2]]
        guard let sbi = EstablishmentCells.sbiCode(rawSBI) else {
            return reject(
                r, "sbi_code", rawSBI, .sbiInvalid,
                IdentifierRepair.trimmed(rawSBI).isEmpty
                    ? "sbi_code is empty; write the establishment's SBI 2008 activity code (2 to 5 digits, e.g. 88101) from the Handelsregister"
                    : "sbi_code \"\(rawSBI)\" is not an SBI 2008 code (2 to 5 digits of an existing division, e.g. 88101); correct it from the Handelsregister"
            )
        }
        let postcode = EstablishmentCells.postcodeKey(f[columns[3]])
        // gemeente_code
        let rawGemeente = f[columns[4]]
        guard let written = EstablishmentCells.gemeenteCode(rawGemeente) else {
            return reject(
                r, "gemeente_code", rawGemeente, .gemeenteCodeInvalid,
                "gemeente_code \"\(rawGemeente)\" is not a CBS gemeentecode; write GM followed by 4 digits (GM0392 for Haarlem)"
            )
        }
        // werkzame_personen
        let rawPersons = f[columns[5]]
        let persons: UInt32
        switch EstablishmentCells.persons(rawPersons) {
        case .missing: persons = PackedEstablishment.missingPersons
        case .value(let v): persons = v
        case .invalid:
            return reject(
                r, "werkzame_personen", rawPersons, .werkzamePersonenInvalid,
                "werkzame_personen \"\(rawPersons)\" is not a whole number of persons of 0 or more; write digits only (12), or leave the cell empty when the number is unknown"
            )
        }
        // datum_inschrijving
        let rawDate = f[columns[6]]
        guard let date = EstablishmentCells.date(rawDate) else {
            return reject(
                r, "datum_inschrijving", rawDate, .datumInschrijvingInvalid,
                "datum_inschrijving \"\(rawDate)\" is not a date that exists; write it as yyyy-mm-dd (2019-05-14)")
        }
        // The row is readable.
        if let original = vestigingRepair {
            vestigingRepairs.note(line: r.line, original: original, repaired: Self.digits(vestiging, 12))
        }
        if let original = kvkRepair { kvkRepairs.note(line: r.line, original: original, repaired: Self.digits(kvk, 8)) }
        if date > lastDay {
            if filtered == 0 { filteredFirstLine = r.line }
            filtered += 1
            return
        }
        rowsOfWritten[written] += 1
        let gemeente = gemeenteIndex(written: written)
        let isSocialEnterprise = registry.contains(UInt32(kvk))
        var hash = Self.mix(0x243F_6A88_85A3_08D3 ^ kvk)
        hash = Self.mix(hash ^ UInt64(sbi))
        hash = Self.mix(hash ^ postcode)
        hash = Self.mix(hash ^ UInt64(gemeente))
        hash = Self.mix(hash ^ UInt64(persons))
        hash = Self.mix(hash ^ UInt64(date.year * 512 + date.month * 32 + date.day))
        guard r.number < Int(UInt32.max) else {
            throw ImpactError(.failure, "\(file): more than \(UInt32.max - 1) records; split the extract")
        }
        do {
            try store.append(
                PackedEstablishment(
                    vestigingsnummer: vestiging, gemeente: UInt16(gemeente), socialEnterprise: isSocialEnterprise,
                    contentHash: hash, record: UInt32(r.number), persons: persons))
        } catch {
            throw ImpactError(.failure, "\(file): out of memory after \(recordsIn) records")
        }
        if isSocialEnterprise { registryKvKOfRecord[UInt32(r.number)] = UInt32(kvk) }
    }

    private mutating func reject(
        _ r: CSVRecord, _ field: String, _ value: String, _ reason: RejectReason, _ message: String
    ) {
        rejects.append(
            PendingReject(record: r.number, line: r.line, field: field, value: value, reason: reason, message: message))
    }

    /// The index of the gemeente a written code belongs to on the reference date (herindeling resolved once per
    /// written code).
    private mutating func gemeenteIndex(written: Int) -> Int {
        let known = gemeenteOfWritten[written]
        if known >= 0 { return Int(known) }
        let code = RegioCode("GM" + Self.digits(UInt64(written), 4))
        let resolution = herindeling.resolve(code, woonplaats: "", on: lastDay)
        let resolved: RegioCode
        switch resolution {
        case .unchanged(let c): resolved = c
        case .mapped(let c, _), .unresolved(let c, _):
            resolved = c
            changed[written] = resolution
        }
        let number = EstablishmentCells.gemeenteCode(resolved.code) ?? written
        var index = Int(gemeenteOfResolved[number])
        if index < 0 {
            index = gemeenten.count
            gemeenten.append(resolved)
            gemeenteOfResolved[number] = Int32(index)
        }
        gemeenteOfWritten[written] = Int32(index)
        return index
    }

    // MARK: - End of the file

    /// Handles duplicates, sums the kept rows per gemeente, and assembles the result.
    consuming func finish(sourceID: String, dataset: String, sha256Prefix prefix: String)
        -> EstablishmentExtractResult
    {
        let lines = self.lines
        let seKvK = registryKvKOfRecord
        var totals = [EstablishmentTotals](repeating: EstablishmentTotals(), count: gemeenten.count)
        var seSeen = Set<UInt64>()  // gemeente index << 32 | KvK-nummer
        var kept = 0
        var merged = 0
        var mergedExample: (line: Int, of: Int)?  // the one with the smallest line
        var conflicts: [PendingReject] = []
        store.forEachGroup { group in
            guard let first = group.first else { return }
            let n = group.count
            if group.allSatisfy({ $0.contentHash == first.contentHash }) {
                kept += 1
                merged += n - 1
                if n > 1 {
                    let line = lines.line(of: Int(group[group.startIndex + 1].record))
                    if line < mergedExample?.line ?? Int.max {
                        mergedExample = (line, lines.line(of: Int(first.record)))
                    }
                }
                let g = first.gemeente
                let hasPersons = first.persons != PackedEstablishment.missingPersons
                totals[g].establishments += 1
                if hasPersons {
                    totals[g].personsEmployed += Int(first.persons)
                } else {
                    totals[g].personsMissing += 1
                }
                if first.isSocialEnterprise {
                    totals[g].seEstablishments += 1
                    if hasPersons {
                        totals[g].sePersonsEmployed += Int(first.persons)
                    } else {
                        totals[g].sePersonsMissing += 1
                    }
                    if let k = seKvK[first.record], seSeen.insert(UInt64(g) << 32 | UInt64(k)).inserted {
                        totals[g].seEnterprises += 1
                    }
                }
            } else {
                let groupLines = group.map { lines.line(of: Int($0.record)) }
                let value = Self.digits(first.vestigingsnummer, 12)
                let shown = groupLines.prefix(10).map(String.init).joined(separator: ", ")
                for (k, row) in group.enumerated() {
                    conflicts.append(
                        PendingReject(
                            record: Int(row.record), line: groupLines[k], field: "vestigingsnummer", value: value,
                            reason: .duplicateConflict,
                            message:
                                "\(n) rows have vestigingsnummer \(value) with different content (lines \(shown)\(n > 10 ? ", …" : "")); none of them is counted: correct or remove the wrong rows in the extract"
                        ))
                }
            }
        }
        var perGemeente: [RegioCode: EstablishmentTotals] = [:]
        for (g, t) in totals.enumerated() where t.establishments > 0 { perGemeente[gemeenten[g]] = t }
        let observations = EstablishmentExtract.observations(
            perGemeente, sourceID: sourceID, dataset: dataset, quarter: quarter,
            sha256Prefix: prefix)
        let all = (rejects + conflicts).sorted { ($0.line, $0.reason.code) < ($1.line, $1.reason.code) }
        let ledger = LedgerEntry(
            sourceID: sourceID, recordsIn: recordsIn, recordsOut: kept, rejected: all.count, filtered: filtered,
            merged: merged, observations: observations.count)
        return EstablishmentExtractResult(
            perGemeente: perGemeente, observations: observations,
            rejects: all.map {
                Reject(
                    sourceID: sourceID, sourceRowID: SourceRowID.make(prefix: prefix, record: $0.record), file: file,
                    line: $0.line, field: $0.field, value: $0.value, reason: $0.reason, message: $0.message)
            },
            ledger: ledger, diagnostics: diagnostics(merged: merged, mergedExample: mergedExample),
            sha256Prefix: prefix)
    }

    /// The summary diagnostics: repairs (one per identifier kind), merged duplicates, filtered rows, herindeling.
    private func diagnostics(merged: Int, mergedExample: (line: Int, of: Int)?) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (summary, field, digits) in [
            (vestigingRepairs, "vestigingsnummer", 12), (kvkRepairs, "kvk_nummer", 8),
        ] where summary.count > 0 {
            let name = field == "kvk_nummer" ? "KvK-nummers" : "vestigingsnummers"
            let e = summary.examples[0]
            let shown = summary.examples.map { String($0.line) }.joined(separator: ", ")
            out.append(
                Diagnostic(
                    .warning, code: field == "kvk_nummer" ? "kvk.repaired" : "vestigingsnummer.repaired",
                    "\(summary.count) \(name) had fewer than \(digits) digits and were left-padded with zeros (\(IdentifierRepair.leadingZerosRule)), e.g. \"\(e.original)\" → \"\(e.repaired)\" on line \(e.line); lines \(shown)\(summary.count > summary.examples.count ? ", …" : ""). Export the column as text to keep the leading zeros",
                    file: file, line: e.line, field: field))
        }
        if merged > 0, let e = mergedExample {
            out.append(
                Diagnostic(
                    .note, code: "duplicate.merged",
                    "\(merged) rows repeat an earlier row with the same vestigingsnummer and the same content and are counted once (e.g. line \(e.line) repeats line \(e.of))",
                    file: file, line: e.line, field: "vestigingsnummer"))
        }
        if filtered > 0 {
            out.append(
                Diagnostic(
                    .note, code: "establishment.registered_later",
                    "\(filtered) establishments were registered after \(lastDay) and are not counted in the stand of \(lastDay) (first on line \(filteredFirstLine))",
                    file: file, line: filteredFirstLine, field: "datum_inschrijving"))
        }
        for written in changed.keys.sorted() {
            guard let resolution = changed[written] else { continue }
            let code = "GM" + Self.digits(UInt64(written), 4)
            let rows = rowsOfWritten[written]
            switch resolution {
            case .mapped(let to, let via):
                let how = via.map { "\($0.oldCode) → \($0.newCode) on \($0.date), line \($0.line)" }
                    .joined(separator: "; ")
                out.append(
                    Diagnostic(
                        .note, code: "herindeling.mapped",
                        "gemeente_code \(code) no longer exists on \(lastDay): \(rows) rows are counted under \(to) (gemeente-herindeling.csv: \(how))",
                        file: file, field: "gemeente_code"))
            case .unresolved(let kept, _):
                out.append(
                    Diagnostic(
                        .warning, code: "herindeling.unresolved",
                        "gemeente_code \(code) was divided over several gemeenten before \(lastDay) and the extract has no woonplaats: \(rows) rows are kept under \(kept) (\(Herindeling.unresolvedReason)); write the successor's gemeentecode in the extract",
                        file: file, field: "gemeente_code"))
            case .unchanged: break
            }
        }
        return out
    }

    // MARK: - Helpers

    /// `value` written with `count` digits, left-padded with zeros.
    static func digits(_ value: UInt64, _ count: Int) -> String {
        let s = String(value)
        return s.utf8.count >= count ? s : String(repeating: "0", count: count - s.utf8.count) + s
    }

    /// One round of the 64-bit finalizer of MurmurHash3 (Appleby), after a multiply by the golden ratio.
    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var h = x &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
