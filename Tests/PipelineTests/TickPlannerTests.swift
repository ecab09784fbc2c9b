import Foundation
import ImpactModel
import Testing

@testable import Pipeline

/// `tick` with a fake clock: hourly ticks across a year run each stage exactly when due, and a machine that was
/// down for two quarters catches up both, oldest first.
@Suite("Tick planner with a fake clock")
struct TickPlannerTests {
    private func quarterly(_ days: Int, from: String) throws -> Schedule {
        Schedule(rules: [.report: .quarterly(daysAfterQuarterEnd: days)], catchUpFrom: try Quarter(parsing: from))
    }

    /// Simulates cron calling tick every hour from `start` for `hours` hours, skipping the hours in `down`.
    private func simulate(
        _ schedule: Schedule, start: CivilDate, hours: Int, down: Range<Int> = 0..<0, initiallyDone: Set<String> = []
    ) -> [(tick: CivilMinute, job: TickPlanner.Job)] {
        var done = initiallyDone
        var last: CivilMinute?
        var log: [(CivilMinute, TickPlanner.Job)] = []
        for h in 0..<hours where !down.contains(h) {
            let now = CivilMinute(date: start.adding(days: h / 24), hour: h % 24, minute: 7)
            let jobs = TickPlanner.plan(schedule: schedule, lastTick: last, now: now) { q, s in
                done.contains("\(q)/\(s.rawValue)")
            }
            for j in jobs {
                log.append((now, j))
                for s in j.stages { done.insert("\(j.period)/\(s.rawValue)") }
            }
            last = now
        }
        return log
    }

    @Test func eachQuarterRunsOnceOnTheDayItIsDue() throws {
        // 2026Q1 and earlier are already produced; cron ticks hourly through 2026-04-01 … 2027-03-31.
        let done: Set<String> = Set(Stage.allCases.map { "2026Q1/\($0.rawValue)" })
        let log = simulate(
            try quarterly(15, from: "2026Q1"), start: try CivilDate(parsing: "2026-04-01"), hours: 365 * 24,
            initiallyDone: done)
        // 2026Q2 ends 2026-06-30 → due 2026-07-16 00:00; the first tick after that is 00:07.
        #expect(
            log.map { "\($0.job.period)@\($0.tick)" } == [
                "2026Q2@2026-07-16 00:07", "2026Q3@2026-10-16 00:07", "2026Q4@2027-01-16 00:07",
            ])
        for entry in log { #expect(entry.job.stages == Stage.allCases) }
    }

    @Test func twoMissedQuartersAreCaughtUpInOrder() throws {
        // The machine is down from 2026-07-01 until 2027-01-20: no tick runs 2026Q2 or 2026Q3 on time.
        let start = try CivilDate(parsing: "2026-04-01")
        let downFrom = (try CivilDate(parsing: "2026-07-01").daysSinceEpoch - start.daysSinceEpoch) * 24
        let downTo = (try CivilDate(parsing: "2027-01-20").daysSinceEpoch - start.daysSinceEpoch) * 24
        let done: Set<String> = Set(Stage.allCases.map { "2026Q1/\($0.rawValue)" })
        let log = simulate(
            try quarterly(15, from: "2026Q1"), start: start, hours: 365 * 24, down: downFrom..<downTo,
            initiallyDone: done)
        #expect(
            log.map { "\($0.job.period)@\($0.tick)" } == [
                "2026Q2@2027-01-20 00:07", "2026Q3@2027-01-20 00:07", "2026Q4@2027-01-20 00:07",
            ])
    }

    @Test func nothingIsDueWhenEverythingIsDone() throws {
        let schedule = try quarterly(15, from: "2026Q2")
        let now = CivilMinute(date: try CivilDate(parsing: "2026-11-30"), hour: 9, minute: 0)
        let jobs = TickPlanner.plan(schedule: schedule, lastTick: nil, now: now) { _, _ in true }
        #expect(jobs.isEmpty)
    }

    @Test func aFetchCronRerunsTheStagesAfterIt() throws {
        // Report quarterly; fetch also every Monday 06:00 for the latest complete quarter.
        let schedule = Schedule(
            rules: [.report: .quarterly(daysAfterQuarterEnd: 15), .fetch: .cron(try CronExpression("0 6 * * 1"))],
            catchUpFrom: try Quarter(parsing: "2026Q3"))
        // 2026-11-30 is a Monday.
        let before = CivilMinute(date: try CivilDate(parsing: "2026-11-30"), hour: 5, minute: 7)
        let after = CivilMinute(date: try CivilDate(parsing: "2026-11-30"), hour: 6, minute: 7)
        let jobs = TickPlanner.plan(schedule: schedule, lastTick: before, now: after) { _, _ in true }
        #expect(jobs.count == 1)
        #expect(jobs.first?.period.description == "2026Q3")
        #expect(jobs.first?.stages == Stage.allCases)
        let none = TickPlanner.plan(
            schedule: schedule, lastTick: after, now: CivilMinute(date: after.date, hour: 7, minute: 7)
        ) { _, _ in true }
        #expect(none.isEmpty)
    }

    @Test(arguments: [
        ("0 6 * * 1", "2026-11-30", 6, 0, true), ("0 6 * * 1", "2026-12-01", 6, 0, false),
        ("*/15 * * * *", "2026-12-01", 3, 45, true), ("*/15 * * * *", "2026-12-01", 3, 46, false),
        ("0 0 1 1,4,7,10 *", "2026-10-01", 0, 0, true), ("0 0 1 1,4,7,10 *", "2026-11-01", 0, 0, false),
        ("30 2 15 * 0", "2026-11-29", 2, 30, true),  // a Sunday: either day field matches
    ])
    func cronMatching(expr: String, date: String, hour: Int, minute: Int, expected: Bool) throws {
        #expect(
            try CronExpression(expr).matches(date: try CivilDate(parsing: date), hour: hour, minute: minute) == expected
        )
    }

    @Test(arguments: ["0 6 * *", "61 * * * *", "* 24 * * *", "*/0 * * * *", "a b c d e"])
    func badCronIsAConfigError(expr: String) {
        #expect(throws: ImpactError.self) { try CronExpression(expr) }
    }

    @Test func rulesParse() throws {
        #expect(try Schedule.parseRule("quarterly, 15 days after quarter end") == .quarterly(daysAfterQuarterEnd: 15))
        #expect(throws: ImpactError.self) { try Schedule.parseRule("quarterly, soon") }
    }
}
