import CSVCodec
import Foundation
import ImpactModel
import Indicators
import TestSupport
import Testing

@testable import Reporting

/// Notes are facts, worded late (issue 18 item 3): compute writes every clause of the `note` column of
/// `compute/metrics.csv` as a stored code (``MetricNote/stored``), and only the report's catalogues make Dutch or
/// English of it; the internal report names growth classes in words, not by their codes.
@Suite("Stored note codes, rendered by the catalogue", .serialized)
struct StoredNotesTests {
    /// The demo's compute output and internal reports in both languages, made once.
    static let demo: Result<(metrics: CSVTable, internalNL: String, internalEN: String), any Error> = Result {
        let ws = try DemoWorkspace("e2e-stored-notes")
        let run = try ws.impactmon("run", ["--period", "2026Q3"])
        guard run.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: ["stderr": run.stderr]) }
        let en = try ws.impactmon("report", ["--period", "2026Q3", "--lang", "en"])
        guard en.status == 0 else { throw CocoaError(.featureUnsupported, userInfo: ["stderr": en.stderr]) }
        return (
            try CSVReader.read(try ws.read("compute/metrics.csv"), file: "metrics.csv"),
            String(decoding: try ws.read("internal/report-internal.md"), as: UTF8.self),
            String(decoding: try ws.read("internal/report-internal.en.md"), as: UTF8.self)
        )
    }

    @Test func everyNoteClauseOfComputeIsAStoredCodeWithTextInBothLanguages() throws {
        let t = try Self.demo.get().metrics
        let note = try #require(t.column("note"))
        var clauses = 0
        var codes: Set<MetricNote.Code> = []
        for r in t.records where !r.fields[note].isEmpty {
            let parts = r.fields[note].components(separatedBy: "; ")
            var parsed: [MetricNote] = []
            for c in parts {
                let n = try #require(MetricNote(stored: c), "row \(r.number): \"\(c)\" is no stored note code")
                #expect(n.stored == c, "row \(r.number): \(c) does not round-trip")
                parsed.append(n)
                codes.insert(n.code)
                clauses += 1
            }
            // The report's text is the catalogue's text of each clause, in order, each text once.
            for lang in [ReportLanguage.nl, .en] {
                let catalogue = ReasonCatalogue.of(lang)
                var expected: [String] = []
                for n in parsed where !expected.contains(catalogue.note(n)) { expected.append(catalogue.note(n)) }
                let text = ReportNotes.text(r.fields[note], lang)
                #expect(text == expected.joined(separator: "; "), "row \(r.number) \(lang)")
                #expect(!text.contains("_") && !text.contains("="), "row \(r.number) \(lang): a code in \"\(text)\"")
            }
        }
        // The demo has notes of several kinds: disclosure, coverage, CBS periods, incomplete windows.
        #expect(clauses > 50, "\(clauses) clauses")
        #expect(codes.count >= 6, "\(codes.map(\.rawValue).sorted())")
        #expect(codes.contains(.fewerThan))
    }

    /// The core group's report names growth classes in words (NL and EN), never by their codes.
    @Test(arguments: [ReportLanguage.nl, .en])
    func internalReportShowsNoClassCode(lang: ReportLanguage) throws {
        let demo = try Self.demo.get()
        let text = lang == .nl ? demo.internalNL : demo.internalEN
        let catalogue = ReasonCatalogue.of(lang)
        // A code that is itself a word of the language (`stable`, `gazelle`) is in the text as a word; the others
        // (`hge_eurostat`, `scaleup_20`, …) must not be there at all.
        let codes = HighGrowthClass.allCases.filter { c in
            !catalogue.growthClasses.values.contains { $0.contains(c.rawValue) }
        }
        #expect(codes.count >= 5, "\(codes)")
        for c in codes {
            #expect(
                text.firstMatch(of: try Regex("(?:^|[^A-Za-z_])\(c.rawValue)(?:$|[^A-Za-z_])")) == nil,
                "class code \(c.rawValue) in the \(lang) internal report")
        }
        for c in HighGrowthClass.allCases {
            #expect(catalogue.growthClasses[c.rawValue] != nil, "\(c.rawValue) has no \(lang) text")
        }
        // The demo classifies enterprises: some class is there in words.
        let words = HighGrowthClass.allCases.compactMap { ReasonCatalogue.of(lang).growthClasses[$0.rawValue] }
        #expect(words.contains { text.contains($0) }, "\(text.prefix(600))")
    }
}
