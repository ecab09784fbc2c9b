import CSVCodec
import Foundation
import ImpactModel
import Indicators
import Pipeline
import Reporting
import RunArtifacts
import TestSupport
import Testing

/// The auditor (``PublicAuditor``, test-side, reads only public files) against the regression fixture of the public
/// files as published before issue 14, against the demo's current public files (8 quarters, 2024Q4–2026Q3), and
/// against generated tables made to be hard.
@Suite("Public-file audit", .serialized)
struct PublicAuditTests {
    static var catalogue: MetricCatalogue {
        get throws {
            try MetricCatalogue.load(contentsOf: SharedData.packageRoot.appendingPathComponent("config/metrics.yaml"))
        }
    }

    /// `report/metrics.csv` of the demo's 2026Q3 run as the code before issue 14 wrote it.
    static let oldFixture = SharedData.packageRoot.appendingPathComponent(
        "Tests/EndToEndTests/Fixtures/public-2026Q3-before-issue14/metrics.csv")

    @Test func theAuditorFailsOnThePublicFilesOfBeforeIssue14() throws {
        let a = try PublicAuditor(csv: Data(contentsOf: Self.oldFixture), catalogue: Self.catalogue)
        let pinned = a.findings.filter { $0.kind == .pinned }.map(\.cell)
        let primary = a.findings.filter { $0.kind == .primary }.map(\.cell)
        // The issue's three attacks: hidden inflow components pinned by their bounds, the inflow pinned by the
        // stock–flow identity, the SROI numerator published as another share's denominator.
        #expect(pinned.contains("v:pop_inflow_se_r4q|2025Q3|inflow_component=born"), "\(pinned)")
        #expect(pinned.contains("v:pop_inflow_se_r4q|2026Q3|"), "\(pinned)")
        #expect(pinned.contains("proc:sroi_realised_eur|all|2026Q3"), "\(pinned)")
        #expect(primary.contains("proc_sroi_via_se_share|2026Q3|"), "\(primary)")
        #expect(a.findings.allSatisfy { $0.kind != .inconsistent }, "\(a.findings.filter { $0.kind == .inconsistent })")
        print(
            "old fixture: \(pinned.count) pinned (\(a.lpOnlyPins) found only by the LP), \(primary.count) primary-rule findings, \(a.lpTargets) hidden values bounded by LP"
        )
        for f in a.findings { print("  \(f)") }
    }

    @Test func theAuditorPassesOnTheDemo() throws {
        let ws = try DemoWorkspace("e2e-public-audit")
        #expect(try ws.impactmon("run").status == 0)
        let csv = try ws.read("report/metrics.csv")
        let a = try PublicAuditor(csv: csv, catalogue: Self.catalogue)
        #expect(a.findings.isEmpty, "\(a.findings)")
        // The LP bounded every hidden value (two programs each); the demo hides some in every quarter.
        #expect(a.lpTargets > 0)
        // It audited every quarter from the programme's first (2020Q1) to 2026Q3: 27 quarters (issue 17 item 2).
        let t = try CSVReader.read(csv, file: "metrics.csv")
        let p = try #require(t.column("period"))
        let quarters = Set(t.records.map { $0.fields[p] }.filter { $0.count == 6 })
        #expect(quarters.count == 27, "\(quarters.sorted())")
        // Hidden cells per quarter, primary and secondary, from the detailed reasons of compute/metrics.csv.
        let compute = try CSVReader.read(try ws.read("compute/metrics.csv"), file: "metrics.csv")
        var perQuarter: [String: (primary: Int, secondary: Int)] = [:]
        for r in compute.records {
            let f = Dictionary(uniqueKeysWithValues: zip(compute.header, r.fields))
            guard f["status"] == "suppressed", f["level"] != "enterprise", let q = f["period"], q.count == 6 else {
                continue
            }
            let secondary = (f["note"] ?? "").hasPrefix("disclosure.secondary")
            perQuarter[q, default: (0, 0)].primary += secondary ? 0 : 1
            perQuarter[q, default: (0, 0)].secondary += secondary ? 1 : 0
        }
        print("demo audit: \(a.lpTargets) hidden values bounded by LP; findings \(a.findings.count)")
        let interval = compute.records.filter { $0.fields.joined().contains(DisclosureStep.intervalNote) }.count
        print("  cells hidden by the protector's interval audit: \(interval)")
        for q in perQuarter.keys.sorted() {
            print("  \(q): \(perQuarter[q]!.primary) primary, \(perQuarter[q]!.secondary) secondary")
        }
        // Every withheld row keeps its number reporting (METRICS.md §8), in the CSV and in the report.
        let status = try #require(t.column("status"))
        let n = try #require(t.column("n_enterprises"))
        let withheld = t.records.filter { $0.fields[status] == "withheld" }
        #expect(
            withheld.allSatisfy { !$0.fields[n].isEmpty }, "\(withheld.filter { $0.fields[n].isEmpty }.map(\.fields))")
        let report = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
        let withheldNow = withheld.filter { $0.fields[p] == "2026Q3" }
        if !withheldNow.isEmpty { #expect(report.contains(" rapporterend")) }
        print("  withheld rows: \(withheld.count) (2026Q3: \(withheldNow.count)), each with n_enterprises")
        // The Excel variant carries the same cells (decimal comma, `;`) and so the same protection: field by field.
        let excel = try ws.read("report/metrics-excel-nl.csv")
        let e = try CSVReader.read(
            excel, file: "metrics-excel-nl.csv", options: CSVReadOptions(delimiter: UInt8(ascii: ";")))
        #expect(e.records.count == t.records.count)
        let numeric = t.header.map { ReportCSV.numericColumns.contains($0) }
        for (m, x) in zip(t.records, e.records) {
            let back = zip(x.fields, numeric).map { f, isNumber in
                isNumber ? f.replacingOccurrences(of: ",", with: ".") : f
            }
            #expect(zip(back, m.fields).allSatisfy { $0 == $1 || $0.hasPrefix("'") }, "\(m.fields) vs \(x.fields)")
        }
    }

