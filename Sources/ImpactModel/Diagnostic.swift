/// A recoverable problem found by a stage (a rejected row, an unknown code, a stale source).
///
/// Diagnostics are collected per stage and written to the run summary; they are never silently dropped.
/// Printed compiler-style: `config/registry.csv:14: warning: kvk_number "1234567" repaired to "01234567"`.
package struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Codable {
    /// How serious: a `note` informs, a `warning` makes the report less than complete, an `error` stops the stage.
    package enum Severity: String, Sendable, Codable, Comparable {
        case note, warning, error
        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }
        /// Orders by seriousness: `note < warning < error`.
        package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }
    /// How serious the problem is.
    package var severity: Severity
    /// A stable code for grouping and tests (`registry.kvk.repaired`, `source.stale`).
    package var code: String
    /// A sentence for people: what is wrong and what to do.
    package var message: String
    /// File (relative to the project or run directory), if any.
    package var file: String?
    /// 1-based line or record number, if any.
    package var line: Int?
    /// Field (column) name, if any.
    package var field: String?

    /// A diagnostic of `severity` with a stable `code` and the operator's `message`; `file`, `line` (1-based) and
    /// `field` locate it when the problem is in an input file.
    package init(
        _ severity: Severity, code: String, _ message: String, file: String? = nil, line: Int? = nil,
        field: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.field = field
    }

    /// The compiler-style line: `file:line: severity: field: message`, leaving out the parts that are `nil`.
    package var description: String {
        var loc = file ?? ""
        if let line { loc += ":\(line)" }
        let prefix = loc.isEmpty ? "" : "\(loc): "
        let fieldPart = field.map { "\($0): " } ?? ""
        return "\(prefix)\(severity.rawValue): \(fieldPart)\(message)"
    }
}
