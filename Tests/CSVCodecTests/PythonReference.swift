import Foundation
import TestSupport

/// Runs `Resources/pycsv_dump.py` (Python's csv module) over files and decodes what it prints.
enum PythonReference {
    /// What the script prints per file (see the script's docstring).
    struct Dump: Decodable {
        let records: [[String]]
        let lines: [Int]
        let encoding: String
        let bom: Bool
        // swift-format-ignore
        let eof_in_quotes: Bool
    }

    static let script = SharedData.packageRoot.appendingPathComponent("Tests/CSVCodecTests/Resources/pycsv_dump.py")

    static let python: URL? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let u = URL(fileURLWithPath: String(dir)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return nil
    }()

    /// Whether the differential tests run: python3 present, or under CI (where its absence fails them).
    static var shouldRun: Bool { python != nil || SharedData.isCI }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Dumps `files` (path, delimiter) with one python3 process.
    static func dump(_ files: [(URL, UInt8)], in dir: URL) throws -> [Dump] {
        guard let python else {
            throw Failure(description: "python3 not found on PATH; the differential test needs it")
        }
        let manifest = files.map { ["path": $0.0.path, "delimiter": String(UnicodeScalar($0.1))] }
        let manifestURL = dir.appendingPathComponent("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        let outURL = dir.appendingPathComponent("python-out.json")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let p = Process()
        p.executableURL = python
        p.arguments = [script.path, manifestURL.path]
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        try out.close()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "pycsv_dump.py exited with \(p.terminationStatus)")
        }
        return try JSONDecoder().decode([Dump].self, from: Data(contentsOf: outURL))
    }
}
