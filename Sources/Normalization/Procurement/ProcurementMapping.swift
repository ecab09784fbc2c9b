import CSVCodec
import Foundation
import ImpactModel

/// Maps municipal procurement awards (`procurement/inkoop-gunningen.csv`) to canonical observations.
///
/// Columns (docs/ARCHITECTURE.md): `contract_id,leverancier_kvk,leverancier_naam,gunningsdatum,bedrag_eur,categorie,
/// beinvloedbaar,sroi_clausule,sroi_percentage,sroi_verplichting_eur,sroi_gerealiseerd_eur`.
/// Each addressable award (`beinvloedbaar = ja`) gives three observations, `procurement_award_eur`,
/// `sroi_obligation_eur` and `sroi_realised_eur` (EUR), for the quarter of `gunningsdatum`, with `kvk_number` = the
/// supplier. Rows with `beinvloedbaar = nee` are counted as filtered (not addressable spend).
/// Suppliers that are not in the registry are **kept**: they are the denominator of the spend share with social
/// enterprises. Whether the supplier matched is in `dimensions` (`se_match=kvk` … or `se_match=none`) and in
/// matches.csv. A supplier without a KvK-nummer (e.g. a foreign supplier) is kept unmatched; an unreadable one is
/// rejected. Duplicate key: `contract_id` (exact duplicates merged, conflicting ones rejected).
/// An optional last column `gemeente_code` names the buying municipality (a national contract register, one row per
/// award of any municipality): it becomes the observation's `regio` (`GM` + 4 digits, else rejected
/// `gemeente_code.invalid`); without the column `regio` is empty (the pipeline's own municipality).
package enum ProcurementMapping {
    /// The amount columns and their canonical measures (EUR).
    package static let measures: [MeasureColumn] = [
        MeasureColumn(
            column: "bedrag_eur", measure: "procurement_award_eur", label: "Gegund bedrag (beïnvloedbare inkoop)",
            unit: "EUR"),
        MeasureColumn(
            column: "sroi_verplichting_eur", measure: "sroi_obligation_eur", label: "SROI-verplichting", unit: "EUR"),
        MeasureColumn(
            column: "sroi_gerealiseerd_eur", measure: "sroi_realised_eur", label: "SROI gerealiseerd", unit: "EUR"),
    ]

    /// Maps all files of one procurement source.
    /// - Throws: ``ImpactError`` `.dataInvalid` when a file cannot be read as a table or lacks a required column.
    package static func map(_ source: CSVSourceInput, matcher: Matcher) throws(ImpactError) -> SourceOutput {
        var out = SourceOutput(sourceID: source.sourceID)
        var pending: [PendingRecord] = []
        // A contract register names the same supplier on many awards (at national scale ~4 awards per supplier),
        // and a supplier that is not in the registry goes through the trade-name scan of the whole registry.
        // `Matcher.match` is a pure function of its key, so its outcome is looked up once per distinct key.
        var outcomes: [MatchKey: Matcher.Outcome] = [:]
        for f in source.files {
            let table = try ImpactReturnMapping.readTable(
                f, required: ["contract_id", "leverancier_kvk", "gunningsdatum", "bedrag_eur", "beinvloedbaar"])
            let prefix = f.sha256Prefix
            let dataset = ImpactReturnMapping.datasetName(f.file)
            for r in table.records {
                out.ledger.recordsIn += 1
                if let p = mapRow(
                    r, table: table, file: f, prefix: prefix, dataset: dataset, sourceID: source.sourceID,
                    matcher: matcher, outcomes: &outcomes, out: &out)
                {
                    pending.append(p)
                }
            }
        }
        out.emitDeduplicated(pending, keyDescription: "contract_id")
        return out
    }

    private static func mapRow(
        _ r: CSVRecord, table: CSVTable, file f: CSVSourceFile, prefix: String, dataset: String, sourceID: String,
        matcher: Matcher, outcomes: inout [MatchKey: Matcher.Outcome], out: inout SourceOutput
    ) -> PendingRecord? {
        let rowID = SourceRowID.make(prefix: prefix, record: r.number)
        func cell(_ name: String) -> String {
            guard let i = table.column(name), i < r.fields.count else { return "" }
            return IdentifierRepair.trimmed(r.fields[i])
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
        switch cell("beinvloedbaar").lowercased() {
        case "ja", "j", "yes", "true", "1": break
        case "nee", "n", "no", "false", "0":
            out.ledger.filtered += 1
            return nil
        default:
            return reject(
                "beinvloedbaar", cell("beinvloedbaar"), .beinvloedbaarInvalid, "write ja (addressable spend) or nee")
        }
        let contract = cell("contract_id")
        if contract.isEmpty {
            return reject("contract_id", "", .contractIDMissing, "every award needs a contract_id")
        }
        guard let date = try? CivilDate(parsing: cell("gunningsdatum")) else {
            return reject("gunningsdatum", cell("gunningsdatum"), .dateInvalid, "not a date; write it as yyyy-mm-dd")
        }
        let quarter = Quarter(containing: date)
        var buyer = ""
        if table.column("gemeente_code") != nil {
            buyer = cell("gemeente_code").uppercased()
            guard RegioCode.isGemeenteCode(buyer) else {
                return reject(
                    "gemeente_code", cell("gemeente_code"), .gemeenteCodeInvalid,
                    "the buying municipality must be a CBS gemeentecode, GM + 4 digits (GM0392)")
            }
        }
        var values: [Double?] = []
        for mc in measures {
            switch DecimalCell.parse(cell(mc.column), delimiter: table.delimiter, format: f.numberFormat) {
            case .missing: values.append(nil)
            case .value(let v): values.append(v)
            case .invalid(let reason, let message): return reject(mc.column, cell(mc.column), reason, message)
            }
        }
        let rawKvK = cell("leverancier_kvk")
        let reading = IdentifierRepair.kvkNumber(rawKvK)
        var supplier = ""
        var match: Match?
        switch reading {
        case .invalid(let reason, let message): return reject("leverancier_kvk", rawKvK, reason, message)
        case .empty:
            out.diagnostics.append(
                Diagnostic(
                    .note, code: "supplier.no_kvk",
                    "contract \(contract): no leverancier_kvk; kept as spend with a supplier that is not a registered social enterprise",
                    file: f.file, line: r.line, field: "leverancier_kvk"))
        case .valid(let k), .repaired(let k, _):
            supplier = k.digits
            if case .repaired(_, let original) = reading {
                out.diagnostics.append(
                    Diagnostic(
                        .warning, code: "kvk.repaired",
                        "\"\(original)\": \(IdentifierRepair.repairRule(original: original, repaired: k.digits)) → \(k.digits)",
                        file: f.file, line: r.line, field: "leverancier_kvk"))
            }
            let key = MatchKey(kvk: reading, name: cell("leverancier_naam"))
            let outcome: Matcher.Outcome
            if let known = outcomes[key] {
                outcome = known
            } else {
                outcome = matcher.match(key)
                outcomes[key] = outcome
            }
            switch outcome {
            case .matched(let m, let method, let score):
                supplier = m.digits
                match = Match(sourceID: sourceID, sourceRowID: rowID, kvkNumber: m, method: method, score: score)
            case .unmatched(let near):
                out.review(near, rowID: rowID, file: f.file, line: r.line, key: key, rawKvK: rawKvK)
                // A repaired number that matches nothing is named, not silent; the award stays in the spend
                // (a supplier need not be a social enterprise), so it is a warning here, not a reject.
                if case .repaired(_, let original) = reading {
                    out.diagnostics.append(
                        Diagnostic(
                            .warning, code: "kvk.repaired_unmatched",
                            "contract \(contract): leverancier_kvk \"\(original)\" was repaired to \(k.digits) (\(IdentifierRepair.repairRule(original: original, repaired: k.digits))) but neither form is in the registry; the award counts as spend with a supplier that is not a registered social enterprise. Check the number: it may have lost another digit than a leading zero",
                            file: f.file, line: r.line, field: "leverancier_kvk"))
                }
            }
        }
        let dims = [
            "categorie=\(dimensionValue(cell("categorie")))", "contract_id=\(dimensionValue(contract))",
            "se_match=\(match?.method.rawValue ?? "none")",
            "sroi_clausule=\(dimensionValue(cell("sroi_clausule").lowercased()))",
        ].joined(separator: ";")
        let observations = zip(measures, values).map { mc, v in
            Observation(
                sourceID: sourceID, dataset: dataset, measure: mc.measure,
                measureLabel: mc.label,
                unit: mc.unit, regio: buyer, kvkNumber: supplier, periodCode: quarter.cbsCode,
                periodStart: quarter.start,
                periodEnd: quarter.end, value: v, valueStatus: .definitief,
                valueAttribute: v == nil ? .not_available : .none,
                sourceRowID: rowID, dimensions: dims)
        }
        let content = [supplier, date.description, dims, buyer] + values.map { $0.map(formatNumber) ?? "" }
        return PendingRecord(
            sourceRowID: rowID, file: f.file, line: r.line, key: contract, content: content, observations: observations,
            match: match)
    }

    /// A value safe inside `key=value;…`: `;` and `=` replaced by `_`.
    private static func dimensionValue(_ s: String) -> String {
        String(s.map { $0 == ";" || $0 == "=" ? "_" : $0 })
    }
}
