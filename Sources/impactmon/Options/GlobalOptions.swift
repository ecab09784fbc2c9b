import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

/// Options every stage command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline file.")
    var pipeline: String = "pipelines/haarlem-demo.yaml"

    @Option(
        name: .long,
        help:
            "The reporting quarter: 2026Q3 (or the CBS code 2026KW03), or 'previous' for the last complete quarter in Europe/Amsterdam. Default: the pipeline's default_period."
    )
    var period: String?

    @Option(name: .long, help: "The output root; the run directory is <output>/<pipeline>/<period>/.")
    var output: String = "output"

    @Option(
        name: .long,
        help:
            "National pipelines only: compute one municipality (a CBS gemeentecode, GM0363) into <output>/<pipeline>@<code>/<period>/, one partition of the fan-out (docs/scaling.md)."
    )
    var municipality: String?

    @Option(name: .long, help: "Log format: text (for a terminal) or json (JSON lines, for cron and log collectors).")
    var logFormat: LogFormat = .text

    @Flag(name: .long, help: "Print debug logs.")
    var verbose = false

    @Flag(
        name: .long,
        help:
            "Treat warnings (a source missing, empty, replayed or shrunk; coverage or rejects out of band) as a failed run: exit 3, the stage that warned is not published. Also `strict: true` in the pipeline file."
    )
    var strict = false

    @Flag(name: .long, help: "Run stages even when their inputs, config and tool version are unchanged.")
    var force = false

    @Option(
        name: .long,
        help:
            "When another run holds the output directory's lock: fail (exit 75 with an error), skip (exit 75 quietly), or wait (up to --lock-timeout seconds, then exit 75)."
    )
    var lock: LockChoice = .fail

    @Option(name: .long, help: "Seconds to wait for the lock with --lock wait.")
    var lockTimeout: Double = 600

    var lockPolicy: RunLock.Policy {
        switch lock {
        case .fail, .skip: return .fail
        case .wait: return .wait(seconds: lockTimeout)
        }
    }

    func validate() throws {
        if let period, period != "previous" {
            do {
                _ = try Quarter(parsing: period)
            } catch {
                throw ValidationError("--period \"\(period)\": \(error.message)")
            }
        }
    }

    /// Progress lines (sources, bodies, bytes) only for a person watching: text logs on a terminal.
    var showsProgress: Bool { logFormat == .text && isatty(STDERR_FILENO) == 1 }

    var pipelineURL: URL { URL(fileURLWithPath: pipeline).standardizedFileURL }

    /// Loads the pipeline file, restricted to `--municipality` when given.
    /// - Throws: ``ImpactError`` (78 for the file, 64 for `--municipality` on a municipal pipeline).
    func loadPipeline() throws -> PipelineDefinition {
        let definition = try PipelineDefinition.load(pipelineURL)
        guard let municipality else { return definition }
        return try definition.partitioned(to: municipality)
    }
    var outputURL: URL { URL(fileURLWithPath: output).standardizedFileURL }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    /// The `--log-format` of a raw command line (`--log-format json` or `--log-format=json`), read before parsing so
    /// that even a usage error is reported in the requested format.
    static func requested(in arguments: [String]) -> LogFormat {
        var result = LogFormat.text
        for (i, a) in arguments.enumerated() {
            if a == "--" { break }
            if a == "--log-format", i + 1 < arguments.count { result = LogFormat(rawValue: arguments[i + 1]) ?? result }
            if a.hasPrefix("--log-format=") { result = LogFormat(rawValue: String(a.dropFirst(13))) ?? result }
        }
        return result
    }
}

enum LockChoice: String, ExpressibleByArgument, CaseIterable {
    case fail, skip, wait
}

/// Options of the commands that fetch.
struct FetchOptions: ParsableArguments {
    @Flag(name: .long, help: "Replay every request from the response store (output/.cache); fetch nothing.")
    var offline = false

    @Flag(name: .long, help: "Ignore the stored validators and fetch every body again.")
    var refresh = false

    func validate() throws {
        if offline && refresh { throw ValidationError("--offline and --refresh exclude each other") }
    }
}

/// Options of the commands that write the report.
struct ReportOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Report languages, comma-separated: nl, en or nl,en (writes report.nl.* and report.en.*). Default: the pipeline's report.languages, else nl."
    )
    var lang: String?

    func validate() throws {
        guard let lang else { return }
        let parts = lang.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        for p in parts where !["nl", "en"].contains(p) {
            throw ValidationError("--lang: unknown language \"\(p)\"; use nl, en or nl,en")
        }
    }
}
