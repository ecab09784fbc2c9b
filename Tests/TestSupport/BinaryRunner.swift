import Foundation

/// Runs the built `impactmon` binary, as a user or cron would, and captures what it did.
package struct BinaryRun: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String

    package init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

package enum ImpactmonBinary {
    /// The `impactmon` executable beside the test bundle (`swift test` builds every product into one folder).
    package static var url: URL {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDir.appendingPathComponent("impactmon"),
            bundleDir.deletingLastPathComponent().appendingPathComponent("impactmon"),
            SharedData.packageRoot.appendingPathComponent(".build/debug/impactmon"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `impactmon args…` in `directory` with `environment` (default: this process's), waiting for it to end.
    package static func run(
        _ args: [String], in directory: URL = SharedData.packageRoot, environment: [String: String]? = nil
    ) throws -> BinaryRun {
        let p = Process()
        p.executableURL = url
        p.arguments = args
        p.currentDirectoryURL = directory
        if let environment { p.environment = environment }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        p.waitUntilExit()
        group.wait()
        return BinaryRun(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder for a test's output.
    package static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("impactmon-tests-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
