import ArgumentParser
import Foundation
import ImpactModel
import Logging
import Pipeline

/// `impactmon`: the quarterly impact report of a municipal programme for social enterprises.
@main
struct ImpactMon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impactmon",
        abstract: "Turns open data and the social-enterprise registry into the quarterly impact report.",
        discussion: """
            Stages: fetch → normalize → compute → report. Each stage reads only what the stage
            before it wrote in <output>/<pipeline>/<period>/, so any stage can be rerun alone.

            Exit codes (sysexits):
              0   success (warnings allowed)
              3   --strict (or strict: true) and the run found warnings; nothing new published
              4   status: the quarter it checks is missing, stale or failed; publish: the report is not current
              5   publish: enterprise-level content or a failed disclosure check; nothing published
              64  usage error
              65  input data invalid; nothing published
              69  a required source unavailable after retries
              75  another run holds the lock of the output directory
              73  publish: the quarter is already published (--supersede --reason "…")
              78  configuration invalid
              1   anything unexpected
            """,
        version: ToolVersionText.text,
        subcommands: [
            Run.self, Fetch.self, Normalize.self, Compute.self, Report.self, Validate.self, Status.self, Tick.self,
            Explain.self, Publish.self, Observations.self,
        ],
        defaultSubcommand: nil)

    /// Parses and runs like ArgumentParser's own `main()`, but with `--log-format json` every line on standard
    /// error, usage errors included, is one JSON object (``JSONLinesLogHandler``).
    static func main() async {
        let json = LogFormat.requested(in: Array(CommandLine.arguments.dropFirst())) == .json
        LoggingSystem.bootstrap { label in
            // Every message and metadata value is masked (credentials in URLs, headers, query parameters) first.
            MaskingLogHandler(
                wrapping: json
                    ? JSONLinesLogHandler(label: label) as any LogHandler : StreamLogHandler.standardError(label: label)
            )
        }
        do {
            var command = try parseAsRoot()
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            guard json else { exit(withError: error) }
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success {
                // --help and --version: their text is the answer, on standard output as usual.
                if !text.isEmpty { print(text) }
                Foundation.exit(0)
            }
            // Errors the commands reported themselves (ExitCode) have already been logged; ArgumentParser's own
            // (unknown option, bad value) become one JSON line, the usage text in `fields.usage`.
            if !(error is ExitCode) {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
                let message = (lines.first ?? text).replacingOccurrences(of: "Error: ", with: "")
                JSONLinesLogHandler.write(
                    JSONLogLine(
                        ts: JSONLinesLogHandler.timestamp(Date()), level: "error", stage: nil, source: nil,
                        event: "usage.error", message: Secrets.mask(message),
                        fields: ["exit_status": "\(code.rawValue)", "usage": lines.dropFirst().joined(separator: "\n")])
                )
            }
            Foundation.exit(code.rawValue)
        }
    }
}
