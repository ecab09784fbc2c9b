/// The language of a report: Dutch by default, English on request (`--lang en`).
package enum ReportLanguage: String, Sendable, CaseIterable {
    case nl, en

    /// What the report files of this language carry before their extension: nothing for Dutch (`report.md`, the
    /// default), `.en` for English (`report.en.md`, `charts/emp_headcount_total.en.svg`), so both sit side by side.
    package var fileSuffix: String { self == .nl ? "" : ".\(rawValue)" }

    /// Thousands and decimal separators: `1.234,5` in Dutch, `1,234.5` in English, independent of the process
    /// locale (KNOWN-FAULTS B36).
    var separators: (thousands: Character, decimal: Character) {
        switch self {
        case .nl: return (".", ",")
        case .en: return (",", ".")
        }
    }
}

/// Formats numbers for people, per language, without Foundation's locale machinery.
package struct HumanNumberFormat: Sendable {
    /// The language whose separators are used.
    package let language: ReportLanguage

    /// A formatter for `language`.
    package init(_ language: ReportLanguage) { self.language = language }

    /// Rounds half away from zero to `decimals` places and groups thousands: `1234.56` → `1.234,6` (nl).
    package func format(_ value: Double, decimals: Int) -> String {
        // Never trap (issue 15): inputs are bounded to ±10^15 (NumericRange), but a derived value may not be.
        guard value.isFinite else { return "–" }
        guard abs(value) < 1e17 else { return value < 0 ? "−" + "\(-value)" : "\(value)" }
        let scale = pow10(decimals)
        let rounded = (abs(value) * scale).rounded(.toNearestOrAwayFromZero) / scale
        let negative = value < 0 && rounded != 0
        let intPart = UInt64(rounded.rounded(.towardZero))
        var frac = ""
        if decimals > 0 {
            let f = UInt64(((rounded - Double(intPart)) * scale).rounded())
            var s = String(f)
            while s.count < decimals { s = "0" + s }
            frac = String(language.separators.decimal) + s
        }
        var digits = Array(String(intPart))
        var grouped: [Character] = []
        while digits.count > 3 {
            grouped = [language.separators.thousands] + Array(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        return (negative ? "−" : "") + String(grouped) + frac
    }

    /// A signed change: `+3,2` / `−1,0`.
    package func signed(_ value: Double, decimals: Int) -> String {
        let body = format(value, decimals: decimals)
        return value > 0 && body != format(0, decimals: decimals) ? "+" + body : body
    }

    private func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<max(0, n) { r *= 10 }
        return r
    }
}
