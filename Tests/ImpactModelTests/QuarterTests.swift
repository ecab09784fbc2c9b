import Foundation
import Testing

@testable import ImpactModel

/// KNOWN-FAULTS B32: quarter arithmetic off-by-one and overflow, as a kind.
@Suite("Quarter arithmetic (B32)")
struct QuarterTests {
    private func q(_ s: String) throws -> Quarter { try Quarter(parsing: s) }
    private func d(_ s: String) throws -> CivilDate { try CivilDate(parsing: s) }

    @Test(arguments: [
        ("2024-03-31", "2024Q1"), ("2024-06-30", "2024Q2"), ("2024-09-30", "2024Q3"), ("2024-12-31", "2024Q4"),
        ("2025-01-01", "2025Q1"), ("2024-05-31", "2024Q2"), ("2024-08-31", "2024Q3"),
    ])
    func quarterOfDate(date: String, expected: String) throws {
        #expect(Quarter(containing: try d(date)).description == expected)
    }

    @Test(arguments: [
        ("2024Q4", 1, "2025Q1"), ("2025Q1", -1, "2024Q4"), ("2024Q2", 7, "2026Q1"), ("2024Q1", -5, "2022Q4"),
    ])
    func addingQuarters(start: String, n: Int, expected: String) throws {
        #expect((try q(start) + n).description == expected)
    }

    @Test func boundsOfTheQuarterContainingADay() throws {
        let may = Quarter(containing: try d("2024-05-31"))
        #expect(may.start.description == "2024-04-01")
        #expect(may.lastDay.description == "2024-06-30")
        #expect(may.end.description == "2024-07-01")
        #expect(Quarter(containing: try d("2024-08-31")).start.description == "2024-07-01")
        #expect(try q("2024Q4").end.description == "2025-01-01")
    }

    @Test func lastCompleteQuarter() throws {
        #expect(Quarter.lastComplete(on: try d("2025-01-15")).description == "2024Q4")
        #expect(Quarter.lastComplete(on: try d("2024-04-01")).description == "2024Q1")
        #expect(Quarter.lastComplete(on: try d("2024-03-31")).description == "2023Q4")
    }

    @Test func cbsCodeRoundTrip() throws {
        #expect(try q("2024KW03").description == "2024Q3")
        #expect(try q("2024Q3").cbsCode == "2024KW03")
    }

    @Test(arguments: ["2024Q5", "2024Q0", "2024KW00", "2024KW05", "24Q1", "2024-Q1", ""])
    func impossibleQuartersAreErrors(text: String) {
        #expect(throws: PeriodError.self) { try Quarter(parsing: text) }
    }

    @Test func windowIsOldestFirst() throws {
        #expect(try q("2026Q3").window(4).map(\.description) == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"])
    }

    @Test func roundTripsOverAThousandQuarters() throws {
        let base = try q("2000Q1")
        for n in -400...600 {
            let moved = base + n
            #expect(moved - n == base)
            #expect(moved - base == n)
            #expect(try Quarter(parsing: moved.cbsCode) == moved)
            #expect(Quarter(containing: moved.lastDay) == moved)
            #expect(Quarter(containing: moved.start) == moved)
        }
    }
}

@Suite("CBS period codes")
struct PeriodCodeTests {
    @Test func parsesTheKindsCBSUses() throws {
        #expect(try PeriodCode(parsing: "2024JJ00").kind == .year)
        #expect(try PeriodCode(parsing: "2024KW02").quarter?.description == "2024Q2")
        #expect(try PeriodCode(parsing: "2024MM05").quarter?.description == "2024Q2")
        #expect(try PeriodCode(parsing: "2024MM12").end.description == "2025-01-01")
        #expect(try PeriodCode(parsing: "2024HJ02").start.description == "2024-07-01")
        #expect(try PeriodCode(parsing: "2024HJ01").end.description == "2024-07-01")
        #expect(try PeriodCode(parsing: "2024HJ02").end.description == "2025-01-01")
        #expect(try PeriodCode(parsing: "2024JJ00").quarter == nil)
        #expect(try PeriodCode(parsing: " 2011KW01  ").code == "2011KW01")
    }

    @Test(arguments: ["2024KW00", "2024KW05", "2024MM13", "2024MM00", "2024JJ01", "2024kw01", "2024K", "abcdKW01"])
    func rejectsMalformedCodes(code: String) {
        #expect(throws: PeriodError.self) { try PeriodCode(parsing: code) }
    }

    /// Types whose span is not in the code are refused with a reason, never read as the year (issue 14 item 7).
    @Test(arguments: [
        ("2024X000", "not an official period"), ("2019G300", "multi-year period"), ("2024VJ01", "rolling year"),
        ("2023SJ00", "school or crop year"), ("2024W101", "week period"), ("2024M301", "moving average"),
        ("2024ZZ01", "not one this pipeline knows"),
    ])
    func refusesTypesWithoutAKnownSpan(code: String, reason: String) {
        do {
            _ = try PeriodCode(parsing: code)
            Issue.record("\(code) was accepted")
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
            #expect(error.message.contains("refused rather than read as the year"), "\(error.message)")
        }
    }

