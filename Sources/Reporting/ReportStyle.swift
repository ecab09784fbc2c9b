/// The stylesheet of `report.html`, inlined in its `<head>`: readable on screen, and printed by a browser (or by
/// headless Chromium for `report.pdf`) as clean A4 pages.
///
/// Colours: text #1a1a1a on white (contrast 17:1), secondary text #595959 (7:1), table rules #767676 — all at or
/// above WCAG 2.1 AA (4.5:1). Print: A4 with 18 mm margins, each theme (`h3.page-break`) and each main section marked
/// `page-break` starts a new page, table headers repeat on every page (`thead` as `table-header-group`), rows and
/// charts are not split across pages.
enum ReportStyle {
    static let css = """
        :root { color-scheme: light; }
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a; background: #ffffff;
          margin: 0; line-height: 1.45; font-size: 15px; }
        main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.7rem; margin: 0 0 0.3rem; color: #0b3d6e; }
        h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 2px solid #0b3d6e; padding-bottom: 0.2rem; color: #0b3d6e; }
        h3 { font-size: 1.12rem; margin-top: 1.6rem; color: #0b3d6e; }
        .byline { color: #595959; font-style: italic; margin-top: 0; }
        .note { color: #595959; font-size: 0.85rem; margin: 0.3rem 0 1rem; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 0.4rem; font-size: 0.85rem; }
        caption { text-align: left; font-weight: bold; padding: 0.3rem 0; color: #1a1a1a; }
        th, td { border-bottom: 1px solid #767676; padding: 0.25rem 0.45rem; vertical-align: top; text-align: left; }
        thead th { background: #e8eef5; border-bottom: 2px solid #0b3d6e; }
        tbody th { font-weight: normal; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody th { min-width: 11em; }
        code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; background: #f2f2f2; padding: 0 0.2em; }
        figure.chart { margin: 1rem 0; }
        figure.chart svg { max-width: 100%; height: auto; }
        figcaption { color: #595959; font-size: 0.85rem; }
        @page { size: A4; margin: 18mm 16mm; }
        @media print {
          body { font-size: 10pt; }
          table { font-size: 8pt; }
          main { max-width: none; padding: 0; }
          .page-break { break-before: page; page-break-before: always; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          thead { display: table-header-group; }
          tr, figure.chart, .note { break-inside: avoid; page-break-inside: avoid; }
          .table-wrap { overflow: visible; }
          a { color: #1a1a1a; }
        }

        """
}
