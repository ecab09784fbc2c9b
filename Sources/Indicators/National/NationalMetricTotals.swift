import ImpactModel
import RunArtifacts

/// The national compute's combination of per-municipality runs, in gemeentecode order: their accounting summed,
/// their rows counted, national and regional rows written once, their warnings grouped by code.
package struct NationalMetricTotals {
    /// The summed accounting of every municipality (`compute/accounting.json`).
    package private(set) var accounting = InputAccounting()
    /// Rows written to `compute/metrics.csv`.
    package private(set) var rows = 0
    /// Rows with status `ok` or `partial`.
    package private(set) var published = 0
    /// Rows with status `suppressed`.
    package private(set) var suppressed = 0
    private var warnings: [String: (count: Int, first: String)] = [:]
    private var shared: [String: [String]] = [:]

    /// No municipality yet.
    package init() {}

    /// Adds the run of municipality `code`.
    /// - Returns: its rows to write, in order; a national or regional row already written by an earlier
    ///   municipality is left out.
    /// - Throws: ``ImpactError`` `.dataInvalid` when its accounting does not add up, or a national or regional row
    ///   differs from the same row of an earlier municipality.
    package mutating func add(_ run: MetricRun, of code: String) throws -> [MetricRecord] {
        guard run.accounting.balances else {
            throw ImpactError(
                .dataInvalid,
                "compute \(code): the \(run.accounting.total) input observations do not add up to used + not in registry + procurement + context + unused; nothing was written"
            )
        }
        accounting.add(run.accounting)
        var out: [MetricRecord] = []
        for r in run.rows {
            // National and regional rows (CBS context for NL, a province, Haarlem and its peers) do not depend on
            // the municipality computed: every municipality gives the same row, written once (the first).
            if r.level == "national" || r.level == "regional" {
                let key = [r.metricID, r.level, r.entity, r.period, r.breakdown].joined(separator: "\u{1F}")
                let fields = r.csvFields
                if let earlier = shared[key] {
                    guard earlier == fields else {
                        throw ImpactError(
                            .dataInvalid,
                            "compute \(code): \(r.metricID)/\(r.entity)/\(r.period) differs from the same row of an "
                                + "earlier municipality; a \(r.level) row must not depend on the municipality")
                    }
                    continue
                }
                shared[key] = fields
            }
            out.append(r)
            rows += 1
            if r.status == .ok || r.status == .partial { published += 1 }
            if r.status == .suppressed { suppressed += 1 }
        }
        for d in run.diagnostics where d.severity >= .warning {
            warnings[d.code, default: (0, "\(code): \(d.description)")].count += 1
        }
        return out
    }

    /// One line per warning code: the warning itself when one municipality had it, else its count and the first.
    package var warningLines: [String] {
        warnings.sorted { $0.key < $1.key }.map { code, w in
            w.count == 1 ? w.first : "\(code): in \(w.count) municipalities, e.g. \(w.first)"
        }
    }
}

extension InputAccounting {
    /// Adds another municipality's accounting.
    package mutating func add(_ other: InputAccounting) {
        total += other.total
        enterpriseUsed += other.enterpriseUsed
        enterpriseNotInRegistry += other.enterpriseNotInRegistry
        procurement += other.procurement
        procurementFiltered += other.procurementFiltered
        context += other.context
        unused += other.unused
    }
}
