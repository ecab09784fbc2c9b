import Foundation
import RunArtifacts

/// What a report was made from, saved beside it as `report/inputs.json`, so the next report can say why a
/// figure changed: a source revision, a registry change or a definition change.
package struct ReportBasis: Codable, Sendable, Equatable {
    /// The quarter of the report (`2026Q3`).
    package var period: String
    /// SHA-256 (hex) of `config/registry.csv` as used (`registry_sha256`); a change is a registry correction.
    package var registrySHA256: String
    /// SHA-256 (hex) of `config/metrics.yaml` (`metrics_sha256`); a change is a method change.
    package var metricsSHA256: String
    /// `ToolVersion.current` of the build that made the report (`tool_version`); a change is a method change.
    package var toolVersion: String
    /// Per source id: the SHA-256 of each response body, sorted.
    package var sources: [String: [String]]
    /// Per source id: body file name (`001-Observations.json`) → SHA-256, so a later report can tell a body that
    /// changed (a revision) from one that is new (a new quarter's file). Absent in reports made before issue 17.
    package var bodies: [String: [String: String]]? = nil
    /// Per impact-return source id: quarter (`2026Q2`) → number of enterprises with a return for it, so a later
    /// report can name a late return (more returns for a quarter it already reported). Counts only, no KvK-nummers:
    /// this file is public. Absent in reports made before issue 17.
    package var returns: [String: [String: Int]]? = nil
    /// Quarter (`2026Q2`) → SHA-256 (16 hex digits) of the registry identities valid on its last day
    /// (`normalize/identities.csv`, issue 20), so a later report can tell a registry *correction* of a past quarter
    /// (its digest changed) from a history entry (a new row from a later date: past digests unchanged). Hashes
    /// only: this file is public. Absent without a registry history.
    package var identities: [String: String]? = nil
    /// Per CBS source id: the table id and its `Modified` as fetched (v4 `Properties`, v3 `TableInfos`), so a
    /// later report names a CBS revision as the cause of the figures it changed (issue 20 item 3). Absent before.
    package var tables: [String: TableVersion]? = nil

    /// Creates a basis from the fields every report has; ``bodies``, ``returns``, ``identities`` and ``tables`` stay
    /// nil until set.
    package init(
        period: String, registrySHA256: String, metricsSHA256: String, toolVersion: String, sources: [String: [String]]
    ) {
        self.period = period
        self.registrySHA256 = registrySHA256
        self.metricsSHA256 = metricsSHA256
        self.toolVersion = toolVersion
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case period, sources, bodies, returns, identities, tables
        case registrySHA256 = "registry_sha256"
        case metricsSHA256 = "metrics_sha256"
        case toolVersion = "tool_version"
    }

    /// The causes that can explain differences between a report on `old` and one on `self`, in the report's
    /// language, each naming what changed (issue 17 item 5):
    /// - `bron herzien: <source>` (source revised): a response body the old report used has other bytes now, or is
    ///   gone (a new body beside the old ones, such as the next quarter's return file, is new data, not a revision);
    /// - `late opgave: <source> (<quarter>: <n> ondernemingen)` (late return): an impact-return source now holds
    ///   returns of more enterprises for a quarter up to the old report's quarter;
    /// - `ontbrekende brongegevens: <source>`: the source's bodies changed and this run found it missing, empty or
    ///   shrunk (its warning facts), so the difference is missing data, not a revision by the publisher;
    /// - `registercorrectie` (registry correction): the registry's SHA-256 changed;
    /// - `methodewijziging: metrics.yaml` / `methodewijziging: versie a → b` (method change): the metric definitions
    ///   or the tool version changed.
    /// Reports made before issue 17 (no `bodies`) fall back to comparing the sorted body hashes of each source.
    package func causes(since old: ReportBasis, language: ReportLanguage, incomplete: Set<String> = []) -> [String] {
        let nl = language == .nl
        var out: [String] = []
        let changed = Set(sources.keys).union(old.sources.keys).filter { sources[$0] != old.sources[$0] }.sorted()
        var missing: [String] = []
        var revised: [String] = []
        var late: [String] = []
        for id in changed {
            if incomplete.contains(id) {
                missing.append(id)
                continue
            }
            if let now = returns?[id], let before = old.returns?[id] {
                let grown = now.filter { q, n in q <= old.period && n > (before[q] ?? 0) }.sorted { $0.key < $1.key }
                if !grown.isEmpty {
                    let counts = grown.map { q, n in
                        let d = n - (before[q] ?? 0)
                        return
                            "\(q): \(d) \(nl ? (d == 1 ? "onderneming" : "ondernemingen") : (d == 1 ? "enterprise" : "enterprises"))"
                    }
                    late.append("\(id) (\(counts.joined(separator: ", ")))")
                    continue
                }
            }
            let named = id + (tableRevision(id, since: old, nl: nl).map { " — \($0)" } ?? "")
            if let now = bodies?[id], let before = old.bodies?[id] {
                if before.contains(where: { now[$0.key] != $0.value }) { revised.append(named) }
            } else {
                revised.append(named)
            }
        }
        if !missing.isEmpty {
            out.append((nl ? "ontbrekende brongegevens: " : "missing source data: ") + missing.joined(separator: ", "))
        }
        if !revised.isEmpty {
            out.append((nl ? "bron herzien: " : "source revised: ") + revised.joined(separator: ", "))
        }
        if !late.isEmpty { out.append((nl ? "late opgave: " : "late return: ") + late.joined(separator: "; ")) }
        if registrySHA256 != old.registrySHA256 { out.append(nl ? "registercorrectie" : "registry correction") }
        if let corrected = correctedIdentityQuarters(since: old), !corrected.isEmpty {
            out.append(
                (nl
                    ? "registercorrectie: identiteiten (KvK-nummer, vestiging of gemeente) gewijzigd voor "
                    : "registry correction: identities (KvK-nummer, vestiging or municipality) changed for ")
                    + corrected.map { Self.quarterWords($0, nl: nl) }.joined(separator: ", "))
        }
        var method: [String] = []
        if metricsSHA256 != old.metricsSHA256 { method.append("metrics.yaml") }
        if toolVersion != old.toolVersion {
            method.append("\(nl ? "versie" : "version") \(old.toolVersion) → \(toolVersion)")
        }
        if !method.isEmpty {
            out.append((nl ? "methodewijziging: " : "method change: ") + method.joined(separator: ", "))
        }
        return out
    }
}

