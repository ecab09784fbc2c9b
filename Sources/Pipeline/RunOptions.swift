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
    package var outputRoot: URL
    package var fetchMode: FetchMode
    /// The report languages as given to `--lang` (`nl`, `en`, `nl,en`); empty = the pipeline's `report.languages`.
    package var language: String
    package var lockPolicy: RunLock.Policy
    /// The command line, recorded in the lock file and run summary.
    package var command: String
    package var now: @Sendable () -> Date
    package var logger: Logger
    /// `--strict` or `strict: true`: a stage that finds a ``RunWarning`` is not published and the run exits 3.
    package var strict: Bool
    /// Whether long stages draw a progress line on standard error (text logs on a terminal only).
    package var progress: Bool

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
    package var stage: Stage
    /// ran | skipped | failed
    package var result: String
    package var seconds: Double
    package var rowCounts: [String: Int]
    package var warnings: [String]
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
