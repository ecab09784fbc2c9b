/// A malformed value in a model type (a field of an artifact row, a period, an identifier).
package struct ModelError: Error, Sendable, CustomStringConvertible {
    /// What is malformed, naming the field and value.
    package let message: String
    /// An error whose `message` names the field and the value.
    package init(_ message: String) { self.message = message }
    /// The message.
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
/// ``code`` is stable for monitors and runbooks (`--log-format json` prints it as `error_code`); ``hint`` is the
/// next step when the message alone does not say it; ``underlying`` keeps the system error the message was made
/// from (its text comes from ``SystemErrorText``, never from `localizedDescription`).
package struct ImpactError: Error, Sendable, CustomStringConvertible {
    /// The exit status the command ends with.
    package let status: ExitStatus
    /// The sentence for the operator (file, value, next step).
    package let message: String
    /// A stable, dotted identifier such as `config.invalid` or `io.read`; defaults to ``ExitStatus/code``.
    package let code: String
    /// What to do next, printed after the message (`impactmon: hint: …`), or `nil`.
    package let hint: String?
    /// The error this one was made from, for logs and tests; never printed as is.
    package let underlying: (any Error & Sendable)?

    /// An error that ends the command with `status`. `code` defaults to the status's ``ExitStatus/code``; `hint`
    /// is printed after the message; `underlying` is kept for logs and tests only.
    package init(
        _ status: ExitStatus, _ message: String, code: String? = nil, hint: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.status = status
        self.message = message
        self.code = code ?? status.code
        self.hint = hint
        self.underlying = underlying
    }

    /// An unexpected error from below (a file system or decoding error) as a failure with our own sentence.
    package init(unexpected error: any Error, context: String? = nil) {
        if let error = error as? ImpactError {
            self = error
            return
        }
        let text = SystemErrorText.describe(error)
        self.init(
            .failure, context.map { "\($0): \(text)" } ?? text, code: "internal.unexpected",
            underlying: error)
    }

    /// The message (without code or hint, which the command line prints separately).
    package var description: String { message }
}

extension ExitStatus {
    /// The stable name of the status, the default ``ImpactError/code``.
    package var code: String {
        switch self {
        case .ok: "ok"
        case .failure: "failure"
        case .usage: "usage"
        case .dataInvalid: "data.invalid"
        case .unavailable: "source.unavailable"
        case .tempFail: "lock.held"
        case .config: "config.invalid"
        case .warnings: "run.warnings"
        case .notCurrent: "status.not_current"
        case .alreadyPublished: "publish.already_published"
        case .unsafeToPublish: "publish.unsafe"
        }
    }
}
