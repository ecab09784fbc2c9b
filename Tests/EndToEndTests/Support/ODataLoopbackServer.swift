import Foundation
import TestSupport

/// `tools/loopback/odata_server.py` on 127.0.0.1 (port 0): the demo's CBS snapshot folders served as CBS OData
/// v4/v3 entity sets, with ETag/304, per-table faults and its own request log, controlled over its stdin.
///
/// The server exits when this test process is gone, on ``stop()``, or when its stdin closes.
final class ODataLoopbackServer {
    /// One request as the server logged it.
    struct LogEntry: Decodable, Sendable {
        var path: String
        var query: String
        var table: String?
        /// The status sent; 0 when the connection was closed without a response.
        var status: Int
        /// Body bytes written on the wire (0 for a 304 or a closed connection).
        var bodyBytes: Int
        /// Whether the request carried `If-None-Match` or `If-Modified-Since`.
        var conditional: Bool
        /// When the server started reading the request and when it had answered (its monotonic clock, seconds).
        var started: Double?
        var ended: Double?

        enum CodingKeys: String, CodingKey {
            case path, query, table, status, conditional, started, ended
            case bodyBytes = "body_bytes"
        }
    }

    /// A failure mode of ``fail(table:mode:)``.
    enum Fault: String {
        case serviceUnavailable = "503"
        case internalError = "500"
        /// The request is read, then the connection is closed without a response.
        case close
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()
    let port: Int

    /// Starts the server over the snapshot root `root` (one folder per table).
    init(root: URL) throws {
        let script = SharedData.packageRoot.appendingPathComponent("tools/loopback/odata_server.py")
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/env")
        process.arguments =
            (python == nil ? ["python3"] : []) + [
                script.path, "--root", root.path, "--parent", "\(ProcessInfo.processInfo.processIdentifier)",
            ]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var pending = Data()
        let line = try Self.readLine(from: output.fileHandleForReading, buffer: &pending)
        guard line.hasPrefix("PORT "), let p = Int(line.dropFirst(5)) else {
            throw Failure(description: "odata_server.py printed \"\(line)\" instead of its port")
        }
        port = p
        buffer = pending
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request under `table` fails with `mode` until ``heal(table:)``.
    func fail(table: String, mode: Fault) throws {
        let reply = try command("fail \(table) \(mode.rawValue)")
        guard reply.hasPrefix("OK") else { throw Failure(description: "fail: \(reply)") }
    }

    /// Every request under `table` is answered after `milliseconds` (0: at once again).
    func slow(table: String, milliseconds: Int) throws {
        let reply = try command("slow \(table) \(milliseconds)")
        guard reply.hasPrefix("OK") else { throw Failure(description: "slow: \(reply)") }
    }

    /// Serves `table` normally again.
    func heal(table: String) throws {
        let reply = try command("heal \(table)")
        guard reply.hasPrefix("OK") else { throw Failure(description: "heal: \(reply)") }
    }

    /// The server's own log of every request since the start (or the last ``clearLog()``).
    func log() throws -> [LogEntry] {
        try JSONDecoder().decode([LogEntry].self, from: Data(try command("log").utf8))
    }

    /// Empties the request log.
    func clearLog() throws { _ = try command("clearlog") }

    /// Ends the server and waits until it has exited (its port is then closed).
    func stop() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }

    private func command(_ line: String) throws -> String {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
        return try Self.readLine(from: output.fileHandleForReading, buffer: &buffer)
    }

    private static func readLine(from handle: FileHandle, buffer: inout Data) throws -> String {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                buffer = Data(buffer[(nl + 1)...])
                return line
            }
            let chunk = handle.availableData
            if chunk.isEmpty { throw Failure(description: "odata_server.py closed its output (exited?)") }
            buffer.append(chunk)
        }
    }
}
