import CSVCodec
import Foundation
import TestSupport
import Testing

/// The afwegingskader (config/assessment.yaml) on the demo: `internal/assessment.csv`, the profiles in
/// `internal/enterprises/`, `explain` on an assessment row and `validate` on bad configurations.
/// Expected values are worked out here from the demo's input files (registry, returns), not from the implementation.
@Suite("Afwegingskader and profiles", .serialized)
struct AssessmentTests {
    static let workspace: Result<DemoWorkspace, any Error> = Result {
        let ws = try DemoWorkspace("e2e-assessment")
        let run = try ws.impactmon("run", ["--period", "2026Q3"])
        guard run.status == 0 else { throw TestFailure("impactmon run failed: \(run.stderr)") }
        return ws
    }

    // MARK: - inputs read by hand

    /// Rows of a CSV file as dictionaries by header.
    static func table(_ url: URL) throws -> [[String: String]] {
        let t = try CSVReader.read(try Data(contentsOf: url), file: url.lastPathComponent)
        return t.records.map { Dictionary(uniqueKeysWithValues: zip(t.header, $0.fields)) }
    }

    static func pad(_ kvk: String) -> String { String(repeating: "0", count: max(0, 8 - kvk.count)) + kvk }

    /// (kvk, quarter) → return row, from `pipelines/haarlem-demo/returns/impact-<quarter>.csv`.
    static func returns(_ root: URL, _ quarters: [String]) throws -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for q in quarters {
            let url = root.appendingPathComponent("pipelines/haarlem-demo/returns/impact-\(q).csv")
            for r in try table(url) { out["\(pad(r["kvk_nummer"] ?? ""))|\(q)"] = r }
        }
        return out
    }

    static let window = ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    /// First and last day of the quarters of ``window``.
    static let days = [
        "2025Q4": ("2025-10-01", "2025-12-31"), "2026Q1": ("2026-01-01", "2026-03-31"),
        "2026Q2": ("2026-04-01", "2026-06-30"), "2026Q3": ("2026-07-01", "2026-09-30"),
    ]

    /// Σ numerator / Σ denominator × 100 over the quarters of the 4 ending 2026Q3 that the enterprise owed (in the
    /// programme on some day of it: docs/metrics.md), or nil when an owed quarter or a value is missing
    /// (`ratio_r4q` of config/metrics.yaml: soc_tg_fte_share = doelgroep_fte / fte, fin_earned_income_share =
    /// omzet_verkoop_eur / omzet_eur).
    static func share(
        _ kvk: String, _ r: [String: [String: String]], registry: [String: [String: String]], _ num: String,
        _ den: String
    ) -> Double? {
        guard let e = registry[kvk] else { return nil }
        var n = 0.0
        var d = 0.0
        for q in window {
            let (start, last) = days[q]!
            let exit = e["exit_date"] ?? ""
            guard (e["programme_entry_date"] ?? "") <= last, exit.isEmpty || exit > start else { continue }
            guard let row = r["\(kvk)|\(q)"], let t = Double(row[num] ?? ""), let f = Double(row[den] ?? "")
            else { return nil }
            n += t
            d += f
        }
        return d > 0 ? n / d * 100 : nil
    }

    static func registry(_ root: URL) throws -> [String: [String: String]] {
        Dictionary(
            uniqueKeysWithValues: try table(root.appendingPathComponent("config/registry.csv")).map {
                ($0["kvk_number"] ?? "", $0)
            })
    }

    /// Registry enterprises of GM0392 in the programme on some day of 2026Q3.
    static func activeInQ3(_ root: URL) throws -> [[String: String]] {
        try table(root.appendingPathComponent("config/registry.csv")).filter { e in
            let entry = e["programme_entry_date"] ?? ""
            let exit = e["exit_date"] ?? ""
            return e["gemeente_code"] == "GM0392" && entry <= "2026-09-30" && (exit.isEmpty || exit > "2026-07-01")
        }
    }

    static func assessment(_ ws: DemoWorkspace) throws -> [[String: String]] {
        try table(ws.runDirectory().appendingPathComponent("internal/assessment.csv"))
    }

    // MARK: - item 2: the assessment

    @Test func everyActiveEnterpriseHasAVerdictAndEveryCriterion() throws {
        let ws = try Self.workspace.get()
        let rows = try Self.assessment(ws).filter { $0["kwartaal"] == "2026Q3" }
        let active = try Self.activeInQ3(ws.root)
        #expect(active.count == 37)  // 40 registry rows, 3 exits before 2026-07-01, none entering after the quarter
        let criteria = [
            "erkende_grondslag", "doelgroep_fte", "verdiend_inkomen", "pso_niveau", "groeiklasse", "jaren_actief",
            "rapportage", "co2_vermeden", "clienten", "getrainde_personen",
        ]
        for e in active {
            let mine = rows.filter { $0["kvk_number"] == e["kvk_number"] }
            #expect(mine.map { $0["criterium_id"] ?? "" } == criteria, "\(e["name"] ?? "")")
            #expect(
                mine.allSatisfy {
                    ["komt in aanmerking", "komt niet in aanmerking", "onbekend (gegevens ontbreken)"].contains(
                        $0["oordeel"] ?? "")
                })
            #expect(mine.allSatisfy { !($0["reden"] ?? "").isEmpty })
        }
        #expect(Set(rows.map { $0["kvk_number"] ?? "" }) == Set(active.map { $0["kvk_number"] ?? "" }))
    }

    @Test func targetGroupShareRecomputedFromTheReturns() throws {
        let ws = try Self.workspace.get()
        let r = try Self.returns(ws.root, Self.window)
        let registry = try Self.registry(ws.root)
        let rows = try Self.assessment(ws).filter {
            $0["kwartaal"] == "2026Q3" && $0["criterium_id"] == "doelgroep_fte"
        }
        var passes = 0
        var fails = 0
        var unknown = 0
        for row in rows {
            let kvk = row["kvk_number"] ?? ""
            if let share = Self.share(kvk, r, registry: registry, "doelgroep_fte", "fte") {
                let expected = share >= 30 ? "pass" : "fail"
                #expect(row["result"] == expected, "\(kvk): \(share)")
                #expect(
                    abs((Double(row["waarde"] ?? "") ?? -1) - share) <= 0.05 + 1e-9,
                    "\(kvk): \(share) vs \(row["waarde"] ?? "")")
                if expected == "pass" { passes += 1 } else { fails += 1 }
            } else {
                // A missing quarter is no judgement: unknown, naming the missing input, never fail.
                #expect(row["result"] == "unknown", "\(kvk)")
                #expect(row["reden"]?.hasPrefix("ontbreekt: Aandeel doelgroep-FTE") == true, "\(row["reden"] ?? "")")
                unknown += 1
            }
        }
        #expect(passes > 0 && fails > 0 && unknown > 0, "\(passes) \(fails) \(unknown)")
    }

    @Test func mustPassOnTheRegistryBasis() throws {
        let ws = try Self.workspace.get()
        let registry = Dictionary(
            uniqueKeysWithValues: try Self.activeInQ3(ws.root).map { ($0["kvk_number"] ?? "", $0) })
        let rows = try Self.assessment(ws).filter {
            $0["kwartaal"] == "2026Q3" && $0["criterium_id"] == "erkende_grondslag"
        }
        #expect(rows.count == registry.count)
        for row in rows {
            let basis = registry[row["kvk_number"] ?? ""]?["se_basis"] ?? ""
            let recognised = basis != "self_declared"
            #expect(row["result"] == (recognised ? "pass" : "fail"), "\(basis)")
            // A failed must-pass criterion decides the verdict.
            if !recognised { #expect(row["oordeel"] == "komt niet in aanmerking") }
        }
        #expect(rows.contains { $0["result"] == "fail" })
    }

    @Test func noFailWithoutAValue() throws {
        let rows = try Self.assessment(try Self.workspace.get())
        #expect(!rows.isEmpty)
        for row in rows where row["result"] == "fail" {
            #expect(!(row["waarde"] ?? "").isEmpty, "\(row)")
        }
        for row in rows where row["result"] == "unknown" {
            #expect((row["waarde"] ?? "").isEmpty, "\(row)")
            #expect((row["reden"] ?? "").hasPrefix("ontbreekt: "), "\(row)")
        }
    }

    /// One return changes (in a copy of the demo): enterprise A's 2026Q3 return gets € 10 million more revenue, all of
    /// it grants and donations; enterprise B's 2026Q3 return is removed. A loses the must-pass earned-income criterion
    /// and with it the verdict; B gets "unknown" (never "fail") and, being supported, the watch signal.
    @Test func aChangedReturnMovesTheVerdictAndTheChangeLine() throws {
        let base = try Self.workspace.get()
        let before = try Self.assessment(base)
        func rows(_ t: [[String: String]], _ kvk: String, _ q: String) -> [String: [String: String]] {
            Dictionary(
                uniqueKeysWithValues: t.filter { $0["kvk_number"] == kvk && $0["kwartaal"] == q }.map {
                    ($0["criterium_id"] ?? "", $0)
                })
        }
        let kvks = Set(before.map { $0["kvk_number"] ?? "" }).sorted()
        let registry = try Self.registry(base.root)
        // A: qualifies in 2026Q2 and 2026Q3, in the programme since before 2025Q4, with instruments in 2026Q3.
        let a = try #require(
            kvks.first { k in
                let q3 = rows(before, k, "2026Q3")
                let q2 = rows(before, k, "2026Q2")
                return q3["verdiend_inkomen"]?["result"] == "pass"
                    && q3["verdiend_inkomen"]?["oordeel"] == "komt in aanmerking"
                    && q2["verdiend_inkomen"]?["oordeel"] == "komt in aanmerking"
                    && !(q3["verdiend_inkomen"]?["instrumenten"] ?? "").isEmpty
                    && (registry[k]?["programme_entry_date"] ?? "9") < "2025-10-01"
            })
        // B: another enterprise with instruments in 2026Q2 (supported) and a doelgroep_fte value in 2026Q3.
        let b = try #require(
            kvks.first { k in
                k != a && !(rows(before, k, "2026Q2")["doelgroep_fte"]?["instrumenten"] ?? "").isEmpty
                    && rows(before, k, "2026Q3")["doelgroep_fte"]?["result"] != "unknown"
            })
        #expect(rows(before, b, "2026Q3")["doelgroep_fte"]?["signaal"]?.contains("stopt met rapporteren") == false)

        let ws = try DemoWorkspace("e2e-assessment-change")
        let file = ws.root.appendingPathComponent("pipelines/haarlem-demo/returns/impact-2026Q3.csv")
        var lines = try String(contentsOf: file, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let revenue = try #require(header.firstIndex(of: "omzet_eur"))
        let grants = try #require(header.firstIndex(of: "subsidies_donaties_eur"))
        var edited = 0
        lines = lines.compactMap { line in
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count > max(revenue, grants) else { return line }
            if Self.pad(f[0]) == b {
                edited += 1
                return nil
            }
            if Self.pad(f[0]) == a {
                f[revenue] = String(Int(f[revenue])! + 10_000_000)
                f[grants] = String((Int(f[grants]) ?? 0) + 10_000_000)
                edited += 1
            }
            return f.joined(separator: ",")
        }
        #expect(edited == 2)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(run.status == 0, "\(run.stderr)")
        let after = try Self.assessment(ws)

        // A, worked out from the returns: Σ omzet_verkoop_eur / Σ omzet_eur over 2025Q4–2026Q3 (omzet + € 10 m in 2026Q3).
        let r = try Self.returns(ws.root, Self.window)
        let share = try #require(Self.share(a, r, registry: registry, "omzet_verkoop_eur", "omzet_eur"))
        #expect(share < 50)
        let a3 = rows(after, a, "2026Q3")
        #expect(a3["verdiend_inkomen"]?["result"] == "fail")
        #expect(abs((Double(a3["verdiend_inkomen"]?["waarde"] ?? "") ?? -1) - share) <= 0.05 + 1e-9)
        #expect(a3["verdiend_inkomen"]?["oordeel"] == "komt niet in aanmerking")
        #expect(a3["verdiend_inkomen"]?["instrumenten"] == "")
        let changes = a3["verdiend_inkomen"]?["wijzigingen"] ?? ""
        #expect(changes.contains("oordeel: komt in aanmerking → komt niet in aanmerking"), "\(changes)")
        #expect(changes.contains("haalt criterium niet meer: Aandeel verdiend inkomen"), "\(changes)")
        #expect(changes.contains("komt niet meer in aanmerking voor "), "\(changes)")
        let changesBefore = rows(before, a, "2026Q3")["verdiend_inkomen"]?["wijzigingen"] ?? ""
        #expect(changesBefore.contains("haalt criterium niet meer: Aandeel verdiend") == false, "\(changesBefore)")
        #expect(changesBefore.contains("→ komt niet in aanmerking") == false, "\(changesBefore)")
        // 2026Q2 is not touched by a 2026Q3 return.
        #expect(rows(after, a, "2026Q2")["verdiend_inkomen"]?["oordeel"] == "komt in aanmerking")

        // B: no 2026Q3 return → the 4-quarter share is unknown, never fail; the change line and the watch signal say so.
        let b3 = rows(after, b, "2026Q3")
        #expect(b3["doelgroep_fte"]?["result"] == "unknown")
        #expect(b3["doelgroep_fte"]?["reden"]?.hasPrefix("ontbreekt: Aandeel doelgroep-FTE") == true)
        #expect(b3["rapportage"]?["reden"]?.contains("geen rapportage over 2026Q3") == true)
        #expect(b3["doelgroep_fte"]?["wijzigingen"]?.contains("gegevens ontbreken: Aandeel doelgroep in fte") == true)
        #expect(
            b3["doelgroep_fte"]?["signaal"]?.contains("stopt met rapporteren: geen kwartaalrapportage over 2026Q3")
                == true)
        #expect(!b3.values.contains { $0["result"] == "fail" && ($0["waarde"] ?? "").isEmpty })
        // The earned-income share is a must-pass criterion: unknown there makes the verdict unknown, not negative.
        #expect(b3["verdiend_inkomen"]?["result"] == "unknown")
        #expect(b3["verdiend_inkomen"]?["oordeel"] == "onbekend (gegevens ontbreken)")
    }

    @Test func theMarkdownNamesVerdictReasonsAndInstruments() throws {
        let ws = try Self.workspace.get()
        let md = String(decoding: try ws.read("internal/assessment.md"), as: UTF8.self)
        let q3 = try Self.assessment(ws).filter { $0["kwartaal"] == "2026Q3" }
        for kvk in Set(q3.map { $0["kvk_number"] ?? "" }) {
            #expect(md.contains("(KvK \(kvk))"))
        }
        #expect(
            md.contains("**Oordeel:**") && md.contains("**Instrumenten:**")
                && md.contains("**Wijziging t.o.v. vorig kwartaal:**"))
        let qualifies = Set(q3.filter { $0["oordeel"] == "komt in aanmerking" }.map { $0["kvk_number"] ?? "" }).count
        #expect(
            md.contains(
                "\(Set(q3.map { $0["kvk_number"] ?? "" }).count) actieve ondernemingen, waarvan \(qualifies) in aanmerking komen"
            ))
    }

    // MARK: - explain

    @Test func explainAnAssessmentRow() throws {
        let ws = try Self.workspace.get()
        let row = try #require(
            try Self.assessment(ws).first {
                $0["kwartaal"] == "2026Q3" && $0["criterium_id"] == "doelgroep_fte" && $0["result"] == "pass"
            })
        let kvk = row["kvk_number"] ?? ""
        let r = try ws.impactmon("explain", ["assessment/\(kvk)/doelgroep_fte/2026Q3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Aandeel doelgroep in fte") && r.stdout.contains("voldoet"))
        #expect(r.stdout.contains("config/assessment.yaml:"))
        // …followed by the metric's own explanation (its provenance id and input returns).
        #expect(r.stdout.contains("soc_tg_fte_share/\(kvk)/2026Q3"), "\(r.stdout)")
        let field = try ws.impactmon("explain", ["assessment/\(kvk)/jaren_actief/2026Q3"])
        #expect(field.status == 0 && field.stdout.contains("veld years_active"))
        let bad = try ws.impactmon("explain", ["assessment/\(kvk)/geen_criterium/2026Q3"])
        #expect(bad.status == 64)
    }

    // MARK: - item 3: profiles

    @Test func everyEnterpriseHasAProfileWithItsSeries() throws {
        let ws = try Self.workspace.get()
        let registry = try Self.table(ws.root.appendingPathComponent("config/registry.csv")).filter {
            $0["gemeente_code"] == "GM0392"
        }
        let folder = ws.runDirectory().appendingPathComponent("internal/enterprises")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        #expect(Set(files) == Set(registry.map { "\($0["kvk_number"] ?? "").md" }))
        // Bakkerij De Waarderzon (52116730): werknemers 2026Q3 from impact-2026Q3.csv, first return quarter by hand.
        let profile = String(
            decoding: try Data(contentsOf: folder.appendingPathComponent("52116730.md")), as: UTF8.self)
        let q3 = try #require(try Self.returns(ws.root, ["2026Q3"])["52116730|2026Q3"])
        var first: String?
        for y in 2020...2026 {
            for q in 1...4 where first == nil {
                let url = ws.root.appendingPathComponent("pipelines/haarlem-demo/returns/impact-\(y)Q\(q).csv")
                if let t = try? Self.table(url), t.contains(where: { Self.pad($0["kvk_nummer"] ?? "") == "52116730" }) {
                    first = "\(y)Q\(q)"
                }
            }
        }
        let firstQuarter = try #require(first)
        #expect(profile.contains("sinds de eerste rapportage in \(firstQuarter)"))
        let line = try #require(profile.split(separator: "\n").first { $0.hasPrefix("| 2026Q3 |") })
        #expect(line.contains("| \(q3["werknemers"] ?? "?") |"), "\(line)")
        #expect(profile.contains("## Groeiklasse") && profile.contains("## Beoordeling (afwegingskader)"))
        #expect(profile.contains("Bakkerij De Waarderzon B.V."))
    }

    @Test func awardsWithSocialReturnAppearInTheProfile() throws {
        let ws = try Self.workspace.get()
        let registry = Set(
            try Self.table(ws.root.appendingPathComponent("config/registry.csv")).map { $0["kvk_number"] ?? "" })
        let awards = try Self.table(
            ws.root.appendingPathComponent("pipelines/haarlem-demo/procurement/inkoop-gunningen.csv")
        )
        .filter {
            registry.contains(Self.pad($0["leverancier_kvk"] ?? "")) && ($0["gunningsdatum"] ?? "") < "2026-10-01"
        }
        let award = try #require(awards.first { $0["sroi_clausule"] == "ja" } ?? awards.first)
        let kvk = Self.pad(award["leverancier_kvk"] ?? "")
        let profile = String(decoding: try ws.read("internal/enterprises/\(kvk).md"), as: UTF8.self)
        #expect(profile.contains(award["contract_id"] ?? "?"), "\(kvk)")
        let count = awards.filter { Self.pad($0["leverancier_kvk"] ?? "") == kvk }.count
        let withSR = awards.filter { Self.pad($0["leverancier_kvk"] ?? "") == kvk && $0["sroi_clausule"] == "ja" }.count
        #expect(profile.split(separator: "\n").filter { $0.hasPrefix("| 20") && $0.contains("HLM-") }.count == count)
        #expect(profile.contains("waarvan \(withSR) met social return"))
    }

    @Test func noPublicFileNamesAnEnterpriseOfTheProfiles() throws {
        let ws = try Self.workspace.get()
        let folder = ws.runDirectory().appendingPathComponent("internal/enterprises")
        var secrets: [String] = []
        for f in try FileManager.default.contentsOfDirectory(atPath: folder.path) where f.hasSuffix(".md") {
            let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(f)), as: UTF8.self)
            // "# <name> (KvK <kvk>) — profiel"
            let title = try #require(text.split(separator: "\n").first)
            let name = try #require(title.dropFirst(2).components(separatedBy: " (KvK ").first)
            secrets += [name, String(f.dropLast(3))]
        }
        #expect(secrets.count >= 60)
        // Every file of the public folder: the internal one lives beside it (internal/), not inside it.
        let publicFiles = ws.snapshot("report")
        #expect(!publicFiles.keys.contains { $0.hasPrefix("internal/") || $0.contains("enterprises/") })
        #expect(publicFiles.keys.contains("report.md") && publicFiles.keys.contains("metrics.csv"))
        for (path, data) in publicFiles {
            let text = String(decoding: data, as: UTF8.self)
            for s in secrets { #expect(!text.contains(s), "\(path) contains \(s)") }
        }
    }

    // MARK: - item 1: validation

    @Test func badAssessmentConfigsGiveFileLineColumnAndExit78() throws {
        let ws = try DemoWorkspace("assessment-validate")
        let config = """
            version: 1
            instruments:
              netwerk: {label_nl: Netwerk}
            criteria:
              - id: a
                label_nl: A
                metric: soc_tg_fte_sharee
                at_least: 30
                unit: "%"
                weight: 1
                opens: [netwerk]
              - id: b
                label_nl: B
                metric: soc_tg_fte_share
                at_least: 30
                unit: FTE
                weight: 1
                opens: [lening]
              - id: c
                label_nl: C
                field: years_active
                at_least: 2
                unit: jaar
                must_pass: true
                treshold: 3
              - id: d
                label_nl: D
                field: pso_level
                one_of: [trede9]
                unit: category
                weight: 1

            """
        try config.write(
            to: ws.root.appendingPathComponent("config/assessment.yaml"), atomically: true, encoding: .utf8)
        let r = try ImpactmonBinary.run(["validate", "--pipeline", ws.pipeline], in: ws.root)
        #expect(r.status == 78, "\(r.stdout)\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func has(_ prefix: String, _ text: String) -> Bool {
            lines.contains { $0.hasPrefix("config/assessment.yaml:\(prefix): error:") && $0.contains(text) }
        }
        #expect(has("7:13", "unknown metric \"soc_tg_fte_sharee\""), "\(lines)")
        #expect(has("16:11", "threshold unit \"FTE\" is not the unit of its input (\"%\")"), "\(lines)")
        #expect(has("18:13", "instrument \"lening\" is not listed"), "\(lines)")
        #expect(has("25:5", "unknown key \"treshold\""), "\(lines)")
        #expect(has("29:14", "\"trede9\" is not a value of its input"), "\(lines)")
        #expect(lines.filter { $0.hasPrefix("config/assessment.yaml:") }.count == 5, "\(lines)")
        // The report stage refuses it too, with exit 78 (configuration invalid).
        let run = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(run.status == 78, "\(run.stderr)")
        #expect(run.stderr.contains("assessment.yaml:7:13"), "\(run.stderr)")
    }

    /// The afwegingskader is a config input of the report stage: changing a threshold reruns the report.
    @Test func changingTheAfwegingskaderRerunsTheReport() throws {
        let ws = try DemoWorkspace("e2e-assessment-stale")
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let url = ws.root.appendingPathComponent("config/assessment.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: "metric: soc_tg_fte_share\n    at_least: 30", with: "metric: soc_tg_fte_share\n    at_least: 99")
        #expect(changed != text)
        try changed.write(to: url, atomically: true, encoding: .utf8)
        let r = try ws.impactmon("run", ["--period", "2026Q3"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try Self.assessment(ws).filter {
            $0["kwartaal"] == "2026Q3" && $0["criterium_id"] == "doelgroep_fte"
        }
        #expect(!rows.isEmpty && rows.allSatisfy { $0["toets"] == ">= 99" })
        #expect(rows.allSatisfy { $0["result"] != "pass" || (Double($0["waarde"] ?? "") ?? 0) >= 99 })
    }

    @Test func theDemoAssessmentConfigIsValid() throws {
        let r = try ImpactmonBinary.run(["validate"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(!r.stdout.contains("assessment.yaml"))
    }
}
