import Foundation
import ImpactModel

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on a pipeline's output directory: `flock(2)` on `output/<pipeline>/.lock`.
///
/// The kernel releases the lock when the holder exits or is killed, so no stale lock ever needs manual cleanup
/// (KNOWN-FAULTS B30). The file holds the holder's metadata (pid, host, command, start) for the message that a
/// second run prints. Different output directories lock different files and run concurrently.
package final class RunLock {
    /// What to do when another run holds the lock.
    package enum Policy: Sendable, Equatable {
        /// Exit 75 at once.
        case fail
        /// Wait up to the given number of seconds, then exit 75.
        case wait(seconds: Double)
        /// The caller (`tick`) already holds the lock for this output directory.
        case alreadyHeld
    }

    private let fd: Int32
    /// Path of the lock file, `output/<pipeline>/.lock`.
    package let path: String

    /// Takes the lock.
    /// - Throws: ``ImpactError`` with ``ExitStatus/tempFail`` (75) when another run holds it (naming the holder),
    ///   or ``ExitStatus/failure`` when the lock file cannot be opened.
    package init(directory: URL, policy: Policy, command: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(".lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ImpactError(.failure, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        var acquired = flock(fd, LOCK_EX | LOCK_NB) == 0
        if !acquired, case .wait(let seconds) = policy {
            let deadline = Date().addingTimeInterval(seconds)
            while !acquired && Date() < deadline {
                usleep(100_000)
                acquired = flock(fd, LOCK_EX | LOCK_NB) == 0
            }
        }
        guard acquired else {
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
            close(fd)
            throw ImpactError(
                .tempFail,
                "another run holds the lock on \(directory.path) (\(holder.isEmpty ? "holder unknown" : holder)); it is released when that run ends — retry later"
            )
        }
        let host = ProcessInfo.processInfo.hostName
        let meta =
            "pid=\(getpid()) host=\(host) started=\(ISO8601DateFormatter().string(from: Date())) command=\(command)\n"
        _ = ftruncate(fd, 0)
        _ = meta.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
