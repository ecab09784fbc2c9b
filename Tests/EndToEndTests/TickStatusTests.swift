import Foundation
import TestSupport
import Testing

/// `tick` with a fake clock (`--now`) over several days: a due quarter runs once, a caught-up quarter is not rerun
/// on the following days, an input change or `--force` reruns it; `status` exits 4 on a stale quarter.
@Suite("tick and status for cron and monitoring", .serialized)
struct TickStatusTests {
    private func tick(_ ws: DemoWorkspace, _ now: String, _ extra: [String] = []) throws -> BinaryRun {
        try ws.impactmon("tick", ["--now", now] + extra)
    }

    @Test func aCaughtUpQuarterIsNotRerunOnTheFollowingDays() throws {
        let ws = try DemoWorkspace("tick-days")
        // One quarter to catch up keeps the test short: 2026Q3, due from 2026-10-16 00:00 Europe/Amsterdam.
        let pipeline = ws.root.appendingPathComponent("pipelines/haarlem-demo.yaml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "catch_up_from: 2026Q1", with: "catch_up_from: 2026Q3")
            .write(to: pipeline, atomically: true, encoding: .utf8)

        let early = try tick(ws, "2026-10-15T23:30:00+02:00")
        #expect(early.status == 0, "\(early.stderr)")
        #expect(
            early.stdout.contains("2026Q3: not due (due from 2026-10-16 00:00 Europe/Amsterdam)"), "\(early.stdout)")
        #expect(!FileManager.default.fileExists(atPath: ws.runDirectory().path))

        let due = try tick(ws, "2026-10-16T00:07:00+02:00")
        #expect(due.status == 0, "\(due.stderr)")
        #expect(due.stdout.contains("2026Q3: ran (fetch: quarterly, 15 days after quarter end"), "\(due.stdout)")
        let runJSON = try ws.read("run.json")
        let report = ws.snapshot("report")

        // Every following day (and past the 24 h fetch age): skipped, nothing rewritten.
        for day in [
            "2026-10-17T00:07:00+02:00", "2026-10-18T09:00:00+02:00", "2026-10-25T00:07:00+01:00",
            "2026-11-30T12:00:00+01:00",
        ] {
            let r = try tick(ws, day)
            #expect(r.status == 0, "\(day): \(r.stderr)")
            #expect(
                r.stdout.contains(
                    "2026Q3: skipped (up to date: inputs, config and tool version unchanged, last run 2026-10-16T00:07:00+02:00)"
                ), "\(day): \(r.stdout)")
            #expect(!r.stdout.contains("ran"), "\(day): \(r.stdout)")
            #expect(try ws.read("run.json") == runJSON, "\(day): run.json rewritten")
        }
        #expect(ws.snapshot("report") == report)
        // tick.json: times with their UTC offset (CET after 2026-10-25).
        let state = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: ws.output.appendingPathComponent("haarlem-demo/tick.json"))) as? [String: Any])
        #expect(state["last_tick"] as? String == "2026-11-30T12:00:00+01:00")
        let q3 = (state["quarters"] as? [String: [String: Any]])?["2026Q3"]
        #expect(q3?["ran_at"] as? String == "2026-10-16T00:07:00+02:00")
        #expect(q3?["result"] as? String == "ran")

        // A changed input reruns the quarter once; --force reruns it regardless.
        let procurement = ws.root.appendingPathComponent("pipelines/haarlem-demo/procurement/inkoop-gunningen.csv")
        try (try String(contentsOf: procurement, encoding: .utf8) + "\n").write(
            to: procurement, atomically: true, encoding: .utf8)
        let changed = try tick(ws, "2026-12-01T08:00:00+01:00")
        #expect(changed.stdout.contains("2026Q3: ran"), "\(changed.stdout)")
        let next = try tick(ws, "2026-12-02T08:00:00+01:00")
        #expect(next.stdout.contains("2026Q3: skipped"), "\(next.stdout)")
        let forced = try tick(ws, "2026-12-03T08:00:00+01:00", ["--force"])
        #expect(forced.stdout.contains("2026Q3: ran"), "\(forced.stdout)")
    }

    @Test func aFailedQuarterExitsWithItsRunsStatusAndIsRecorded() throws {
        let ws = try DemoWorkspace("tick-strict")
        let pipeline = ws.root.appendingPathComponent("pipelines/haarlem-demo.yaml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "catch_up_from: 2026Q1", with: "catch_up_from: 2026Q3")
            .write(to: pipeline, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(
            at: ws.root.appendingPathComponent("pipelines/haarlem-demo/returns/impact-2026Q2.csv"))
        let r = try tick(ws, "2026-10-16T09:00:00+02:00", ["--strict"])
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(
            r.stdout.contains(
                "2026Q3: failed (fetch: 1 warning(s) under --strict, not published: missing impact-returns)"),
            "\(r.stdout)")
        let state = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: ws.output.appendingPathComponent("haarlem-demo/tick.json"))) as? [String: Any])
        #expect((state["quarters"] as? [String: [String: Any]])?["2026Q3"]?["result"] as? String == "failed")
        // A failed quarter is not done: the next tick tries again.
        let next = try tick(ws, "2026-10-17T09:00:00+02:00", ["--strict"])
        #expect(next.status == 3)
        #expect(next.stdout.contains("2026Q3: failed"), "\(next.stdout)")
    }

    @Test func statusExitsNonZeroWhenTheQuarterIsMissingOrStale() throws {
        let ws = try DemoWorkspace("status-exit")
        let missing = try ws.impactmon("status", ["--period", "2026Q3", "--format", "json"])
        #expect(missing.status == 4)
        let m = try #require(try JSONSerialization.jsonObject(with: Data(missing.stdout.utf8)) as? [String: Any])
        #expect(m["current"] as? Bool == false)
        #expect(
            (m["stages"] as? [[String: Any]])?.map { $0["state"] as? String ?? "" } == [
                "missing", "missing", "missing", "missing",
            ])
        #expect(m["run_directory"] as? String == "output/haarlem-demo/2026Q3")

        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let current = try ws.impactmon("status", ["--period", "2026Q3"])
        #expect(current.status == 0, "\(current.stdout)")
        #expect(current.stdout.contains("current"))

        let registry = ws.root.appendingPathComponent("config/registry.csv")
        let text = try String(contentsOf: registry, encoding: .utf8)
        try text.replacingOccurrences(
            of: "Stichting Werkplaats Spaarne", with: "Stichting Werkplaats Spaarne (Haarlem)"
        )
        .write(to: registry, atomically: true, encoding: .utf8)
        let stale = try ws.impactmon("status", ["--period", "2026Q3", "--format", "json"])
        #expect(stale.status == 4)
        let s = try #require(try JSONSerialization.jsonObject(with: Data(stale.stdout.utf8)) as? [String: Any])
        #expect(s["exit_status"] as? Int == 4)
        let states = (s["stages"] as? [[String: Any]]) ?? []
        #expect(states.first { $0["stage"] as? String == "normalize" }?["state"] as? String == "stale")
        #expect(states.first { $0["stage"] as? String == "fetch" }?["state"] as? String == "up to date")
    }
}
