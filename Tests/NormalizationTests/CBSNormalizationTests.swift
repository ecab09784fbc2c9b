import CSVCodec
import ConfigFiles
import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("CBS observations: trimmed keys, symbols, monthly folding (B05, B07, B08)")
struct CBSNormalizationTests {
    @Test("B05: a padded RegioS key becomes GM0392 and never gives a second key")
    func b05() throws {
        let padded = try Fixtures.cbs("2024KW01", 4210, measure: "Bedrijfsvestigingen_1", regio: "GM0392    ", row: 1)
        let trimmed = try Fixtures.cbs("2024KW01", 4210, measure: "Bedrijfsvestigingen_1", regio: "GM0392", row: 2)
        let nl = try Fixtures.cbs("2024KW01", 2_000_000, measure: "Bedrijfsvestigingen_1", regio: "NL01      ", row: 3)
        let out = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-test", observations: [padded, trimmed, nl]), rules: MeasureRules())
        #expect(out.observations.map(\.regio).sorted() == ["GM0392", "NL01"])
        #expect(out.observations.first { $0.regio == "GM0392" }?.value == 4210)
        #expect(
            out.ledger == LedgerEntry(sourceID: "cbs-test", recordsIn: 3, recordsOut: 2, merged: 1, observations: 2))
        var w = CSVWriter()
        w.write(rows: out.observations.map(\.csvFields))
        let text = String(decoding: w.data, as: UTF8.self)
        #expect(!text.contains("GM0392 "))
    }

    @Test("B07: untyped and typed paths give the same normalized result; missing is never 0")
    func b07() throws {
        let untyped = ["      1250", "         .", "         x", "         -"]
        let typed: [(Double?, String)] = [(1250, "None"), (nil, "NotAvailable"), (nil, "Confidential"), (0, "None")]
        var fromUntyped: [Observation] = []
        var fromTyped: [Observation] = []
        for (i, text) in untyped.enumerated() {
            let period = "2024KW0\(i + 1)"
            switch try #require(CBSCell.parse(Substring(text))) {
            case .value(let v): fromUntyped.append(try Fixtures.cbs(period, v, measure: "Waarde_1", row: i))
            case .missing(let a):
                fromUntyped.append(try Fixtures.cbs(period, nil, attribute: a, measure: "Waarde_1", row: i))
            }
            let (v, attr) = typed[i]
            fromTyped.append(
                try Fixtures.cbs(
                    period, v, attribute: try #require(ValueAttribute(v4: attr)), measure: "Waarde_1", row: i))
        }
        #expect(CBSCell.parse("?") == nil)
        let a = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-test", observations: fromUntyped), rules: MeasureRules())
        let b = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-test", observations: fromTyped), rules: MeasureRules())
        #expect(a.observations == b.observations)
        let byPeriod = Dictionary(uniqueKeysWithValues: a.observations.map { ($0.periodCode, $0) })
        #expect(byPeriod["2024KW01"]?.value == 1250)
        #expect(byPeriod["2024KW02"]?.value == nil && byPeriod["2024KW02"]?.valueAttribute == .not_available)
        #expect(byPeriod["2024KW03"]?.value == nil && byPeriod["2024KW03"]?.valueAttribute == .confidential)
        #expect(byPeriod["2024KW04"]?.value == 0 && byPeriod["2024KW04"]?.valueAttribute == ValueAttribute.none)
        #expect(byPeriod["2024KW02"]?.csvFields[10] == "")
        #expect(byPeriod["2024KW03"]?.csvFields[10] == "")
        #expect(byPeriod["2024KW04"]?.csvFields[10] == "0")
    }

    @Test("B08: a missing month makes the quarter missing (\"onvolledig: 2 van 3 maanden\"), never a sum over 0")
    func b08() throws {
        let months = [
            try Fixtures.cbs("2024MM01", 12, row: 1),
            try Fixtures.cbs("2024MM02", nil, attribute: .not_available, row: 2),
            try Fixtures.cbs("2024MM03", 8, row: 3),
        ]
        let out = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-test", observations: months), rules: MeasureRules(["M1": .flow]))
        let q = try #require(out.observations.first { $0.periodCode == "2024KW01" })
        #expect(q.value == nil)  // not 12 + 8 = 20
        #expect(q.valueAttribute == .not_available)
        #expect(q.dimensions == "quarter_rule=onvolledig: 2 van 3 maanden")
        #expect(q.csvFields[10] == "")
    }

    @Test(
        "folding rules: stock = last month, flow = sum, rate = mean",
        arguments: [(QuarterRule.stock, 30.0), (QuarterRule.flow, 60.0), (QuarterRule.rate, 20.0)]
            as [(QuarterRule, Double)])
    func fold(rule: QuarterRule, expected: Double) throws {
        let months = [
            try Fixtures.cbs("2025MM04", 10, row: 1), try Fixtures.cbs("2025MM05", 20, status: .voorlopig, row: 2),
            try Fixtures.cbs("2025MM06", 30, row: 3), try Fixtures.cbs("2025MM07", 40, row: 4),
        ]
        let out = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-test", observations: months), rules: MeasureRules(["M1": rule]))
        let q2 = try #require(out.observations.first { $0.periodCode == "2025KW02" })
        #expect(q2.value == expected)
        #expect(q2.valueStatus == .voorlopig)
        #expect(q2.periodStart.description == "2025-04-01" && q2.periodEnd.description == "2025-07-01")
        #expect(q2.sourceRowID == "cbs:1+cbs:2+cbs:3")
        let q3 = try #require(out.observations.first { $0.periodCode == "2025KW03" })
        #expect(q3.value == nil && q3.dimensions == "quarter_rule=onvolledig: 1 van 3 maanden")
        // 4 monthly records out, plus 2 derived quarters.
        #expect(out.ledger == LedgerEntry(sourceID: "cbs-test", recordsIn: 4, recordsOut: 4, observations: 6))
    }

    @Test("a quarter CBS publishes itself is not derived; a measure without a rule is not folded; conflicts rejected")
    func officialAndConflicts() throws {
        let obs = [
            try Fixtures.cbs("2025MM01", 1, row: 1), try Fixtures.cbs("2025MM02", 2, row: 2),
            try Fixtures.cbs("2025MM03", 3, row: 3),
            try Fixtures.cbs("2025KW01", 2.5, row: 4),
            try Fixtures.cbs("2025MM01", 5, measure: "M2", row: 5),
            try Fixtures.cbs("2025JJ00", 7, measure: "M3", row: 6),
            try Fixtures.cbs("2025JJ00", 8, measure: "M3", row: 7),
        ]
        let out = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-test", observations: obs), rules: MeasureRules(["M1": .flow]))
        #expect(out.observations.filter { $0.periodCode == "2025KW01" }.map(\.value) == [2.5])
        #expect(out.diagnostics.map(\.code) == ["cbs.fold.no_rule"])
        #expect(out.rejects.map(\.reason) == ["duplicate.conflict", "duplicate.conflict"])
        #expect(
            out.ledger == LedgerEntry(sourceID: "cbs-test", recordsIn: 7, recordsOut: 5, rejected: 2, observations: 5))
    }

    @Test("measure_rules YAML, including numeric measure ids")
    func rulesYAML() throws {
        let rules = try MeasureRules.parse(
            yaml: "measure_rules:\n  D000203_2: stock\n  90210: Flow\n  cbs-werk/M001906_2: rate\n",
            file: "config/measure-rules.yaml")
        #expect(rules.rule(for: "D000203_2", source: "x") == .stock)
        #expect(rules.rule(for: "90210", source: "x") == .flow)
        #expect(rules.rule(for: "M001906_2", source: "cbs-werk") == .rate)
        #expect(rules.rule(for: "M001906_2", source: "other") == nil)
        #expect(throws: ImpactError.self) {
            try MeasureRules.parse(yaml: "measure_rules:\n  X: average\n", file: "m.yaml")
        }
    }

    @Test("a cell without value and without attribute becomes not_available; a flagged cell loses its value")
    func invariant() throws {
        let obs = [
            try Fixtures.cbs("2024JJ00", nil, row: 1),
            try Fixtures.cbs("2025JJ00", 5, attribute: .confidential, row: 2),
        ]
        let out = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-test", observations: obs), rules: MeasureRules())
        #expect(out.observations.map(\.valueAttribute) == [.not_available, .confidential])
        #expect(out.observations.allSatisfy { $0.value == nil })
        #expect(Set(out.diagnostics.map(\.code)) == ["cbs.value_with_attribute", "cbs.empty_without_attribute"])
    }
}
