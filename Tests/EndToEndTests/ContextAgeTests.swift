import Foundation
import TestSupport
import Testing

/// The "verouderd" flag on CBS comparison figures (KNOWN-FAULTS B11) follows CBS's publication delay: an annual
/// municipal figure appears one to two years after its year, so a 2024 figure in the report of 2026 is current and
/// a 2023 one is flagged; a quarterly or monthly figure is flagged from two calendar years back. A flag on every
/// annual row taught readers to ignore it.
@Suite("CBS comparison figures: stale only past CBS's usual delay", .serialized)
struct ContextAgeTests {
    @Test func annualFiguresOfTwoYearsAgoAreNotFlaggedOlderOnesAre() throws {
        let ws = try DemoWorkspace("e2e-context-age")
        #expect(try ws.impactmon("run", ["--period", "2026Q3"]).status == 0)
        let report = try String(
            contentsOf: ws.runDirectory().appendingPathComponent("report/report.md"), encoding: .utf8)
        // Rows of the "Ter vergelijking: CBS-cijfers" tables: | indicator | region | period | value | status |.
        let months = [
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
            "oktober", "november", "december",
        ]
        var annual2024 = 0
        var rows = 0
        for line in report.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count == 7 else { continue }
            let period = cells[3]
            let flagged = cells[5].contains("**verouderd**")
            let year: Int
            let isAnnual: Bool
            if period.count == 4, let y = Int(period) {
                (year, isAnnual) = (y, true)
            } else if period.contains("e kw. "), let y = Int(period.suffix(4)) {
                (year, isAnnual) = (y, false)
            } else if months.contains(where: { period.hasPrefix($0 + " ") }), let y = Int(period.suffix(4)) {
                (year, isAnnual) = (y, false)
            } else {
                continue
            }
            rows += 1
            let expected = year <= 2026 - (isAnnual ? 3 : 2)
            #expect(flagged == expected, "\(cells[1]) \(cells[2]) \(period): flagged \(flagged), expected \(expected)")
            if isAnnual && year == 2024 { annual2024 += 1 }
        }
        // The demo's CBS tables give several comparison rows, among them annual 2024 figures (the boundary).
        #expect(rows >= 5)
        #expect(annual2024 >= 1)
    }
}
