import Foundation
import ImpactModel
import Logging

/// How a run fetches: from the network (with conditional GET), only from the response store, or ignoring it.
package enum FetchMode: String, Sendable, Codable {
    case online, offline, refresh
}

/// Everything a run needs besides the pipeline file: where to write, how to fetch, the report language,
/// the clock and the logger. Injected so tests control time and output.
package struct RunOptions: Sendable {
    /// The output root (`--output`, default `output/`): runs go to `<outputRoot>/<pipeline>/<period>/`.
    package var outputRoot: URL
    /// `--offline`, `--refresh` or the default online fetch (``FetchMode``).
    package var fetchMode: FetchMode
    /// The report languages as given to `--lang` (`nl`, `en`, `nl,en`); empty = the pipeline's `report.languages`.
    package var language: String
    /// What to do when another process holds the pipeline's lock (``RunLock/Policy``): fail at once with exit 75
    /// (the default, also `--lock skip`), wait up to `--lock-timeout` seconds (`--lock wait`), or nothing because
    /// the caller (`tick`) holds it already.
    package var lockPolicy: RunLock.Policy
    /// The command line, recorded in the lock file and run summary.
    package var command: String
    /// The clock: run timestamps, `tick` due days and fetch ages all read it, so a test can run at any date.
    package var now: @Sendable () -> Date
    /// Where stage events go (text or `--log-format json`, secrets masked by ``MaskingLogHandler``).
    package var logger: Logger
    /// `--strict` or `strict: true`: a stage that finds a ``RunWarning`` is not published and the run exits 3.
    package var strict: Bool
    /// Whether long stages draw a progress line on standard error (text logs on a terminal only).
    package var progress: Bool

    /// Options with the defaults of a plain `impactmon run`: online, the pipeline's languages, fail on a held lock,
    /// the system clock, not strict, no progress line.
    package init(
        outputRoot: URL, fetchMode: FetchMode = .online, language: String = "", lockPolicy: RunLock.Policy = .fail,
        command: String = "impactmon", now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "impactmon"), strict: Bool = false, progress: Bool = false
    ) {
        self.strict = strict
        self.progress = progress
        self.outputRoot = outputRoot
        self.fetchMode = fetchMode
        self.language = language
        self.lockPolicy = lockPolicy
        self.command = command
        self.now = now
        self.logger = logger
    }
}

/// What one stage did, for the run summary.
package struct StageOutcome: Sendable, Codable {
    /// Which of fetch, normalize, compute and report this outcome is for.
    package var stage: Stage
    /// ran | skipped | failed
    package var result: String
    /// Wall-clock duration of the stage in seconds, to the millisecond (0 for a skipped stage).
    package var seconds: Double
    /// Row counts of the stage's main outputs (`observations`, `rejects`, `metrics`), as in the manifest.
    package var rowCounts: [String: Int]
    /// The stage's warnings in the operator's words (a source missing, replayed or shrunk; coverage out of band).
    package var warnings: [String]
    /// One line for the run summary: the failure's message, `up to date` for a skipped stage, the report's notes.
    package var message: String?

    enum CodingKeys: String, CodingKey {
        case stage, result, seconds, warnings, message
        case rowCounts = "row_counts"
    }
}

/// ISO 8601 in UTC with seconds, e.g. `2026-11-30T08:00:47Z`.
package func isoUTC(_ date: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: date)
}
