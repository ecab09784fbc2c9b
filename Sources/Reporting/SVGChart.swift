/// Small, deterministic SVG charts for the report: a trend line per headline metric and bars for growth classes.
///
/// Every number in the SVG is printed with a fixed number of decimals by our own formatter, so the same data
/// gives the same bytes on any machine and locale. Each chart carries `<title>` and `<desc>` (the alt text) for
/// screen readers, and the Markdown that embeds it repeats the alt text.
package enum SVGChart {
    /// A point of a trend line; `value` nil = not published (gap in the line, marked with the symbol).
    package struct Point: Sendable, Hashable {
        package var label: String
        package var value: Double?
        /// Shown instead of a missing value: `x` for a suppressed cell, `.` for an unknown one.
        package var symbol: String
        package init(label: String, value: Double?, symbol: String = ".") {
            self.label = label
            self.value = value
            self.symbol = symbol
        }
    }

    static let width = 640.0
    static let height = 240.0
    static let left = 56.0
    static let right = 36.0
    static let top = 28.0
    static let bottom = 36.0

    /// A line chart of `points` (oldest first).
    /// - Parameters:
    ///   - title: the chart's title (metric label and unit).
    ///   - description: the alt text: what the chart shows, with the first and last value.
    package static func line(title: String, description: String, points: [Point], format: (Double) -> String)
        -> String
    {
        let values = points.compactMap(\.value)
        // The axis always includes zero, so a change is never exaggerated by a cut-off baseline.
        let lo = min(0, values.min() ?? 0)
        var hi = max(0, values.max() ?? 1)
        if hi == lo { hi = lo + 1 }
        // Whole numbers get whole gridlines: the middle line of 0…3 would otherwise be 1.5, printed as "2".
        if values.allSatisfy({ $0 == $0.rounded() }), (hi - lo).truncatingRemainder(dividingBy: 2) != 0 { hi += 1 }
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ i: Int) -> Double {
            points.count <= 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(points.count - 1)
        }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - lo) / (hi - lo)) }

        var svg = header(title: title, description: description)
        // Axes and three horizontal grid lines with labels.
        for k in 0...2 {
            let v = lo + (hi - lo) * Double(k) / 2
            let yy = y(v)
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(yy))\" x2=\"\(n(width - right))\" y2=\"\(n(yy))\" stroke=\"#dddddd\"/>\n"
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(yy + 4))\" text-anchor=\"end\" font-size=\"11\">\(escape(format(v)))</text>\n"
        }
        for (i, p) in points.enumerated() {
            svg += "<text x=\"\(n(x(i)))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\" font-size=\"11\">\(escape(p.label))</text>\n"
        }
        // The line, broken where a value is missing.
        var segment: [String] = []
        func flush() {
            if segment.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"\(segment.joined(separator: " "))\"/>\n"
            }
            segment = []
        }
        for (i, p) in points.enumerated() {
            if let v = p.value {
                segment.append("\(n(x(i))),\(n(y(v)))")
            } else {
                flush()
            }
        }
        flush()
        for (i, p) in points.enumerated() {
            if let v = p.value {
                svg += "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(v)))\" r=\"3\" fill=\"#1f5fa8\"><title>\(escape(p.label)): \(escape(format(v)))</title></circle>\n"
            } else {
                svg += "<text x=\"\(n(x(i)))\" y=\"\(n(top + plotH - 4))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#888888\">\(escape(p.symbol))</text>\n"
            }
        }
        return svg + "</svg>\n"
    }

    /// A horizontal bar chart of counts per category.
    /// A bar whose value is nil is suppressed: no bar, the CBS symbol `x` instead.
    package static func bars(title: String, description: String, bars: [(label: String, value: Int?)]) -> String {
        let rowH = 24.0
        let h = top + Double(bars.count) * rowH + 12
        let maxV = Double(max(bars.compactMap(\.value).max() ?? 1, 1))
        let labelW = 150.0
        let plotW = width - labelW - right - 40
        var svg = header(title: title, description: description, height: h)
        for (i, b) in bars.enumerated() {
            let yy = top + Double(i) * rowH
            svg += "<text x=\"\(n(labelW - 8))\" y=\"\(n(yy + 15))\" text-anchor=\"end\" font-size=\"12\">\(escape(b.label))</text>\n"
            guard let value = b.value else {
                svg += "<text x=\"\(n(labelW + 6))\" y=\"\(n(yy + 15))\" font-size=\"12\" fill=\"#888888\">x</text>\n"
                continue
            }
            let w = plotW * Double(value) / maxV
            svg += "<rect x=\"\(n(labelW))\" y=\"\(n(yy + 3))\" width=\"\(n(w))\" height=\"\(n(rowH - 8))\" fill=\"#1f5fa8\"/>\n"
            svg += "<text x=\"\(n(labelW + w + 6))\" y=\"\(n(yy + 15))\" font-size=\"12\">\(value)</text>\n"
        }
        return svg + "</svg>\n"
    }

    private static func header(title: String, description: String, height h: Double = height) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(h))" viewBox="0 0 \(n(width)) \(n(h))" role="img" aria-labelledby="t d" font-family="sans-serif">
        <title id="t">\(escape(title))</title>
        <desc id="d">\(escape(description))</desc>
        <rect width="100%" height="100%" fill="#ffffff"/>
        <text x="\(n(left))" y="18" font-size="13" font-weight="bold">\(escape(title))</text>

        """
    }

    /// Coordinates with one decimal, locale-free.
    static func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        let whole = Int(r.rounded(.towardZero))
        let tenth = Int((abs(r - Double(whole)) * 10).rounded())
        return (r < 0 && whole == 0 ? "-" : "") + "\(whole).\(tenth)"
    }

    /// XML text escaping.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: if !TextSafety.isInvisibleControl(ch) { out.append(ch) }
            }
        }
        return out
    }
}
