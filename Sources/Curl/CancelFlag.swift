import Synchronization

/// A cancellation signal a transfer's progress callback polls (`CURLOPT_XFERINFOFUNCTION`).
///
/// Set from `withTaskCancellationHandler(onCancel:)`; libcurl then aborts the transfer within its progress
/// callback interval (about a second at worst, usually sooner) with `CURLE_ABORTED_BY_CALLBACK`.
package final class CancelFlag: Sendable {
    private let state = Atomic<Bool>(false)

    /// A flag that is not set.
    package init() {}

    /// Requests that the transfer stop.
    package func cancel() { state.store(true, ordering: .relaxed) }

    /// Whether ``cancel()`` was called.
    package var isCancelled: Bool { state.load(ordering: .relaxed) }
}
