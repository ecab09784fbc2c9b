import CSVCodec
import Foundation
import TestSupport
import Testing

/// The report's files checked by independent tools: GitHub's GFM parser (cmark-gfm, via the Python package
/// `cmarkgfm`), the `frictionless` validator, and Python's csv module for the Excel variant. `.ci/run` installs them.
@Suite("Report formats checked by independent tools", .serialized)
struct ReportFormatTests {
    private func python(_ args: [String], in dir: URL) throws -> BinaryRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return BinaryRun(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func markdownTablesRenderAsGFMEvenWithPipesInNames() throws {
        let ws = try DemoWorkspace("e2e-gfm")
        // B34: a name with `|` (and one with a backticked `|`) in the registry reaches the internal report's table.
        let registry = ws.root.appendingPathComponent("config/registry.csv")
        var text = try String(contentsOf: registry, encoding: .utf8)
        text = text.replacingOccurrences(of: "Stichting Werkplaats Spaarne", with: "Web|Werk Coöperatie")
        try text.write(to: registry, atomically: true, encoding: .utf8)
        #expect(try ws.impactmon("run").status == 0)
        let script = SharedData.packageRoot.appendingPathComponent("tools/checks/gfm_tables.py").path
        for file in ["report/report.md", "internal/report-internal.md"] {
            let r = try python(["python3", script, ws.runDirectory().appendingPathComponent(file).path], in: ws.root)
            #expect(r.status == 0, "\(file): \(r.stdout.prefix(2000)) \(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect((json["tables"] as? Int ?? 0) >= 1)
            #expect((json["bad_rows"] as? [Any])?.isEmpty == true)
            if file.contains("internal") {
                let cells = (json["cells"] as? [[String]] ?? []).flatMap { $0 }
                #expect(cells.contains("Web|Werk Coöperatie"), "the name did not round-trip through GFM")
            }
        }
    }

    @Test func dataPackageValidatesWithFrictionless() throws {
        let ws = try DemoWorkspace("e2e-frictionless")
        #expect(try ws.impactmon("run").status == 0)
        let r = try python(
            ["python3", "-m", "frictionless", "validate", "--json", "datapackage.json"],
            in: ws.runDirectory().appendingPathComponent("report"))
        #expect(r.status == 0, "\(r.stdout.prefix(3000)) \(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == true)
    }

    @Test func excelVariantRoundTripsToTheSameValues() throws {
        let ws = try DemoWorkspace("e2e-excel")
        #expect(try ws.impactmon("run").status == 0)
        // Read the Excel file as Python's csv module does with `;`, then undo the decimal comma in the numbers.
        let script = """
            import csv, json, sys
            def rows(path, delim, comma):
                with open(path, newline='', encoding='utf-8-sig') as f:
                    r = list(csv.reader(f, delimiter=delim))
                head = r[0]
                num = {i for i, h in enumerate(head) if h in ('value', 'numerator', 'denominator', 'coverage', 'n_enterprises')}
                return [[c.replace(',', '.') if comma and i in num else c for i, c in enumerate(row)] for row in r]
            a = rows('metrics.csv', ',', False)
            b = rows('metrics-excel-nl.csv', ';', True)
            raw = open('metrics-excel-nl.csv', 'rb').read()
            print(json.dumps({'same': a == b, 'rows': len(a), 'bom': raw[:3] == b'\\xef\\xbb\\xbf', 'crlf': b'\\r\\n' in raw}))
            """
        let r = try python(["python3", "-c", script], in: ws.runDirectory().appendingPathComponent("report"))
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["same"] as? Bool == true)
        #expect(json["bom"] as? Bool == true)
        #expect(json["crlf"] as? Bool == true)
        #expect((json["rows"] as? Int ?? 0) > 100)
    }
}
