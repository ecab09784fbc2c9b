import ConfigFiles
import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Normalization

@Suite("Monthly folding on a real CBS table (37789ksz, bijstandsuitkeringen)")
struct RealCBSFoldingTests {
    /// The D000203_2 cells of the real v4 capture, as a connector would hand them over (read here with
    /// JSONSerialization; parsing OData is the connectors' job). Status comes from `codes-Perioden.json`.
    static func bijstand() throws -> [Observation] {
        let base = "cbs-v4-checkdecijfers/37789ksz/"
        let obsJSON = try JSONSerialization.jsonObject(with: try SharedData.data(base + "observations-page-1.json"))
        let perJSON = try JSONSerialization.jsonObject(with: try SharedData.data(base + "codes-Perioden.json"))
        let rows = try #require((obsJSON as? [String: Any])?["value"] as? [[String: Any]])
        let periods = try #require((perJSON as? [String: Any])?["value"] as? [[String: Any]])
        var status: [String: ValueStatus] = [:]
        for p in periods {
            if let id = p["Identifier"] as? String { status[id] = ValueStatus(cbsStatus: p["Status"] as? String) }
        }
        var out: [Observation] = []
        for r in rows where r["Measure"] as? String == "D000203_2" {
            let period = try #require(r["Perioden"] as? String)
            let code = try PeriodCode(parsing: period)
            let id = try #require(r["Id"] as? Int)
            out.append(
                Observation(
                    sourceID: "cbs-bijstand", dataset: "37789ksz", measure: "D000203_2",
                    measureLabel: "Totaal bijstandsuitkeringen", unit: "x 1000", regio: "NL01", kvkNumber: "",
                    periodCode: period, periodStart: code.start, periodEnd: code.end, value: r["Value"] as? Double,
                    valueStatus: status[period] ?? .definitief,
                    valueAttribute: try #require(ValueAttribute(v4: r["ValueAttribute"] as? String)),
                    sourceRowID: "37789ksz:\(id)"))
        }
        return out
    }

    @Test(
        "stock rule from config/measure-rules.yaml: quarter = last month; the open quarter is incomplete",
        .enabled(if: SharedData.shouldRun))
    func stock() throws {
        let rulesURL = SharedProject.root.appendingPathComponent("config/measure-rules.yaml")
        let rules = try MeasureRules.parse(
            yaml: try String(contentsOf: rulesURL, encoding: .utf8), file: "measure-rules.yaml")
        #expect(rules.rule(for: "D000203_2", source: "cbs-bijstand") == .stock)
        let input = try Self.bijstand()
        // The capture holds 340 months (1998MM01–2026MM04) and 27 years for this measure.
        #expect(input.count == 367)
        let out = CBSNormalization.normalize(
            CBSSourceInput(sourceID: "cbs-bijstand", observations: input), rules: rules)
        // Quarters 1998Q1 … 2026Q2: 28 years × 4 + 2 = 114 derived observations.
        #expect(
            out.ledger
                == LedgerEntry(sourceID: "cbs-bijstand", recordsIn: 367, recordsOut: 367, observations: 367 + 114))
        let q = Dictionary(
            uniqueKeysWithValues: out.observations.filter { $0.periodCode.contains("KW") }.map { ($0.periodCode, $0) })
        // 2025MM10–12 are 400.6, 401.4, 403.1 (thousands): the stock is December's 403.1.
        #expect(q["2025KW04"]?.value == 403.1)
        #expect(q["2025KW04"]?.valueStatus == .definitief)
        // 2026MM01–03 are 404, 403, 404; February and March are Voorlopig, so the quarter is too.
        #expect(q["2026KW01"]?.value == 404)
        #expect(q["2026KW01"]?.valueStatus == .voorlopig)
        // Only 2026MM04 exists for 2026Q2.
        #expect(q["2026KW02"]?.value == nil)
        #expect(q["2026KW02"]?.dimensions == "quarter_rule=onvolledig: 1 van 3 maanden")
        // Years are never spread over quarters: 27 JJ rows stay as they are.
        #expect(out.observations.filter { $0.periodCode.hasSuffix("JJ00") }.count == 27)
    }
}
