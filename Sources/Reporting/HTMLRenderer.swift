import Plot

/// Renders a ``ReportDocument`` as one self-contained HTML page (`report.html`): inline CSS (``ReportStyle``) and
/// inline SVG charts, no scripts, no external fetches.
///
/// Built with Plot (JohnSundell/Plot 0.14.0), a typed HTML builder: every text node is escaped by Plot (`<`, `>`,
/// `&`, quotes); the only raw insertions are the stylesheet (our own constant) and the charts' SVG, which
/// ``SVGChart`` writes with its own XML escaping (`SVGChart.escape`). Accessibility: `lang` on `<html>`, a
/// `<title>`, one `<h1>`, headings in order, every table with `<caption>`, `<th scope="col">` headers and
/// `<th scope="row">` row names, each chart a `<figure>` whose SVG has `role="img"`, `<title>` and `<desc>`, and a
/// `<figcaption>` repeating the alt text. Print: ``ReportStyle`` sets A4 margins, page breaks before themes and
/// repeats table headers (`thead { display: table-header-group }`).
package enum HTMLRenderer {
    /// The whole document as `report.html` (UTF-8, `<!DOCTYPE html>`, ending with a newline): each level-2 or level-3
    /// heading opens a `<section>` holding the blocks up to the next one, all inside `<main>`.
    package static func render(_ document: ReportDocument) -> String {
        let language: Language = document.language == .nl ? .dutch : .english
        var body: [Node<HTML.BodyContext>] = []
        var section: [Node<HTML.BodyContext>] = []
        var sectionOpen = false
        var sectionCount = 0
        func closeSection() {
            if sectionOpen {
                sectionCount += 1
                body.append(.element(named: "section", nodes: section))
            } else {
                body += section
            }
            section = []
        }
        for block in document.blocks {
            if case .heading(let level, _, _) = block, level <= 3, level >= 2 {
                closeSection()
                sectionOpen = true
            }
            section.append(node(block))
        }
        closeSection()
        let html = HTML(
            .lang(language),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: clean(document.title)),
                .raw("<style>\n" + ReportStyle.css + "</style>")
            ),
            .body(.element(named: "main", nodes: body))
        )
        return "<!DOCTYPE html>\n" + html.render(indentedBy: nil).replacingOccurrences(of: "<!DOCTYPE html>", with: "")
            + "\n"
    }

    static func node(_ block: ReportBlock) -> Node<HTML.BodyContext> {
        switch block {
        case .heading(let level, let text, let pageBreak):
            let cls: Node<HTML.BodyContext> = pageBreak ? .class("page-break") : .empty
            switch level {
            case 1: return .h1(cls, .text(clean(text)))
            case 2: return .h2(cls, .text(clean(text)))
            case 3: return .h3(cls, .text(clean(text)))
            default: return .h4(cls, .text(clean(text)))
            }
        case .byline(let t): return .p(.class("byline"), inline(t))
        case .paragraph(let t): return .p(inline(t))
        case .note(let t): return .p(.class("note"), inline(t))
        case .list(let items): return .ul(.group(items.map { .li(inline($0)) }))
        case .table(let t): return table(t)
        case .chart(let c):
            return .element(
                named: "figure",
                nodes: [
                    Node<HTML.BodyContext>.class("chart"), .raw(c.svg),
                    .element(named: "figcaption", nodes: [Node<HTML.BodyContext>.text(clean(c.altText))]),
                ])
        }
    }

    static func table(_ t: ReportTable) -> Node<HTML.BodyContext> {
        func align(_ i: Int) -> Node<HTML.BodyContext> {
            i < t.alignments.count && t.alignments[i] == .right ? .class("num") : .empty
        }
        let head: Node<HTML.TableContext> = .thead(
            .tr(
                .group(
                    t.header.enumerated().map { i, h in
                        .th(.attribute(named: "scope", value: "col"), align(i), .text(clean(h)))
                    })))
        let rows: [Node<HTML.TableContext>] = t.rows.map { row in
            .tr(
                .group(
                    row.enumerated().map { i, cell -> Node<HTML.TableRowContext> in
                        i == 0
                            ? .th(.attribute(named: "scope", value: "row"), inline(cell)) : .td(align(i), inline(cell))
                    }))
        }
        var nodes: [Node<HTML.BodyContext>] = [
            .element(
                named: "div",
                nodes: [
                    Node<HTML.BodyContext>.class("table-wrap"),
                    .table(.caption(.text(clean(t.caption))), head, .tbody(.group(rows))),
                ])
        ]
        for n in t.notes { nodes.append(.p(.class("note"), inline(n))) }
        return .group(nodes)
    }

    /// Text as it must reach Plot: without the control characters and bidirectional overrides of ``TextSafety``
    /// (Plot escapes markup, not these), and with every `&` written `&amp;` first: Plot escapes `<` and `>` but keeps
    /// a character reference as it is (`&#60;` would show as `<`), so a source's `&amp;` shows as written.
    static func clean(_ s: String) -> String {
        String(s.filter { !TextSafety.isInvisibleControl($0) }).replacingOccurrences(of: "&", with: "&amp;")
    }

    /// Text spans as HTML: escaped text, `<code>`, `<strong>`.
    static func inline(_ t: RichText) -> Node<HTML.BodyContext> {
        .group(
            t.spans.map { span -> Node<HTML.BodyContext> in
                switch span {
                case .text(let s): return .text(clean(s))
                case .code(let s): return .code(.text(clean(s)))
                case .strong(let s): return .strong(.text(clean(s)))
                }
            })
    }
}
