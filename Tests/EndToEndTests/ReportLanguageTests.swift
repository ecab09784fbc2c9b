import Foundation
import TestSupport
import Testing

/// Both languages in one run (issue 17 items 3–4): the demo pipeline's `report.languages: [nl, en]` writes
/// `report.nl.*` and `report.en.*` (and `report.md`, the Dutch alias); the English report holds no Dutch word, the
/// Dutch body no English system message, internal code or machine path.
@Suite("Report languages: Dutch and English side by side, plain language", .serialized)
struct ReportLanguageTests {
    static let run: Result<DemoWorkspace, any Error> = Result {
        let ws = try DemoWorkspace("languages")
        // No --lang: the pipeline file's report.languages decides.
        let r = try ws.impactmon("run", ["--period", "2026Q3"])
        guard r.status == 0 else { throw Browser.Failure(description: "impactmon run failed: \(r.stderr)") }
        return ws
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try run.get().read("report/\(name)"), as: UTF8.self)
    }

    /// Words that occur only in Dutch text (checked as whole words, case-sensitive where a capital matters).
    static let dutchWords = [
        "het", "een", "van", "voor", "niet", "geen", "kwartaal", "kwartalen", "onderneming", "ondernemingen",
        "gepubliceerd",
        "onderdrukt", "gedeeltelijk", "ontbreekt", "dekking", "bron", "Bron", "zelfde", "rapporterend", "verouderd",
        "statistische", "werknemers", "afgelopen", "gemeente", "jaar", "eerder", "cijfers", "geheim", "voorlopig",
        "aantal",
        "personen", "plaatsen", "Samenvatting", "Definities", "Bronnen", "Datakwaliteit", "thema", "indicator",
        "ingehouden",
        "Gegevensstand", "opgehaald", "zie", "bij", "als", "uit", "met", "op", "en", "zijn", "wordt",
    ]

    @Test func bothLanguagesAreWritten() throws {
        let ws = try Self.run.get()
        for name in [
            "report.nl.md", "report.en.md", "report.nl.html", "report.en.html", "report.md", "charts/pop_active_se.svg",
            "charts/pop_active_se.en.svg",
        ] {
            #expect(
                FileManager.default.fileExists(atPath: ws.runDirectory().appendingPathComponent("report/\(name)").path),
                "\(name)")
        }
        #expect(try ws.read("report/report.md") == ws.read("report/report.nl.md"), "report.md is the Dutch report")
        #expect(try Self.text("report.en.md").hasPrefix("# Haarlem Social Enterprise Impact Monitor (demo) — Q3 2026"))
        #expect(
            try Self.text("report.nl.md").hasPrefix(
                "# Impactmonitor Sociaal Ondernemen Haarlem (demo) — 3e kwartaal 2026"))
    }

    @Test(arguments: ["report.en.md", "report.en.html"])
    func noDutchInTheEnglishReport(name: String) throws {
        var text = try Self.text(name)
        if name.hasSuffix(".html") {
            text = text.replacing(/<style>[\s\S]*?<\/style>/, with: "").replacing(/<[^>]+>/, with: " ")
        }
        // The Dutch title of the pipeline is not used; CBS table ids, code spans and chart file names are not words.
        text = text.replacing(/`[^`]*`/, with: " ").replacing(/\]\(charts\/[^)]*\)/, with: "]")
        for word in Self.dutchWords {
            let hits = text.ranges(of: try Regex("(?:^|[^\\w-])\(word)(?:$|[^\\w-])")).map { range -> String in
                let lo = text.index(range.lowerBound, offsetBy: -30, limitedBy: text.startIndex) ?? text.startIndex
                let hi = text.index(range.upperBound, offsetBy: 30, limitedBy: text.endIndex) ?? text.endIndex
                return String(text[lo..<hi]).replacingOccurrences(of: "\n", with: " ")
            }
            #expect(hits.isEmpty, "Dutch word \"\(word)\" in \(name): \(hits.prefix(3))")
        }
    }

    @Test(arguments: ["report.nl.md", "report.en.md"])
    func bodyHasNoCodesNoPathsNoSystemMessages(name: String) throws {
        let whole = try Self.text(name)
        let body =
            (whole.components(separatedBy: name.contains(".nl.") ? "## Bijlage: herkomst" : "## Appendix: provenance")
            .first ?? whole)
            .replacing(/\]\(charts\/[^)]*\)/, with: "]")  // chart file names are links, not text
        #expect(body.count < whole.count, "the report has its appendix")
        for code in [
            "R4K", "R4Q", "j-o-j", "YoY", "hge_eurostat", "scaleup_20", "emerging_scaler", "impact_scaler",
            "insufficient_data",
            "METRICS.md", "sha256", "zie explain", "sbi_section=", "_r4q", "emp_headcount_total", "GM0392", "NL01",
            "2026KW",
        ] {
            #expect(!body.contains(code), "\(code) in the body of \(name)")
        }
        #expect(body.firstMatch(of: /\/(tmp|work|home|root|Users|var)\//) == nil, "a machine path in \(name)")
        #expect(body.firstMatch(of: /`[a-z]+_[a-z0-9_]+`/) == nil, "a metric id in the body of \(name)")
        if name.contains(".nl.") {
            for english in [
                "missing", "not fetched", "error", "Error", "could not", "failed", "warning", "see run.md", "Traceback",
                "published", "suppressed",
            ] {
                #expect(!body.contains(english), "English \"\(english)\" in the Dutch report")
            }
        }
    }

    /// Without Chromium (here: `IMPACTMON_CHROMIUM=""`) there is no PDF, and the one-line run summary says why.
    @Test func withoutChromiumTheSummarySaysSo() throws {
        let ws = try DemoWorkspace("no-chromium")
        let r = try ws.impactmon(
            "run", ["--period", "2026Q3", "--lang", "nl"],
            environment: ["IMPACTMON_CHROMIUM": "", "PATH": "/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("report: ran (no report.pdf: Chromium is not installed"), "\(r.stdout)")
        let folder = ws.runDirectory().appendingPathComponent("report")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.nl.pdf").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.nl.html").path))
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.en.md").path),
            "--lang nl: Dutch only")
    }

    /// Growth classes by their names: the Dutch table lists "snelgroeier (Eurostat/CBS, ≥ 10 werknemers)" where the
    /// code was; the English one "high-growth (Eurostat/CBS, ≥ 10 employees)".
    @Test func growthClassesByName() throws {
        #expect(try Self.text("report.nl.md").contains("| snelgroeier (Eurostat/CBS, ≥ 10 werknemers) |"))
        #expect(try Self.text("report.en.md").contains("| high-growth (Eurostat/CBS, ≥ 10 employees) |"))
        let svg = String(decoding: try Self.run.get().read("report/charts/growth_classes.svg"), as: UTF8.self)
        #expect(svg.contains(">snelgroeier</text>") && !svg.contains("hge_eurostat"))
    }

    /// Trends start at the first published quarter: the demo's returns start in 2020Q1, so the employees chart
    /// covers more than eight quarters and its alt text names the first one.
    @Test func trendsStartAtTheFirstData() throws {
        let md = try Self.text("report.nl.md")
        let alt = md.split(separator: "\n").first { $0.hasPrefix("![Verloop van Werknemers bij sociale ondernemingen") }
        let quarters = alt.flatMap { $0.firstMatch(of: /over ([0-9]+) kwartalen/) }.flatMap { Int($0.1) }
        #expect((quarters ?? 0) > 8, "\(String(describing: alt))")
    }
}

/// Whether a report file prints the data-as-of time ("Gegevensstand", the PDF's dates): the files that may differ
/// between two runs on the same inputs fetched at different times (`report.md`, `report.<lang>.md/.html/.pdf`,
/// the internal reports).
func carriesDataAsOf(_ path: String) -> Bool {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return name.hasPrefix("report.") || name.hasPrefix("report-internal")
}