    /// Small tables where the attack is known: the auditor must find it (so it can fail) and must not flag a safe one.
    @Test func theAuditorFindsKnownAttacksAndNothingElse() throws {
        let header = MetricRecord.csvHeader.joined(separator: ",")
        func row(
            _ metric: String, _ period: String, _ value: String, status: String, breakdown: String = "",
            note: String = "", n: String = ""
        ) -> String {
            let unit = metric.hasPrefix("pop_") ? "count" : "persons"
            return [
                metric, "economie", "impact", "programme", "GM0392", period, value, unit, "", "", n, "", status,
                "voorlopig",
                status == "suppressed" ? "x" : "", note, "\(metric)/\(breakdown)", breakdown,
            ].joined(separator: ",")
        }
        // 1: one hidden cell beside a published total.
        let single = [
            header, row("pop_inflow_se_r4q", "2026Q3", "5", status: "ok", n: "5"),
            row("pop_inflow_se_r4q", "2026Q3", "", status: "suppressed", breakdown: "inflow_component=born"),
            row("pop_inflow_se_r4q", "2026Q3", "3", status: "ok", breakdown: "inflow_component=attracted", n: "3"),
            row("pop_inflow_se_r4q", "2026Q3", "0", status: "ok", breakdown: "inflow_component=unknown", n: "0"),
        ].joined(separator: "\n")
        let a = try PublicAuditor(csv: Data(single.utf8), catalogue: Self.catalogue)
        #expect(a.findings.map(\.cell) == ["v:pop_inflow_se_r4q|2026Q3|inflow_component=born"])
        #expect(a.interval("v:pop_inflow_se_r4q|2026Q3|inflow_component=born").map { "\($0)" } == "[2, 2]")
        // 2: two hidden cells, total 9, 5 published: each in [0, 4], safe.
        let two = [
            header, row("pop_inflow_se_r4q", "2026Q3", "9", status: "ok", n: "9"),
            row("pop_inflow_se_r4q", "2026Q3", "", status: "suppressed", breakdown: "inflow_component=born"),
            row("pop_inflow_se_r4q", "2026Q3", "5", status: "ok", breakdown: "inflow_component=attracted", n: "5"),
            row("pop_inflow_se_r4q", "2026Q3", "", status: "suppressed", breakdown: "inflow_component=unknown"),
        ].joined(separator: "\n")
        let b = try PublicAuditor(csv: Data(two.utf8), catalogue: Self.catalogue)
        #expect(b.findings.isEmpty, "\(b.findings)")
        #expect(b.interval("v:pop_inflow_se_r4q|2026Q3|inflow_component=born").map { "\($0)" } == "[0, 4]")
        // 3: stock–flow with one hidden flow; 4: a published person count below min N.
        let chain = [
            header, row("pop_active_se", "2026Q3", "40", status: "ok", n: "40"),
            row("pop_active_se", "2025Q3", "37", status: "ok", n: "37"),
            row("pop_inflow_se_r4q", "2026Q3", "", status: "suppressed"),
            row("pop_outflow_se_r4q", "2026Q3", "4", status: "ok", n: "4"),
            row("soc_beneficiaries_r4q", "2026Q3", "120", status: "ok", n: "2"),
        ].joined(separator: "\n")
        let c = try PublicAuditor(csv: Data(chain.utf8), catalogue: Self.catalogue)
        #expect(c.interval("v:pop_inflow_se_r4q|2026Q3|").map { "\($0)" } == "[7, 7]")
        #expect(Set(c.findings.map(\.kind)) == [.pinned, .primary], "\(c.findings)")
    }

