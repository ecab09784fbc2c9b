import CSVCodec
import ConfigFiles
import Foundation
import ImpactModel

/// The registry as loaded: the enterprises whose rows have no errors, and every problem found.
package struct RegistryLoad: Sendable {
    /// Valid rows (possibly repaired, see the warnings), in file order.
    package var enterprises: [Enterprise]
    /// Every problem, in file order; a row with an error is not among ``enterprises``.
    package var diagnostics: [Diagnostic]
    /// Data records read (the header is not counted).
    package var recordsIn: Int
    /// RSIN per KvK-nummer, for rows that carry a valid one (optional `rsin` column).
    package var rsins: [KvKNumber: String]

    /// Whether any diagnostic is an error.
    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Loads and validates `config/registry.csv` (columns in docs/ARCHITECTURE.md "Input files of the demo").
///
/// Every problem becomes a ``Diagnostic`` naming the file, the 1-based line, the column and the value, and saying
/// how to fix it. Errors (the row is left out, `impactmon validate` exits 65): a KvK-nummer that is missing, not
/// digits, of the wrong length or in scientific notation; a vestigingsnummer that cannot be read; an RSIN failing
/// the 11-proof; an SBI code that is not 2–5 digits or whose division is not in SBI 2008; an unknown theme id;
/// an unknown `pso_level`, boolean, `exit_reason`; a missing or invalid date; an exit on or before entry; an exit
/// date without a reason or the reverse; a gemeentecode that is not `GM` + 4 digits; a duplicate KvK-nummer or
/// vestigingsnummer; a row with another number of fields than the header.
/// Warnings (the row is kept): a repaired identifier ("hersteld: voorloopnullen"); an invalid postcode (KNOWN-FAULTS
/// B19: the enterprise still counts; only name + postcode matching is lost); a founding year after programme entry;
/// unknown columns.
package enum RegistryLoader {
    /// The registry's columns; `kvk_number`, `name` and `programme_entry_date` are required, `rsin` is optional.
    package static let columns = [
        "kvk_number", "vestigingsnummer", "name", "postcode", "house_number", "gemeente_code", "woonplaats",
        "sbi_code", "themes", "pso_level", "pso30plus", "code_sociale_ondernemingen", "se_basis", "founded_year",
        "programme_entry_date", "exit_date", "exit_reason", "rsin",
    ]
    /// Columns without which no row can be read.
    package static let requiredColumns = ["kvk_number", "name", "programme_entry_date", "gemeente_code"]

    /// Loads the registry from bytes.
    /// - Parameters:
    ///   - data: the file's bytes (UTF-8 with or without BOM, or Windows-1252; `,` or `;`).
    ///   - file: the path shown in diagnostics (`config/registry.csv`).
    ///   - themes: the allowed theme ids.
    ///   - encoding: a declared encoding, or `nil` to detect it.
    package static func load(
        _ data: Data, file: String, themes: ThemeCatalog, encoding: TextEncodingName? = nil
    ) -> RegistryLoad {
        let table: CSVTable
        do {
            table = try CSVReader.read(data, file: file, options: CSVReadOptions(encoding: encoding))
        } catch {
            return RegistryLoad(
                enterprises: [],
                diagnostics: [
                    Diagnostic(
                        .error, code: "registry.csv.\(error.kind.rawValue)", error.message, file: file, line: error.line
                    )
                ],
                recordsIn: 0, rsins: [:])
        }
        var diags: [Diagnostic] = []
        for name in requiredColumns where table.column(name) == nil {
            diags.append(
                Diagnostic(
                    .error, code: "registry.column.missing",
                    "required column \"\(name)\" is missing; the header must include \(requiredColumns.joined(separator: ", "))",
                    file: file, line: 1, field: name))
        }
        if !diags.isEmpty {
            return RegistryLoad(enterprises: [], diagnostics: diags, recordsIn: table.records.count, rsins: [:])
        }
        let known = Set(columns)
        for (i, h) in table.header.enumerated() where !known.contains(CSVTable.headerKey(h)) {
            diags.append(
                Diagnostic(
                    .warning, code: "registry.column.unknown",
                    "column \(i + 1) \"\(h)\" is not a registry column and is ignored (known: \(columns.joined(separator: ", ")))",
                    file: file, line: 1, field: h))
        }
        var enterprises: [Enterprise] = []
        var rsins: [KvKNumber: String] = [:]
        var firstLineOf: [KvKNumber: Int] = [:]
        var vestigingLine: [Vestigingsnummer: Int] = [:]
        for record in table.records {
            var row = RowReader(table: table, record: record, file: file)
            guard record.fields.count == table.header.count else {
                row.error(
                    "registry.row.field_count", "", "\(record.fields.count) fields",
                    "the row has \(record.fields.count) fields but the header has \(table.header.count); check quotes and delimiters on this line"
                )
                diags += row.diagnostics
                continue
            }
            guard let e = row.enterprise(themes: themes) else {
                diags += row.diagnostics
                continue
            }
            if let first = firstLineOf[e.kvkNumber] {
                row.error(
                    "registry.kvk.duplicate", "kvk_number", e.kvkNumber.digits,
                    "KvK-nummer \(e.kvkNumber.digits) is already on line \(first); keep one row per enterprise")
                diags += row.diagnostics
                continue
            }
            if let v = e.vestigingsnummer, let first = vestigingLine[v] {
                row.error(
                    "registry.vestigingsnummer.duplicate", "vestigingsnummer", v.digits,
                    "vestigingsnummer \(v.digits) is already on line \(first); a vestiging belongs to one enterprise")
                diags += row.diagnostics
                continue
            }
            diags += row.diagnostics
            if row.diagnostics.contains(where: { $0.severity == .error }) { continue }
            firstLineOf[e.kvkNumber] = record.line
            if let v = e.vestigingsnummer { vestigingLine[v] = record.line }
            if let r = row.rsin { rsins[e.kvkNumber] = r }
            enterprises.append(e)
        }
        return RegistryLoad(enterprises: enterprises, diagnostics: diags, recordsIn: table.records.count, rsins: rsins)
    }
}

/// Reads one registry row, collecting diagnostics.
private struct RowReader {
    let table: CSVTable
    let record: CSVRecord
    let file: String
    var diagnostics: [Diagnostic] = []
    var rsin: String?

    init(table: CSVTable, record: CSVRecord, file: String) {
        self.table = table
        self.record = record
        self.file = file
    }

    func cell(_ name: String) -> String {
        guard let i = table.column(name), i < record.fields.count else { return "" }
        return IdentifierRepair.trimmed(record.fields[i])
    }

    /// An error naming the field and value (a row-level error when `field` is empty).
    mutating func error(_ code: String, _ field: String, _ value: String, _ message: String) {
        let text = field.isEmpty ? message : "\"\(value)\": \(message)"
        diagnostics.append(
            Diagnostic(.error, code: code, text, file: file, line: record.line, field: field.isEmpty ? nil : field))
    }
    mutating func warning(_ code: String, _ field: String, _ value: String, _ message: String) {
        diagnostics.append(
            Diagnostic(
                .warning, code: code, "\"\(value)\": \(message)", file: file, line: record.line, field: field))
    }

    mutating func bool(_ field: String) -> Bool? {
        switch cell(field).lowercased() {
        case "", "nee", "no", "false", "0", "n": return false
        case "ja", "yes", "true", "1", "j", "y": return true
        default:
            error("registry.bool.invalid", field, cell(field), "write ja or nee (empty means nee)")
            return nil
        }
    }

    mutating func date(_ field: String, required: Bool) -> CivilDate?? {
        let t = cell(field)
        if t.isEmpty {
            if required {
                error("registry.date.missing", field, t, "the date is required; write it as yyyy-mm-dd")
                return nil
            }
            return .some(nil)
        }
        do { return .some(try CivilDate(parsing: t)) } catch {
            self.error("registry.date.invalid", field, t, "not a date; write it as yyyy-mm-dd (e.g. 2024-03-01)")
            return nil
        }
    }

    /// The enterprise, or `nil` when a required field is unusable (errors are in ``diagnostics``).
    mutating func enterprise(themes: ThemeCatalog) -> Enterprise? {
        var ok = true
        // KvK-nummer
        var kvk: KvKNumber?
        switch IdentifierRepair.kvkNumber(cell("kvk_number")) {
        case .empty:
            error("registry.kvk.missing", "kvk_number", "", "the KvK-nummer is required (8 digits)")
            ok = false
        case .valid(let v): kvk = v
        case .repaired(let v, let original):
            kvk = v
            warning(
                "registry.kvk.repaired", "kvk_number", original,
                "\(IdentifierRepair.repairRule(original: original, repaired: v.digits)) → \(v.digits) (store the column as text, 8 digits)"
            )
        case .invalid(let reason, let message):
            diagnostics.append(
                Diagnostic(
                    .error, code: "registry.\(reason.code)", message, file: file, line: record.line, field: "kvk_number"
                ))
            ok = false
        }
        // vestigingsnummer
        var vestiging: Vestigingsnummer?
        switch IdentifierRepair.vestigingsnummer(cell("vestigingsnummer")) {
        case .empty: break
        case .valid(let v): vestiging = v
        case .repaired(let v, let original):
            vestiging = v
            warning(
                "registry.vestigingsnummer.repaired", "vestigingsnummer", original,
                "\(IdentifierRepair.leadingZerosRule) → \(v.digits) (vestigingsnummers have 12 digits; store the column as text)"
            )
        case .invalid(let reason, let message):
            diagnostics.append(
                Diagnostic(
                    .error, code: "registry.\(reason.code)", message, file: file, line: record.line,
                    field: "vestigingsnummer"))
            ok = false
        }
        // RSIN (optional column)
        switch IdentifierRepair.rsin(cell("rsin")) {
        case .empty: break
        case .valid(let v): rsin = v
        case .repaired(let v, let original):
            rsin = v
            diagnostics.append(
                Diagnostic(
                    .warning, code: "registry.rsin.repaired",
                    "\(IdentifierRepair.repairRule(original: original, repaired: v)): \"\(original)\" → \(v) (passes the 11-proof; store the column as text)",
                    file: file, line: record.line, field: "rsin"))
        case .invalid(let reason, let message):
            diagnostics.append(
                Diagnostic(
                    .error, code: "registry.\(reason.code)", message, file: file, line: record.line, field: "rsin"))
            ok = false
        }
        let name = cell("name")
        if name.isEmpty {
            error("registry.name.missing", "name", name, "the enterprise's name is required")
            ok = false
        }
        // postcode (B19): invalid is a warning, the enterprise still counts
        var postcode: Postcode?
        let pc = cell("postcode")
        if !pc.isEmpty {
            postcode = Postcode(pc)
            if postcode == nil {
                warning(
                    "registry.postcode.invalid", "postcode", pc,
                    "not a Dutch postcode (4 digits, the first not 0, and 2 letters, e.g. 2011 AB); the enterprise is kept but cannot be matched by name and postcode"
                )
            }
        }
        let gm = cell("gemeente_code")
        if !Herindeling.isGemeenteCode(gm) {
            error(
                "registry.gemeente_code.invalid", "gemeente_code", gm,
                "write the CBS gemeentecode: GM + 4 digits (GM0392 for Haarlem)")
            ok = false
        }
        // SBI
        var sbi: SBICode?
        let sbiText = cell("sbi_code")
        if !sbiText.isEmpty {
            if let s = SBICode(sbiText) {
                if SBI2008.hasKnownDivision(s.code) {
                    sbi = s
                } else {
                    error(
                        "registry.sbi.unknown_division", "sbi_code", sbiText,
                        "division \(s.code.prefix(2)) does not exist in SBI 2008; check the code in the KvK extract")
                    ok = false
                }
            } else {
                error(
                    "registry.sbi.shape", "sbi_code", sbiText,
                    "an SBI 2008 code has 2 to 5 digits, kept as text (e.g. 88991)")
                ok = false
            }
        }
        // themes
        var themeIDs: [String] = []
        for raw in cell("themes").split(separator: ";") {
            let id = IdentifierRepair.trimmed(String(raw))
            guard !id.isEmpty else { continue }
            if let theme = themes.theme(id), !theme.impactTheme {
                // themes.yaml: only `impact_theme: true` ids may appear in registry `themes`.
                error(
                    "registry.theme.programme_level", "themes", id,
                    "a programme-level theme (impact_theme: false in config/themes.yaml); an enterprise can carry only \(themes.impactThemeIDs.joined(separator: ", "))"
                )
                ok = false
            } else if themes.contains(id) {
                if !themeIDs.contains(id) { themeIDs.append(id) }
            } else {
                error(
                    "registry.theme.unknown", "themes", id,
                    "not a theme id of config/themes.yaml (known: \(themes.ids.joined(separator: ", "))); separate ids with ;"
                )
                ok = false
            }
        }
        // PSO level and booleans
        var pso = Enterprise.PSOLevel.none
        let psoText = cell("pso_level").lowercased()
        if !psoText.isEmpty {
            if let p = Enterprise.PSOLevel(rawValue: psoText) {
                pso = p
            } else {
                error(
                    "registry.pso_level.invalid", "pso_level", cell("pso_level"),
                    "write one of \(Enterprise.PSOLevel.allCases.map(\.rawValue).joined(separator: ", "))")
                ok = false
            }
        }
        let pso30 = bool("pso30plus")
        let cso = bool("code_sociale_ondernemingen")
        if pso30 == nil || cso == nil { ok = false }
        // dates
        let entry = date("programme_entry_date", required: true)
        let exit = date("exit_date", required: false)
        if entry == nil || exit == nil { ok = false }
        var exitReason: Enterprise.ExitReason?
        let reasonText = cell("exit_reason").lowercased()
        if !reasonText.isEmpty {
            exitReason = Enterprise.ExitReason(rawValue: reasonText)
            if exitReason == nil {
                error(
                    "registry.exit_reason.invalid", "exit_reason", cell("exit_reason"),
                    "write one of \(Enterprise.ExitReason.allCases.map(\.rawValue).joined(separator: ", "))")
                ok = false
            }
        }
        if case .some(.some(let entryDate)) = entry, case .some(.some(let exitDate)) = exit, exitDate <= entryDate {
            error(
                "registry.exit.before_entry", "exit_date", exitDate.description,
                "the exit date must be after programme_entry_date \(entryDate); correct one of the two")
            ok = false
        }
        if case .some(.some(let exitDate)) = exit, reasonText.isEmpty {
            error(
                "registry.exit_reason.missing", "exit_reason", "",
                "exit_date \(exitDate) is set, so exit_reason is required (\(Enterprise.ExitReason.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
            ok = false
        }
        if case .some(.none) = exit, !reasonText.isEmpty {
            error(
                "registry.exit_date.missing", "exit_date", "",
                "exit_reason \"\(reasonText)\" is set but exit_date is empty; fill in the exit date or clear the reason"
            )
            ok = false
        }
        // founded year
        var founded: Int?
        let fy = cell("founded_year")
        if !fy.isEmpty {
            if let y = Int(fy), (1800...9999).contains(y) {
                founded = y
                if case .some(.some(let entryDate)) = entry, y > entryDate.year {
                    warning(
                        "registry.founded_year.after_entry", "founded_year", fy,
                        "the enterprise was founded after it entered the programme (\(entryDate)); check both")
                }
            } else {
                error("registry.founded_year.invalid", "founded_year", fy, "write a 4-digit year (e.g. 2016)")
                ok = false
            }
        }
        guard ok, let kvk, case .some(.some(let entryDate)) = entry, case .some(let exitDate) = exit,
            let pso30, let cso
        else { return nil }
        return Enterprise(
            kvkNumber: kvk, vestigingsnummer: vestiging, name: name, postcode: postcode,
            houseNumber: cell("house_number"), gemeenteCode: RegioCode(gm), woonplaats: cell("woonplaats"),
            sbiCode: sbi, themes: themeIDs, psoLevel: pso, pso30plus: pso30, codeSocialeOndernemingen: cso,
            seBasis: cell("se_basis"), foundedYear: founded, programmeEntryDate: entryDate, exitDate: exitDate,
            exitReason: exitReason, registryLine: record.line)
    }
}
