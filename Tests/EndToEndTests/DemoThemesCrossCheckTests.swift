import CSVCodec
import Foundation
import TestSupport
import Testing

/// Issue 16 item 4: every metric that got its input in issue 16 (financing, network, B2G revenue, training hours,
/// Banenafspraak hours, hires from bijstand, subsidies and loans, the sector's weight in the city) recomputed from the
/// demo's **input files** by an independent reader — the generator's own (`tools/demo/demolib.py`:
/// `read_registry`, `read_returns`, which apply the README's rules for the messy records) — with the arithmetic in
/// DuckDB SQL, and the CBS denominators read from the real CBS files in `../shared/data/real/` (not from the
/// demo's derived snapshots). The engine's `compute/metrics.csv` must print the same value, to the last printed
/// digit, for 2026Q3.
@Suite(
    "Issue 16 metrics of the demo against DuckDB", .serialized,
    .enabled(if: ThemesDuckDB.available && SharedData.shouldRun))
struct DemoThemesCrossCheckTests {
    static let workspace: Result<DemoWorkspace, any Error> = Result {
        let ws = try DemoWorkspace("e2e-themes")
        let run = try ws.impactmon("run", ["--period", "2026Q3"])
        guard run.status == 0 else { throw TestFailure("impactmon run failed: \(run.stderr)") }
        return ws
    }

    static func computeRows() throws -> [String: [String: String]] {
        let ws = try workspace.get()
        let t = try CSVReader.read(try ws.read("compute/metrics.csv"), file: "metrics.csv")
        var out: [String: [String: String]] = [:]
        for r in t.records {
            let f = Dictionary(uniqueKeysWithValues: zip(t.header, r.fields))
            if f["entity"] == "GM0392", f["period"] == "2026Q3", f["breakdown"] == "", let id = f["metric_id"] {
                out[id] = f
            }
        }
        return out
    }

