import Testing

@testable import Reporting

/// Issue 15, item 6: text from a source or the registry is inert in every report format, and extreme values
/// never trap the number formatter (item 3).
@Suite("Text from outside is inert")
struct TextSafetyTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("[klik](javascript:alert(1))", "\\[klik\\](javascript:alert(1))"),
        ("![x](data:text/html;base64,PHNjcmlwdD4=)", "!\\[x\\](data:text/html;base64,PHNjcmlwdD4=)"),
        ("<javascript:alert(1)>", "&lt;javascript:alert(1)>"),
        ("Stichting\u{0}Alfa\u{7}\u{1B}[31m", "StichtingAlfa\\[31m"),
        ("Grant & donation >= 10", "Grant & donation >= 10"),
        ("&lt;b&gt; en &#60;i&#62;", "&amp;lt;b&amp;gt; en &amp;#60;i&amp;#62;"),
        ("rechts\u{202E}links", "rechtslinks"),
        ("a\tb|c", "a b\\|c"),
    ])
    func markdownCells(raw: String, escaped: String) {
        #expect(MarkdownTable.escape(raw) == escaped)
    }

    @Test func svgTextIsEscapedAndControlFree() {
        #expect(
            SVGChart.escape("<a href='javascript:x'>&\u{0}</a>")
                == "&lt;a href=&apos;javascript:x&apos;&gt;&amp;&lt;/a&gt;")
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+31 6", "'+31 6"), ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"), ("Stichting Alfa", "Stichting Alfa"), ("\u{0}=1", "'=1"),
    ])
    func excelCellsNeverStartAFormula(raw: String, cell: String) {
        #expect(TextSafety.excelCell(raw) == cell)
    }

    @Test func extremeValuesFormatWithoutTrapping() {
        let nl = HumanNumberFormat(.nl)
        #expect(nl.format(.nan, decimals: 1) == "–")
        #expect(nl.format(.infinity, decimals: 0) == "–")
        #expect(!nl.format(1e32, decimals: 1).isEmpty)
        #expect(nl.format(2e19, decimals: 0) == "2e+19")
        #expect(nl.format(-0.0, decimals: 1) == "0,0")
        #expect(nl.format(1e15, decimals: 0) == "1.000.000.000.000.000")
    }
}
