import ConfigFiles
import ImpactModel

/// The observations a CBS connector produced for one source.
package struct CBSSourceInput: Sendable, Hashable {
    /// The pipeline source id (`cbs-bijstand`).
    package var sourceID: String
    /// The cells as the connector parsed them (codes may still be padded).
    package var observations: [Observation]

    /// Creates the input of one CBS source.
    package init(sourceID: String, observations: [Observation]) {
        self.sourceID = sourceID
        self.observations = observations
    }
}

/// Normalizes CBS observations from the connectors: trimmed codes, duplicates, monthly values folded to quarters.
///
/// - Codes are trimmed (KNOWN-FAULTS B05: v3 `RegioS` keys are right-padded, `"GM0392    "` is `GM0392`), so the
///   output never holds two keys that differ only in spaces.
/// - Exact duplicates (same dataset, measure, regio, KvK, period and dimensions after trimming, same value and
///   status) are merged; cells with the same key and different values are all rejected (`duplicate.conflict`).
/// - Monthly values (`MM`) are kept, and for every quarter they touch a quarterly observation (`KW`) is derived by the
///   measure's ``QuarterRule`` (stock = last month, flow = sum, rate = mean), only when all three months have a value;
///   otherwise the derived quarter is missing (`not_available`, or `confidential` when a month is) with
///   `quarter_rule=onvolledig: n van 3 maanden` in its dimensions. A quarter that CBS itself publishes (`KW`) is never
///   derived. Measures without a rule are not folded (a note says so).
/// - Region codes are kept as CBS published them: figures of a former municipality are not summed into its successor,
///   because only additive measures could be, and CBS republishes tables on the current indeling.
package enum CBSNormalization {
    /// Normalizes one source.
    package static func normalize(_ source: CBSSourceInput, rules: MeasureRules) -> SourceOutput {
        var out = SourceOutput(sourceID: source.sourceID)
        out.ledger.recordsIn = source.observations.count
        var order: [String] = []
        var groups: [String: [Observation]] = [:]
        var flaggedWithValue = 0
        var emptyWithoutFlag = 0
        for var o in source.observations {
            o.regio = IdentifierRepair.trimmed(o.regio)
            o.kvkNumber = IdentifierRepair.trimmed(o.kvkNumber)
            o.periodCode = IdentifierRepair.trimmed(o.periodCode)
            o.measure = IdentifierRepair.trimmed(o.measure)
            o.dataset = IdentifierRepair.trimmed(o.dataset)
            o.dimensions = trimDimensions(o.dimensions)
            // Keep the invariant of Observation: a value exactly when the attribute is `none`.
            if o.valueAttribute != .none, o.value != nil {
                o.value = nil
                flaggedWithValue += 1
            } else if o.valueAttribute == .none, o.value == nil {
                o.valueAttribute = .not_available
                emptyWithoutFlag += 1
            }
            let key = cellKey(o)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(o)
        }
        if flaggedWithValue > 0 {
            out.diagnostics.append(
                Diagnostic(
                    .warning, code: "cbs.value_with_attribute",
                    "\(source.sourceID): \(flaggedWithValue) cell(s) carry a value and a ValueAttribute other than None; the value is dropped and the cell treated as missing"
                ))
        }
        if emptyWithoutFlag > 0 {
            out.diagnostics.append(
                Diagnostic(
                    .warning, code: "cbs.empty_without_attribute",
                    "\(source.sourceID): \(emptyWithoutFlag) cell(s) have no value and ValueAttribute None; they are treated as not available, never as 0"
                ))
        }
        var kept: [Observation] = []
        for key in order {
            guard let group = groups[key], let first = group.first else { continue }
            let distinct = Set(
                group.map { "\($0.value.map(formatNumber) ?? "")|\($0.valueAttribute)|\($0.valueStatus)" })
            if distinct.count > 1 {
                for o in group {
                    out.reject(
                        o.sourceRowID, file: o.dataset, line: nil, field: o.measure,
                        value: o.value.map(formatNumber) ?? o.valueAttribute.rawValue,
                        reason: .duplicateConflict,
                        message:
                            "\(group.count) cells of \(o.dataset) have key \(key) with different values; none is used")
                }
                continue
            }
            kept.append(first)
            out.ledger.merged += group.count - 1
        }
        out.ledger.recordsOut = kept.count
        let derived = fold(kept, sourceID: source.sourceID, rules: rules, diagnostics: &out.diagnostics)
        out.observations = kept + derived
        out.ledger.observations = out.observations.count
        return out
    }

    /// Derives quarterly observations from monthly ones (see the type's documentation).
    package static func fold(
        _ observations: [Observation], sourceID: String, rules: MeasureRules, diagnostics: inout [Diagnostic]
    ) -> [Observation] {
        struct Slot { var months: [Int: Observation] = [:] }
        var official: Set<String> = []
        var slots: [String: (template: Observation, quarter: Quarter, slot: Slot)] = [:]
        var order: [String] = []
        var unruled: Set<String> = []
        for o in observations {
            guard let p = try? PeriodCode(parsing: o.periodCode), let q = p.quarter else { continue }
            // A quarter derived earlier carries `quarter_rule=…`; it counts as published, so folding twice adds nothing.
            let dims = o.dimensions.split(separator: ";").filter { !$0.hasPrefix("quarter_rule=") }.joined(
                separator: ";")
            let key = "\(o.dataset)|\(o.measure)|\(o.regio)|\(o.kvkNumber)|\(dims)|\(q.cbsCode)"
            switch p.kind {
            case .quarter: official.insert(key)
            case .month(let m):
                guard rules.rule(for: o.measure, source: sourceID) != nil else {
                    unruled.insert(o.measure)
                    continue
                }
                if slots[key] == nil {
                    order.append(key)
                    slots[key] = (o, q, Slot())
                }
                slots[key]?.slot.months[m] = o
            default: continue
            }
        }
        for m in unruled.sorted() {
            diagnostics.append(
                Diagnostic(
                    .note, code: "cbs.fold.no_rule",
                    "\(sourceID): measure \(m) has monthly values but no measure_rules entry (stock, flow or rate); its months are not folded into quarters",
                    field: m))
        }
        var out: [Observation] = []
        for key in order where !official.contains(key) {
            guard let entry = slots[key], let rule = rules.rule(for: entry.template.measure, source: sourceID) else {
                continue
            }
            let months = entry.quarter.months.map { entry.slot.months[$0] }
            let present = months.compactMap { $0?.value }
            var o = entry.template
            o.periodCode = entry.quarter.cbsCode
            o.periodStart = entry.quarter.start
            o.periodEnd = entry.quarter.end
            o.valueStatus = months.compactMap { $0?.valueStatus }.max() ?? .definitief
            o.sourceRowID = months.compactMap { $0?.sourceRowID }.joined(separator: "+")
            let tag: String
            if present.count == 3 {
                switch rule {
                case .stock: o.value = present[2]
                case .flow: o.value = present.reduce(0, +)
                case .rate: o.value = present.reduce(0, +) / 3
                }
                o.valueAttribute = .none
                tag = "quarter_rule=\(rule.rawValue)"
            } else {
                o.value = nil
                o.valueAttribute =
                    months.contains { $0?.valueAttribute == .confidential } ? .confidential : .not_available
                tag = "quarter_rule=onvolledig: \(present.count) van 3 maanden"
            }
            o.dimensions = o.dimensions.isEmpty ? tag : o.dimensions + ";" + tag
            out.append(o)
        }
        return out
    }

    private static func cellKey(_ o: Observation) -> String {
        "\(o.dataset)|\(o.measure)|\(o.regio)|\(o.kvkNumber)|\(o.periodCode)|\(o.dimensions)"
    }

    private static func trimDimensions(_ d: String) -> String {
        guard !d.isEmpty else { return d }
        return d.split(separator: ";", omittingEmptySubsequences: true).map { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return kv.map { IdentifierRepair.trimmed(String($0)) }.joined(separator: "=")
        }.joined(separator: ";")
    }
}
