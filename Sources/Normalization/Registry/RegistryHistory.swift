import CSVCodec
import Foundation
import ImpactModel

/// The registry's validity-dated history (`registry_history:`, e.g. `config/registry-history.csv`; issue 20 item 4).
///
/// Shape: `kvk_number,vestigingsnummer,gemeente_code,woonplaats,geldig_van,geldig_tot` (optional
/// `gebeurtenis` as a free-text note), keyed by (KvK-nummer, vestigingsnummer). `geldig_van` is the first day a row
/// holds, `geldig_tot` the first day it no longer holds (empty: still valid). A takeover, merger, move or exit is
/// written as a new row from its date (and an end date on the row before), never by editing the old row: a history
/// entry does not redraw the past; editing a row whose validity lies in a reported quarter is a registry
/// correction, and the report's "Herzieningen" name it.
///
/// Rows are linked to a programme member of `config/registry.csv` by vestigingsnummer when the row has one (the
/// vestiging stays the same through takeovers and mergers), else by KvK-nummer for a member without
/// vestigingsnummer. A row linked to no member is rejected (`identity.not_a_member`) and counted in the ledger.
package struct RegistryHistory: Sendable, Hashable {
    /// One line of the file.
    package struct Row: Sendable, Hashable {
        package var kvkNumber: KvKNumber
        package var vestigingsnummer: Vestigingsnummer?
        package var gemeenteCode: RegioCode
        package var woonplaats: String
        package var validFrom: CivilDate
        package var validUntil: CivilDate?
        package var line: Int
        /// The raw line as read, for rejects.
        package var text: String
    }

    /// The ledger's source id of the history file.
    package static let sourceID = "registry-history"
    /// The file's columns; all but `woonplaats`, `geldig_tot` and `gebeurtenis` are required.
    package static let columns = [
        "kvk_number", "vestigingsnummer", "gemeente_code", "woonplaats", "geldig_van", "geldig_tot", "gebeurtenis",
    ]
    static let required = ["kvk_number", "vestigingsnummer", "gemeente_code", "geldig_van"]

    /// The valid rows, in file order.
    package var rows: [Row]
    /// The path shown in diagnostics and in `explain`.
    package var file: String
    /// Data records read (header not counted).
    package var recordsIn: Int

    /// Parses the file; every problem is a ``Diagnostic`` naming file, line, field and value. A row with an error
    /// is left out (the caller refuses to normalize while there are errors, like the registry).
    package static func parse(_ data: Data, file: String) -> (history: RegistryHistory, diagnostics: [Diagnostic]) {
        let table: CSVTable
        do { table = try CSVReader.read(data, file: file) } catch {
            return (
                RegistryHistory(rows: [], file: file, recordsIn: 0),
                [
                    Diagnostic(
                        .error, code: "registry_history.csv.\(error.kind.rawValue)", error.message, file: file,
                        line: error.line)
                ]
            )
        }
        var diags: [Diagnostic] = []
        for name in required where table.column(name) == nil {
            diags.append(
                Diagnostic(
                    .error, code: "registry_history.column.missing",
                    "required column \"\(name)\" is missing; the header must include \(required.joined(separator: ", "))",
                    file: file, line: 1, field: name))
        }
        if !diags.isEmpty { return (RegistryHistory(rows: [], file: file, recordsIn: table.records.count), diags) }
        var rows: [Row] = []
        for record in table.records {
            func cell(_ n: String) -> String {
                guard let i = table.column(n), i < record.fields.count else { return "" }
                return IdentifierRepair.trimmed(record.fields[i])
            }
            var ok = true
            func error(_ code: String, _ field: String, _ message: String) {
                diags.append(
                    Diagnostic(
                        .error, code: "registry_history.\(code)", "\"\(cell(field))\": \(message)", file: file,
                        line: record.line, field: field))
                ok = false
            }
            var kvk: KvKNumber?
            switch IdentifierRepair.kvkNumber(cell("kvk_number")) {
            case .valid(let v), .repaired(let v, _): kvk = v
            case .empty: error("kvk.missing", "kvk_number", "the KvK-nummer is required (8 digits)")
            case .invalid(_, let m): error("kvk.invalid", "kvk_number", m)
            }
            var vestiging: Vestigingsnummer?
            switch IdentifierRepair.vestigingsnummer(cell("vestigingsnummer")) {
            case .valid(let v), .repaired(let v, _): vestiging = v
            case .empty: break
            case .invalid(_, let m): error("vestigingsnummer.invalid", "vestigingsnummer", m)
            }
            let gm = cell("gemeente_code")
            if !Herindeling.isGemeenteCode(gm) {
                error(
                    "gemeente_code.invalid", "gemeente_code",
                    "write the CBS gemeentecode: GM + 4 digits (GM0392 for Haarlem)")
            }
            let from = try? CivilDate(parsing: cell("geldig_van"))
            if from == nil {
                error(
                    "geldig_van.invalid", "geldig_van",
                    "not a date; write it as yyyy-mm-dd (the first day the row holds)")
            }
            var until: CivilDate?
            if !cell("geldig_tot").isEmpty {
                until = try? CivilDate(parsing: cell("geldig_tot"))
                if until == nil {
                    error(
                        "geldig_tot.invalid", "geldig_tot",
                        "not a date; write it as yyyy-mm-dd (the first day the row no longer holds) or leave it empty")
                } else if let from, let u = until, u <= from {
                    error("geldig_tot.before_van", "geldig_tot", "geldig_tot must be after geldig_van \(from)")
                }
            }
            guard ok, let kvk, let from else { continue }
            rows.append(
                Row(
                    kvkNumber: kvk, vestigingsnummer: vestiging, gemeenteCode: RegioCode(gm),
                    woonplaats: cell("woonplaats"),
                    validFrom: from, validUntil: until, line: record.line, text: record.fields.joined(separator: ",")))
        }
        // One identity at a time: rows of the same vestigingsnummer (or, without one, the same KvK-nummer) must not overlap.
        var byKey: [String: [Row]] = [:]
        for r in rows {
            byKey[r.vestigingsnummer.map { "v" + $0.digits } ?? "k" + r.kvkNumber.digits, default: []].append(r)
        }
        for (_, list) in byKey.sorted(by: { $0.key < $1.key }) {
            let sorted = list.sorted { ($0.validFrom, $0.line) < ($1.validFrom, $1.line) }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.validUntil.map({ $0 > b.validFrom }) ?? true {
                diags.append(
                    Diagnostic(
                        .error, code: "registry_history.overlap",
                        "\"\(b.validFrom)\": this row starts while line \(a.line) (geldig \(a.validFrom) tot \(a.validUntil?.description ?? "-")) still holds; end line \(a.line) on \(b.validFrom) (a vestiging has one identity at a time)",
                        file: file, line: b.line, field: "geldig_van"))
            }
        }
        return (RegistryHistory(rows: rows, file: file, recordsIn: table.records.count), diags)
    }

    /// Attaches to each member its identity rows, classified with `classification`.
    ///
    /// - `per_period`: a row is cut at every herindeling date inside its validity, and each piece carries the
    ///   gemeentecode in force on its first day (so each quarter sees the indeling of its own last day). A member
    ///   without history whose gemeente is changed by a herindeling gets one row made from its registry row.
    /// - `current`: each row carries the gemeentecode in force on `period`'s last day.
    /// - Parameters:
    ///   - members: the registry enterprises with their gemeentecode as written (before ``Herindeling/apply(to:on:file:)``).
    ///   - registryFile: the registry path, for rows made from registry rows.
    /// - Returns: the members with ``Enterprise/identities`` set, the rejected rows (linked to no member), the
    ///   ledger entry, and notes/warnings (split municipality without a known successor).
    package func attach(
        to members: [Enterprise], herindeling: Herindeling, classification: RegionalClassification, period: Quarter,
        registryFile: String
    ) -> (enterprises: [Enterprise], rejects: [Reject], ledger: LedgerEntry, diagnostics: [Diagnostic]) {
        let memberKvKs = Set(members.map(\.kvkNumber))
        var byVestiging: [Vestigingsnummer: Int] = [:]
        var byKvK: [KvKNumber: Int] = [:]
        for (i, m) in members.enumerated() {
            if let v = m.vestigingsnummer {
                byVestiging[v] = byVestiging[v] ?? i
            } else {
                byKvK[m.kvkNumber] = byKvK[m.kvkNumber] ?? i
            }
        }
        var out = members
        var rejects: [Reject] = []
        var diags: [Diagnostic] = []
        var linked = 0
        for r in rows.sorted(by: { ($0.validFrom, $0.line) < ($1.validFrom, $1.line) }) {
            let index =
                r.vestigingsnummer.flatMap { byVestiging[$0] } ?? (r.vestigingsnummer == nil ? byKvK[r.kvkNumber] : nil)
            guard let index else {
                rejects.append(
                    Reject(
                        sourceID: Self.sourceID, sourceRowID: "\(Self.sourceID):\(r.line)", file: file, line: r.line,
                        field: r.vestigingsnummer == nil ? "kvk_number" : "vestigingsnummer",
                        value: r.vestigingsnummer?.digits ?? r.kvkNumber.digits, reason: .identityNotAMember,
                        message:
                            "no programme member in the registry has this \(r.vestigingsnummer == nil ? "KvK-nummer (without vestigingsnummer)" : "vestigingsnummer"); add the member to the registry or remove the row"
                    ))
                continue
            }
            linked += 1
            let m = members[index]
            let merged: KvKNumber? = r.kvkNumber != m.kvkNumber && memberKvKs.contains(r.kvkNumber) ? r.kvkNumber : nil
            out[index].identities += pieces(
                member: m.kvkNumber, kvk: r.kvkNumber, vestiging: r.vestigingsnummer, gemeente: r.gemeenteCode,
                woonplaats: r.woonplaats, from: r.validFrom, until: r.validUntil, merged: merged, file: file,
                line: r.line,
                herindeling: herindeling, classification: classification, period: period, diagnostics: &diags)
        }
        if classification == .per_period {
            for i in out.indices where out[i].identities.isEmpty {
                let m = out[i]
                guard case .mapped = herindeling.resolve(m.gemeenteCode, woonplaats: m.woonplaats, on: period.lastDay)
                else { continue }
                out[i].identities = pieces(
                    member: m.kvkNumber, kvk: m.kvkNumber, vestiging: m.vestigingsnummer, gemeente: m.gemeenteCode,
                    woonplaats: m.woonplaats, from: m.programmeEntryDate, until: nil, merged: nil, file: registryFile,
                    line: m.registryLine, herindeling: herindeling, classification: classification, period: period,
                    diagnostics: &diags)
            }
        }
        let ledger = LedgerEntry(
            sourceID: Self.sourceID, recordsIn: recordsIn, recordsOut: linked, rejected: rejects.count)
        return (out, rejects, ledger, diags)
    }

    /// One history row as identity rows: cut at herindeling dates (`per_period`) or mapped once (`current`).
    private func pieces(
        member: KvKNumber, kvk: KvKNumber, vestiging: Vestigingsnummer?, gemeente: RegioCode, woonplaats: String,
        from: CivilDate, until: CivilDate?, merged: KvKNumber?, file: String, line: Int, herindeling: Herindeling,
        classification: RegionalClassification, period: Quarter, diagnostics: inout [Diagnostic]
    ) -> [IdentityRow] {
        func code(on date: CivilDate) -> RegioCode {
            switch herindeling.resolve(gemeente, woonplaats: woonplaats, on: date) {
            case .unchanged(let c): return c
            case .mapped(let c, _): return c
            case .unresolved(let c, _):
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "herindeling.unresolved",
                        "gemeente_code \(c.code) with woonplaats \"\(woonplaats)\": \(Herindeling.unresolvedReason); fill in the woonplaats so the successor can be chosen",
                        file: file, line: line, field: "woonplaats"))
                return c
            }
        }
        func row(_ a: CivilDate, _ b: CivilDate?, _ c: RegioCode) -> IdentityRow {
            IdentityRow(
                memberKvK: member, kvkNumber: kvk, vestigingsnummer: vestiging, writtenGemeenteCode: gemeente,
                gemeenteCode: c, validFrom: a, validUntil: b, mergedInto: merged, file: file, line: line)
        }
        guard classification == .per_period else { return [row(from, until, code(on: period.lastDay))] }
        let cuts = Set(herindeling.rules.map(\.date)).filter { cut in cut > from && (until.map { d in cut < d } ?? true)
        }.sorted()
        var out: [IdentityRow] = []
        var start = from
        let stops: [CivilDate?] = cuts.map { Optional($0) } + [nil]
        for cut in stops {
            let c = code(on: start)
            if let last = out.last, last.gemeenteCode == c {
                out[out.count - 1].validUntil = cut ?? until
            } else {
                out.append(row(start, cut ?? until, c))
            }
            if let cut { start = cut }
        }
        return out
    }
}

extension RegistryHistory {
    /// Reads and parses the history file of `url` (nil: the pipeline has none).
    /// - Throws: ``ImpactError`` `.config` when the file cannot be read, `.dataInvalid` (exit 65) listing the first
    ///   errors (file, line, field, value) when a row is invalid: nothing is normalized on a broken history.
    package static func load(_ url: URL?, file: String?) throws(ImpactError) -> RegistryHistory? {
        guard let url else { return nil }
        let name = file ?? url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImpactError(.config, "registry history \(name) cannot be read: \(SystemErrorText.describe(error))")
        }
        let (history, diagnostics) = parse(data, file: name)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw ImpactError(
                .dataInvalid,
                "\(name) has \(errors.count) error(s); nothing was normalized. Fix them:\n  "
                    + errors.prefix(5).map(\.description).joined(separator: "\n  "))
        }
        return history
    }
}
