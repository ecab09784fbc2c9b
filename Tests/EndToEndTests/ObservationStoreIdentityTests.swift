import CSVCodec
import Foundation
import ImpactModel
import Indicators
import RunArtifacts
import TestSupport
import Testing

/// Issue 19 item 1: the national run hands its observations from normalize to compute in a binary store
/// (`normalize/observations/<GM>.imobs`) instead of CSV, and `compute/metrics.csv` is byte for byte what the CSV
/// path gives. The CSV path is rebuilt here as the stage ran it before the store: each municipality's observations
/// as CSV (`impactmon observations <file> --csv`, the old file's exact bytes), parsed by the CSV reader into
/// `Observation(csvFields:)`, computed by `MetricEngine.compute` municipality by municipality in gemeentecode order
/// (provenance and panel changes off, as the national stage computes), written by `CSVFileWriter`.
@Suite("National run: binary observations give the CSV path's metrics", .serialized)
struct ObservationStoreIdentityTests {
    static let root = SharedData.packageRoot

    static func shell(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.currentDirectoryURL = root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Parses a CSV file written by the pipeline (machine profile) into rows of fields, header first.
    static func table(_ url: URL) throws -> CSVTable {
        try CSVReader.read(
            try Data(contentsOf: url), file: url.path,
            options: CSVReadOptions(delimiter: UInt8(ascii: ","), encoding: .utf8))
    }

    @Test(.enabled(if: SharedData.shouldRun), .timeLimit(.minutes(15)))
    func metricsFromTheStoreEqualTheCSVPathByteForByte() throws {
        let work = try ImpactmonBinary.temporaryDirectory("obs-store")
        defer { try? FileManager.default.removeItem(at: work) }
        let data = work.appendingPathComponent("data")
        let gen = try Self.shell([
            "python3", "bench/generate_national.py", "--scale", "0.01", "--seed", "392", "--out", data.path,
            "--cbs", SharedData.realDirectory.path,
        ])
        try #require(gen.status == 0, "generator:\n\(gen.output.suffix(3000))")
        let template = try String(
            contentsOf: Self.root.appendingPathComponent("pipelines/national-bench.yaml"), encoding: .utf8)
        let config = Self.root.appendingPathComponent("config")
        let pipelineText = template.replacingOccurrences(of: "../bench/data/national/", with: data.path + "/")
            .replacingOccurrences(of: "../config/", with: config.path + "/")
        let pipeline = work.appendingPathComponent("national-bench.yaml")
        try pipelineText.write(to: pipeline, atomically: true, encoding: .utf8)
        let output = work.appendingPathComponent("out")
        let run = try ImpactmonBinary.run([
            "run", "--pipeline", pipeline.path, "--output", output.path, "--period", "2026Q3", "--offline",
        ])
        try #require(run.status == 0, "national run:\n\(run.stderr.suffix(3000))")
        let runRoot = output.appendingPathComponent("national-bench/2026Q3")
        let folder = runRoot.appendingPathComponent("normalize/observations")

        // Only finished binary stores: no CSV and no `.partial` left on the hot path.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.allSatisfy { $0.hasSuffix(".imobs") }, "\(names.filter { !$0.hasSuffix(".imobs") })")
        let codes = names.map { String($0.dropLast(".imobs".count)) }
        #expect(codes.count > 300, "\(codes.count) municipalities")

        // Each store's SHA-256 is in manifest.json among the normalize stage's outputs.
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: runRoot.appendingPathComponent("manifest.json")))
        let outputs =
            ((((manifest as? [String: Any])?["stages"] as? [String: Any])?["normalize"] as? [String: Any])?["outputs"]
                as? [[String: Any]]) ?? []
        var recorded: [String: String] = [:]
        for o in outputs { if let p = o["path"] as? String, let h = o["sha256"] as? String { recorded[p] = h } }
        for code in [codes.first!, "GM0392", codes.last!] {
            let sum = try Self.shell(["sha256sum", folder.appendingPathComponent("\(code).imobs").path])
            let hash = String(sum.output.prefix(64))
            #expect(recorded["normalize/observations/\(code).imobs"] == hash, "\(code): \(recorded.keys.prefix(5))")
        }

        // The CSV path.
        let enterprises = try Self.table(runRoot.appendingPathComponent("normalize/enterprises.csv")).records.map {
            try Enterprise(csvFields: $0.fields)
        }
        let registries = Dictionary(grouping: enterprises, by: \.gemeenteCode.code)
        let catalogue = try MetricCatalogue.load(contentsOf: config.appendingPathComponent("metrics.yaml"))
        let quarter = try Quarter(parsing: "2026Q3")
        let csvFolder = work.appendingPathComponent("csv")
        try FileManager.default.createDirectory(at: csvFolder, withIntermediateDirectories: true)
        let expected = work.appendingPathComponent("metrics-csv-path.csv")
        var writer = try CSVFileWriter(url: expected)
        try writer.write(MetricRecord.csvHeader)
        var observationsSeen = 0
        var sharedKeys: Set<[String]> = []
        for code in codes {
            let csv = csvFolder.appendingPathComponent("\(code).csv")
            let view = try ImpactmonBinary.run([
                "observations", folder.appendingPathComponent("\(code).imobs").path, "--csv", csv.path,
            ])
            try #require(view.status == 0, "impactmon observations \(code): \(view.stderr)")
            let table = try Self.table(csv)
            try #require(table.header == Observation.csvHeader, "\(code): header \(table.header)")
            let observations = try table.records.map { try Observation(csvFields: $0.fields) }
            observationsSeen += observations.count
            let metrics = MetricEngine.compute(
                catalogue: catalogue, enterprises: registries[code] ?? [], observations: observations,
                municipality: RegioCode(code), reportQuarter: quarter, provenance: false, panelChanges: false)
            for r in metrics.rows {
                // The stage writes a national or regional row once, from the first municipality.
                if r.level == "national" || r.level == "regional" {
                    guard sharedKeys.insert([r.metricID, r.level, r.entity, r.period, r.breakdown]).inserted else {
                        continue
                    }
                }
                try writer.write(r.csvFields)
            }
        }
        try writer.close()
        #expect(observationsSeen > 10_000, "\(observationsSeen) observations")
        let fromStore = try Data(contentsOf: runRoot.appendingPathComponent("compute/metrics.csv"))
        let fromCSV = try Data(contentsOf: expected)
        #expect(fromStore.count > 100_000)
        #expect(
            fromStore == fromCSV,
            "compute/metrics.csv (\(fromStore.count) bytes) differs from the CSV path (\(fromCSV.count) bytes)")
    }
}
