import Foundation

/// Runs blocking libcurl transfers on dedicated threads and bridges them to `async`.
///
/// `curl_easy_perform` blocks for the whole transfer, so it must never run on the cooperative thread pool
/// (a few stalled transfers would starve every task). Each call gets its own `Thread`, creates its ``Easy``
/// handle there and resumes a continuation with a `Sendable` result (swift-subprocess's
/// `runOnBackgroundThread` pattern). The number of concurrent transfers is bounded by the caller
/// (`Fetching`'s per-host limiter).
package enum CurlWorker {
    /// Performs `transfer` on a new thread.
    ///
    /// Task cancellation sets a ``CancelFlag`` that the progress callback checks, so the transfer stops and
    /// this throws ``CurlError`` with kind `.cancelled`.
    /// - Throws: ``CurlError`` for transport failures; `CancellationError` when cancelled before starting.
    package static func perform(_ transfer: CurlTransfer) async throws -> CurlResult {
        try Task.checkCancellation()
        let flag = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<CurlResult, any Error>) in
                let thread = Thread {
                    do {
                        var easy = try Easy()
                        continuation.resume(returning: try easy.perform(transfer, cancel: flag))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "impactmon-curl"
                thread.start()
            }
        } onCancel: {
            flag.cancel()
        }
    }
}
