import Dispatch
import Synchronization

/// A value computed on a thread of its own from the moment it is created, so that on a machine with a second core it
/// costs no wall time beside the caller's work: the SHA-256 of an establishments extract while the extract is read
/// (``EstablishmentExtract``), and the aggregated extract while the national stage builds the matcher and maps the
/// other bodies (``NationalBodyMapper/extract(_:registry:herindeling:partition:)``).
package final class BackgroundResult<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work`.
    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let r = Result { try work() }
            result.withLock { $0 = r }
            done.signal()
        }
    }

    /// Waits for the value; a second call does not block.
    /// - Throws: what the work threw.
    package func value() throws -> Value {
        done.wait()
        defer { done.signal() }
        guard let r = result.withLock({ $0 }) else { throw CancellationError() }
        return try r.get()
    }
}
