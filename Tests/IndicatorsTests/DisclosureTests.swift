import ImpactModel
import Indicators
import RunArtifacts
import Testing

@Suite struct DisclosureTests {
    func cell(_ value: Double, n: Int, population: Int? = nil, contributions: [Double]? = nil) -> Cell {
        Cell(
            value: value, reporting: n, population: population,
            contributions: contributions ?? Array(repeating: value / Double(max(n, 1)), count: n))
    }

    @Test(arguments: [(2, 3, CellStatus.suppressed), (3, 3, .ok), (4, 5, .suppressed), (5, 5, .ok)])
    func thresholdRule(n: Int, minN: Int, expected: CellStatus) {
        let d = DisclosureControl.decide(cell(100, n: n), minN: minN, rule: .frequency)
        #expect(d.status == expected)
        if expected == .suppressed {
            #expect(d.symbol == "x")
            #expect(d.reasons == ["disclosure.fewer_than(minimum=\(minN))"])
        }
    }

    @Test func dominanceRuleOnTheTwoLargestContributors() {
        // 50 + 40 = 90 of 100 > 85 % → unsafe
        let d1 = DisclosureControl.decide(cell(100, n: 4, contributions: [50, 40, 5, 5]), minN: 3, rule: .magnitude)
        #expect(d1.status == .suppressed)
        #expect(d1.reasons == ["disclosure.dominance(largest=2,percent=85)"])
        // 45 + 40 = 85 of 100: not above 85 % → safe
        let d2 = DisclosureControl.decide(cell(100, n: 4, contributions: [45, 40, 10, 5]), minN: 3, rule: .magnitude)
        #expect(d2.status == .ok)
        // The same cell as a frequency (count) cell is not subject to dominance.
        let d3 = DisclosureControl.decide(cell(100, n: 4, contributions: [50, 40, 5, 5]), minN: 3, rule: .frequency)
        #expect(d3.status == .ok)
    }

