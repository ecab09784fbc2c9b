import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    struct Tick: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs what the pipeline's schedule says is due (safe to call from cron every hour).",
            discussion: """
                A quarter is due from 00:00 on its due day in the pipeline's time zone: with `report: quarterly, 15 days
                after quarter end` and `timezone: Europe/Amsterdam`, 2026Q3 (ends 2026-09-30) is due from 2026-10-16
                00:00 CEST (2026-10-15T22:00:00Z). Catches up missed quarters oldest first. A quarter that was produced
                and whose inputs, config and tool version are unchanged is skipped (also on the following days);
                --force reruns it. Prints one line per quarter: ran, failed, skipped or not due, and why; tick.json in
                the pipeline's output folder records the times with their UTC offset. Exits 75 when another run holds
                the lock of the output directory (cron simply tries again at the next tick).
                """)

        @OptionGroup var global: GlobalOptions

        @Option(
            name: .long,
            help: "Pretend the time is this ISO 8601 instant, e.g. 2026-10-16T07:00:00+02:00 (for testing a schedule).")
        var now: String?

        func run() async throws {
            try await reportingErrors(global) {
                let definition = try global.loadPipeline()
                try ConfigCheck.require(definition)
                var instant = Date()
                if let now {
                    guard let d = ISO8601DateFormatter().date(from: now) else {
                        throw ImpactError(
                            .usage, "--now \"\(now)\" is not an ISO 8601 instant like 2026-10-16T07:00:00Z")
                    }
                    instant = d
                }
                let fixed = instant
                let options = RunOptions(
                    outputRoot: global.outputURL, lockPolicy: global.lockPolicy,
                    command: CommandLine.arguments.joined(separator: " "),
                    now: { fixed }, logger: makeLogger(global), strict: global.strict || definition.strict)
                let outcome = try await Pipeline.Tick(definition: definition, options: options, force: global.force)
                    .run()
                // With JSON logs the logger already said what ran; stdout stays empty so a log file stays JSON lines.
                if global.logFormat == .text {
                    if outcome.jobs.isEmpty { print("impactmon tick: nothing due") }
                    for d in outcome.decisions { print("impactmon tick: \(d.line)") }
                }
                if let (q, message) = outcome.failures.first {
                    // The failed run's own status (3 under --strict, 65, 69, …), so cron and systemd see why.
                    throw ImpactError(outcome.failureStatus ?? .failure, "tick: \(q) failed: \(message)")
                }
            }
        }
    }
}
