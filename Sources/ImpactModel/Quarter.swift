/// A calendar quarter, the reporting period of the programme.
///
/// A quarter is the half-open interval `[start, end)` of civil dates in Europe/Amsterdam: `2026Q3` runs from
/// 2026-07-01 up to, not including, 2026-10-01. Its CBS StatLine code is `2026KW03` (see ``PeriodCode``).
/// Arithmetic carries the year (`2024Q4 + 1 == 2025Q1`), so no `Q0` or `Q5` can exist.
package struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The calendar year, e.g. 2026.
    package let year: Int
    /// The quarter within the year, 1 through 4.
    package let quarter: Int

    /// Creates a quarter.
    /// - Throws: ``PeriodError`` when `quarter` is not 1...4 or `year` is outside 1000...9999.
    package init(year: Int, quarter: Int) throws(PeriodError) {
        guard (1...4).contains(quarter) else { throw PeriodError("quarter \(quarter) of \(year) does not exist (1–4)") }
        guard (1000...9999).contains(year) else { throw PeriodError("year \(year) is out of range (1000–9999)") }
        self.year = year
        self.quarter = quarter
    }

    private init(unchecked year: Int, _ quarter: Int) {
        self.year = year
        self.quarter = quarter
    }

    /// Parses `2026Q3` (the report form) or `2026KW03` (the CBS `Perioden` form).
    /// - Throws: ``PeriodError`` naming the text when it is neither form or names quarter 0 or 5.
    package init(parsing text: String) throws(PeriodError) {
        // Foundation's trimming (Unicode spaces and tab) only when an end could need it: the ASCII members of
        // `.whitespaces` are space and tab, so text that starts and ends with another ASCII byte is already trimmed
        // (at national scale this is one call per returns row, and the trimming was most of its cost).
        let utf8 = text.utf8
        let first = utf8.first ?? 0x20
        let last = utf8.last ?? 0x20
        let trimmed = first < 0x80 && last < 0x80 && first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09
        let chars = Array(trimmed ? text.utf8 : text.trimmingCharacters(in: .whitespaces).utf8)
        func digits(_ s: ArraySlice<UInt8>) -> Int? {
            guard !s.isEmpty, s.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return s.reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        if chars.count == 6, chars[4] == UInt8(ascii: "Q") || chars[4] == UInt8(ascii: "q"),
            let y = digits(chars[0..<4]), let q = digits(chars[5..<6])
        {
            try self.init(year: y, quarter: q)
            return
        }
        if chars.count == 8, chars[4] == UInt8(ascii: "K"), chars[5] == UInt8(ascii: "W"),
            let y = digits(chars[0..<4]), let q = digits(chars[6..<8])
        {
            try self.init(year: y, quarter: q)
            return
        }
        throw PeriodError("\"\(text)\" is not a quarter; write it as 2026Q3 (or the CBS code 2026KW03)")
    }

    /// The quarter that contains `date`.
    package init(containing date: CivilDate) {
        self.init(unchecked: date.year, (date.month - 1) / 3 + 1)
    }

    /// The last quarter that is complete on `date`: on 2025-01-15 that is 2024Q4, on 2024-04-01 it is 2024Q1.
    package static func lastComplete(on date: CivilDate) -> Quarter {
        Quarter(containing: date) - 1
    }

    /// First day of the quarter (inclusive).
    package var start: CivilDate { CivilDate(unchecked: year, (quarter - 1) * 3 + 1, 1) }
    /// First day of the next quarter (exclusive end).
    package var end: CivilDate { (self + 1).start }
    /// Last day of the quarter (inclusive), e.g. 2024-06-30 for 2024Q2.
    package var lastDay: CivilDate {
        // 31 March, 30 June, 30 September, 31 December: no day arithmetic (this is on every activity test).
        CivilDate(unchecked: year, quarter * 3, quarter == 1 || quarter == 4 ? 31 : 30)
    }
    /// The three months of the quarter, as 1...12.
    package var months: ClosedRange<Int> { ((quarter - 1) * 3 + 1)...((quarter - 1) * 3 + 3) }

    /// The CBS StatLine `Perioden` code, e.g. `2026KW03`.
    package var cbsCode: String { "\(year)KW0\(quarter)" }
    /// The report form, e.g. `2026Q3`.
    package var description: String { "\(year)Q\(quarter)" }
    /// Sequential index (year * 4 + quarter - 1), so differences count quarters.
    package var ordinal: Int { year * 4 + quarter - 1 }

    /// The quarter `n` quarters later (negative `n` goes back), carrying the year.
    package static func + (lhs: Quarter, rhs: Int) -> Quarter {
        let o = lhs.ordinal + rhs
        let y = o >= 0 ? o / 4 : (o - 3) / 4
        return Quarter(unchecked: y, o - y * 4 + 1)
    }
    /// The quarter `rhs` quarters earlier, carrying the year (`2025Q1 - 1 == 2024Q4`).
    package static func - (lhs: Quarter, rhs: Int) -> Quarter { lhs + (-rhs) }
    /// Number of quarters from `rhs` to `lhs`.
    package static func - (lhs: Quarter, rhs: Quarter) -> Int { lhs.ordinal - rhs.ordinal }
    /// Chronological order.
    package static func < (lhs: Quarter, rhs: Quarter) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The `count` quarters ending with this one, oldest first (`2026Q3.window(4)` is 2025Q4…2026Q3).
    package func window(_ count: Int) -> [Quarter] {
        (0..<count).map { self - (count - 1 - $0) }
    }

    /// Decodes the `2026Q3` (or `2026KW03`) string of a JSON artifact or config file.
    /// - Throws: ``PeriodError`` when the string is not a quarter; `DecodingError` when the value is not a string.
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }
    /// Encodes as the report form ``description`` (`2026Q3`).
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A period that cannot exist or cannot be parsed.
package struct PeriodError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What is wrong, naming the text or numbers given (`"2026Q5" is not a quarter; write it as 2026Q3 …`).
    package let message: String
    /// An error with the operator's `message`.
    package init(_ message: String) { self.message = message }
    /// The message.
    package var description: String { message }
}
