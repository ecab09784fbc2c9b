/// Rules that keep text from outside (sources, the registry) inert in the report files (issue 15, item 6). Each
/// target format has one escaping function: Markdown ``MarkdownTable/escape(_:)``, SVG/XML `SVGChart.escape`,
/// the Excel CSV ``excelCell(_:)``; the plain CSV is quoted by `CSVCodec` and is data, not a spreadsheet formula.
package enum TextSafety {
    /// Control characters that have no place in report text: C0 (except tab, CR, LF, which callers turn into
    /// spaces), DEL, C1, and the bidirectional overrides and isolates that can reorder what a reader sees.
    package static func isInvisibleControl(_ ch: Character) -> Bool {
        ch.unicodeScalars.contains { s in
            let v = s.value
            return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F || (0x80...0x9F).contains(v)
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
    }

    /// A text cell for the Excel variant: control characters dropped, and a cell that Excel would read as a
    /// formula (starting with `=`, `+`, `-`, `@`, or a tab/CR before one) prefixed with `'`, so it shows as text.
    /// Numeric columns are not passed here (a negative number stays a number).
    package static func excelCell(_ text: String) -> String {
        let cleaned = String(text.filter { !isInvisibleControl($0) })
        guard let first = cleaned.unicodeScalars.first else { return cleaned }
        if ["=", "+", "-", "@", "\t", "\r"].contains(first) { return "'" + cleaned }
        return cleaned
    }
}
