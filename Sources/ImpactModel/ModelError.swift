/// A malformed value in a model type (a field of an artifact row, a period, an identifier).
package struct ModelError: Error, Sendable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// Process exit statuses, after sysexits(3), as the contract in DESIGN.md fixes them.
package enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success; warnings allowed.
    case ok = 0
    /// Anything unexpected.
    case failure = 1
    /// Wrong command-line usage.
    case usage = 64
    /// Input data invalid; nothing published.
    case dataInvalid = 65
    /// A required source unavailable after retries.
    case unavailable = 69
    /// Another run holds the lock of the output directory.
    case tempFail = 75
    /// Configuration invalid.
    case config = 78
    // The two answers for operators come after the sysexits codes.
    /// `--strict` (or `strict: true` in the pipeline file) and the run found a warning that makes the report less
    /// than complete (a source missing, empty, replayed or shrunk; coverage or rejects out of band). The stage that
    /// found it was not published; the last good report stays.
    case warnings = 3
    /// `impactmon status`: the quarter it checks (`--period`, `default_period`, or the latest due one) is missing,
    /// stale or failed (for monitors).
    case notCurrent = 4
    // `impactmon publish` (issue 17 item 5); a report not current or whose run failed is `notCurrent`.
    /// `impactmon publish`: the quarter is already published; nothing changed. `--supersede --reason "…"` replaces
    /// it, keeping the old publication (sysexits EX_CANTCREAT).
    case alreadyPublished = 73
    /// `impactmon publish`: the report folder holds enterprise-level content (a registry KvK-nummer, a row of level
    /// `enterprise`, an `internal/` folder) or fails the disclosure check; nothing published.
    case unsafeToPublish = 5
}

/// An error that ends a command with a specific ``ExitStatus`` and a message for the operator.
///
/// The message names the thing, its value and what to do next, e.g.
/// `config/registry.csv line 14, kvk_number: "1234567" has 7 digits; KvK numbers have 8`.
package struct ImpactError: Error, Sendable, CustomStringConvertible {
    package let status: ExitStatus
    package let message: String
    package init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }
    package var description: String { message }
}
