import Synchronization

/// The retries left for the whole run, shared by every request of one ``HTTPClient``.
package final class RetryBudget: Sendable {
    private let remaining: Mutex<Int>
    /// The budget it started with.
    package let total: Int

    /// A budget of `total` retries.
    package init(_ total: Int) {
        self.total = total
        self.remaining = Mutex(total)
    }

    /// Takes one retry; false when the budget is spent.
    package func take() -> Bool {
        remaining.withLock { r in
            guard r > 0 else { return false }
            r -= 1
            return true
        }
    }

    /// Retries left.
    package var left: Int { remaining.withLock { $0 } }
}