    @Test(arguments: ["2024HJ00", "2024HJ03"]) func rejectsImpossibleHalfYears(code: String) {
        #expect(throws: PeriodError.self) { try PeriodCode(parsing: code) }
    }

    @Test func statusFromCBS() {
        #expect(ValueStatus(cbsStatus: "Definitief") == .definitief)
        #expect(ValueStatus(cbsStatus: "Voorlopig") == .voorlopig)
        #expect(ValueStatus(cbsStatus: "NaderVoorlopig") == .nader_voorlopig)
        #expect(ValueStatus(cbsStatus: "Nader voorlopig") == .nader_voorlopig)
        #expect(ValueStatus(cbsStatus: nil) == .definitief)
        #expect([ValueStatus.definitief, .voorlopig, .nader_voorlopig].max() == .voorlopig)
    }
}

@Suite("Identifiers and cells")
struct IdentifierTests {
    @Test(arguments: ["1234AB", "1234 ab", " 1234  Ab ", "1234AB\u{00A0}", "1234\u{00A0}AB"])
    func postcodesCanonicalise(raw: String) {
        #expect(Postcode(raw)?.text == "1234 AB")
    }

    @Test(arguments: ["1234-AB", "0123 AB", "1234 A", "12345 AB", "", "1234 ABC", "AB 1234"])
    func invalidPostcodes(raw: String) {
        #expect(Postcode(raw) == nil)
    }

    @Test func kvkNumbersStayText() {
        #expect(KvKNumber("01234567")?.digits == "01234567")
        #expect(KvKNumber(" 01234567 ")?.digits == "01234567")
        #expect(KvKNumber("1234567") == nil)
        #expect(KvKNumber("1.23457E+07") == nil)
        #expect(Vestigingsnummer("000012345678")?.digits == "000012345678")
        #expect(Vestigingsnummer("12345678") == nil)
    }

    @Test func regioCodesAreTrimmed() {
        #expect(RegioCode("GM0392    ") == RegioCode("GM0392"))
        #expect(RegioCode("NL01  ").code == "NL01")
    }

    /// KNOWN-FAULTS B07: CBS symbols in untyped cells.
    @Test func cbsSymbols() {
        #expect(CBSCell.parse("      1250") == .value(1250))
        #expect(CBSCell.parse("         .") == .missing(.not_available))
        #expect(CBSCell.parse("         x") == .missing(.confidential))
        #expect(CBSCell.parse("         -") == .value(0))
        #expect(CBSCell.parse("") == .missing(.impossible))
        #expect(CBSCell.parse("   135.5") == .value(135.5))
        #expect(CBSCell.parse("?") == nil)
        #expect(CBSCell.parse("nan") == nil)
    }

    @Test func sbiSections() {
        #expect(SBICode("88101")?.section == "Q")
        #expect(SBICode("01241")?.section == "A")
        #expect(SBICode("56101")?.section == "I")
        #expect(SBICode("1.5") == nil)
    }

    @Test func numbersFormatWithoutLocale() {
        #expect(formatNumber(1234567.5) == "1234567.5")
        #expect(formatNumber(12) == "12")
        #expect(formatNumber(-0.25) == "-0.25")
        #expect(formatNumber(0.00001) == "0.00001")
        #expect(formatNumber(1.0 / 3.0) == "0.3333333333333333")
    }

    @Test func civilDatesRoundTripThroughDayNumbers() throws {
        #expect(try CivilDate(parsing: "1970-01-01").daysSinceEpoch == 0)
        #expect(try CivilDate(parsing: "2024-02-29").adding(days: 1).description == "2024-03-01")
        #expect(try CivilDate(parsing: "20170108").description == "2017-01-08")
        #expect(throws: PeriodError.self) { try CivilDate(parsing: "2023-02-29") }
        var date = try CivilDate(parsing: "1999-12-25")
        for _ in 0..<2000 {
            let next = date.adding(days: 1)
            #expect(CivilDate(daysSinceEpoch: next.daysSinceEpoch) == next)
            #expect(next > date)
            date = next
        }
    }

    /// The parser trims Unicode spaces and tabs only when an end needs it; with or without the shortcut the result is
    /// that of trimming with Foundation first (independently computed here for every form).
    @Test(arguments: [
        "2026Q3", " 2026Q3", "2026Q3 ", "\t2026KW03\t", "\u{00A0}2026Q3", "2026Q3\u{2003}", "2026q3", "2026Q3\n",
        "", " ", "Q", "2026Q5", "\u{00A0}", "2026KW03",
    ])
    func parsingTrimsAsFoundationDoes(text: String) {
        let expected = try? Quarter(parsing: text.trimmingCharacters(in: .whitespaces))
        #expect((try? Quarter(parsing: text)) == expected, "\(text.debugDescription)")
        if ["2026Q3", " 2026Q3", "\u{00A0}2026Q3", "2026Q3\u{2003}", "2026q3"].contains(text) {
            #expect((try? Quarter(parsing: text))?.description == "2026Q3")
        }
    }
}
