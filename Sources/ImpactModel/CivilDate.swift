import Foundation

/// A date without time or zone (`2024-03-31`), as used in registries, KvK profiles and period bounds.
///
/// Civil dates make quarter arithmetic independent of the process's `TZ` and locale. "Today" is taken in the
/// configured zone (Europe/Amsterdam by default) with ``today(in:now:)``.
package struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Gregorian year, month 1–12 and day 1–31 (validated by the throwing initialiser).
    package let year: Int
    /// Month of the year, 1 (January) through 12.
    package let month: Int
    /// Day of the month, 1 through 28–31 depending on ``month`` and leap years.
    package let day: Int

    /// A date from its parts, checked against the Gregorian calendar (leap years included) and years 1000...9999.
    /// - Throws: ``PeriodError`` when the date does not exist (2023-02-29, 2024-13-01).
    package init(year: Int, month: Int, day: Int) throws(PeriodError) {
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
            (1000...9999).contains(year)
        else {
            throw PeriodError("\(year)-\(month)-\(day) is not a date")
        }
        self.init(unchecked: year, month, day)
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-mm-dd` (ISO 8601) or `yyyymmdd` (the KvK API's `datumAanvang`).
    /// - Throws: ``PeriodError`` naming the text.
    package init(parsing text: String) throws(PeriodError) {
        var t = Array(text.utf8)
        // Trim ASCII blanks without Foundation (dates are parsed per observation on hot paths).
        while let f = t.first, f == 0x20 || f == 0x09 { t.removeFirst() }
        while let l = t.last, l == 0x20 || l == 0x09 { t.removeLast() }
        func num(_ s: ArraySlice<UInt8>) -> Int? {
            guard !s.isEmpty, s.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return s.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        if t.count == 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-"),
            let y = num(t[0..<4]), let m = num(t[5..<7]), let d = num(t[8..<10])
        {
            try self.init(year: y, month: m, day: d)
        } else if t.count == 8, let y = num(t[0..<4]), let m = num(t[4..<6]), let d = num(t[6..<8]) {
            try self.init(year: y, month: m, day: d)
        } else {
            throw PeriodError("\"\(text)\" is not a date; write it as yyyy-mm-dd")
        }
    }

    /// Number of days (28–31) in `month` (1–12) of `year`, with the Gregorian leap-year rule (divisible by 4, not
    /// by 100 unless by 400).
    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic without Foundation calendars.
    package var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `z0` days after 1970-01-01 (negative goes back), the inverse of ``daysSinceEpoch``
    /// (Howard Hinnant's `civil_from_days`). Unchecked: any `Int` in range gives a valid date.
    package init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The date `days` days later (negative: earlier), e.g. 2024-02-28 + 1 = 2024-02-29.
    package func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// The civil date of `now` in `zone` (default Europe/Amsterdam), whatever the process's `TZ`.
    package static func today(in zone: TimeZone = .amsterdam, now: Date = Date()) -> CivilDate {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let c = cal.dateComponents([.year, .month, .day], from: now)
        return CivilDate(unchecked: c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    /// ISO 8601 `yyyy-mm-dd` with zero-padded month and day, the form every CSV and JSON file of a run uses.
    package var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    /// Chronological order.
    package static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes the `yyyy-mm-dd` (or `yyyymmdd`) string of a JSON artifact.
    /// - Throws: ``PeriodError`` when the string is not a date; `DecodingError` when the value is not a string.
    package init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }
    /// Encodes as the ``description`` string (`yyyy-mm-dd`).
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension TimeZone {
    /// Europe/Amsterdam, the zone in which the programme's quarters begin and end.
    package static let amsterdam: TimeZone = TimeZone(identifier: "Europe/Amsterdam") ?? .gmt
}