/// A CBS table as fetched: its id and `Modified` (``ReportBasis/tables``).
package struct TableVersion: Codable, Sendable, Equatable {
    /// The CBS table id as the table's metadata names it (`82242NED`).
    package var table: String
    /// The table's `Modified` as written (`2026-06-30T00:00:00+02:00`); the report quotes its first ten characters, the
    /// date.
    package var modified: String
    /// Creates a table version; every field as described on its property.
    package init(table: String, modified: String) {
        self.table = table
        self.modified = modified
    }
}

extension ReportBasis {
    /// `CBS-tabel 82242NED herzien op 2026-11-02, eerder 2026-06-12` when the table's `Modified` changed since `old`.
    func tableRevision(_ id: String, since old: ReportBasis, nl: Bool) -> String? {
        guard let now = tables?[id], let before = old.tables?[id], now.modified != before.modified else { return nil }
        let day = { (m: String) in String(m.prefix(10)) }
        return nl
            ? "CBS-tabel \(now.table) herzien op \(day(now.modified)), eerder \(day(before.modified))"
            : "CBS table \(now.table) revised on \(day(now.modified)), before \(day(before.modified))"
    }

    /// Quarters up to the old report's quarter whose identity digest differs (nil when neither has identities).
    /// A quarter that only one of the two has (the history was added or removed) counts as changed.
    func correctedIdentityQuarters(since old: ReportBasis) -> [String]? {
        guard identities != nil || old.identities != nil else { return nil }
        let now = identities ?? [:]
        let before = old.identities ?? [:]
        return Set(now.keys).union(before.keys).filter { $0 <= old.period && now[$0] != before[$0] }.sorted()
    }

    /// `2026Q2` → `2e kwartaal 2026` / `2026 Q2`.
    static func quarterWords(_ q: String, nl: Bool) -> String {
        guard q.count == 6, let y = Int(q.prefix(4)), let n = Int(q.suffix(1)) else { return q }
        return nl ? "\(n)e kwartaal \(y)" : "\(y) Q\(n)"
    }
}

/// A figure that differs from the previously published report for the same metric, entity and quarter.
package struct Restatement: Sendable, Hashable {
    /// The catalogue id of the metric (`config/metrics.yaml`), e.g. `emp_fte_total`.
    package var metricID: String
    /// The entity of the row (`GM0392`, `NL01`, `PV27`); enterprise-level rows are never compared.
    package var entity: String
    /// The quarter of the figure (`2026Q2`) or, for CBS context, the CBS period code (`2025JJ00`).
    package var period: String
    /// The breakdown cell, `<dimension>=<cell>`; empty for a total.
    package var breakdown: String = ""
    /// The unit of both values, as in `metrics.csv` (`count`, `%`, `EUR`, `FTE`).
    package var unit: String = ""
    /// The figure as the previous report showed it: the value as written in `metrics.csv`, or its symbol (`x`, `.`)
    /// when it was not published.
    package var oldValue: String
    /// The figure as this report shows it, in the same form as ``oldValue``.
    package var newValue: String
    /// Why the figures may differ: the causes of ``ReportBasis/causes(since:language:incomplete:)`` joined with `; `,
    /// or `onbekend` / `unknown` when none was found.
    package var cause: String

    /// Compares the public rows of a new report with the previously published ones.
    /// - Parameters:
    ///   - previousPeriod: the quarter of the previous report; only quarters up to it can be restated.
    package static func find(
        new: [MetricRecord], old: [MetricRecord], causes: [String], language: ReportLanguage
    ) -> [Restatement] {
        func key(_ r: MetricRecord) -> String { "\(r.metricID)|\(r.entity)|\(r.period)|\(r.breakdown)" }
        func shown(_ r: MetricRecord) -> String { r.isPublished ? r.valueText : (r.symbol.isEmpty ? "." : r.symbol) }
        let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let cause = causes.isEmpty ? (language == .nl ? "onbekend" : "unknown") : causes.joined(separator: "; ")
        var out: [Restatement] = []
        for r in new where r.level != "enterprise" {
            guard let o = oldByKey[key(r)] else { continue }
            let a = shown(o)
            let b = shown(r)
            if a != b,
                !(Double(a).map { x in Double(b).map { abs(x - $0) <= 1e-9 * max(1, abs(x)) } ?? false } ?? false)
            {
                out.append(
                    Restatement(
                        metricID: r.metricID, entity: r.entity, period: r.period, breakdown: r.breakdown, unit: r.unit,
                        oldValue: a,
                        newValue: b, cause: cause))
            }
        }
        return out.sorted { ($0.period, $0.metricID, $0.entity) < ($1.period, $1.metricID, $1.entity) }
    }
}
