import Foundation
import TestSupport
import Testing

/// `--log-format json`: every line on standard error of every command is one JSON object with the stable keys
/// `ts` (with a UTC offset), `level`, `stage`, `source`, `event`, `message` and `fields`, also for usage errors,
/// configuration errors and failures.
@Suite("JSON logs of every command")
struct JSONLogTests {
    static let commands = ["run", "fetch", "normalize", "compute", "report", "validate", "status", "tick", "explain"]
    static let keys: Set<String> = ["ts", "level", "stage", "source", "event", "message", "fields"]

    /// Parses every stderr line; records an issue naming the command for a line that is not a JSON object with the
    /// stable keys. Returns the parsed lines.
    @discardableResult
    static func parseEveryLine(_ r: BinaryRun, _ what: String) -> [[String: Any]] {
        var out: [[String: Any]] = []
        for line in r.stderr.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            guard let obj = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                Issue.record("\(what): stderr line is not a JSON object: \(line)")
                continue
            }
            #expect(Set(obj.keys) == keys, "\(what): keys \(obj.keys.sorted()) in \(line)")
            let ts = obj["ts"] as? String ?? ""
            #expect(ts.contains(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/), "\(what): ts \(ts)")
            #expect(obj["fields"] is [String: Any], "\(what): fields in \(line)")
            #expect(!(obj["event"] as? String ?? "").isEmpty, "\(what): event in \(line)")
            out.append(obj)
        }
        // A trailing newline ends the last line: nothing half-written.
        if !r.stderr.isEmpty { #expect(r.stderr.hasSuffix("\n"), "\(what): stderr does not end with a newline") }
        return out
    }

    @Test(arguments: commands)
    func badArgumentsGiveJSONLines(command: String) throws {
        let out = try ImpactmonBinary.temporaryDirectory("json-\(command)")
        // An unknown option, an impossible period and a missing pipeline file: usage (64) and config (78) errors.
        let cases: [([String], Int32)] = [
            ([command, "--log-format", "json", "--no-such-option"], 64),
            (
                [command, "--log-format=json", "--period", "2026Q5", "--output", out.path]
                    + (command == "explain" ? ["x/GM0392/2026Q3"] : []), 64
            ),
            (
                [command, "--log-format", "json", "--pipeline", "pipelines/nope.yaml", "--output", out.path]
                    + (command == "explain" ? ["x/GM0392/2026Q3"] : []), 78
            ),
        ]
        for (args, status) in cases {
            let r = try ImpactmonBinary.run(args)
            #expect(r.status == status, "\(args): \(r.status)\n\(r.stderr)")
            let lines = Self.parseEveryLine(r, args.joined(separator: " "))
            #expect(lines.contains { $0["level"] as? String == "error" }, "\(args): no error line in \(r.stderr)")
            #expect(r.stdout.isEmpty || command == "validate", "\(args): stdout \(r.stdout)")
        }
    }

    @Test func anUnknownSubcommandAndAMissingArgumentAreJSONToo() throws {
        for args in [["--log-format", "json", "frobnicate"], ["explain", "--log-format", "json"]] {
            let r = try ImpactmonBinary.run(args)
            #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
            let lines = Self.parseEveryLine(r, args.joined(separator: " "))
            #expect(lines.first?["event"] as? String == "usage.error", "\(r.stderr)")
        }
    }

    /// Bad inputs in a real workspace: a misspelt key, a missing input file (a warning), a stage run without its
    /// inputs, a status of a missing quarter, an unknown provenance id; every command, every line JSON.
    @Test func badInputsGiveJSONLinesForEveryCommand() throws {
        let ws = try DemoWorkspace("json-inputs")
        let json = ["--log-format", "json", "--period", "2026Q3"]
        // Stages without their inputs: 65, as JSON.
        for command in ["compute", "report"] {
            let r = try ws.impactmon(command, json)
            #expect(r.status == 65, "\(command): \(r.status) \(r.stderr)")
            Self.parseEveryLine(r, command)
        }
        let status = try ws.impactmon("status", json)
        #expect(status.status == 4)
        Self.parseEveryLine(status, "status")
        // A run with a missing earlier-quarter file: warnings as JSON with the source and kind.
        try FileManager.default.removeItem(
            at: ws.root.appendingPathComponent("pipelines/haarlem-demo/returns/impact-2026Q2.csv"))
        let run = try ws.impactmon("run", json)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = Self.parseEveryLine(run, "run")
        let warning = lines.first { $0["level"] as? String == "warning" && $0["event"] as? String == "warning.missing" }
        #expect(warning?["source"] as? String == "impact-returns", "\(run.stderr)")
        #expect(warning?["stage"] as? String == "fetch")
        #expect(((warning?["fields"] as? [String: Any])?["action"] as? String)?.contains("impact-2026Q2.csv") == true)
        #expect(lines.contains { $0["event"] as? String == "stage.finished" && $0["stage"] as? String == "report" })
        // stdout stays empty with JSON logs, so `>>log 2>&1` is JSON lines too; the summary is the last log line.
        #expect(run.stdout.isEmpty, "\(run.stdout)")
        #expect(lines.last?["event"] as? String == "run.finished")
        // The first run of this workspace: nothing earlier to compare row counts with, so only the missing file.
        #expect((lines.last?["fields"] as? [String: Any])?["warnings"] as? String == "1")
        for (command, extra) in [
            ("fetch", ["--offline"]), ("normalize", []), ("validate", []),
            ("explain", ["no_such_metric/GM0392/2026Q3"]),
        ] {
            let r = try ws.impactmon(command, json + extra)
            Self.parseEveryLine(r, command)
            if command == "explain" { #expect(r.status == 64, "\(r.stderr)") }
        }
        // A misspelt key: 78, one JSON line per problem naming file:line:column.
        let pipeline = ws.root.appendingPathComponent("pipelines/haarlem-demo.yaml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        try text.replacingOccurrences(of: "  headline_metrics:", with: "  headline_metric:").write(
            to: pipeline, atomically: true, encoding: .utf8)
        for command in Self.commands {
            let r = try ws.impactmon(command, json + (command == "explain" ? ["x/GM0392/2026Q3"] : []))
            #expect(r.status == 78, "\(command): \(r.status) \(r.stderr)")
            // validate's report of problems is its output (stdout); every other command logs them as errors.
            let said =
                command == "validate"
                ? r.stdout.split(separator: "\n").map(String.init)
                : Self.parseEveryLine(r, command).compactMap { $0["message"] as? String }
            #expect(
                said.contains {
                    $0.contains(
                        /haarlem-demo\.yaml:\d+:3: unknown key "headline_metric" in report — did you mean "headline_metrics"\?/
                    )
                }, "\(command): \(said)")
        }
        // tick with a bad --now.
        try text.write(to: pipeline, atomically: true, encoding: .utf8)
        let tick = try ws.impactmon("tick", ["--log-format", "json", "--now", "yesterday"])
        #expect(tick.status == 64)
        Self.parseEveryLine(tick, "tick --now yesterday")
    }

    @Test func textLogsOnAPipeHaveNoProgressLine() throws {
        let ws = try DemoWorkspace("json-progress")
        let r = try ws.impactmon("fetch", ["--period", "2026Q3"])
        #expect(r.status == 0, "\(r.stderr)")
        // stderr is a pipe here: no carriage-return progress redraws.
        #expect(!r.stderr.contains("\r"), "\(r.stderr)")
        #expect(!r.stderr.contains(" sources, "), "\(r.stderr)")
    }
}
