import CSVCodec
import Foundation
import TestSupport
import Testing

/// Issue 20 item 4: the registry keeps a validity-dated history (`registry_history:`), and each quarter is computed
/// with the identities valid in that quarter; herindelingen apply per quarter (`regional_classification:
/// per_period`); `explain` names the identity row; a correction of a past row is a restatement naming its cause,
/// a history entry is not.
@Suite("Registry identities over time", .serialized)
struct IdentityHistoryTests {
    /// The generated history on the demo registry (members from config/registry.csv):
    /// - line 2–3, takeover: the vestiging of Stichting Werkplaats Spaarne (06537483) moves to KvK 90000011 (not a
    ///   member) on 2026-04-01: it keeps counting;
    /// - line 4–5, merger: the vestiging of Bakkerij De Waarderzon (52116730) moves to member 06339677 on
    ///   2026-04-01: from 2026Q2 it no longer counts on its own (−1);
    /// - line 6–7, move out: Groenwerk Zuiderpolder (34341557) moves to Haarlemmermeer GM0394 on 2026-07-01 (−1 in
    ///   2026Q3);
    /// - line 8, herindeling: Leerlunchroom De Vaart (59310436) is registered in GM0377, which (fictionally) merges
    ///   into Haarlem GM0392 on 2026-04-01: per_period it counts from 2026Q2 only (−1 up to 2026Q1).
    static let history = """
        kvk_number,vestigingsnummer,gemeente_code,woonplaats,geldig_van,geldig_tot,gebeurtenis
        06537483,000032674967,GM0392,Haarlem,2019-03-01,2026-04-01,
        90000011,000032674967,GM0392,Haarlem,2026-04-01,,overname
        52116730,000020035082,GM0392,Haarlem,2019-03-01,2026-04-01,
        06339677,000020035082,GM0392,Haarlem,2026-04-01,,fusie
        34341557,000025918564,GM0392,Haarlem,2019-03-01,2026-07-01,
        34341557,000025918564,GM0394,Hoofddorp,2026-07-01,,verhuizing
        59310436,000018713600,GM0377,Bloemendaal,2019-06-01,,

        """

