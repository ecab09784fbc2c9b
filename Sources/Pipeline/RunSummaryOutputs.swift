import Foundation
import ImpactModel
import Reporting

extension RunSummary {
    /// `run.md`: the same content as `run.json`, for people.
    func markdown() -> String {
        var lines = [
            "# Run \(pipeline) \(period)", "",
            "- command: `\(command)`", "- tool version: \(toolVersion)", "- started: \(startedAt)",
            "- status: \(status)", "- finished: \(finishedAt)", "- exit status: \(exitStatus)",
            "- warnings: \(warnings.count)", "",
            "| stage | result | seconds | rows | message |", "| --- | --- | ---: | --- | --- |",
        ]
        for s in stages {
            let rows = s.rowCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let msg = MarkdownTable.escape(s.message ?? "")  // server replies are quoted in messages: inert
            lines.append(
                "| \(s.stage.rawValue) | \(s.result) | \(String(format: "%.3f", s.seconds)) | \(rows) | \(msg) |")
        }
        // The facts that make the report less than complete; the report's source statements say the same.
        if !warnings.isEmpty {
            lines += ["", "## Warnings", ""]
            lines += warnings.map {
                "- **\($0.kind.rawValue)** `\($0.source)` (\($0.stage.rawValue)): \($0.message). To do: \($0.action)."
            }
        }
        let notes = stages.flatMap { s in s.warnings.map { "- \(s.stage.rawValue): \($0)" } }
        if !notes.isEmpty { lines += ["", "## Notes", ""] + notes }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The textfile written when a run starts: `impactmon_run_in_progress 1` and the start time, with the last
    /// success carried over. If the process dies, the file keeps saying so (issue 15).
    func prometheusRunningText(started: Date, lastSuccess: Double?) -> String {
        let labels = "pipeline=\"\(pipeline)\",period=\"\(period)\""
        var out = [
            "# HELP impactmon_run_in_progress 1 while a run is under way (or died without finishing).",
            "# TYPE impactmon_run_in_progress gauge", "impactmon_run_in_progress{\(labels)} 1",
            "# HELP impactmon_run_started_timestamp_seconds Unix time the current run started.",
            "# TYPE impactmon_run_started_timestamp_seconds gauge",
            "impactmon_run_started_timestamp_seconds{\(labels)} \(formatNumber(started.timeIntervalSince1970.rounded()))",
        ]
        if let lastSuccess {
            out += [
                "# HELP impactmon_last_success_timestamp_seconds Unix time the last successful run finished.",
                "# TYPE impactmon_last_success_timestamp_seconds gauge",
                "impactmon_last_success_timestamp_seconds{\(labels)} \(formatNumber(lastSuccess))",
            ]
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The node_exporter textfile-collector metrics of this run (Prometheus text exposition format 0.0.4).
    /// `lastSuccess` carries the last successful run's time across failed runs.
    func prometheusText(durationSeconds: Double, finished: Date, lastSuccess: Double?) -> String {
        let labels = "pipeline=\"\(pipeline)\",period=\"\(period)\""
        var out: [String] = []
        func gauge(_ name: String, _ help: String, _ samples: [(String, Double)]) {
            out.append("# HELP \(name) \(help)")
            out.append("# TYPE \(name) gauge")
            for (l, v) in samples { out.append("\(name){\(l)} \(formatNumber(v))") }
        }
        let finishedSeconds = (finished.timeIntervalSince1970).rounded()
        gauge("impactmon_run_in_progress", "1 while a run is under way (or died without finishing).", [(labels, 0)])
        gauge("impactmon_last_run_timestamp_seconds", "Unix time the last run finished.", [(labels, finishedSeconds)])
        let success = exitStatus == 0 ? finishedSeconds : lastSuccess
        if let success {
            gauge(
                "impactmon_last_success_timestamp_seconds", "Unix time the last successful run finished.",
                [(labels, success)])
        }
        gauge(
            "impactmon_last_run_duration_seconds", "Wall time of the last run.",
            [(labels, (durationSeconds * 1000).rounded() / 1000)])
        gauge(
            "impactmon_last_run_exit_code", "Exit code of the last run (0 = success).", [(labels, Double(exitStatus))])
        var rows: [(String, Double)] = []
        for s in stages {
            for (k, v) in s.rowCounts.sorted(by: { $0.key < $1.key }) {
                rows.append(("\(labels),stage=\"\(s.stage.rawValue)\",kind=\"\(k)\"", Double(v)))
            }
        }
        gauge("impactmon_last_run_rows", "Rows written per stage and kind in the last run.", rows)
        let rejects = stages.compactMap { $0.rowCounts["rejects"] }.reduce(0, +)
        gauge("impactmon_last_run_rejects", "Input records rejected in the last run.", [(labels, Double(rejects))])
        return out.joined(separator: "\n") + "\n"
    }
}

/// Reads `impactmon_last_success_timestamp_seconds` for a pipeline/period back from a previous textfile.
func previousLastSuccess(in text: String?, pipeline: String, period: String) -> Double? {
    guard let text else { return nil }
    let prefix = "impactmon_last_success_timestamp_seconds{pipeline=\"\(pipeline)\",period=\"\(period)\"} "
    for line in text.split(separator: "\n") where line.hasPrefix(prefix) {
        return Double(line.dropFirst(prefix.count))
    }
    return nil
}
