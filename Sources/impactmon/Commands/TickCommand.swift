import ArgumentParser
import Foundation
import ImpactModel
import Pipeline

extension ImpactMon {
    struct Tick: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Runs what the pipeline's schedule says is due (safe to call from cron every hour).",
            discussion: """
                Catches up missed quarters oldest first and does nothing when nothing is due. Exits 75 when another
                run holds the lock of the output directory (cron simply tries again at the next tick).
                """)

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Pretend the time is this ISO 8601 instant (for testing a schedule).")
        var now: String?

        func run() async throws {
            do {
                let definition = try global.loadPipeline()
                var instant = Date()
                if let now {
                    guard let d = ISO8601DateFormatter().date(from: now) else {
                        throw ImpactError(.usage, "--now \"\(now)\" is not an ISO 8601 instant like 2026-10-16T07:00:00Z")
                    }
                    instant = d
                }
                let fixed = instant
                let options = RunOptions(
                    outputRoot: global.outputURL, lockPolicy: global.lockPolicy,
                    command: CommandLine.arguments.joined(separator: " "),
                    now: { fixed }, logger: makeLogger(global))
                let outcome = try await Pipeline.Tick(definition: definition, options: options).run()
                // With JSON logs the logger already said what ran; stdout stays empty so a log file stays JSON lines.
                if global.logFormat == .text {
                    if outcome.jobs.isEmpty { print("impactmon tick: nothing due") }
                    for job in outcome.jobs {
                        print("impactmon tick: \(job.period): \(job.stages.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                if let (q, message) = outcome.failures.first {
                    throw ImpactError(.failure, "tick: \(q) failed: \(message)")
                }
            } catch let error as ImpactError {
                FileHandle.standardError.write(Data("impactmon: error: \(Secrets.mask(error.message))\n".utf8))
                throw ExitCode(error.status.rawValue)
            }
        }
    }
}
