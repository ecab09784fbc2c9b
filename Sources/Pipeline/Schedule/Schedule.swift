import Foundation
import ImpactModel

/// When each stage is due, from the pipeline file's `schedule:` block.
///
/// ```yaml
/// schedule:
///   catch_up_from: 2026Q1             # the oldest quarter tick will still produce
///   fetch: "0 6 * * 1"                # cron: also refresh the sources every Monday 06:00
///   report: quarterly, 15 days after quarter end
/// ```
/// A stage without its own rule follows the next stage's rule (fetch → normalize → compute → report), so one
/// `report:` rule schedules the whole run. Times are civil times in the pipeline's time zone.
package struct Schedule: Sendable, Hashable {
    /// A stage's rule as the `schedule:` block writes it: `quarterly, N days after quarter end` (N 0–92) or a
    /// five-field cron expression.
    package enum Rule: Sendable, Hashable, CustomStringConvertible {
        /// Quarter Q is due from 00:00 on (Q's last day + `daysAfterQuarterEnd`).
        case quarterly(daysAfterQuarterEnd: Int)
        /// Due at each minute the expression fires, for the last complete quarter at that time.
        case cron(CronExpression)

        /// The rule in the pipeline file's words (`quarterly, 15 days after quarter end`, `cron 0 6 * * 1`), used
        /// in the reasons a tick logs and records.
        package var description: String {
            switch self {
            case .quarterly(let d): return "quarterly, \(d) days after quarter end"
            case .cron(let c): return "cron \(c.text)"
            }
        }
    }
    /// The rules given in the pipeline file, by stage; a stage without one follows the next stage's (``rule(for:)``).
    package var rules: [Stage: Rule]
    /// `catch_up_from:`: the oldest quarter a tick still runs; `nil` means only the newest complete quarter.
    package var catchUpFrom: Quarter?

    /// Parses a rule: `quarterly, 15 days after quarter end` or a cron expression.
    /// - Throws: ``ImpactError`` (``ExitStatus/config``) naming the text.
    package static func parseRule(_ text: String) throws -> Rule {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasPrefix("quarterly") {
            let digits = t.split(whereSeparator: { !$0.isNumber }).first.flatMap { Int($0) }
            guard let days = digits ?? (t == "quarterly" ? 0 : nil), days >= 0, days <= 92 else {
                throw ImpactError(.config, "schedule \"\(text)\": write it as \"quarterly, 15 days after quarter end\"")
            }
            return .quarterly(daysAfterQuarterEnd: days)
        }
        return .cron(try CronExpression(text))
    }

    /// The first day on which quarter `q` is due by the report's rule, in the pipeline's time zone: with
    /// `report: quarterly, 15 days after quarter end`, 2026Q3 (last day 2026-09-30) is due from 2026-10-16 00:00
    /// Europe/Amsterdam (2026-10-15T22:00:00Z). Nil for a cron rule (due whenever it fires).
    package func dueDay(of q: Quarter) -> CivilDate? {
        guard case .quarterly(let days) = rule(for: .report) else { return nil }
        return q.lastDay.adding(days: days + 1)
    }

    /// The newest quarter that is due at `now`: the last complete quarter once its due day has come, else the one
    /// before it. Cron rules: the last complete quarter.
    package func latestDue(at now: CivilMinute) -> Quarter {
        let latest = Quarter.lastComplete(on: now.date)
        if let due = dueDay(of: latest), now.date < due { return latest - 1 }
        return latest
    }

    /// The rule that applies to `stage`: its own, or that of the next stage that has one.
    package func rule(for stage: Stage) -> Rule? {
        let order = Stage.allCases
        guard let i = order.firstIndex(of: stage) else { return nil }
        for s in order[i...] { if let r = rules[s] { return r } }
        return nil
    }
}

