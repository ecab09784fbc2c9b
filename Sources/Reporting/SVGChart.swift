/// Small, deterministic SVG charts for the report: a trend line per headline metric and bars for growth classes.
///
/// Every number in the SVG is printed with a fixed number of decimals by our own formatter, so the same data
/// gives the same bytes on any machine and locale. Each chart carries `<title>` and `<desc>` (the alt text) for
/// screen readers, and the Markdown that embeds it repeats the alt text.
package enum SVGChart {
    /// A point of a trend line; `value` nil = not published (gap in the line, marked with the symbol).
    package struct Point: Sendable, Hashable {
        /// The x-axis label of the point, a quarter in the report's words (`3e kw. 2026`, `Q3 2026`).
        package var label: String
        /// The published value in the metric's unit; `nil` when not published (suppressed, withheld or unknown).
        package var value: Double?
        /// Shown instead of a missing value: `x` for a suppressed cell, `.` for an unknown one.
        package var symbol: String
        /// A provisional figure (`*`, `**`): drawn as an open circle.
        package var provisional: Bool
        /// A point; `symbol` defaults to `.` (unknown), `provisional` to a final figure.
        package init(label: String, value: Double?, symbol: String = ".", provisional: Bool = false) {
            self.label = label
            self.value = value
            self.symbol = symbol
            self.provisional = provisional
        }
    }

    /// The legend's words, in the report's language (from ``ReportPhrases``).
    package struct Legend: Sendable, Hashable {
        /// The word for the line's marker (`waarde`).
        package var line: String
        /// The word for the open circle of a provisional figure (`voorlopig (*, **)`).
        package var provisional: String
        /// The explanation of a gap in the line and its symbols (`geen waarde: x geheim, . onbekend`).
        package var gap: String
        /// A legend from its three texts.
        package init(line: String, provisional: String, gap: String) {
            self.line = line
            self.provisional = provisional
            self.gap = gap
        }
    }

    /// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, at most `maxTicks` intervals, from a multiple of
    /// the step at or below `lo` to one at or above `hi` (Heckbert, "Nice numbers for graph labels", Graphics Gems
    /// 1990). `niceTicks(0, 37)` is 0, 10, 20, 30, 40.
    package static func niceTicks(_ lo: Double, _ hi: Double, maxTicks: Int = 5) -> [Double] {
        let span = hi - lo
        guard span > 0, span.isFinite else { return [lo, lo + 1] }
        let raw = span / Double(maxTicks)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let start = (lo / step).rounded(.down) * step
        let end = (hi / step).rounded(.up) * step
        var ticks: [Double] = []
        var k = 0.0
        while start + k * step <= end + step / 1e6 {
            // Multiply rather than accumulate, so 0.1 + 0.1 + 0.1 prints as 0.3.
            ticks.append(((start + k * step) / step).rounded() * step)
            k += 1
        }
        return ticks
    }

    static let width = 640.0
    static let height = 240.0
    static let left = 56.0
    static let right = 36.0
    static let top = 28.0
    static let bottom = 36.0

    /// A line chart of `points` (oldest first).
    ///
    /// The y axis always includes zero and has 1-2-5 ticks (``niceTicks(_:_:maxTicks:)``); a point without a value
    /// breaks the line (a gap, never a zero) and shows its symbol (`x`, `.`) on the axis; provisional points are open
    /// circles. With many quarters only every n-th axis label is printed, so labels never overlap.
    /// - Parameters:
    ///   - title: the chart's title (metric label and unit).
    ///   - description: the alt text: what the chart shows, with the first and last value.
    ///   - legend: the legend's words; nil draws none.
    package static func line(
        title: String, description: String, points: [Point], format: (Double) -> String, legend: Legend? = nil
    ) -> String {
        let values = points.compactMap(\.value)
        let ticks = niceTicks(min(0, values.min() ?? 0), max(0, values.max() ?? 1))
        let lo = ticks.first ?? 0
        let hi = max(ticks.last ?? 1, lo + 1)
        let legendH = legend == nil ? 0.0 : 22.0
        let totalH = height + legendH
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ i: Int) -> Double {
            points.count <= 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(points.count - 1)
        }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - lo) / (hi - lo)) }

        var svg = header(title: title, description: description, height: totalH)
        for v in ticks {
            let yy = y(v)
            svg +=
                "<line x1=\"\(n(left))\" y1=\"\(n(yy))\" x2=\"\(n(width - right))\" y2=\"\(n(yy))\" stroke=\"\(v == 0 ? "#767676" : "#dddddd")\"/>\n"
            svg +=
                "<text x=\"\(n(left - 6))\" y=\"\(n(yy + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#333333\">\(escape(format(v)))</text>\n"
        }
        // At most about 8 axis labels: every step-th point, and always the last (the report quarter).
        let step = max(1, Int((Double(points.count) / 8).rounded(.up)))
        for (i, p) in points.enumerated() where (points.count - 1 - i) % step == 0 {
            svg +=
                "<text x=\"\(n(x(i)))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#333333\">\(escape(p.label))</text>\n"
        }
        // The line, broken where a value is missing.
        var segment: [String] = []
        func flush() {
            if segment.count > 1 {
                svg +=
                    "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"\(segment.joined(separator: " "))\"/>\n"
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
                let fill = p.provisional ? "#ffffff" : "#1f5fa8"
                svg +=
                    "<circle cx=\"\(n(x(i)))\" cy=\"\(n(y(v)))\" r=\"3\" fill=\"\(fill)\" stroke=\"#1f5fa8\" stroke-width=\"1.5\"><title>\(escape(p.label)): \(escape(format(v)))\(p.provisional ? "*" : "")</title></circle>\n"
            } else {
                svg +=
                    "<text x=\"\(n(x(i)))\" y=\"\(n(top + plotH - 4))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#595959\"><title>\(escape(p.label)): \(escape(p.symbol))</title>\(escape(p.symbol))</text>\n"
            }
        }
        if let legend { svg += legendRow(legend, y: height + 6) }
        return svg + "</svg>\n"
    }

    /// The legend under a chart: the line, an open circle for provisional figures, and the gap symbols.
    static func legendRow(_ legend: Legend, y: Double) -> String {
        let yy = y + 8
        var out = "<g class=\"legend\" font-size=\"11\" fill=\"#333333\">\n"
        out +=
            "<line x1=\"\(n(left))\" y1=\"\(n(yy))\" x2=\"\(n(left + 18))\" y2=\"\(n(yy))\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>\n"
        out += "<circle cx=\"\(n(left + 9))\" cy=\"\(n(yy))\" r=\"3\" fill=\"#1f5fa8\"/>\n"
        out += "<text x=\"\(n(left + 24))\" y=\"\(n(yy + 4))\">\(escape(legend.line))</text>\n"
        out +=
            "<circle cx=\"\(n(left + 90))\" cy=\"\(n(yy))\" r=\"3\" fill=\"#ffffff\" stroke=\"#1f5fa8\" stroke-width=\"1.5\"/>\n"
        out += "<text x=\"\(n(left + 98))\" y=\"\(n(yy + 4))\">\(escape(legend.provisional))</text>\n"
        out += "<text x=\"\(n(left + 230))\" y=\"\(n(yy + 4))\">\(escape(legend.gap))</text>\n"
        return out + "</g>\n"
    }

    /// A horizontal bar chart of counts per category.
    /// A bar whose value is nil is suppressed: no bar, the CBS symbol `x` instead.
    package static func bars(
        title: String, description: String, bars: [(label: String, value: Int?)], legend: Legend? = nil
    ) -> String {
        let rowH = 24.0
        let h = top + Double(bars.count) * rowH + 12 + (legend == nil ? 0 : 18)
        let maxV = Double(max(bars.compactMap(\.value).max() ?? 1, 1))
        let labelW = 150.0
        let plotW = width - labelW - right - 40
        var svg = header(title: title, description: description, height: h)
        for (i, b) in bars.enumerated() {
            let yy = top + Double(i) * rowH
            svg +=
                "<text x=\"\(n(labelW - 8))\" y=\"\(n(yy + 15))\" text-anchor=\"end\" font-size=\"12\">\(escape(b.label))</text>\n"
            guard let value = b.value else {
                svg += "<text x=\"\(n(labelW + 6))\" y=\"\(n(yy + 15))\" font-size=\"12\" fill=\"#595959\">x</text>\n"
                continue
            }
            let w = plotW * Double(value) / maxV
            svg +=
                "<rect x=\"\(n(labelW))\" y=\"\(n(yy + 3))\" width=\"\(n(w))\" height=\"\(n(rowH - 8))\" fill=\"#1f5fa8\"/>\n"
            svg += "<text x=\"\(n(labelW + w + 6))\" y=\"\(n(yy + 15))\" font-size=\"12\">\(value)</text>\n"
        }
        if let legend {
            svg +=
                "<text x=\"\(n(labelW))\" y=\"\(n(top + Double(bars.count) * rowH + 18))\" font-size=\"11\" fill=\"#333333\">\(escape(legend.gap))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// The SVG element with `<title>` and `<desc>`. Their ids are unique per chart (derived from the title), so
    /// several charts inlined in one HTML page keep distinct `aria-labelledby` targets.
    private static func header(title: String, description: String, height h: Double = height) -> String {
        let id = "c" + String(UInt32(truncatingIfNeeded: stableHash(title + "\u{1F}" + description)), radix: 16)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(h))" viewBox="0 0 \(n(width)) \(n(h))" role="img" aria-labelledby="\(id)t \(id)d" font-family="sans-serif">
            <title id="\(id)t">\(escape(title))</title>
            <desc id="\(id)d">\(escape(description))</desc>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(n(left))" y="18" font-size="13" font-weight="bold">\(escape(title))</text>

            """
    }

    /// FNV-1a over the UTF-8 bytes: the same text gives the same id on every machine (unlike `hashValue`).
    static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
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