    @Test(arguments: [(8, CellStatus.ok), (7, .partial), (6, .partial), (5, .withheld)])
    func coverageOfTenEnterprises(reporting: Int, expected: CellStatus) {
        let d = DisclosureControl.decide(cell(100, n: reporting, population: 10), minN: 3, rule: .frequency)
        #expect(d.status == expected)
        if expected == .withheld { #expect(d.symbol == ".") }
    }

    @Test func missingValueIsMissingNotSuppressed() {
        let d = DisclosureControl.decide(Cell(reporting: 0, population: 4), minN: 3, rule: .magnitude)
        #expect(d.status == .missing && d.symbol == ".")
    }

    @Test func secondarySuppressionHidesTheSmallestOtherCell() {
        // Employees by SBI section, published with the total 103: B (n = 2) is primary-suppressed; without a
        // second hidden cell B = 103 − 50 − 20 − 30.
        let cells = [cell(50, n: 10), cell(3, n: 2), cell(20, n: 4), cell(30, n: 5)]
        let total = cell(103, n: 21)
        let decisions = cells.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) }
        #expect(decisions.map(\.status) == [.ok, .suppressed, .ok, .ok])
        let p = DisclosureControl.protect(
            total: (total, DisclosureControl.decide(total, minN: 3, rule: .frequency)),
            cells: zip(cells, decisions).map { ($0, $1) }, minN: 3, rule: .frequency)
        #expect(p.cells.map(\.status) == [.ok, .suppressed, .suppressed, .ok])  // C (20) is the smallest published
        #expect(p.cells[2].reasons == ["disclosure.secondary"])
        #expect(p.total.status == .ok)
    }

    @Test func secondarySuppressionKeepsGoingUntilTheHiddenUnionIsSafe() {
        // Two suppressed cells of 1 enterprise each: together still 2 < 3, so a third cell is suppressed.
        let cells = [cell(1, n: 1), cell(2, n: 1), cell(40, n: 6), cell(10, n: 3)]
        let decisions = cells.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) }
        let total = cell(53, n: 11)
        let p = DisclosureControl.protect(
            total: (total, DisclosureControl.decide(total, minN: 3, rule: .frequency)),
            cells: zip(cells, decisions).map { ($0, $1) }, minN: 3, rule: .frequency)
        #expect(p.cells.map(\.status) == [.suppressed, .suppressed, .ok, .suppressed])
    }

    @Test func totalIsSuppressedWhenNoCellIsLeftToHide() {
        let cells = [cell(1, n: 1), cell(2, n: 1)]
        let decisions = cells.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) }
        let total = cell(3, n: 3)
        let p = DisclosureControl.protect(
            total: (total, DisclosureControl.decide(total, minN: 3, rule: .frequency)),
            cells: zip(cells, decisions).map { ($0, $1) }, minN: 3, rule: .frequency)
        #expect(p.total.status == .suppressed)
    }

    @Test func noSecondarySuppressionWithoutPrimary() {
        let cells = [cell(10, n: 3), cell(20, n: 4)]
        let decisions = cells.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) }
        let total = cell(30, n: 7)
        let p = DisclosureControl.protect(
            total: (total, DisclosureControl.decide(total, minN: 3, rule: .frequency)),
            cells: zip(cells, decisions).map { ($0, $1) }, minN: 3, rule: .frequency)
        #expect(p.cells.map(\.status) == [.ok, .ok])
    }

    @Test func aSuppressedTotalHidesOneCellSoItIsNotTheSumOfTheCells() {
        // Total dominated: 50 + 40 of 100 = 90 % > 85 %. Cells A = 55 and B = 45 are decided as frequency cells
        // here (n = 3 each, safe) to isolate the rule: with both published, total = A + B.
        let total = cell(100, n: 6, contributions: [50, 40, 3, 3, 2, 2])
        let cells = [cell(55, n: 3, contributions: [50, 3, 2]), cell(45, n: 3, contributions: [40, 3, 2])]
        let totalDecision = DisclosureControl.decide(total, minN: 3, rule: .magnitude)
        #expect(totalDecision.status == .suppressed)
        let decisions = cells.map { DisclosureControl.decide($0, minN: 3, rule: .frequency) }
        let p = DisclosureControl.protect(
            total: (total, totalDecision), cells: zip(cells, decisions).map { ($0, $1) }, minN: 3, rule: .frequency)
        #expect(p.total.status == .suppressed)
        #expect(p.cells.map(\.status) == [.ok, .suppressed])  // the smaller cell (45)
    }

    @Test func notesStoreTheCoverageRoundedToOneDecimal() {
        let d = DisclosureControl.decide(cell(100, n: 2, population: 3), minN: 1, rule: .frequency)
        #expect(d.status == .partial)
        #expect(d.reasons == ["coverage.partial(percent=66.7)"])  // 2 / 3 × 100 = 66.67
    }
}

@Suite struct RoundingTests {
    @Test(arguments: [
        (2.675, 2, 2.68), (0.145, 2, 0.15), (1.005, 2, 1.01), (-2.5, 0, -3.0), (2.5, 0, 3.0), (17.821782178, 1, 17.8),
        (34.848484848, 1, 34.8), (1e-7, 1, 0.0), (123456789.5, 0, 123456790.0),
    ])
    func halfAwayFromZeroAsPrinted(value: Double, decimals: Int, expected: Double) {
        #expect(roundHalfAway(value, decimals) == expected)
    }

    /// The rounded value prints with at most `decimals` decimals: it is the double nearest to the rounded decimal
    /// (Linux's NSDecimalNumber.doubleValue gave 0.8300000000000001 for 0.83, which metrics.csv then printed).
    @Test func roundedValuesPrintWithTheirDecimalsOnly() {
        #expect(formatNumber(roundHalfAway(0.831144, 2)) == "0.83")
        #expect(formatNumber(roundHalfAway(0.9400123, 2)) == "0.94")
        var checked = 0
        for i in 0..<20_000 {
            let v = Double(i) * 0.0137 + 0.00049
            for d in 0...3 {
                let text = formatNumber(roundHalfAway(v, d))
                let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
                #expect(decimals <= d, "\(v) to \(d) decimals printed as \(text)")
                checked += 1
            }
        }
        #expect(checked == 80_000)
    }
}
