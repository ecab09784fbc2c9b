/// The public report as a document: built once from the published rows (``MarkdownReport/document()``) and
/// rendered by ``MarkdownRenderer`` to `report.md` and by ``HTMLRenderer`` to `report.html` (and from there by
/// Chromium to `report.pdf`), so the formats can never show different facts.
///
/// To add a section, append ``ReportBlock``s in the builder: a heading, paragraphs, lists, tables and charts. No
/// block carries format-specific markup; text is ``RichText`` (plain text with code and strong spans), and a table
/// is a ``ReportTable`` with caption, header, rows and notes.
package struct ReportDocument: Sendable, Hashable {
    /// The document's language (`lang` of the HTML, the string catalogue of the text).
    package var language: ReportLanguage
    /// The page title (the HTML `<title>`; the first heading holds the same text).
    package var title: String
    /// The content in reading order, starting with the title heading.
    package var blocks: [ReportBlock]

    /// A document in `language` with the given blocks; the builder is ``MarkdownReport/document()``.
    package init(language: ReportLanguage, title: String, blocks: [ReportBlock]) {
        self.language = language
        self.title = title
        self.blocks = blocks
    }

    /// Every table of the document, in order (sections' tables and their notes).
    package var tables: [ReportTable] {
        blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } }
    }

    /// Every chart of the document, in order.
    package var charts: [ReportChart] {
        blocks.compactMap { if case .chart(let c) = $0 { return c } else { return nil } }
    }
}

/// One block of the report, in reading order.
package enum ReportBlock: Sendable, Hashable {
    /// A heading: level 1 is the report title, 2 a section, 3 a subsection. `pageBreak` asks the print stylesheet
    /// for a new page before it (each theme starts on its own A4 page).
    case heading(level: Int, text: String, pageBreak: Bool = false)
    /// The line under the title: data as of, municipality (italic in Markdown).
    case byline(RichText)
    case paragraph(RichText)
    /// A small-print line under a table or chart (footnote, source credit).
    case note(RichText)
    case list([RichText])
    case table(ReportTable)
    case chart(ReportChart)
}

/// A table with its caption (what it shows), column header, rows and the notes printed under it.
package struct ReportTable: Sendable, Hashable {
    /// How a column's cells align: `right` for figures, so digits line up; `left` for text.
    package enum Alignment: Sendable, Hashable { case left, right }
    /// What the table shows, as one sentence (HTML `<caption>`; Markdown shows the table under its heading).
    package var caption: String
    /// Column headings, one per column; every row has the same number of cells.
    package var header: [String]
    /// One alignment per column (left for all unless given).
    package var alignments: [Alignment]
    /// Rows of cells; the first cell of a row names it (`<th scope="row">` in HTML).
    package var rows: [[RichText]]
    /// Lines printed under the table (footnotes, source credit).
    package var notes: [RichText]

    /// A table; `alignments` defaults to left for every column, and rows can be added later with ``append(_:)``.
    package init(
        caption: String, header: [String], alignments: [Alignment]? = nil, rows: [[RichText]] = [],
        notes: [RichText] = []
    ) {
        self.caption = caption
        self.header = header
        self.alignments = alignments ?? header.map { _ in .left }
        self.rows = rows
        self.notes = notes
    }

    /// Adds a row at the bottom, one cell per header column (the HTML renderer does not pad a short row).
    package mutating func append(_ row: [RichText]) { rows.append(row) }
}

/// A chart: its SVG (self-contained, with `<title>` and `<desc>`), the file it is also written to beside
/// `report.md` (`charts/<metric>.svg`), and its alt text.
package struct ReportChart: Sendable, Hashable {
    /// Relative path beside the report, `charts/emp_headcount_total.svg`.
    package var fileName: String
    /// What the chart shows in words, with its first and last value (the Markdown image's alt text; the SVG's
    /// `<desc>`).
    package var altText: String
    /// The chart as a self-contained SVG document (``SVGChart``), inlined in the HTML and written to ``fileName``.
    package var svg: String

    /// A chart with its file name (relative to the report folder), alt text and SVG.
    package init(fileName: String, altText: String, svg: String) {
        self.fileName = fileName
        self.altText = altText
        self.svg = svg
    }
}

/// Text with two kinds of span: `code` (a literal symbol such as `x` or `*`) and strong. Built from a plain string
/// in which `` `…` `` marks code and `**…**` strong (the only markup the report's own strings use); text from
/// outside (a source's note) goes in through ``plain(_:)`` and is never read as markup.
package struct RichText: Sendable, Hashable, ExpressibleByStringLiteral {
    /// A run of text: plain, `code` (monospace in both formats) or strong (bold).
    package enum Span: Sendable, Hashable {
        case text(String)
        case code(String)
        case strong(String)
    }

    /// The runs in order; adjacent runs are not merged.
    package var spans: [Span]

    /// Text from spans as given (no markup is read).
    package init(spans: [Span]) { self.spans = spans }

    /// Parses the report's own light markup: `` `code` `` and `**strong**`; an unmatched marker stays text.
    package init(_ marked: String) {
        var spans: [Span] = []
        var rest = Substring(marked)
        var text = ""
        func flush() {
            if !text.isEmpty { spans.append(.text(text)) }
            text = ""
        }
        while let ch = rest.first {
            if ch == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                flush()
                spans.append(.code(String(rest[rest.index(after: rest.startIndex)..<end])))
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                flush()
                spans.append(.strong(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])))
                rest = rest[end.upperBound...]
            } else {
                text.append(ch)
                rest = rest.dropFirst()
            }
        }
        flush()
        self.spans = spans
    }

    /// A literal read with the report's light markup, as ``init(_:)``.
    package init(stringLiteral value: String) { self.init(value) }

    /// Text taken as it is, without markup (for text from a source or the registry).
    package static func plain(_ text: String) -> RichText { RichText(spans: text.isEmpty ? [] : [.text(text)]) }

    /// The text without markup (for alt text, tests and searching).
    package var plainText: String {
        spans.map { span -> String in
            switch span {
            case .text(let s), .code(let s), .strong(let s): return s
            }
        }.joined()
    }
}
