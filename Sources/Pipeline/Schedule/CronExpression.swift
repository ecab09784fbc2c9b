import ImpactModel

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), as crontab(5) defines it:
/// `*`, numbers, lists `1,15`, ranges `1-5`, steps `*/15` and `0-30/10`; day-of-week 0–7 (0 and 7 = Sunday).
/// When both day fields are restricted, a time matches if either matches (crontab(5) semantics).
package struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written in the pipeline file (`0 6 * * 1`), for messages and the tick's reasons.
    package let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool

    /// Parses the five blank-separated fields; each value is checked against its field's range (minute 0–59, hour 0–23,
    /// day 1–31, month 1–12, day of week 0–7). Names (`mon`, `jan`) and the `@daily` shorthands are not accepted.
    /// - Throws: ``ImpactError`` (``ExitStatus/config``) naming the field and value.
    package init(_ text: String) throws {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw ImpactError(.config, "cron \"\(text)\" needs 5 fields (minute hour day month weekday)")
        }
        self.text = text
        minutes = try Self.parse(fields[0], 0...59, "minute", text)
        hours = try Self.parse(fields[1], 0...23, "hour", text)
        days = try Self.parse(fields[2], 1...31, "day of month", text)
        months = try Self.parse(fields[3], 1...12, "month", text)
        weekdays = Set(try Self.parse(fields[4], 0...7, "day of week", text).map { $0 % 7 })
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
    }

    /// The expression as written.
    package var description: String { text }

    private static func parse(_ field: String, _ range: ClosedRange<Int>, _ name: String, _ text: String) throws -> Set<
        Int
    > {
        var out = Set<Int>()
        for part in field.split(separator: ",") {
            let stepParts = part.split(separator: "/", maxSplits: 1).map(String.init)
            var step = 1
            if stepParts.count == 2 {
                guard let s = Int(stepParts[1]), s > 0 else {
                    throw ImpactError(
                        .config,
                        "cron \"\(text)\": step \"\(stepParts[1])\" of the \(name) field is not a positive number")
                }
                step = s
            }
            let body = stepParts[0]
            var lo = range.lowerBound
            var hi = range.upperBound
            if body != "*" {
                let bounds = body.split(separator: "-", maxSplits: 1).map(String.init)
                guard let a = Int(bounds[0]), range.contains(a) else {
                    throw ImpactError(
                        .config,
                        "cron \"\(text)\": \(name) \"\(body)\" is outside \(range.lowerBound)–\(range.upperBound)")
                }
                lo = a
                hi = a
                if bounds.count == 2 {
                    guard let b = Int(bounds[1]), range.contains(b), b >= a else {
                        throw ImpactError(.config, "cron \"\(text)\": \(name) range \"\(body)\" is not valid")
                    }
                    hi = b
                } else if stepParts.count == 2 {
                    hi = range.upperBound
                }
            }
            for v in stride(from: lo, through: hi, by: step) { out.insert(v) }
        }
        return out
    }

    /// Whether the expression fires at the given civil minute.
    package func matches(date: CivilDate, hour: Int, minute: Int) -> Bool {
        guard minutes.contains(minute), hours.contains(hour), months.contains(date.month) else { return false }
        let weekday = (date.daysSinceEpoch % 7 + 7 + 4) % 7  // 1970-01-01 was a Thursday (4)
        let dayOK = days.contains(date.day)
        let weekdayOK = weekdays.contains(weekday)
        if daysRestricted && weekdaysRestricted { return dayOK || weekdayOK }
        if daysRestricted { return dayOK }
        if weekdaysRestricted { return weekdayOK }
        return true
    }
}
