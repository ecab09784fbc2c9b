import Foundation
import Testing

@testable import Reporting

/// The report model and its two renderers: hostile text stays inert in Markdown and HTML, tables keep their
/// structure, and the chart's axis and gaps follow the rules of issue 17.
@Suite("Report model: Markdown and HTML renderers, SVG charts")
struct ReportDocumentTests {
    /// Text an attacker could put in a registry name or a source's note.
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "a & b &amp; &#60;", "x | y",
        "[click](javascript:alert(1))",
        "abc\u{202E}txt.exe", "nul\u{0}byte", "</table><table>", "<!-- comment", "'single' \"double\"",
    ]

    static func document(with text: String) -> ReportDocument {
        var table = ReportTable(
            caption: "cap " + text, header: ["naam " + text, "waarde"], alignments: [.left, .right])
        table.append([.plain(text), .plain("1")])
        table.notes = [.plain("noot " + text)]
        return ReportDocument(
            language: .nl, title: "Titel " + text,
            blocks: [
                .heading(level: 1, text: "Titel " + text), .byline(.plain(text)), .paragraph(.plain(text)),
                .list([.plain(text)]), .table(table),
                .chart(
                    ReportChart(
                        fileName: "charts/x.svg", altText: "alt " + text,
                        svg: SVGChart.bars(title: text, description: text, bars: [(label: text, value: 3)]))),
            ])
    }

    @Test(arguments: hostile)
    func hostileTextIsInertInHTML(text: String) {
        let html = HTMLRenderer.render(Self.document(with: text))
        // Exactly the elements we made: one table, one script-free page, no injected attribute.
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.firstMatch(of: /<[a-z][^>]*onerror/) == nil, "an attribute injected: \(html)")
        #expect(html.components(separatedBy: "<table").count - 1 == 1)
        #expect(html.components(separatedBy: "</table>").count - 1 == 1)
        #expect(!html.contains("<!-- comment"))
        #expect(!html.contains("\u{202E}"))
        #expect(!html.contains("\u{0}"))
        if text.contains("<script>") { #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")) }
        if text.hasPrefix("a & b") { #expect(html.contains("a &amp; b &amp;amp; &amp;#60;")) }
    }

    @Test(arguments: hostile)
    func hostileTextIsInertInMarkdown(text: String) {
        let md = MarkdownRenderer.render(Self.document(with: text))
        #expect(!md.contains("<script"))
        #expect(!md.contains("<img"))
        #expect(!md.replacingOccurrences(of: "\\]", with: "").contains("](javascript:"), "a live link: \(md)")
        #expect(!md.contains("\u{202E}"))
        // The table keeps its two columns: every table line has exactly three unescaped pipes.
        for line in md.split(separator: "\n") where line.hasPrefix("|") {
            let unescaped = line.replacingOccurrences(of: "\\|", with: "")
            #expect(unescaped.filter { $0 == "|" }.count == 3, "\(line)")
        }
    }

    @Test func htmlIsAccessibleAndSelfContained() {
        let html = HTMLRenderer.render(Self.document(with: "Haarlem"))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"nl\">"))
        #expect(html.contains("<title>Titel Haarlem</title>"))
        #expect(html.contains("<caption>cap Haarlem</caption>"))
        #expect(html.contains("<th scope=\"col\">naam Haarlem</th><th scope=\"col\" class=\"num\">waarde</th>"))
        #expect(html.contains("<th scope=\"row\">Haarlem</th><td class=\"num\">1</td>"))
        #expect(html.contains("role=\"img\""))
        #expect(html.contains("<figcaption>alt Haarlem</figcaption>"))
        for external in ["<script", "<link", "src=\"http", "href=\"http", "@import", "url("] {
            #expect(!html.contains(external), "external reference \(external)")
        }
    }

    @Test func richTextMarkup() {
        #expect(
            RichText("`x` geheim, **let op**: a").spans == [
                .code("x"), .text(" geheim, "), .strong("let op"), .text(": a"),
            ])
        #expect(RichText("one ` unmatched").spans == [.text("one ` unmatched")])
        #expect(RichText.plain("`not code`").spans == [.text("`not code`")])
    }

    /// 1-2-5 steps by hand: 0…37 → step 10 (37/5 = 7.4 → 10); 0…834.7 → 200 (167 → 200); 0…2.4 → 0.5
    /// (0.48 → 0.5); −40…50 → 20 (18 → 20), from −40 to 60.
    @Test func niceTicks() {
        #expect(SVGChart.niceTicks(0, 37) == [0, 10, 20, 30, 40])
        #expect(SVGChart.niceTicks(0, 834.7) == [0, 200, 400, 600, 800, 1000])
        #expect(SVGChart.niceTicks(0, 2.4) == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(SVGChart.niceTicks(-40, 50) == [-40, -20, 0, 20, 40, 60])
        #expect(SVGChart.niceTicks(0, 500) == [0, 100, 200, 300, 400, 500])
    }

    /// A missing quarter breaks the line (two polylines) and gets its symbol, never a point at zero.
    @Test func gapsAreGapsNotZeros() {
        let points = [
            SVGChart.Point(label: "1", value: 10), SVGChart.Point(label: "2", value: 12),
            SVGChart.Point(label: "3", value: nil, symbol: "x"), SVGChart.Point(label: "4", value: 14),
            SVGChart.Point(label: "5", value: 15, provisional: true),
        ]
        let svg = SVGChart.line(title: "t", description: "d", points: points, format: { String(Int($0)) })
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
        #expect(svg.contains("<title>3: x</title>x</text>"))
        #expect(svg.contains("<title>5: 15*</title>"))
        // Ticks 0, 5, 10, 15 (15/5 = 3 → step 5): the axis labels printed.
        for tick in ["0", "5", "10", "15"] { #expect(svg.contains(">\(tick)</text>")) }
    }
}
