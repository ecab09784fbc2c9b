/// Renders a ``ReportDocument`` as GitHub-flavoured Markdown (`report.md`): blocks separated by one blank line,
/// tables through ``MarkdownTable`` (escaped cells), charts as images of their SVG file beside the report.
///
/// Text spans are escaped with ``MarkdownTable/escapeSpan(_:)`` (no raw HTML, no links from outside text); code
/// spans are written between backticks (with `|` escaped inside tables, KNOWN-FAULTS B34).
package enum MarkdownRenderer {
    /// The whole document as `report.md`: one Markdown block per ``ReportBlock``, separated by a blank line, ending
    /// with a newline.
    package static func render(_ document: ReportDocument) -> String {
        document.blocks.map(block).joined(separator: "\n\n") + "\n"
    }

    static func block(_ b: ReportBlock) -> String {
        switch b {
        case .heading(let level, let text, _):
            return String(repeating: "#", count: level) + " " + MarkdownTable.escape(text)
        case .byline(let t): return "_" + inline(t) + "_"
        case .paragraph(let t): return inline(t)
        case .note(let t): return inline(t)
        case .list(let items): return items.map { "- " + inline($0) }.joined(separator: "\n")
        case .table(let t):
            var m = MarkdownTable(header: t.header, alignments: t.alignments.map { $0 == .right ? .right : .left })
            for r in t.rows { m.append(r.map { inline($0, inTable: true) }) }
            // Cells are escaped here already; MarkdownTable escapes again, which leaves escaped text unchanged
            // only for characters it does not touch, so the cells go in through `markdownRows`.
            return ([m.markdownWithPreparedCells] + t.notes.map { inline($0) }).joined(separator: "\n\n")
        case .chart(let c): return "![\(MarkdownTable.escape(c.altText))](\(c.fileName))"
        }
    }

    /// One text as Markdown: escaped text, `` `code` ``, `**strong**`.
    static func inline(_ t: RichText, inTable: Bool = false) -> String {
        t.spans.map { span -> String in
            switch span {
            case .text(let s): return MarkdownTable.escapeSpan(s)
            case .code(let s): return "`" + (inTable ? s.replacingOccurrences(of: "|", with: "\\|") : s) + "`"
            case .strong(let s): return "**" + MarkdownTable.escapeSpan(s) + "**"
            }
        }.joined().trimmingCharacters(in: .whitespaces)
    }
}
