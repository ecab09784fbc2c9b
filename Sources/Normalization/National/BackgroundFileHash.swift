import Dispatch
import Fetching
import Foundation
import Synchronization

/// The SHA-256 of a file (``sha256Hex(fileAt:)``), computed on a thread of its own while the caller reads the same
/// file, so the hash of a large input costs no wall time on a machine with a second core.
final class BackgroundFileHash: Sendable {
    private let result = Mutex<Result<String, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts hashing `url`.
    init(_ url: URL) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let r = Result { try sha256Hex(fileAt: url) }
            result.withLock { $0 = r }
            done.signal()
        }
    }

    /// Waits for the hash.
    /// - Throws: the error of ``sha256Hex(fileAt:)`` when the file could not be read.
    func value() throws -> String {
        done.wait()
        defer { done.signal() }  // a second call does not block
        guard let r = result.withLock({ $0 }) else { throw CancellationError() }
        return try r.get()
    }
}
