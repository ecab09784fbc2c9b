import Foundation

/// Starts a loopback test server written in Python (`fault_server.py`, …) that prints `PORT <n>` as its first line
/// on standard output once it listens on 127.0.0.1, and returns that port.
///
/// - Parameters:
///   - process: the process to start (the caller keeps it to stop the server).
///   - script: the server script.
///   - arguments: the script's arguments.
/// - Returns: the port the server listens on.
/// - Throws: ``LoopbackScriptFailure`` when the server exits or prints anything else first.
package func startLoopbackScript(_ process: Process, script: URL, arguments: [String]) throws -> Int {
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/env")
    process.arguments = (python == nil ? ["python3"] : []) + [script.path] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    var buffer = Data()
    while !buffer.contains(0x0A) {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty {
            throw LoopbackScriptFailure(description: "\(script.lastPathComponent) exited before printing its port")
        }
        buffer.append(chunk)
    }
    let line = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
        throw LoopbackScriptFailure(description: "\(script.lastPathComponent) printed \(line)")
    }
    return port
}

/// A loopback test server that did not start.
package struct LoopbackScriptFailure: Error, CustomStringConvertible {
    package var description: String
}
