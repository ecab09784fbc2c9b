import Foundation

/// A one-line progress display on standard error (`fetch: 3/8 sources, 97 bodies, 419 KiB`), redrawn in place with
/// a carriage return. Only used when ``RunOptions/progress`` is set: text logs on a terminal, never with
/// `--log-format json` or when standard error is a file or pipe.
enum ProgressLine {
    static func show(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Clears the line so the next log record starts on a clean line.
    static func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
