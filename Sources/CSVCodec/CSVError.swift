/// A file that cannot be read as a delimited table. ``description`` is `file:line: message`, and the message says
/// what to fix.
package struct CSVError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong.
    package enum Kind: String, Sendable {
        /// Two header names are equal after trimming and case-folding (KNOWN-FAULTS B21).
        case duplicateHeader
        /// A quoted field is still open at the end of the file (RFC 4180 §2 rule 5–7).
        case unterminatedQuote
        /// Bytes that are not valid UTF-8 in a file declared or marked (BOM) as UTF-8.
        case invalidEncoding
        /// No header record (the file is empty or holds only blank lines).
        case empty
        /// The file could not be opened, read or written.
        case io
        /// A record runs past ``CSVReadOptions/maxRecordBytes`` (almost always a quote that is never closed).
        case recordTooLong
        /// The options cannot work, e.g. a delimiter that is `"`, CR or LF.
        case invalidOptions
    }
    /// What went wrong.
    package let kind: Kind
    /// The file name used in messages.
    package let file: String
    /// The 1-based physical line, when the problem has one.
    package let line: Int?
    /// What is wrong and how to fix it.
    package let message: String

    package init(kind: Kind, file: String, line: Int?, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    package var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
