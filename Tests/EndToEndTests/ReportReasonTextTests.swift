import CSVCodec
import Foundation
import ImpactModel
import Reporting
import TestSupport
import Testing

/// Reasons in the report come from the language's catalogue (issue 18, item 3): the English report of the demo run
/// shows English reject reasons and notes and no Dutch catalogue text; the Dutch one shows the Dutch text. The
/// demo run is the one of ``ReportLanguageTests`` (both languages in one run).
@Suite("Report reasons: each language from its own catalogue", .serialized)
struct ReportReasonTextTests {
    /// `(source, reason code) → count` from the run's `normalize/rejects.csv`, counted here from the file.
    static func rejectCounts() throws -> [String: Int] {
        let ws = try ReportLanguageTests.run.get()
        let table = try CSVReader.read(
            try ws.read("normalize/rejects.csv"), file: "rejects.csv",
            options: CSVReadOptions(delimiter: UInt8(ascii: ",")))
        #expect(table.header == Reject.csvHeader, "rejects.csv keeps its columns")
        var counts: [String: Int] = [:]
        for r in table.records { counts["\(r.fields[0])|\(r.fields[6])", default: 0] += 1 }
        return counts
    }

    /// Each (source, reason) of rejects.csv is a row of the appendix table with the catalogue's words and the count.
    @Test(arguments: [ReportLanguage.en, .nl])
    func rejectTableShowsTheReasonInWords(language: ReportLanguage) throws {
        let text = try ReportLanguageTests.text(language == .en ? "report.en.md" : "report.nl.md")
        let counts = try Self.rejectCounts()
        #expect(!counts.isEmpty, "the demo has rejects (2 impact returns, 1 procurement row in the golden run)")
        for (key, count) in counts {
            let parts = key.split(separator: "|").map(String.init)
            guard let reason = RejectReason(rawValue: parts[1]) else {
                Issue.record("rejects.csv has reason \(parts[1]), which is not a RejectReason case")
                continue
            }
            let words = ReasonCatalogue.of(language).reject(reason)
            let row = "| `\(parts[0])` | \(words) (`\(reason.code)`) | \(count) |"
            #expect(text.contains(row), "missing row \(row)")
        }
    }

    /// No text of the Dutch catalogue (reject reasons, and the fixed words of every kind of note) is in the English
    /// report, Markdown or HTML.
    @Test(arguments: ["report.en.md", "report.en.html"])
    func englishReportHasNoDutchReasonText(name: String) throws {
        let text = try ReportLanguageTests.text(name)
        var dutch = RejectReason.allCases.map(ReasonCatalogue.dutch.reject)
        // A note's words up to its first parameter ("minder dan ", "latere periode "), if that is a phrase at all.
        for code in MetricNote.Code.allCases {
            let nl = ReasonCatalogue.dutch.note(MetricNote.example(code))
            let fixed = String(nl.prefix { !$0.isNumber }).trimmingCharacters(in: .whitespaces)
            if fixed.count >= 8 { dutch.append(fixed) }
        }
        #expect(dutch.count > RejectReason.allCases.count + 8)
        for phrase in dutch {
            #expect(!text.contains(phrase), "Dutch reason text \"\(phrase)\" in \(name)")
        }
    }
}
