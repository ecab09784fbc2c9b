import Foundation
import TestSupport
import Testing

/// Issue 15, item 3: extreme numbers through every numeric field of the impact return, the procurement register
/// and a CBS observation, one full run per value with the built binary. No run may crash: each ends with a
/// documented exit code, and every value outside ±10^15 (or not finite) is a reject with its reason.
@Suite("Extreme numbers never crash a run", .serialized)
struct ExtremeNumberTests {
    static let values: [(text: String, json: String, outOfRange: Bool)] = [
        ("1e32", "1e32", true), ("-0", "-0", false), ("NaN", "\"NaN\"", true), ("Infinity", "1e400", true),
        ("20000000000000000000", "2e19", true),
        ("1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890", true),
    ]
    static let returnColumns = [
        "werknemers", "fte", "doelgroep_fte", "doelgroep_werknemers", "omzet_eur", "omzet_verkoop_eur",
        "subsidies_donaties_eur", "clienten", "getrainde_personen", "leerwerkplekken", "co2_vermeden_ton",
        "afval_hergebruikt_ton",
    ]
    static let procurementColumns = ["bedrag_eur", "sroi_percentage", "sroi_verplichting_eur", "sroi_gerealiseerd_eur"]

    /// Sets `columns` of the first data row of a comma-separated file to `value`.
    static func plant(_ value: String, columns: [String], in file: URL) throws {
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let header = lines[0].components(separatedBy: ",")
        var cells = lines[1].components(separatedBy: ",")
        for c in columns { if let i = header.firstIndex(of: c) { cells[i] = value } }
        lines[1] = cells.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func everyExtremeValueEndsWithADocumentedExitCode() throws {
        var crashes: [String] = []
        for value in Self.values {
            let ws = try DemoWorkspace("e2e-extreme")
            let demo = ws.root.appendingPathComponent("pipelines/haarlem-demo")
            try Self.plant(
                value.text, columns: Self.returnColumns, in: demo.appendingPathComponent("returns/impact-2026Q3.csv"))
            try Self.plant(
                value.text, columns: Self.procurementColumns,
                in: demo.appendingPathComponent("procurement/inkoop-gunningen.csv"))
            let observations = demo.appendingPathComponent("cbs/37789ksz/Observations.json")
            let json = try String(contentsOf: observations, encoding: .utf8)
            try json.replacingOccurrences(of: "\"Value\": 414.1,", with: "\"Value\": \(value.json),")
                .write(to: observations, atomically: true, encoding: .utf8)

            let run = try ws.impactmon("run", ["--period", "2026Q3"])
            if ![0, 65].contains(run.status) || run.stderr.contains("Fatal error") {
                crashes.append("\(value.text): exit \(run.status) \(run.stderr.suffix(400))")
                continue
            }
            // run.json is finished, not left "running".
            let summary = String(decoding: try ws.read("run.json"), as: UTF8.self)
            #expect(summary.contains("\"status\" : \"succeeded\"") || summary.contains("\"status\" : \"failed\""))
            if value.outOfRange, run.status == 0 {
                let rejects = String(decoding: try ws.read("normalize/rejects.csv"), as: UTF8.self)
                #expect(
                    rejects.contains("value.out_of_range") || rejects.contains("value.not_a_number"), "\(value.text)")
                let report = String(decoding: try ws.read("report/report.md"), as: UTF8.self)
                #expect(!report.contains("e+"), "\(value.text): no exponent notation in the report")
            }
        }
        #expect(crashes.isEmpty, "\(crashes)")
    }
}
