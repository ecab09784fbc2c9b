/// A GitHub-flavoured Markdown table whose cells are escaped so text never breaks the table.
///
/// GFM splits a row on `|` before it parses code spans, so every `|` is escaped as `\|`, also inside backticks
/// (KNOWN-FAULTS B34); line breaks become spaces.
package struct MarkdownTable: Sendable {
    /// Column alignment in the delimiter row: `---` left, `---:` right (figures).
    package enum Alignment: Sendable { case left, right }
    /// Column headings, escaped like any cell.
    package var header: [String]
    /// One alignment per column (left for all unless given).
    package var alignments: [Alignment]
    /// Rows of raw cell text, escaped when the table is rendered (``markdown``). A short row is padded with empty
    /// cells; cells beyond the header's count are dropped.
    package var rows: [[String]] = []

    /// An empty table with `header`; `alignments` defaults to left for every column.
    package init(header: [String], alignments: [Alignment]? = nil) {
        self.header = header
        self.alignments = alignments ?? header.map { _ in .left }
    }

    /// Adds a row at the bottom (raw text: escaping happens when rendering).
    package mutating func append(_ row: [String]) { rows.append(row) }

    /// Escapes one cell's text for a GFM table: the one Markdown escaping function for text from outside (a source
    /// or the registry), so it is inert (issue 15, item 6).
    ///
    /// - `|` becomes `\|` (also inside backticks, B34); line breaks and tabs become one space.
    /// - `<` becomes `&lt;` (no raw HTML, no autolink such as `<javascript:…>`), and `&` becomes `&amp;` where it
    ///   would start an entity (`&lt;`, `&#60;`); a lone `&` or `>` (`Grant & donation`, `>= 10`) is inert and kept.
    /// - `[`, `]` become `\[`, `\]`: no Markdown link or image, so no `javascript:` or `data:` link.
    /// - Control characters (C0 except tab, DEL, C1) and bidirectional overrides are dropped.
    package static func escape(_ text: String) -> String {
        escapeSpan(text).trimmingCharacters(in: .whitespaces)
    }

    /// ``escape(_:)`` without trimming: for one span of a longer text (the spaces between spans are kept).
    package static func escapeSpan(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var previousWasBreak = false
        let chars = Array(text)
        for (index, ch) in chars.enumerated() {
            switch ch {
            case "|":
                out += "\\|"
                previousWasBreak = false
            case "\r\n", "\n", "\r", "\t":
                if !previousWasBreak { out += " " }
                previousWasBreak = true
            case "<":
                out += "&lt;"
                previousWasBreak = false
            case "&":
                out += startsEntity(chars, at: index) ? "&amp;" : "&"
                previousWasBreak = false
            case "[":
                out += "\\["
                previousWasBreak = false
            case "]":
                out += "\\]"
                previousWasBreak = false
            default:
                if TextSafety.isInvisibleControl(ch) { continue }
                out.append(ch)
                previousWasBreak = false
            }
        }
        return out
    }

    /// Whether the `&` at `index` starts an HTML entity or character reference (`&name;`, `&#60;`, `&#x3c;`).
    private static func startsEntity(_ chars: [Character], at index: Int) -> Bool {
        var i = index + 1
        var length = 0
        if i < chars.count, chars[i] == "#" { i += 1 }
        while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber, length <= 32 {
            i += 1
            length += 1
        }
        return length > 0 && i < chars.count && chars[i] == ";"
    }

    /// The table as Markdown lines (without a trailing newline).
    package var markdown: String { lines(escapingCells: true) }

    /// The table with its rows taken as already-escaped Markdown (``MarkdownRenderer`` escapes each span of a cell
    /// itself, so code spans survive); the header is escaped as usual.
    package var markdownWithPreparedCells: String { lines(escapingCells: false) }

    private func lines(escapingCells: Bool) -> String {
        var lines: [String] = []
        lines.append("| " + header.map(Self.escape).joined(separator: " | ") + " |")
        lines.append("|" + alignments.map { $0 == .right ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for r in rows {
            var cells = escapingCells ? r.map(Self.escape) : r
            while cells.count < header.count { cells.append("") }
            lines.append("| " + cells.prefix(header.count).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
