import Foundation

/// The time source, sleep and randomness the client uses, injected so tests run in milliseconds.
package struct FetchClock: Sendable {
    /// The current wall-clock time (for `Retry-After` HTTP-dates and `retrieved_at`).
    package var now: @Sendable () -> Date
    /// Waits for a backoff delay. Throws `CancellationError` when the task is cancelled.
    package var sleep: @Sendable (Duration) async throws -> Void
    /// A uniformly distributed value in the range (the jitter of the backoff).
    package var random: @Sendable (ClosedRange<Double>) -> Double

    /// A clock from its three functions.
    package init(
        now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void,
        random: @escaping @Sendable (ClosedRange<Double>) -> Double
    ) {
        self.now = now
        self.sleep = sleep
        self.random = random
    }

    /// Real time: `Date()`, `Task.sleep(for:)`, `Double.random(in:)`.
    package static let system = FetchClock(
        now: { Date() }, sleep: { try await Task.sleep(for: $0) }, random: { Double.random(in: $0) })
}