    /// An independent recomputation of `pop_active_se` per quarter in Python from the three input files: a member
    /// counts on a quarter's last day d when entry ≤ d < exit and, if it has history rows (linked by
    /// vestigingsnummer), the row valid on d lies in GM0392 after the herindelingen dated ≤ d and is not under
    /// another member's KvK-nummer.
    static let python = #"""
        import csv, sys, datetime as dt
        reg, hist, her = sys.argv[1:4]
        members = list(csv.DictReader(open(reg, encoding='utf-8-sig')))
        kvks = {m['kvk_number'] for m in members}
        rows = list(csv.DictReader(open(hist)))
        rules = [r for r in csv.DictReader(open(her)) if not r['woonplaats']]
        def gm(code, d):
            for r in sorted(rules, key=lambda r: r['date']):
                if r['old_code'] == code and r['date'] <= d: code = r['new_code']
            return code
        out = []
        for y in range(2020, 2027):
            for q in range(1, 5):
                if (y, q) > (2026, 3): break
                d = (dt.date(y + (q == 4), (q * 3) % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
                n = 0
                for m in members:
                    if not (m['programme_entry_date'] <= d and (not m['exit_date'] or d < m['exit_date'])): continue
                    own = [r for r in rows if r['vestigingsnummer'] == m['vestigingsnummer']]
                    if not own:
                        n += m['gemeente_code'] == 'GM0392'; continue
                    valid = [r for r in own if r['geldig_van'] <= d and (not r['geldig_tot'] or d < r['geldig_tot'])]
                    if valid and gm(valid[0]['gemeente_code'], d) == 'GM0392' and not (valid[0]['kvk_number'] != m['kvk_number'] and valid[0]['kvk_number'] in kvks):
                        n += 1
                out.append(f"{y}Q{q}={n}")
        print(" ".join(out))
        """#

    func prepare(_ ws: DemoWorkspace) throws {
        try Self.history.write(
            to: ws.root.appendingPathComponent("config/registry-history.csv"), atomically: true, encoding: .utf8)
        let her = ws.root.appendingPathComponent("config/gemeente-herindeling.csv")
        try (String(contentsOf: her, encoding: .utf8) + "GM0377,,GM0392,2026-04-01\n").write(
            to: her, atomically: true, encoding: .utf8)
        let pipeline = URL(fileURLWithPath: ws.pipeline)
        var yaml = try String(contentsOf: pipeline, encoding: .utf8)
        yaml = yaml.replacingOccurrences(
            of: "boundary_changes: ",
            with:
                "registry_history: ../config/registry-history.csv\nregional_classification: per_period\nboundary_changes: "
        )
        try yaml.write(to: pipeline, atomically: true, encoding: .utf8)
    }

    func pythonCounts(_ ws: DemoWorkspace) throws -> [String: String] {
        let script = ws.root.appendingPathComponent("recount.py")
        try Self.python.write(to: script, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments =
            ["python3", script.path]
            + ["registry.csv", "registry-history.csv", "gemeente-herindeling.csv"].map {
                ws.root.appendingPathComponent("config/\($0)").path
            }
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Dictionary(
            uniqueKeysWithValues: String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).map {
                let kv = $0.split(separator: "=")
                return (String(kv[0]), String(kv[1]))
            })
    }

    func computedCounts(_ ws: DemoWorkspace) throws -> [String: String] {
        let table = try CSVReader.read(try ws.read("compute/metrics.csv"), file: "metrics.csv")
        let col = { (name: String) in table.column(name) ?? -1 }
        var out: [String: String] = [:]
        for r in table.records {
            let f = r.fields
            if f[col("metric_id")] == "pop_active_se", f[col("entity")] == "GM0392", f[col("breakdown")].isEmpty {
                out[f[col("period")]] = f[col("value")]
            }
        }
        return out
    }

    @Test func eachQuarterUsesItsOwnIdentitiesAndExplainNamesTheRow() throws {
        let plain = try DemoWorkspace("e2e-identity-plain")
        #expect(try plain.impactmon("run").status == 0)
        let before = try computedCounts(plain)

        let ws = try DemoWorkspace("e2e-identity")
        try prepare(ws)
        let run = try ws.impactmon("run")
        #expect(run.status == 0, "\(run.stderr)")
        let computed = try computedCounts(ws)
        let expected = try pythonCounts(ws)
        #expect(expected.count == 27)  // 2020Q1 … 2026Q3
        #expect(computed == expected)
        // By hand, against the run without history: −1 up to 2026Q1 (De Vaart in GM0377 until the herindeling of
        // 1 April), −1 in 2026Q2 (the merger), −2 in 2026Q3 (the merger and the move out); the takeover changes nothing.
        // (De Vaart entered 2019-06-01, so it is in every computed quarter.)
        for (q, n) in before {
            let delta = q <= "2026Q1" ? -1 : (q == "2026Q2" ? -1 : -2)
            #expect(Int(computed[q] ?? "") == (Int(n) ?? 0) + delta, "\(q): \(n) → \(computed[q] ?? "-")")
        }
        // explain names the identity row of each quarter: the takeover's new KvK-nummer from 2026Q2, the old one before.
        let q2 = try ws.impactmon("explain", ["pop_active_se/GM0392/2026Q2"])
        #expect(q2.status == 0)
        #expect(
            q2.stdout.contains(
                "identiteit config/registry-history.csv regel 3 (KvK 90000011, vestiging 000032674967, GM0392, geldig 2026-04-01 tot -)"
            ), "\(q2.stdout)")
        #expect(
            q2.stdout.contains(
                "identiteit config/registry-history.csv regel 8 (KvK 59310436, vestiging 000018713600, GM0377 → GM0392 (herindeling), geldig 2026-04-01 tot -)"
            ))
        let q1 = try ws.impactmon("explain", ["pop_active_se/GM0392/2026Q1"])
        #expect(q1.status == 0)
        #expect(
            q1.stdout.contains(
                "identiteit config/registry-history.csv regel 2 (KvK 06537483, vestiging 000032674967, GM0392, geldig 2019-03-01 tot 2026-04-01)"
            ), "\(q1.stdout)")
        #expect(!q1.stdout.contains("regel 8"))  // De Vaart did not count in 2026Q1 (GM0377)
        // The report says on which boundaries the quarters are counted.
        let report = String(decoding: try ws.read("report/report.nl.md"), as: UTF8.self)
        #expect(
            report.contains(
                "elk kwartaal telt met de gemeentelijke indeling die op de laatste dag van dat kwartaal gold"))
    }

    @Test func aCorrectionIsARestatementAndAHistoryEntryIsNot() throws {
        let ws = try DemoWorkspace("e2e-identity-restate")
        try prepare(ws)
        #expect(try ws.impactmon("run").status == 0)
        let historyURL = ws.root.appendingPathComponent("config/registry-history.csv")
        // A history entry: Fietswerk Haarlem-Noord (70593357) moves to GM0394 on 2026-10-01, after the reported
        // quarters. Its row up to then repeats the registry row. Nothing of 2020Q1–2026Q3 may change.
        var text = try String(contentsOf: historyURL, encoding: .utf8)
        text +=
            "70593357,000050097488,GM0392,Haarlem,2019-06-01,2026-10-01,\n70593357,000050097488,GM0394,Hoofddorp,2026-10-01,,verhuizing\n"
        try text.write(to: historyURL, atomically: true, encoding: .utf8)
        let entry = try ws.impactmon("run")
        #expect(entry.status == 0, "\(entry.stderr)")
        var report = String(decoding: try ws.read("report/report.nl.md"), as: UTF8.self)
        #expect(!report.contains("registercorrectie"), "a history entry redrew the past:\n\(report)")
        // A correction: Groenwerk Zuiderpolder really moved on 2026-04-01, not 2026-07-01. 2026Q2 loses it: the
        // restatement names the figure, the quarter and the cause.
        text = text.replacingOccurrences(of: "2019-03-01,2026-07-01,", with: "2019-03-01,2026-04-01,")
            .replacingOccurrences(of: "GM0394,Hoofddorp,2026-07-01,,", with: "GM0394,Hoofddorp,2026-04-01,,")
        try text.write(to: historyURL, atomically: true, encoding: .utf8)
        let corrected = try ws.impactmon("run")
        #expect(corrected.status == 0, "\(corrected.stderr)")
        report = String(decoding: try ws.read("report/report.nl.md"), as: UTF8.self)
        let row = report.split(separator: "\n").first {
            $0.hasPrefix("| Actieve sociale ondernemingen |") && $0.contains("2026") && $0.contains("registercorrectie")
        }
        let line = try #require(row, "no restatement of pop_active_se in:\n\(report)")
        #expect(
            line.contains(
                "registercorrectie: identiteiten (KvK-nummer, vestiging of gemeente) gewijzigd voor 2e kwartaal 2026"))
    }
}