    /// Generated registries made to be hard: many small SBI and basis cells, one enterprise holding most of the
    /// headcount, entries and exits in every quarter (stock–flow chains), tiny inflow components. The engine's
    /// rows go through the same public transformation as the report stage; the auditor must find nothing.
    @Test(arguments: [1, 2, 3, 4, 5, 6]) func theAuditorPassesOnGeneratedHardTables(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let sections = ["A", "C", "F", "G", "I", "J", "N", "Q", "S"]
        let bases = ["pso_trede", "pso30plus", "self_declared", "bcorp"]
        var ents: [Enterprise] = []
        var obs: [Observation] = []
        let n = 14 + Int(rng.next() % 20)
        for i in 0..<n {
            let kvk = "95" + String(format: "%06d", Int(seed) * 1000 + i)
            let entryQ = try Quarter(year: 2022 + Int(rng.next() % 5), quarter: 1 + Int(rng.next() % 4))
            let report = try Quarter(parsing: "2026Q3")
            let entry = min(entryQ, report).start
            let leaves = rng.next() % 4 == 0
            let exitQ = entryQ + (2 + Int(rng.next() % 10))
            let exit: CivilDate? = leaves && exitQ <= report ? exitQ.start.adding(days: 20) : nil
            let registered: CivilDate =
                rng.next() % 2 == 0 ? entry.adding(days: -30) : (try CivilDate(parsing: "2012-01-01"))
            let sbi = ["0111", "1011", "4120", "4711", "5610", "6201", "8121", "8899", "9609"][Int(rng.next() % 9)]
            _ = sections
            ents.append(
                Enterprise(
                    kvkNumber: KvKNumber(kvk)!, name: "Gen \(i)", gemeenteCode: RegioCode("GM0392"),
                    sbiCode: SBICode(sbi), themes: ["werk_en_participatie"], seBasis: bases[Int(rng.next() % 4)],
                    foundedYear: 2010, programmeEntryDate: entry, exitDate: exit,
                    exitReason: exit == nil ? nil : .merger,
                    kvkRegistrationDate: registered, registryLine: i + 2))
            let dominant = i == 0
            var q = try Quarter(parsing: "2022Q1")
            while q <= (try Quarter(parsing: "2026Q3")) {
                let head = dominant ? 400 + Double(rng.next() % 50) : 2 + Double(rng.next() % 9)
                obs.append(obsRow(kvk, "employees_headcount", q, head))
                obs.append(obsRow(kvk, "fte_total", q, head * 0.8))
                obs.append(obsRow(kvk, "tg_fte", q, Double(rng.next() % 4)))
                obs.append(obsRow(kvk, "revenue_total", q, dominant ? 900_000 : Double(10_000 + rng.next() % 40_000)))
                q = q + 1
            }
        }
        let run = MetricEngine.compute(
            catalogue: try Self.catalogue, enterprises: ents, observations: obs, municipality: .haarlem,
            reportQuarter: try Quarter(parsing: "2026Q3"), provenance: false)
        let rows = try MetricRecord.read(run.csv(), file: "metrics.csv")
        let gate = PublicationDisclosure(catalogue: try Self.catalogue)
        let publicRows = ReportCSV.publicRows(rows, disclosure: gate)
        #expect(gate.violations(publicRows).isEmpty)
        let csv = ReportCSV.machine(publicRows)
        let a = try PublicAuditor(csv: csv, catalogue: Self.catalogue)
        #expect(a.findings.isEmpty, "seed \(seed): \(a.findings)")
        let hidden = publicRows.filter { $0.status == .suppressed }.count
        let secondary = rows.filter { $0.status == .suppressed && $0.note.hasPrefix("disclosure.secondary") }.count
        let byInterval = rows.filter { $0.note.contains(DisclosureStep.intervalNote) }.count
        print(
            "seed \(seed): \(n) enterprises, \(hidden) hidden (\(secondary) secondary, \(byInterval) by the interval audit), \(a.lpTargets) bounded by LP"
        )
        #expect(hidden > 0, "seed \(seed): a hard table with nothing hidden is not hard")
    }

    private func obsRow(_ kvk: String, _ measure: String, _ q: Quarter, _ v: Double) -> Observation {
        Observation(
            sourceID: "impact-returns", dataset: "impact-\(q)", measure: measure, measureLabel: measure, unit: "",
            regio: "", kvkNumber: kvk, periodCode: q.cbsCode, periodStart: q.start, periodEnd: q.end, value: v,
            valueStatus: .definitief, valueAttribute: .none, sourceRowID: "gen:\(kvk):\(measure):\(q)")
    }
}

/// SplitMix64, for reproducible generated tables.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
