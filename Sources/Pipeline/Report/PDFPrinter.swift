import Foundation
import ImpactModel

/// Prints `report.<lang>.html` to `report.<lang>.pdf` with headless Chromium (Debian package `chromium`, installed
/// by `scripts/install-deps.sh`): A4 from the page's print stylesheet, without the browser's header and footer
/// (which would print the file's machine path and the date).
///
/// Chromium is looked up as `$IMPACTMON_CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome` on
/// `PATH`; absent, ``find()`` returns nil and the report stage says so in the run summary.
struct PDFPrinter {
    let executable: URL

    /// `pdf` with the 14 digits of each `/CreationDate (D:…` and `/ModDate (D:…` replaced by those of `timestamp`
    /// (`2026-10-16T08:00:00Z` → `20261016080000`): the same number of bytes, so the cross-reference offsets stay
    /// valid. A timestamp without 14 digits leaves the PDF as it is.
    static func fixingDates(_ pdf: Data, to timestamp: String) -> Data {
        let digits = Array(timestamp.utf8.filter { $0 >= 48 && $0 <= 57 }.prefix(14))
        guard digits.count == 14 else { return pdf }
        var bytes = [UInt8](pdf)
        for key in ["/CreationDate (D:", "/ModDate (D:"] {
            let needle = Array(key.utf8)
            var i = 0
            while i + needle.count + 14 <= bytes.count {
                if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    let start = i + needle.count
                    if bytes[start..<(start + 14)].allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                        bytes.replaceSubrange(start..<(start + 14), with: digits)
                    }
                    i = start + 14
                } else {
                    i += 1
                }
            }
        }
        return Data(bytes)
    }

    /// The Chromium to print with, or nil when none is installed.
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> PDFPrinter? {
        if let given = environment["IMPACTMON_CHROMIUM"] {
            return given.isEmpty || !FileManager.default.isExecutableFile(atPath: given)
                ? nil : PDFPrinter(executable: URL(fileURLWithPath: given))
        }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in path {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) {
                    return PDFPrinter(executable: URL(fileURLWithPath: candidate))
                }
            }
        }
        return nil
    }

    /// Prints `html` to `pdf` (written atomically: Chromium writes beside it, then the file is moved into place).
    /// - Throws: ``ImpactError`` (``ExitStatus/failure``) when Chromium fails or writes no PDF, with its last
    ///   lines of output; after 120 s Chromium is stopped.
    /// - Parameter timestamp: the report's data-as-of time (ISO 8601): written as the PDF's `CreationDate` and
    ///   `ModDate`, so printing the same report twice gives the same bytes (Chromium's output differs only there).
    func print(_ html: URL, to pdf: URL, timestamp: String) throws {
        let partial = pdf.deletingLastPathComponent().appendingPathComponent(".\(pdf.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: partial)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "impactmon-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-extensions", "--user-data-dir=\(profile.path)", "--no-pdf-header-footer",
            "--print-to-pdf-no-header", "--print-to-pdf=\(partial.path)", html.absoluteString,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let running = process
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { if running.isRunning { running.terminate() } }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: partial.path) else {
            try? FileManager.default.removeItem(at: partial)
            let tail = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " | ")
            throw ImpactError(
                .failure,
                "Chromium could not print \(html.lastPathComponent) to PDF (exit \(process.terminationStatus)): \(tail)"
            )
        }
        let printed = try Data(contentsOf: partial)
        try? FileManager.default.removeItem(at: partial)
        try writeAtomically(Self.fixingDates(printed, to: timestamp), to: pdf)
    }
}