/// A civil minute in the pipeline's zone, the unit of `tick`.
package struct CivilMinute: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The civil date, in the pipeline's zone.
    package var date: CivilDate
    /// Hour of the day, 0–23.
    package var hour: Int
    /// Minute of the hour, 0–59.
    package var minute: Int

    /// A civil minute from its parts; `hour` and `minute` are not checked (callers pass 0–23 and 0–59).
    package init(date: CivilDate, hour: Int, minute: Int) {
        self.date = date
        self.hour = hour
        self.minute = minute
    }

    /// The civil minute of `instant` in `zone`.
    package init(_ instant: Date, zone: TimeZone) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        date =
            (try? CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)) ?? CivilDate(daysSinceEpoch: 0)
        hour = c.hour ?? 0
        minute = c.minute ?? 0
    }

    var ordinal: Int { (date.daysSinceEpoch * 24 + hour) * 60 + minute }
    init(ordinal: Int) {
        let day = ordinal >= 0 ? ordinal / 1440 : (ordinal - 1439) / 1440
        let rest = ordinal - day * 1440
        self.init(date: CivilDate(daysSinceEpoch: day), hour: rest / 60, minute: rest % 60)
    }

    /// Chronological order (by minutes since 1970-01-01 00:00 civil).
    package static func < (a: CivilMinute, b: CivilMinute) -> Bool { a.ordinal < b.ordinal }
    /// `yyyy-mm-dd hh:mm` (civil, no zone), the form older `tick.json` files stored and the tick's reasons show.
    package var description: String {
        "\(date) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
    }
}

/// Decides what `impactmon tick` runs: pure, so a fake clock can drive it across a year in a test.
package enum TickPlanner {
    /// One unit of work: some stages of one quarter.
    package struct Job: Sendable, Hashable {
        /// The quarter the stages run for.
        package var period: Quarter
        /// The due stages, in pipeline order (fetch → normalize → compute → report); a stage downstream of a due one is
        /// always included.
        package var stages: [Stage]
        /// Why each stage is due (`quarterly, 15 days after quarter end`, `cron 0 6 * * 1 at 2026-10-05 06:00`).
        package var reasons: [String]
    }

    /// The jobs due at `now`, oldest quarter first.
    /// - Parameters:
    ///   - lastTick: the previous tick's minute (cron rules fire for minutes in `(lastTick, now]`); nil = never.
    ///   - isDone: whether a stage of a quarter is published and up to date.
    package static func plan(
        schedule: Schedule, lastTick: CivilMinute?, now: CivilMinute, isDone: (Quarter, Stage) -> Bool
    ) -> [Job] {
        let latest = Quarter.lastComplete(on: now.date)
        let first = schedule.catchUpFrom ?? latest
        guard first <= latest else { return [] }
        // Quarters for which a cron rule fired since the last tick.
        var cronFired: [Quarter: [Stage: String]] = [:]
        for stage in Stage.allCases {
            guard case .cron(let expr) = schedule.rule(for: stage) else { continue }
            let from = (lastTick?.ordinal ?? now.ordinal - 1) + 1
            // Bounded: at most 400 days of minutes are scanned, from the newest backwards.
            let lower = max(from, now.ordinal - 400 * 1440)
            var m = now.ordinal
            while m >= lower {
                let cm = CivilMinute(ordinal: m)
                if expr.matches(date: cm.date, hour: cm.hour, minute: cm.minute) {
                    let q = Quarter.lastComplete(on: cm.date)
                    if cronFired[q]?[stage] == nil { cronFired[q, default: [:]][stage] = "cron \(expr.text) at \(cm)" }
                    break
                }
                m -= 1
            }
        }
        var jobs: [Job] = []
        var q = first
        while q <= latest {
            var stages: [Stage] = []
            var reasons: [String] = []
            var upstreamDue = false
            for stage in Stage.allCases {
                guard let rule = schedule.rule(for: stage) else { continue }
                var due = false
                switch rule {
                case .quarterly(let days):
                    if now.date >= q.lastDay.adding(days: days + 1) && (!isDone(q, stage) || upstreamDue) {
                        due = true
                        reasons.append("\(stage.rawValue): \(rule)")
                    }
                case .cron:
                    if let why = cronFired[q]?[stage] {
                        due = true
                        reasons.append("\(stage.rawValue): \(why)")
                    } else if upstreamDue || (!isDone(q, stage) && q < latest) {
                        // Downstream of a due stage, or a missed older quarter: catch up.
                        due = upstreamDue || !isDone(q, stage)
                        if due { reasons.append("\(stage.rawValue): catch-up of \(q)") }
                    }
                }
                if due {
                    stages.append(stage)
                    upstreamDue = true
                }
            }
            if !stages.isEmpty { jobs.append(Job(period: q, stages: stages, reasons: reasons)) }
            q = q + 1
        }
        return jobs
    }
}