    @Test func everyNewMetricMatchesTheIndependentRecomputation() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impactmon-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = Self.script
            .replacingOccurrences(of: "@ROOT@", with: SharedData.packageRoot.path)
            .replacingOccurrences(of: "@REAL@", with: SharedData.realDirectory.path)
        let expected = try ThemesDuckDB.run(script: script, directory: dir)
        let rows = try Self.computeRows()
        #expect(expected.count == 13, "\(expected.keys.sorted())")
        for (metric, value) in expected.sorted(by: { $0.key < $1.key }) {
            let row = try #require(rows[metric], "no row \(metric)/GM0392/2026Q3")
            let decimals = try #require(Self.decimals[metric], "\(metric)")
            #expect(
                row["value"] == Self.printed(value, decimals: decimals),
                "\(metric): engine \(row["value"] ?? "-") (\(row["status"] ?? "")), DuckDB \(value)")
        }
        // Measured, not only computed: none of them is missing in the report quarter.
        for metric in expected.keys { #expect(rows[metric]?["status"] != "missing", "\(metric)") }
    }

    /// Decimals of config/metrics.yaml for the compared metrics.
    static let decimals: [String: Int] = [
        "proc_b2g_revenue_share": 1, "fin_external_raised_r4q": 0, "edu_training_hours_per_fte_r4q": 1,
        "soc_banenafspraak_jobs": 1, "soc_hires_from_bijstand_r4q": 0, "net_social_purchasing_share": 1,
        "net_participation_rate": 0, "net_partnerships_active": 0, "fin_municipal_support_a": 0,
        "pop_se_establishment_share": 2, "emp_se_persons_share": 2, "ctx_establishments": 0,
        "ctx_persons_employed": 0,
    ]

    /// The value as `compute/metrics.csv` prints it: rounded half away from zero to the metric's decimals, shortest
    /// form (no trailing zeros).
    static func printed(_ v: Double, decimals: Int) -> String {
        var x = Decimal(string: String(format: "%.10f", v))!
        var r = Decimal()
        NSDecimalRound(&r, &x, decimals, .plain)
        return "\(r)"
    }

    /// The recomputation. Quarters as ordinals (year × 4 + quarter − 1); report 2026Q3.
    static let script = #"""
        import csv, datetime as dt, json, sys
        from pathlib import Path
        ROOT, REAL = Path("@ROOT@"), Path("@REAL@")
        sys.path.insert(0, str(ROOT / "tools/demo"))
        from demolib import read_registry, read_returns
        import duckdb
        reg = read_registry(ROOT)
        _, series = read_returns(ROOT, reg)
        con = duckdb.connect()
        con.execute("create table ent (kvk varchar, entry date, exit_ date)")
        con.executemany("insert into ent values (?, ?, ?)", [(k, r.entry, r.exit) for k, r in reg.items()])
        con.execute("create table ret (kvk varchar, qord int, col varchar, value double)")
        con.executemany("insert into ret values (?, ?, ?, ?)", [(k, q.year * 4 + q.q - 1, c, v)
            for k, s in series.items() for q, row in s.items() for c, v in row.items()])
        R = 2026 * 4 + 2
        con.execute(f"""create table quarters as select ord, make_date(cast(ord//4 as int), cast((ord%4)*3+1 as int), 1) as qstart,
            cast(make_date(cast(ord//4 as int), cast((ord%4)*3+1 as int), 1) + interval 3 month as date) as qend
            from range({R}-20, {R}+1) t(ord)""")
        ACTIVE_END = "e.entry < q.qend and (e.exit_ is null or e.exit_ >= q.qend)"
        ACTIVE_IN = "e.entry < q.qend and (e.exit_ is null or e.exit_ > q.qstart)"
        def one(sql): return con.execute(sql).fetchone()[0]
        def stock(c, ord): return f"""select r.kvk, r.value from ent e join quarters q on q.ord={ord} and {ACTIVE_END}
            join ret r on r.kvk=e.kvk and r.col='{c}' and r.qord={ord} where r.value is not null"""
        def window(c):
            return f"""select w.kvk, count(*) as need, count(r.value) as have, sum(r.value) as s from
                (select e.kvk, q.ord from ent e join quarters q on q.ord between {R}-3 and {R} and {ACTIVE_IN}) w
                left join ret r on r.kvk=w.kvk and r.qord=w.ord and r.col='{c}' group by w.kvk"""
        def ratio(n, d, scale): return one(f"""select sum(a.s)/sum(b.s)*{scale} from ({window(n)}) a join ({window(d)}) b
            using (kvk) where a.need=a.have and b.need=b.have""")
        out = {}
        out["proc_b2g_revenue_share"] = ratio("omzet_overheid_eur", "omzet_eur", 100)
        out["net_social_purchasing_share"] = ratio("inkoop_sociaal_eur", "inkoop_totaal_eur", 100)
        out["edu_training_hours_per_fte_r4q"] = ratio("opleidingsuren_personeel", "fte", 4)
        for metric, c in [("fin_external_raised_r4q", "externe_financiering_eur"),
                          ("soc_hires_from_bijstand_r4q", "instroom_uit_bijstand")]:
            out[metric] = one(f"select sum(s) filter (where need=have) from ({window(c)})")
        out["soc_banenafspraak_jobs"] = one(f"select sum(value)/25.5 from ({stock('doelgroep_weekuren_banenafspraak', R)})")
        out["net_partnerships_active"] = one(f"select sum(value) from ({stock('samenwerkingen', R)})")
        # Participation: active at the end of 2026Q3, all owed quarters of the window reported, >= 1 activity.
        out["net_participation_rate"] = one(f"""select 100.0 * count(*) filter (where w.s >= 1) / count(*) from ({window('programma_activiteiten')}) w
            join ent e on e.kvk = w.kvk join quarters q on q.ord={R} and {ACTIVE_END} where w.need = w.have""")
        # Subsidy register: settled amount, else granted; KvK-nummer left-padded; exact duplicate dossiers once,
        # conflicting ones not at all; a name without KvK-nummer is never matched; subsidy year 2026 to enterprises
        # in the programme on some day of 2026 up to 2026-09-30.
        with open(ROOT / "pipelines/haarlem-demo/subsidies/subsidieregister.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        by_dossier = {}
        for r in rows: by_dossier.setdefault(r["DOSSIERNUMMER"], []).append(tuple(sorted(r.items())))
        def amount(t): return None if t.strip() in ("", "NULL") else float("0" + t if t.startswith(".") else t)
        total = 0.0
        for d, versions in by_dossier.items():
            if len(set(versions)) != 1: continue
            r = dict(versions[0])
            v = amount(r["BEDRAG_VASTGESTELD"]); v = amount(r["BEDRAG_VERLEEND"]) if v is None else v
            kvk = r["KVK_NUMMER"].strip()
            if v is None or not kvk or r["SUBSIDIEJAAR"] != "2026": continue
            e = reg.get(kvk.zfill(8))
            if e and e.entry <= dt.date(2026, 9, 30) and (e.exit is None or e.exit > dt.date(2026, 1, 1)): total += v
        out["fin_municipal_support_a"] = total
        # The sector's weight: CBS denominators from the real CBS files (PROVENANCE.md §6), Haarlem's latest year.
        def cbs(file, topic, period):
            with open(REAL / "cbs-v3-atomcsv-dertje" / file, encoding="utf-8-sig", newline="") as f:
                for r in csv.DictReader(f, delimiter=";"):
                    if r["RegioS"] == "Haarlem" and r["Perioden"].strip() == period and r["BedrijfstakkenBranchesSBI2008"].startswith("A-U"):
                        return float(r[topic])
        est = cbs("81575NED.csv", "Vestigingen_1", "2025")               # establishments on 1 January 2025
        jobs = cbs("83582NED.csv", "BanenVanWerknemersInDecember_1", "2023 december") * 1000
        out["ctx_establishments"] = est
        out["ctx_persons_employed"] = jobs
        se = sum(1 for r in reg.values() if r.entry <= dt.date(2025, 1, 1) and (r.exit is None or dt.date(2025, 1, 1) < r.exit))
        out["pop_se_establishment_share"] = se / est * 100
        out["emp_se_persons_share"] = one(f"select sum(value) from ({stock('werknemers', 2023 * 4 + 3)})") / jobs * 100
        print(json.dumps(out))
        """#
}

/// Runs a Python script with DuckDB and returns the JSON object of numbers it prints (python3 with duckdb: CI
/// installs it, scripts/install-deps.sh).
enum ThemesDuckDB {
    static let available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import duckdb"]
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static func run(script: String, directory: URL) throws -> [String: Double] {
        let file = directory.appendingPathComponent("recompute.py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", file.path]
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestFailure(String(decoding: errData, as: UTF8.self)) }
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}
