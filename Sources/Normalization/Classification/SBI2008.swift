/// The divisions (2-digit level) of SBI 2008, for checking the shape of registry SBI codes.
///
/// Source: SBI 2008 (CBS, Standaard Bedrijfsindeling 2008) follows NACE Rev. 2 (Eurostat, 2008) exactly at the
/// section, division, group and class levels (its 5th digit is a Dutch subclass). The divisions below are those of
/// NACE Rev. 2: 01–03, 05–09, 10–33, 35, 36–39, 41–43, 45–47, 49–53, 55–56, 58–63, 64–66, 68, 69–75, 77–82, 84,
/// 85, 86–88, 90–93, 94–96, 97–98, 99. Codes at the 3-, 4- and 5-digit level are **not** checked against a list:
/// no complete SBI 2008 code list is available offline to this project, and an invented one would be worse than
/// none. A registry SBI code is compared with the KvK main activity instead (``KvKEnrichment``).
package enum SBI2008 {
    /// The 88 division codes of NACE Rev. 2 / SBI 2008.
    package static let divisions: Set<String> = {
        let ranges: [ClosedRange<Int>] = [
            1...3, 5...9, 10...33, 35...35, 36...39, 41...43, 45...47, 49...53, 55...56, 58...63, 64...66, 68...68,
            69...75, 77...82, 84...84, 85...85, 86...88, 90...93, 94...96, 97...98, 99...99,
        ]
        var s: Set<String> = []
        for r in ranges { for d in r { s.insert(d < 10 ? "0\(d)" : "\(d)") } }
        return s
    }()

    /// Whether the code's first two digits are an SBI 2008 division.
    package static func hasKnownDivision(_ code: String) -> Bool { divisions.contains(String(code.prefix(2))) }

    /// Whether two SBI codes describe the same activity at the precision of the shorter one
    /// (`8899` and `88991` agree; `8899` and `8810` do not).
    package static func agree(_ a: String, _ b: String) -> Bool {
        a.count <= b.count ? b.hasPrefix(a) : a.hasPrefix(b)
    }
}
