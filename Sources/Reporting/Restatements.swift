import Foundation

/// What a report was made from, saved beside it as `report/inputs.json`, so the next report can say why a
/// figure changed: a source revision, a registry change or a definition change.
package struct ReportBasis: Codable, Sendable, Equatable {
    package var period: String
    package var registrySHA256: String
    package var metricsSHA256: String
    package var toolVersion: String
    /// Per source id: the SHA-256 of each response body, sorted.
    package var sources: [String: [String]]

    package init(period: String, registrySHA256: String, metricsSHA256: String, toolVersion: String, sources: [String: [String]]) {
        self.period = period
        self.registrySHA256 = registrySHA256
        self.metricsSHA256 = metricsSHA256
        self.toolVersion = toolVersion
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey {
        case period, sources
        case registrySHA256 = "registry_sha256"
        case metricsSHA256 = "metrics_sha256"
        case toolVersion = "tool_version"
    }

    /// The causes that can explain differences between a report on `old` and one on `self`.
    /// - Parameter incomplete: sources this run found missing, empty or shrunk (their warning facts): a change in
    ///   their bodies is named as missing data, not as a revision by the publisher.
    package func causes(since old: ReportBasis, language: ReportLanguage, incomplete: Set<String> = []) -> [String] {
        var out: [String] = []
        let changed = Set(sources.keys).union(old.sources.keys).filter { sources[$0] != old.sources[$0] }
        let missing = changed.filter { incomplete.contains($0) }.sorted()
        let revised = changed.filter { !incomplete.contains($0) }.sorted()
        if !missing.isEmpty {
            out.append((language == .nl ? "ontbrekende brongegevens: " : "missing source data: ") + missing.joined(separator: ", "))
        }
        if !revised.isEmpty {
            out.append((language == .nl ? "bronrevisie: " : "source revision: ") + revised.joined(separator: ", "))
        }
        if registrySHA256 != old.registrySHA256 { out.append(language == .nl ? "registerwijziging" : "registry change") }
        if metricsSHA256 != old.metricsSHA256 || toolVersion != old.toolVersion {
            out.append(language == .nl ? "definitiewijziging" : "definition change")
        }
        return out
    }
}

/// A figure that differs from the previously published report for the same metric, entity and quarter.
package struct Restatement: Sendable, Hashable {
    package var metricID: String
    package var entity: String
    package var period: String
    package var breakdown: String = ""
    package var unit: String = ""
    package var oldValue: String
    package var newValue: String
    package var cause: String

    /// Compares the public rows of a new report with the previously published ones.
    /// - Parameters:
    ///   - previousPeriod: the quarter of the previous report; only quarters up to it can be restated.
    package static func find(
        new: [PublishedMetric], old: [PublishedMetric], causes: [String], language: ReportLanguage
    ) -> [Restatement] {
        func key(_ r: PublishedMetric) -> String { "\(r.metricID)|\(r.entity)|\(r.period)|\(r.breakdown)" }
        func shown(_ r: PublishedMetric) -> String { r.isPublished ? r.value : (r.symbol.isEmpty ? "." : r.symbol) }
        let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let cause = causes.isEmpty ? (language == .nl ? "onbekend" : "unknown") : causes.joined(separator: "; ")
        var out: [Restatement] = []
        for r in new where r.level != "enterprise" {
            guard let o = oldByKey[key(r)] else { continue }
            let a = shown(o)
            let b = shown(r)
            if a != b, !(Double(a).map { x in Double(b).map { abs(x - $0) <= 1e-9 * max(1, abs(x)) } ?? false } ?? false) {
                out.append(
                    Restatement(
                        metricID: r.metricID, entity: r.entity, period: r.period, breakdown: r.breakdown, unit: r.unit, oldValue: a,
                        newValue: b, cause: cause))
            }
        }
        return out.sorted { ($0.period, $0.metricID, $0.entity) < ($1.period, $1.metricID, $1.entity) }
    }
}
