import Foundation
import TestSupport
import Testing

/// The demo's HTML and PDF reports in a real browser (issue 17 item 1): headless Chromium renders `report.nl.html`
/// and `report.en.html`, a screenshot is taken, the DOM (`--dump-dom`) holds every table and chart of the Markdown
/// report (counted independently from `report.*.md`), and the PDF's page count and text are read with poppler
/// (`pdfinfo`, `pdftotext`): each theme starts a page, and the text has no internal codes.
///
/// Without Chromium the suite is skipped with that reason; under CI (which installs it) a missing Chromium fails.
@Suite("HTML and PDF report in headless Chromium", .serialized, .enabled(if: Browser.available, Browser.skipReason))
struct HTMLReportBrowserTests {
    /// One demo run in both languages, shared by the tests of this suite.
    static let run: Result<DemoWorkspace, any Error> = Result {
        let ws = try DemoWorkspace("browser")
        let r = try ws.impactmon("run", ["--period", "2026Q3", "--lang", "nl,en"])
        guard r.status == 0 else { throw Browser.Failure(description: "impactmon run failed: \(r.stderr)") }
        return ws
    }

    @Test(arguments: ["nl", "en"])
    func domHoldsEveryTableAndChart(language: String) throws {
        let ws = try Self.run.get()
        let report = ws.runDirectory().appendingPathComponent("report")
        let markdown = String(decoding: try ws.read("report/report.\(language).md"), as: UTF8.self)
        // Independent counts from the Markdown: a table is a header rule line, a chart an image.
        let mdTables = markdown.split(separator: "\n").filter { $0.hasPrefix("| ---") || $0.hasPrefix("| :--") }.count
        let mdCharts = markdown.split(separator: "\n").filter { $0.hasPrefix("![") }.count
        #expect(
            mdTables >= 15 && mdCharts >= 6, "the demo report has its tables (\(mdTables)) and charts (\(mdCharts))")

        let dom = try Browser.run([
            "--dump-dom", report.appendingPathComponent("report.\(language).html").absoluteString,
        ])
        #expect(dom.contains("<html lang=\"\(language)\">"))
        #expect(Browser.count("<table", in: dom) == mdTables)
        #expect(Browser.count("<caption>", in: dom) == mdTables, "every table has a caption")
        #expect(Browser.count("<figure class=\"chart\">", in: dom) == mdCharts)
        #expect(Browser.count("<svg ", in: dom) == mdCharts)
        #expect(Browser.count("role=\"img\"", in: dom) == mdCharts)
        #expect(Browser.count("<thead>", in: dom) == mdTables, "every table has a header row to repeat on each page")
        #expect(!dom.contains("<script"))

        // A screenshot: a PNG of the first screen, not blank (more than a few KB).
        let png = FileManager.default.temporaryDirectory.appendingPathComponent(
            "impactmon-report-\(language)-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: png) }
        _ = try Browser.run([
            "--screenshot=\(png.path)", "--window-size=1200,1600", "--hide-scrollbars",
            report.appendingPathComponent("report.\(language).html").absoluteString,
        ])
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(bytes.count > 20_000, "a screenshot with content, got \(bytes.count) bytes")
    }

    @Test(arguments: ["nl", "en"])
    func pdfPagesAndText(language: String) throws {
        let ws = try Self.run.get()
        let pdf = ws.runDirectory().appendingPathComponent("report/report.\(language).pdf")
        let info = try Browser.tool("pdfinfo", [pdf.path])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap {
            Int($0.split(separator: " ").last ?? "")
        }
        #expect(info.contains("A4") || info.contains("595."), "A4 pages: \(info)")
        let text = try Browser.tool("pdftotext", [pdf.path, "-"])
        let pageTexts = text.components(separatedBy: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(pages == pageTexts.count, "pdfinfo and pdftotext agree on the pages")
        // Each theme with figures starts a page: its name is the first line of some page.
        let themes =
            language == "nl"
            ? [
                "Economie", "Werk en participatie", "Onderwijs", "Duurzaamheid", "Sociale zaken", "Inkoop",
                "Financiering",
            ]
            : [
                "Economy", "Work and participation", "Education", "Sustainability", "Social affairs", "Procurement",
                "Finance",
            ]
        let firstLines = pageTexts.map {
            $0.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.trimmingCharacters(
                in: .whitespaces) ?? ""
        }
        // The first theme sits under the section heading, which starts a page; every further theme starts its own.
        let sectionHeading = language == "nl" ? "Cijfers per thema" : "Figures by theme"
        let sectionPage = firstLines.firstIndex(of: sectionHeading)
        #expect(
            sectionPage.map { pageTexts[$0].contains(themes[0]) } == true,
            "\(sectionHeading) starts a page with \(themes[0])")
        for theme in themes.dropFirst() {
            #expect(firstLines.contains(theme), "\(theme) starts a page; first lines: \(firstLines)")
        }
        // At least: title page(s), one page per theme, growth classes, definitions and the appendix.
        #expect((pages ?? 0) >= themes.count + 3)
        let body =
            text.components(separatedBy: language == "nl" ? "Bijlage: herkomst" : "Appendix: provenance").first ?? text
        for code in [
            "R4K", "R4Q", "j-o-j", "hge_eurostat", "scaleup_20", "emp_headcount_total", "METRICS.md", "sha256", "/tmp/",
            "/work/", "file://",
        ] {
            #expect(!body.contains(code), "\(code) in the PDF body")
        }
        #expect(text.contains(language == "nl" ? "Samenvatting" : "Summary"))
    }
}

/// Headless Chromium and poppler for the tests.
enum Browser {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static let executable: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    static let hasPoppler = FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    /// Outside CI the suite needs Chromium and poppler-utils; under CI it always runs (and fails without them).
    static var available: Bool {
        (executable != nil && hasPoppler) || ProcessInfo.processInfo.environment["CI"] != nil
    }

    static let skipReason: Comment =
        "headless Chromium or poppler-utils is not installed (bash scripts/install-deps.sh installs both; CI has them)"

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Runs headless Chromium with `arguments`; its stdout.
    static func run(_ arguments: [String]) throws -> String {
        guard let executable else { throw Failure(description: "chromium is not installed") }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "impactmon-test-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try tool(
            executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=\(profile.path)",
            ] + arguments)
    }

    /// Runs a program (by path, or by name from /usr/bin) and returns its stdout; a non-zero exit throws.
    static func tool(_ name: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: name.hasPrefix("/") ? name : "/usr/bin/\(name)")
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice  // Chromium's log lines; the exit status says what matters
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")) exited \(p.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
