import RunArtifacts
import Testing

@testable import Reporting

@Suite("Markdown escaping (B34) and number formats (B36)")
struct MarkdownTableTests {
    @Test func pipesAreEscapedEverywhereIncludingCodeSpans() {
        #expect(MarkdownTable.escape("Web|Werk Coöperatie") == "Web\\|Werk Coöperatie")
        #expect(MarkdownTable.escape("A || B") == "A \\|\\| B")
        #expect(MarkdownTable.escape("`x|y`") == "`x\\|y`")
        #expect(MarkdownTable.escape("regel 1\nregel 2\r\nregel 3") == "regel 1 regel 2 regel 3")
    }

    @Test func everyRowHasTheHeadersColumnCount() {
        var t = MarkdownTable(header: ["naam", "toelichting", "code"])
        t.append(["Web|Werk Coöperatie", "A || B", "`x|y`"])
        let lines = t.markdown.split(separator: "\n")
        #expect(lines.count == 3)
        // Count unescaped pipes per line: 4 for 3 columns.
        for line in lines {
            var count = 0
            var previous: Character = " "
            for ch in line {
                if ch == "|" && previous != "\\" { count += 1 }
                previous = ch
            }
            #expect(count == 4, "\(line)")
        }
    }

    @Test func dutchAndEnglishNumbers() {
        let nl = HumanNumberFormat(.nl)
        let en = HumanNumberFormat(.en)
        #expect(nl.format(1234.5, decimals: 1) == "1.234,5")
        #expect(en.format(1234.5, decimals: 1) == "1,234.5")
        #expect(nl.format(1_234_567, decimals: 0) == "1.234.567")
        #expect(nl.format(0.05, decimals: 1) == "0,1")
        #expect(nl.format(-2.25, decimals: 1) == "−2,3")
        #expect(nl.format(999.96, decimals: 1) == "1.000,0")
        #expect(nl.signed(3.25, decimals: 1) == "+3,3")
        #expect(nl.signed(0.01, decimals: 1) == "0,0")
        #expect(en.format(12, decimals: 0) == "12")
    }

    @Test func excelVariantUsesSemicolonsDecimalCommaAndBOM() throws {
        let row = MetricRecord(
            metricID: "soc_tg_fte_share", theme: "werk_en_participatie", metricClass: "impact", level: "programme",
            entity: "GM0392", period: "2026Q3", value: 1.33, unit: "%", numerator: 1234567.5, denominator: nil,
            nEnterprises: 12, coverage: 0.9, status: .ok, valueStatus: .voorlopig, symbol: "",
            note: "Stichting Voorbeeld, Zuid", provenanceID: "soc_tg_fte_share/GM0392/2026Q3")
        let excel = String(decoding: ReportCSV.excelNL([row]), as: UTF8.self)
        #expect(excel.hasPrefix("\u{FEFF}metric_id;theme;"))
        #expect(
            excel.contains(
                "\r\nsoc_tg_fte_share;werk_en_participatie;impact;programme;GM0392;2026Q3;1,33;%;1234567,5;;12;0,9;ok;voorlopig;;Stichting Voorbeeld, Zuid;soc_tg_fte_share/GM0392/2026Q3;\r\n"
            ))
        let machine = String(decoding: ReportCSV.machine([row]), as: UTF8.self)
        #expect(
            machine.contains(
                "\nsoc_tg_fte_share,werk_en_participatie,impact,programme,GM0392,2026Q3,1.33,%,1234567.5,,12,0.9,ok,voorlopig,,\"Stichting Voorbeeld, Zuid\",soc_tg_fte_share/GM0392/2026Q3,\n"
            ))
    }
}
