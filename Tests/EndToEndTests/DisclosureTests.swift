import CSVCodec
import Foundation
import Indicators
import RunArtifacts
import TestSupport
import Testing

/// METRICS.md §8 on the demo's published cells: no published cell rests on fewer enterprises than its metric's
/// minimum, none fails the (2, 85) dominance rule, and no suppressed cell can be derived from its total.
@Suite("Disclosure control on the demo", .serialized)
struct DisclosureTests {
    @Test func publishedCellsAreSafeAndSuppressedCellsCannotBeDerived() throws {
        let ws = try DemoWorkspace("e2e-disclosure")
        #expect(try ws.impactmon("run").status == 0)
        let catalogue = try MetricCatalogue.load(contentsOf: ws.root.appendingPathComponent("config/metrics.yaml"))
        let t = try CSVReader.read(try ws.read("report/metrics.csv"), file: "metrics.csv")
        let rows = t.records.map { Dictionary(uniqueKeysWithValues: zip(t.header, $0.fields)) }
        let provenance = try Provenance.read(try ws.read("compute/provenance.json"))
        var checkedMinN = 0
        var checkedDominance = 0
        for r in rows {
            guard let id = r["metric_id"], let m = catalogue.metric(id), !id.hasPrefix("ctx_"),
                r["status"] == "ok" || r["status"] == "partial"
            else { continue }
            // Minimum number of enterprises (3; 5 for target-group person data and beneficiaries).
            // n = 0: a published zero reveals no one
            if let n = Int(r["n_enterprises"] ?? ""), n > 0, m.disclosure != .none, r["unit"] != "count" {
                #expect(n >= m.minN, "\(r["provenance_id"] ?? ""): n = \(n) < \(m.minN)")
                checkedMinN += 1
            }
            // Dominance for sums of magnitudes: the two largest contributors hold at most 85 % of the cell.
            if m.disclosure == .magnitude, !(r["unit"] ?? "").contains("%"),
                let p = provenance[r["provenance_id"] ?? ""]
            {
                var perEnterprise: [String: Double] = [:]
                for i in p.inputs { perEnterprise[i.entity, default: 0] += max(0, i.value ?? 0) }
                let sorted = perEnterprise.values.sorted(by: >)
                let total = sorted.reduce(0, +)
                if total > 0 {
                    #expect(
                        (sorted.prefix(2).reduce(0, +)) / total <= 0.85 + 1e-9,
                        "\(p.id): 2 largest hold \(sorted.prefix(2).reduce(0, +)) of \(total)")
                    checkedDominance += 1
                }
            }
        }
        #expect(checkedMinN > 50)
        #expect(checkedDominance > 10)
        // Secondary suppression: in every published breakdown of an additive metric, never exactly one cell is
        // hidden (it would be the total minus the published cells).
        let additive: Set<String> = ["count", "persons", "EUR", "FTE", "tCO2e", "t", "places", "jobs"]
        var groups: [String: (total: [String: String]?, cells: [[String: String]])] = [:]
        for r in rows where additive.contains(r["unit"] ?? "") && r["level"] != "enterprise" {
            let breakdown = r["breakdown"] ?? ""
            let dimension = breakdown.split(separator: "=").first.map(String.init) ?? ""
            let key = "\(r["metric_id"] ?? "")|\(r["entity"] ?? "")|\(r["period"] ?? "")"
            if breakdown.isEmpty {
                for k in groups.keys where k.hasPrefix(key + "|") { groups[k]?.total = r }
                groups[key + "|*", default: (nil, [])].total = r
            } else {
                groups[key + "|" + dimension, default: (nil, [])].cells.append(r)
            }
        }
        var checkedGroups = 0
        for (key, g) in groups where !key.hasSuffix("|*") {
            let totalKey = key.split(separator: "|").dropLast().joined(separator: "|") + "|*"
            guard let total = groups[totalKey]?.total, total["status"] == "ok" || total["status"] == "partial" else {
                continue
            }
            // A cell withheld for coverage prints no value either, so it hides a suppressed cell as well as a second
            // suppressed one does (DisclosureControl.protect counts both; theme_count cells of 2026Q1 need it).
            let hidden = g.cells.filter { $0["status"] == "suppressed" }.count
            let withheld = g.cells.filter { $0["status"] == "withheld" }.count
            #expect(hidden != 1 || withheld > 0, "\(key): exactly one suppressed cell under a published total")
            checkedGroups += 1
        }
        #expect(checkedGroups > 20)
    }
}
