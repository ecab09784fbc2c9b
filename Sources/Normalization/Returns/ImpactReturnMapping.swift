import CSVCodec
import Foundation
import ImpactModel

/// A column of a CSV source and the canonical measure it becomes.
package struct MeasureColumn: Hashable, Sendable {
    /// The column name in the source file (`werknemers`).
    package var column: String
    /// The canonical measure id (`employees_headcount`, METRICS.md §6.1).
    package var measure: String
    /// Dutch label of the measure.
    package var label: String
    /// Unit: persons, FTE, EUR, places, tCO2e, t, h, h/week, count.
    package var unit: String
    /// Whether a file may lack the column without a warning: the columns added in issue 16 (financing, network,
    /// B2G revenue, training hours, Banenafspraak hours, hires from bijstand). A file without such a column gives
    /// no observation of its measure (the return form of that quarter did not ask for it); with the column, an
    /// empty cell is a missing value like any other.
    package var optional: Bool = false
}

/// Maps quarterly impact returns (`returns/impact-<YYYYQn>.csv`) to canonical observations.
///
/// Columns (docs/ARCHITECTURE.md): `kvk_nummer,vestigingsnummer,naam,kwartaal,` then the 12 measure columns of
/// ``measureColumns`` and its 9 optional ones (issue 16); stocks at quarter end, flows over the quarter. Each row gives one observation per measure with
/// `period_code` = the CBS quarter code (`2026KW03`); an empty cell is a missing value (`not_available`), never 0.
/// Rows are rejected for an unreadable KvK-nummer, a `kwartaal` that differs from the file's quarter, a KvK-nummer
/// not in the registry (`kvk.not_in_registry`; `kvk.repaired_unmatched` when it was left-padded from 7 digits, naming
/// both forms, since the number may have lost a trailing digit instead) and conflicting duplicates (same KvK-nummer
/// and quarter, different values); exact duplicates are merged.
///
/// Cells (issue 20): a value that is not a number or negative rejects **that measure of that row** (a cell reject in
/// `rejects.csv`, counted in the ledger's `cells_rejected`); the row's other measures are kept. A row none of whose
/// measure cells can be read is rejected as a row.
package enum ImpactReturnMapping {
    /// The measure columns, in file order. Source of the measure ids: METRICS.md §6.1 (IRIS+ ids there).
    package static let measureColumns: [MeasureColumn] = [
        MeasureColumn(
            column: "werknemers", measure: "employees_headcount", label: "Werknemers op de loonlijst (einde kwartaal)",
            unit: "persons"),
        MeasureColumn(column: "fte", measure: "fte_total", label: "Arbeidsvolume (einde kwartaal)", unit: "FTE"),
        MeasureColumn(
            column: "doelgroep_fte", measure: "tg_fte", label: "Arbeidsvolume doelgroep (einde kwartaal)", unit: "FTE"),
        MeasureColumn(
            column: "doelgroep_werknemers", measure: "tg_headcount",
            label: "Werknemers uit de doelgroep (einde kwartaal)", unit: "persons"),
        MeasureColumn(column: "omzet_eur", measure: "revenue_total", label: "Omzet totaal (kwartaal)", unit: "EUR"),
        MeasureColumn(
            column: "omzet_verkoop_eur", measure: "revenue_sales", label: "Omzet uit verkoop (kwartaal)", unit: "EUR"),
        MeasureColumn(
            column: "subsidies_donaties_eur", measure: "revenue_grants_donations",
            label: "Subsidies en donaties (kwartaal)", unit: "EUR"),
        MeasureColumn(
            column: "clienten", measure: "clients_individuals", label: "Cliënten (kwartaal)", unit: "persons"),
        MeasureColumn(
            column: "getrainde_personen", measure: "individuals_trained", label: "Getrainde personen (kwartaal)",
            unit: "persons"),
        MeasureColumn(
            column: "leerwerkplekken", measure: "learning_places", label: "Leerwerkplekken (einde kwartaal)",
            unit: "places"),
        MeasureColumn(
            column: "co2_vermeden_ton", measure: "ghg_avoided_tco2e", label: "Vermeden broeikasgasuitstoot (kwartaal)",
            unit: "tCO2e"),
        MeasureColumn(
            column: "afval_hergebruikt_ton", measure: "waste_diverted_t",
            label: "Hergebruikt of gerecycled afval (kwartaal)", unit: "t"),
        // Issue 16 item 4 (METRICS.md §6.1): optional, so returns of earlier form versions stay valid.
        MeasureColumn(
            column: "omzet_overheid_eur", measure: "revenue_government",
            label: "Omzet uit verkoop aan overheden (kwartaal)", unit: "EUR", optional: true),
        MeasureColumn(
            column: "externe_financiering_eur", measure: "external_finance_raised",
            label: "Opgehaalde externe financiering (kwartaal)", unit: "EUR", optional: true),
        MeasureColumn(
            column: "opleidingsuren_personeel", measure: "training_hours_staff",
            label: "Opleidingsuren van het eigen personeel (kwartaal)", unit: "h", optional: true),
        MeasureColumn(
            column: "doelgroep_weekuren_banenafspraak", measure: "tg_weekly_hours_banenafspraak",
            label: "Gecontracteerde weekuren van werknemers uit het doelgroepregister (einde kwartaal)",
            unit: "h/week", optional: true),
        MeasureColumn(
            column: "instroom_uit_bijstand", measure: "tg_hires_from_bijstand",
            label: "Aangenomen werknemers die uit de bijstand kwamen (kwartaal)", unit: "persons", optional: true),
        MeasureColumn(
            column: "inkoop_totaal_eur", measure: "supplier_spend_total",
            label: "Inkoop bij leveranciers, totaal (kwartaal)", unit: "EUR", optional: true),
        MeasureColumn(
            column: "inkoop_sociaal_eur", measure: "supplier_spend_social",
            label: "Inkoop bij sociale ondernemingen, PSO- of SW-bedrijven (kwartaal)", unit: "EUR", optional: true),
        MeasureColumn(
            column: "programma_activiteiten", measure: "programme_activities_attended",
            label: "Bijgewoonde activiteiten van het programma (kwartaal)", unit: "count", optional: true),
        MeasureColumn(
            column: "samenwerkingen", measure: "partnerships_active",
            label: "Lopende samenwerkingen met andere organisaties (einde kwartaal)", unit: "count", optional: true),
    ]

    /// Maps all files of one impact-return source.
    /// - Throws: ``ImpactError`` `.dataInvalid` when a file cannot be read as a table (duplicate header names,
    ///   KNOWN-FAULTS B21; an unterminated quote; invalid bytes) or lacks the `kvk_nummer` column; no rows of such a
    ///   file are used.
    package static func map(_ source: CSVSourceInput, matcher: Matcher) throws(ImpactError) -> SourceOutput {
        var out = SourceOutput(sourceID: source.sourceID)
        var pending: [PendingRecord] = []
        for f in source.files {
            let table = try readTable(f, required: ["kvk_nummer"])
            if f.quarter == nil && table.column("kwartaal") == nil {
                throw ImpactError(
                    .dataInvalid,
                    "\(f.file): no kwartaal column and no quarter in the file's URL; add a kwartaal column (2026Q3)")
            }
            for mc in measureColumns where table.column(mc.column) == nil && !mc.optional {
                out.diagnostics.append(
                    Diagnostic(
                        .warning, code: "column.missing",
                        "column \"\(mc.column)\" is missing: \(mc.measure) is recorded as not available for every row",
                        file: f.file,
                        line: 1, field: mc.column))
            }
            let prefix = f.sha256Prefix
            let dataset = datasetName(f.file)
            let measureIndex = measureColumns.map { table.column($0.column) }
            for r in table.records {
                out.ledger.recordsIn += 1
                if let p = mapRow(
                    r, table: table, file: f, prefix: prefix, dataset: dataset, measureIndex: measureIndex,
                    sourceID: source.sourceID, matcher: matcher, out: &out)
                {
                    pending.append(p)
                }
            }
        }
        out.emitDeduplicated(pending, keyDescription: "kvk_nummer+kwartaal")
        return out
    }

    private static func mapRow(
        _ r: CSVRecord, table: CSVTable, file f: CSVSourceFile, prefix: String, dataset: String,
        measureIndex: [Int?], sourceID: String, matcher: Matcher, out: inout SourceOutput
    ) -> PendingRecord? {
        let rowID = SourceRowID.make(prefix: prefix, record: r.number)
        func cell(_ name: String) -> String {
            guard let i = table.column(name), i < r.fields.count else { return "" }
            return r.fields[i]
        }
        func reject(_ field: String, _ value: String, _ reason: RejectReason, _ message: String) -> PendingRecord? {
            out.reject(rowID, file: f.file, line: r.line, field: field, value: value, reason: reason, message: message)
            return nil
        }
        guard r.fields.count == table.header.count else {
            return reject(
                "", "\(r.fields.count) fields", .rowFieldCount,
                "the record has \(r.fields.count) fields, the header \(table.header.count); check quoting and delimiters on this line"
            )
        }
        // KvK-nummer
        let rawKvK = cell("kvk_nummer")
        let kvkReading = IdentifierRepair.kvkNumber(rawKvK)
        switch kvkReading {
        case .empty:
            return reject(
                "kvk_nummer", rawKvK, .kvkMissing,
                "the KvK-nummer is empty; every return needs the enterprise's 8-digit KvK-nummer")
        case .invalid(let reason, let message): return reject("kvk_nummer", rawKvK, reason, message)
        case .repaired(let v, let original):
            out.diagnostics.append(
                Diagnostic(
                    .warning, code: "kvk.repaired",
                    "\"\(original)\": \(IdentifierRepair.repairRule(original: original, repaired: v.digits)) → \(v.digits)",
                    file: f.file, line: r.line, field: "kvk_nummer"))
        case .valid: break
        }
        // vestigingsnummer (optional; an unreadable one is ignored with a warning, the KvK-nummer is the key)
        var vestiging: Vestigingsnummer?
        let rawVest = cell("vestigingsnummer")
        switch IdentifierRepair.vestigingsnummer(rawVest) {
        case .valid(let v): vestiging = v
        case .repaired(let v, let original):
            vestiging = v
            out.diagnostics.append(
                Diagnostic(
                    .warning, code: "vestigingsnummer.repaired",
                    "\"\(original)\": \(IdentifierRepair.leadingZerosRule) → \(v.digits)",
                    file: f.file, line: r.line,
                    field: "vestigingsnummer"))
        case .invalid(_, let message):
            out.diagnostics.append(
                Diagnostic(
                    .warning, code: "vestigingsnummer.ignored", "\(message); the value is ignored", file: f.file,
                    line: r.line, field: "vestigingsnummer"))
        case .empty: break
        }
        // Quarter
        let quarter: Quarter
        let rawQ = IdentifierRepair.trimmed(cell("kwartaal"))
        if rawQ.isEmpty {
            guard let q = f.quarter else {
                return reject("kwartaal", rawQ, .kwartaalMissing, "kwartaal is empty; write the quarter as 2026Q3")
            }
            quarter = q
        } else {
            guard let q = try? Quarter(parsing: rawQ) else {
                return reject("kwartaal", rawQ, .kwartaalInvalid, "not a quarter; write it as 2026Q3 (or 2026KW03)")
            }
            if let fq = f.quarter, fq != q {
                return reject(
                    "kwartaal", rawQ, .kwartaalMismatch,
                    "the row is for \(q) but the file is the return of \(fq); move the row to the file of \(q) or correct kwartaal"
                )
            }
            quarter = q
        }
        // Values: an unreadable cell is a cell reject (kept aside until the row is emitted), not a row reject.
        var values: [Double?] = []
        var unreadable: [Int: String] = [:]
        var cellRejects: [Reject] = []
        var firstReason: RejectReason?  // the reason of cellRejects.first
        values.reserveCapacity(measureColumns.count)
        for (i, (mc, index)) in zip(measureColumns, measureIndex).enumerated() {
            // `measureIndex` is `table.column(mc.column)`, looked up once per file instead of once per cell.
            let raw = index.map { $0 < r.fields.count ? r.fields[$0] : "" } ?? ""
            switch DecimalCell.parse(raw, delimiter: table.delimiter, format: f.numberFormat) {
            case .missing: values.append(nil)
            case .value(let v): values.append(v)
            case .invalid(let reason, let message):
                values.append(nil)
                unreadable[i] = raw
                firstReason = firstReason ?? reason
                cellRejects.append(
                    Reject(
                        sourceID: sourceID, sourceRowID: rowID, file: f.file, line: r.line, field: mc.column,
                        value: raw, reason: reason,
                        message:
                            "\(message); this measure (\(mc.measure)) of the row is not used, its other measures are"))
            }
        }
        let presentCells = zip(measureColumns, measureIndex).filter { !$0.0.optional || $0.1 != nil }.count
        if unreadable.count == presentCells, let first = cellRejects.first, let firstReason {
            return reject(
                first.field, first.value, firstReason,
                "none of the \(presentCells) measure cells can be read (first: \(first.message)); the row is not used")
        }
        // Match against the registry
        let key = MatchKey(kvk: kvkReading, vestigingsnummer: vestiging, name: cell("naam"))
        let kvk: KvKNumber
        let match: Match
        switch matcher.match(key) {
        case .matched(let k, let method, let score):
            kvk = k
            match = Match(sourceID: sourceID, sourceRowID: rowID, kvkNumber: k, method: method, score: score)
        case .unmatched(let near):
            out.review(near, rowID: rowID, file: f.file, line: r.line, key: key, rawKvK: rawKvK)
            if case .repaired(let v, let original) = kvkReading {
                return reject(
                    "kvk_nummer", rawKvK, .kvkRepairedUnmatched,
                    "KvK-nummer \"\(original)\" was repaired to \(v.digits) (\(IdentifierRepair.repairRule(original: original, repaired: v.digits))), but neither \"\(original)\" nor \(v.digits) is in the registry\(near.isEmpty ? "" : " (see review.csv for similar names)"); the number may have lost another digit than a leading zero: ask the enterprise for its 8-digit KvK-nummer"
                )
            }
            return reject(
                "kvk_nummer", rawKvK, .kvkNotInRegistry,
                "KvK-nummer \(kvkReading.value?.digits ?? rawKvK) is not in the registry\(near.isEmpty ? "" : " (see review.csv for similar names)"); add the enterprise to config/registry.csv or correct the number"
            )
        }
        if let e = matcher.enterprise(kvk),
            e.programmeEntryDate >= quarter.end || (e.exitDate.map { $0 <= quarter.start } ?? false)
        {
            out.diagnostics.append(
                Diagnostic(
                    .warning, code: "kvk.inactive_in_quarter",
                    "KvK-nummer \(kvk.digits) (\(e.name)) is not in the programme during \(quarter) (entry \(e.programmeEntryDate), exit \(e.exitDate?.description ?? "none")); the return is kept, check the registry dates",
                    file: f.file, line: r.line, field: "kvk_nummer"))
        }
        plausibility(values, file: f.file, line: r.line, out: &out)
        let periodCode = quarter.cbsCode
        // An optional column the file lacks gives no observation (``MeasureColumn/optional``).
        let observations = zip(measureColumns, values).enumerated()
            .filter {
                unreadable[$0.offset] == nil && !(measureColumns[$0.offset].optional && measureIndex[$0.offset] == nil)
            }
            .map(\.element)
            .map { mc, v in
                Observation(
                    sourceID: sourceID, dataset: dataset, measure: mc.measure, measureLabel: mc.label,
                    unit: mc.unit,
                    regio: "", kvkNumber: kvk.digits, periodCode: periodCode, periodStart: quarter.start,
                    periodEnd: quarter.end, value: v, valueStatus: .definitief,
                    valueAttribute: v == nil ? .not_available : .none,
                    sourceRowID: rowID)
            }
        // Exact duplicates are compared on what the row contributes: KvK-nummer, quarter and the values (an
        // unreadable cell by its text).
        let content =
            [kvk.digits, quarter.cbsCode]
            + values.enumerated().map { i, v in unreadable[i].map { "!" + $0 } ?? v.map(formatNumber) ?? "" }
        return PendingRecord(
            sourceRowID: rowID, file: f.file, line: r.line, key: "\(kvk.digits) \(quarter)", content: content,
            observations: observations, match: match,
            cells: presentCells,
            cellRejects: cellRejects)
    }

    /// Warnings for values that contradict each other (the row is kept: the enterprise must confirm).
    private static func plausibility(_ v: [Double?], file: String, line: Int, out: inout SourceOutput) {
        func check(_ part: Int, _ whole: Int, _ text: String) {
            if let p = v[part], let w = v[whole], p > w + 1e-9 {
                out.diagnostics.append(
                    Diagnostic(
                        .warning, code: "value.implausible",
                        "\(text) (\(formatNumber(p)) > \(formatNumber(w))); ask the enterprise to check", file: file,
                        line: line, field: measureColumns[part].column))
            }
        }
        check(3, 0, "doelgroep_werknemers exceeds werknemers")
        check(2, 1, "doelgroep_fte exceeds fte")
        check(5, 4, "omzet_verkoop_eur exceeds omzet_eur")
        check(12, 5, "omzet_overheid_eur exceeds omzet_verkoop_eur")
        check(18, 17, "inkoop_sociaal_eur exceeds inkoop_totaal_eur")
    }

    /// The file name without folders, used as the observation's `dataset`.
    static func datasetName(_ file: String) -> String {
        file.split(separator: "/").last.map(String.init) ?? file
    }

    /// Reads a CSV body into a table, failing the stage for a file that cannot be read.
    static func readTable(_ f: CSVSourceFile, required: [String]) throws(ImpactError) -> CSVTable {
        let table: CSVTable
        do {
            table = try CSVReader.read(f.data, file: f.file, options: CSVReadOptions(encoding: f.encoding))
        } catch {
            throw ImpactError(.dataInvalid, "\(error.description); no rows of this file were used")
        }
        for c in required where table.column(c) == nil {
            throw ImpactError(
                .dataInvalid,
                "\(f.file): required column \"\(c)\" is missing (header: \(table.header.joined(separator: ","))); no rows of this file were used"
            )
        }
        return table
    }
}
