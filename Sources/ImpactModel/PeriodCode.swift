/// A CBS StatLine `Perioden` code: four digits of year, two letters of type, two digits of index.
///
/// Source: CBS, *Handleiding CBS open data services* (2017) p. 16, and the `Perioden` code lists of every
/// StatLine table. Known types: `JJ` year (`2024JJ00`), `KW` quarter (`2024KW02`), `MM` month (`2024MM05`),
/// `HJ` half-year, `VJ` rolling year, `SJ` school/crop year, `W1` week, `W4` four-weekly, `M3` 3-month average,
/// `G1`…`G9` multi-year period, `X0` no official period. `JJ`, `KW`, `MM` and `HJ` have a calendar span given by
/// the code alone and are mapped to it; every other type is refused with a reason (issue 14 item 7): its span is
/// not in the code (a school or crop year's first month differs per table, a multi-year period's length and end
/// year are table-specific, `X0` has none), so reading it as a calendar year would be a silent guess. Only `KW`
/// and `MM` map onto the report's quarters; a year or half-year is never spread over quarters.
package struct PeriodCode: Hashable, Sendable, CustomStringConvertible {
    /// The period types whose calendar span the code alone gives: `JJ` year, `KW` quarter 1–4, `MM` month 1–12,
    /// `HJ` half-year 1–2 (the associated value is the code's two-digit index).
    package enum Kind: Hashable, Sendable {
        case year
        case quarter(Int)
        case month(Int)
        case halfYear(Int)
    }
    /// The year, the code's first four digits (`2024` of `2024KW02`).
    package let year: Int
    /// The period type and index (`2024KW02` is `.quarter(2)`).
    package let kind: Kind
    /// The code exactly as CBS writes it (trimmed), e.g. `2024KW02`.
    package let code: String

    /// Parses a code; surrounding spaces (v3 padding) are trimmed.
    /// - Throws: ``PeriodError`` for malformed codes and impossible indices (`2024KW00`, `2024KW05`, `2024MM13`).
    package init(parsing raw: String) throws(PeriodError) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let u = Array(text.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        guard u.count == 8, u[0..<4].allSatisfy(isDigit), u[6..<8].allSatisfy(isDigit) else {
            throw PeriodError("\"\(raw)\" is not a CBS period code (expected e.g. 2024KW02, 2024JJ00, 2024MM05)")
        }
        let year = u[0..<4].reduce(0) { $0 * 10 + Int($1 - 48) }
        let index = Int(u[6] - 48) * 10 + Int(u[7] - 48)
        let type = String(decoding: u[4..<6], as: UTF8.self)
        switch type {
        case "JJ":
            guard index == 0 else { throw PeriodError("\"\(raw)\": a year code ends in 00 (\(year)JJ00)") }
            kind = .year
        case "KW":
            guard (1...4).contains(index) else { throw PeriodError("\"\(raw)\": quarter index must be 01–04") }
            kind = .quarter(index)
        case "MM":
            guard (1...12).contains(index) else { throw PeriodError("\"\(raw)\": month index must be 01–12") }
            kind = .month(index)
        case "HJ":
            guard (1...2).contains(index) else { throw PeriodError("\"\(raw)\": half-year index must be 01–02") }
            kind = .halfYear(index)
        default:
            guard type.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || isDigit($0) }) else {
                throw PeriodError("\"\(raw)\" has an unknown period type \"\(type)\"")
            }
            throw PeriodError("\"\(raw)\": \(Self.unmappedReason(type)); refused rather than read as the year \(year)")
        }
        self.year = year
        self.code = text
    }

    /// Why a CBS period type other than `JJ`, `KW`, `MM`, `HJ` has no span the pipeline can use.
    static func unmappedReason(_ type: String) -> String {
        switch type {
        case "X0": return "CBS type X0 is not an official period (no calendar span)"
        case "VJ": return "CBS type VJ is a rolling year whose end month is table-specific"
        case "SJ": return "CBS type SJ is a school or crop year whose first month is table-specific"
        case "W1", "W4": return "CBS type \(type) is a (four-)week period, whose days the code does not give"
        case "M3": return "CBS type M3 is a 3-month moving average, not a calendar period"
        default:
            if type.hasPrefix("G") {
                return "CBS type \(type) is a multi-year period whose length and end year are table-specific"
            }
            return "period type \(type) is not one this pipeline knows the span of"
        }
    }

    /// The quarter this code is or lies in: `KW` itself, `MM` the quarter containing the month; `nil` for
    /// years, half-years and other kinds (a year is never spread over quarters).
    package var quarter: Quarter? {
        switch kind {
        case .quarter(let q): return try? Quarter(year: year, quarter: q)
        case .month(let m): return try? Quarter(year: year, quarter: (m - 1) / 3 + 1)
        default: return nil
        }
    }

    /// First day of the period (inclusive).
    package var start: CivilDate {
        switch kind {
        case .year: return CivilDate(unchecked: year, 1, 1)
        case .quarter(let q): return CivilDate(unchecked: year, (q - 1) * 3 + 1, 1)
        case .month(let m): return CivilDate(unchecked: year, m, 1)
        case .halfYear(let h): return CivilDate(unchecked: year, h == 1 ? 1 : 7, 1)
        }
    }

    /// First day after the period (exclusive end).
    package var end: CivilDate {
        switch kind {
        case .year: return CivilDate(unchecked: year + 1, 1, 1)
        case .quarter(let q):
            return q == 4 ? CivilDate(unchecked: year + 1, 1, 1) : CivilDate(unchecked: year, q * 3 + 1, 1)
        case .month(let m): return m == 12 ? CivilDate(unchecked: year + 1, 1, 1) : CivilDate(unchecked: year, m + 1, 1)
        case .halfYear(let h): return h == 2 ? CivilDate(unchecked: year + 1, 1, 1) : CivilDate(unchecked: year, 7, 1)
        }
    }

    /// The code as CBS writes it, e.g. `2024KW02`.
    package var description: String { code }
}

/// The status CBS gives a period's figures (`Status` in v4 `PeriodenCodes`, `*`/`**` in StatLine).
package enum ValueStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case definitief
    case nader_voorlopig
    case voorlopig

    /// Maps the v4 `Status` strings `Definitief`, `NaderVoorlopig`, `Voorlopig` (and `null` → definitief).
    package init(cbsStatus: String?) {
        switch cbsStatus?.lowercased().replacingOccurrences(of: " ", with: "") {
        case "voorlopig": self = .voorlopig
        case "nadervoorlopig": self = .nader_voorlopig
        default: self = .definitief
        }
    }

    /// The StatLine marker: `*` provisional, `**` revised provisional, empty when definitive.
    package var marker: String {
        switch self {
        case .definitief: return ""
        case .nader_voorlopig: return "**"
        case .voorlopig: return "*"
        }
    }

    private var rank: Int {
        switch self {
        case .definitief: 0
        case .nader_voorlopig: 1
        case .voorlopig: 2
        }
    }
    /// Ordered from most to least final, so `max` of inputs gives the status of a derived figure.
    package static func < (a: ValueStatus, b: ValueStatus) -> Bool { a.rank < b.rank }
}
