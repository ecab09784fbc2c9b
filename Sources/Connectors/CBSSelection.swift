import Foundation
import ImpactModel

/// The part of a CBS table a source wants: measures, regions, periods from a year, and other dimension codes.
///
/// The selection is sent to the server as an OData `$filter` (when the base is `http(s)`) **and** applied
/// client-side to every row, because a `file://` snapshot receives no query and because v3 keys are padded
/// (`'GM0392    '`, KNOWN-FAULTS B05): codes are compared after trimming. Rows outside the selection are counted
/// as `filtered` in the ledger.
package struct CBSSelection: Sendable, Hashable {
    /// Measure codes (v4 `MeasureCodes.Identifier`, v3 Topic `Key`); empty = all.
    package var measures: [String]
    /// `RegioS` codes (`GM0392`); empty = all.
    package var regions: [String]
    /// First year wanted: periods whose code starts with a year before it are filtered out; `nil` = all.
    package var periodFrom: Int?
    /// Other dimensions: key → wanted codes (`Geslacht: [T001038]`); empty = all.
    package var dimensions: [String: [String]]

    /// A selection; codes are trimmed (`"GM0392    "` selects `GM0392`).
    package init(
        measures: [String] = [], regions: [String] = [], periodFrom: Int? = nil, dimensions: [String: [String]] = [:]
    ) {
        self.measures = measures.map(trim)
        self.regions = regions.map(trim)
        self.periodFrom = periodFrom
        self.dimensions = dimensions.mapValues { $0.map(trim) }
    }

    /// Whether nothing is selected away (so a table-wide declared count applies to the result).
    package var isEmpty: Bool {
        measures.isEmpty && regions.isEmpty && periodFrom == nil && dimensions.values.allSatisfy(\.isEmpty)
    }

    /// Whether a (trimmed) measure code is selected.
    package func wantsMeasure(_ code: String) -> Bool { measures.isEmpty || measures.contains(code) }
    /// Whether a (trimmed) region code is selected.
    package func wantsRegion(_ code: String) -> Bool { regions.isEmpty || regions.contains(code) }
    /// Whether a period code is in or after ``periodFrom`` (by its 4-digit year).
    package func wantsPeriod(_ code: String) -> Bool {
        guard let from = periodFrom, let year = Int(code.prefix(4)) else { return true }
        return year >= from
    }
    /// Whether a (trimmed) code of dimension `key` is selected.
    package func wantsDimension(_ key: String, _ code: String) -> Bool {
        guard let wanted = dimensions[key], !wanted.isEmpty else { return true }
        return wanted.contains(code)
    }

    /// The OData `$filter` expression for a server, or `nil` when nothing is selected.
    ///
    /// v4: `(Measure eq 'M1' or Measure eq 'M2') and (RegioS eq 'GM0392') and Perioden ge '2019'`.
    /// v3 (`measureKey == nil`, measures become `$select`): region keys are padded server-side, so regions use
    /// `startswith(RegioS,'GM0392')` (METRICS.md §4.3) and the client compares trimmed codes.
    /// - Parameters:
    ///   - regionKey: the geo dimension's key (`RegioS`, `WijkenEnBuurten`), if the table has one.
    ///   - periodKey: the time dimension's key (`Perioden`).
    ///   - measureKey: `Measure` for v4; `nil` for v3 (measures are columns).
    package func odataFilter(regionKey: String?, periodKey: String?, measureKey: String?, paddedKeys: Bool) -> String? {
        var clauses: [String] = []
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        func anyOf(_ key: String, _ codes: [String], padded: Bool) -> String {
            let parts = codes.map { padded ? "startswith(\(key),\(quote($0)))" : "\(key) eq \(quote($0))" }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " or ") + ")"
        }
        if let measureKey, !measures.isEmpty { clauses.append(anyOf(measureKey, measures, padded: false)) }
        if let regionKey, !regions.isEmpty { clauses.append(anyOf(regionKey, regions, padded: paddedKeys)) }
        if let periodKey, let from = periodFrom { clauses.append("\(periodKey) ge \(quote(String(from)))") }
        for key in dimensions.keys.sorted() {
            guard let codes = dimensions[key], !codes.isEmpty else { continue }
            clauses.append(anyOf(key, codes, padded: paddedKeys))
        }
        return clauses.isEmpty ? nil : clauses.joined(separator: " and ")
    }
}

/// Trims ASCII spaces (v3 pads keys to a fixed width: `"NL01  "`, `"GM0392    "`, `"1 "`).
package func trim(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }

/// Checks a selection against the table's own metadata, so a typo never yields a silently empty result
/// (KNOWN-FAULTS B05: "a silently empty result is wrong").
package enum CBSSelectionCheck {
    /// The end of a CBS parse (v3 and v4 alike): a warning when the selection kept no row, one warning per
    /// dimension with codes missing from its code list (at most 5 named), and the ``ParseResult``.
    /// - Parameter describe: the sentence for `count` unknown codes of dimension `key`.
    static func result(
        table: String, observations: [Observation], rejects: [Reject], ledger: LedgerEntry, diagnostics: [Diagnostic],
        unknownCodes: [String: Set<String>], describe: (_ key: String, _ count: Int) -> String
    ) -> ParseResult {
        var diagnostics = diagnostics
        if observations.isEmpty && ledger.recordsIn > 0 {
            diagnostics.append(emptySelection(table: table, ledger: ledger))
        }
        for key in unknownCodes.keys.sorted() {
            let codes = unknownCodes[key, default: []].sorted()
            diagnostics.append(
                Diagnostic(
                    .warning, code: "cbs.unknown_code",
                    "\(table): \(describe(key, codes.count)): " + codes.prefix(5).joined(separator: ", "), field: key))
        }
        return ParseResult(
            output: .observations(observations), rejects: rejects, ledger: ledger, diagnostics: diagnostics)
    }

    /// - Throws: ``ConnectorError`` `.parameter` naming the codes the table does not have (measures always;
    ///   regions and other dimensions when their code list was fetched).
    package static func requireKnown(
        _ selection: CBSSelection, table: String, measures: Set<String>, regionKey: String?,
        codeLists: [String: Set<String>]
    ) throws(ConnectorError) {
        let badMeasures = selection.measures.filter { !measures.contains($0) }
        if !badMeasures.isEmpty {
            throw ConnectorError(
                .parameter,
                "\(table): measures \(badMeasures.joined(separator: ", ")) are not in the table (it has "
                    + measures.sorted().prefix(20).joined(separator: ", ") + (measures.count > 20 ? ", …" : "")
                    + "); fix `measures:` in the pipeline file")
        }
        var wanted: [(String, [String])] = selection.dimensions.keys.sorted().map {
            ($0, selection.dimensions[$0] ?? [])
        }
        if let regionKey { wanted.append((regionKey, selection.regions)) }
        for (key, codes) in wanted {
            guard let list = codeLists[key] else { continue }
            let bad = codes.filter { !list.contains($0) }
            if !bad.isEmpty {
                throw ConnectorError(
                    .parameter,
                    "\(table): \(key) codes \(bad.joined(separator: ", ")) are not in the table's \(key) code list; "
                        + "fix the source's selection in the pipeline file (codes are compared trimmed)")
            }
        }
    }

    /// A warning that the selection matched none of the rows read.
    package static func emptySelection(table: String, ledger: LedgerEntry) -> Diagnostic {
        Diagnostic(
            .warning, code: "cbs.empty_selection",
            "\(table): none of the \(ledger.recordsIn) rows read is in the selection (\(ledger.filtered) filtered, "
                + "\(ledger.rejected) rejected); check measures, regions and period_from")
    }
}
