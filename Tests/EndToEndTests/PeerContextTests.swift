import CSVCodec
import Foundation
import TestSupport
import Testing

/// "Haarlem in context" (issue 16 item 5): the demo's CBS figures at municipality level for Haarlem, its peer
/// group and NL01, against values read independently from the real CBS files in `../shared/data/real`
/// (PROVENANCE.md §6, §8 and the 70072ned excerpt) by a few lines of Python in this test, not through the
/// derive script, the snapshots or the connectors.
@Suite("Haarlem beside its peers (CBS per gemeente)", .serialized)
struct PeerContextTests {
    static let workspace: Result<DemoWorkspace, any Error> = Result {
        let ws = try DemoWorkspace("e2e-peers")
        let run = try ws.impactmon("run", ["--period", "2026Q3"])
        guard run.status == 0 else { throw TestFailure("impactmon run failed: \(run.stderr)") }
        return ws
    }

    /// The demo's peer group (pipelines/haarlem-demo.yaml `peer_group:`), with Haarlem and NL01.
    static let regions = ["NL01", "GM0392", "GM0200", "GM0202", "GM0394", "GM0307", "GM0479", "GM0153", "GM0796"]

    /// Runs `python3 -c program` in the package root and returns its stdout (one `key=value` per line).
    static func python(_ program: String) throws -> [String: String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", program, SharedData.realDirectory.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestFailure("python3 exited \(p.terminationStatus)") }
        var map: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { map[kv[0]] = kv[1] }
        }
        return map
    }

    /// `compute/metrics.csv` rows of `metric`, keyed by entity: (period, value, status).
    private func rows(_ metric: String) throws -> [String: (period: String, value: String, status: String)] {
        let ws = try Self.workspace.get()
        let t = try CSVReader.read(try ws.read("compute/metrics.csv"), file: "metrics.csv")
        var out: [String: (period: String, value: String, status: String)] = [:]
        for r in t.records {
            let f = Dictionary(uniqueKeysWithValues: zip(t.header, r.fields))
            if f["metric_id"] == metric, f["breakdown"] == "" {
                out[f["entity"] ?? ""] = (f["period"] ?? "", f["value"] ?? "", f["status"] ?? "")
            }
        }
        return out
    }

    @Test(.enabled(if: SharedData.shouldRun))
    func establishmentsFrom81575NEDPerMunicipality() throws {
        // Haarlem 2025: 28865 establishments (PROVENANCE.md §6: "17445 (2015) … 28305 (2024), 28865 (2025)").
        // The others are looked up by label here; the label -> code pairs are 86059NED's, read by the same script.
        let expected = try Self.python(
            """
            import csv, sys
            d = sys.argv[1] + '/cbs-v3-atomcsv-dertje/'
            code = {r['RegioS']: r['Code_1'].strip() for r in csv.DictReader(open(d + '86059NED.csv', encoding='utf-8-sig'), delimiter=';')}
            code['Nederland'] = 'NL01'
            for r in csv.DictReader(open(d + '81575NED.csv', encoding='utf-8-sig'), delimiter=';'):
                if r['Perioden'] == '2025' and r['RegioS'] in code and r['BedrijfstakkenBranchesSBI2008'].startswith('A-U'):
                    print(code[r['RegioS']] + '=' + str(int(float(r['Vestigingen_1']))))
            """)
        #expect(expected["GM0392"] == "28865")
        #expect(expected["NL01"] == "2551540")
        // Zaanstad lies beyond the CSV's first 10,000 rows (PROVENANCE.md §6: first API page only).
        #expect(expected["GM0479"] == nil)
        let got = try rows("ctx_gm_establishments")
        for region in Self.regions {
            if let value = expected[region] {
                #expect(got[region]?.value == value, "\(region)")
                #expect(got[region]?.period == "2025JJ00", "\(region)")
                #expect(got[region]?.status == "ok", "\(region)")
            } else {
                #expect(got[region]?.status == "missing", "\(region) has no CBS value in the snapshot")
            }
        }
    }

    @Test(.enabled(if: SharedData.shouldRun))
    func labourParticipationFrom86088NED() throws {
        // Haarlem 2024, Totaal personen: NettoArbeidsparticipatie_16 = 74.9 (by hand from the CSV's line ID 1979,
        // "1979;Totaal personen;Haarlem;2024;125.0;…;78.0;74.9"; the 78.5 of line 7199 is "Geslacht: mannen").
        let expected = try Self.python(
            """
            import csv, sys
            d = sys.argv[1] + '/cbs-v3-atomcsv-dertje/'
            code = {r['RegioS']: r['Code_1'].strip() for r in csv.DictReader(open(d + '86059NED.csv', encoding='utf-8-sig'), delimiter=';')}
            code['Nederland'] = 'NL01'
            for r in csv.DictReader(open(d + '86088NED.csv', encoding='utf-8-sig'), delimiter=';'):
                if r['Perioden'] == '2024' and r['RegioS'] in code and r['Persoonskenmerken'] == 'Totaal personen':
                    print(code[r['RegioS']] + '=' + r['NettoArbeidsparticipatie_16'])
            """)
        #expect(expected["GM0392"] == "74.9")
        #expect(expected["NL01"] == "73.2")
        let got = try rows("ctx_gm_net_participation")
        for region in Self.regions {
            let want = try #require(expected[region], "\(region) in 86088NED")
            #expect(got[region]?.value == want, "\(region)")
            #expect(got[region]?.period == "2024JJ00", "\(region)")
        }
    }

    @Test(.enabled(if: SharedData.shouldRun))
    func higherEducatedFrom70072nedV4() throws {
        // PROVENANCE.md: Haarlem 2024JJ00 Hbo, wo 45.2 %; 2025JJ00 is "Impossible" for 2018790, so 2024 is shown.
        let expected = try Self.python(
            """
            import json, sys
            o = json.load(open(sys.argv[1] + '/cbs-v4-70072ned-excerpt/observations-excerpt.json', encoding='utf-8'))
            for r in o['value']:
                if r['Measure'] == '2018790' and r['Perioden'] == '2024JJ00':
                    print(r['RegioS'] + '=' + format(float(r['Value']), '.1f'))
            """)
        #expect(expected["GM0392"] == "45.2")
        let got = try rows("ctx_gm_higher_educated")
        for region in Self.regions {
            #expect(got[region]?.value == expected[region], "\(region)")
            #expect(got[region]?.period == "2024JJ00", "\(region)")
        }
    }

    @Test(.enabled(if: SharedData.shouldRun))
    func reportShowsHaarlemBesideItsPeers() throws {
        let ws = try Self.workspace.get()
        let report = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        let section = try #require(report.range(of: "## Haarlem vergeleken").map { String(report[$0.lowerBound...]) })
        // Haarlem first (bold), then the seven peers by name, the peers' median and Nederland.
        for name in [
            "**Haarlem**", "Apeldoorn", "Arnhem", "Haarlemmermeer", "Amersfoort", "Zaanstad", "Enschede",
            "'s-Hertogenbosch", "Mediaan vergelijkbare gemeenten", "Nederland",
        ] {
            #expect(section.contains("| \(name) |"), "\(name)")
        }
        #expect(section.contains("CBS 81575NED, 2025"))
        #expect(section.contains("CBS 86088NED, 2024"))
        #expect(section.contains("gemeentelijke indeling 2025"))
        // Haarlem's line: 28.865 establishments (Dutch thousands separator), 74,9 % participation and an
        // unemployment rate of 4,0 % (CBS 4.0, shown with its one decimal).
        let haarlem = try #require(section.split(separator: "\n").first { $0.hasPrefix("| **Haarlem** |") })
        #expect(haarlem.contains("| 28.865 |"))
        #expect(haarlem.contains("| 74,9 |"))
        #expect(haarlem.contains("| 4,0 |"))
        // Establishments 2025 of the six peers with a value: 22035, 25615, 26035, 24875, 17985, 26375; Haarlem's
        // 28865 is the highest of the seven: "1e van 7".
        #expect(section.contains("Vestigingen van bedrijven: 1e van 7"))
        // Median of the six: sorted 17985, 22035, 24875, 25615, 26035, 26375 → (24875 + 25615) / 2 = 25245, with †
        // because Zaanstad has no value.
        let median = try #require(section.split(separator: "\n").first { $0.hasPrefix("| Mediaan") })
        #expect(median.contains("| 25.245† |"))
    }
}
