import Dispatch
import Foundation
import Synchronization

/// A small pool of dedicated threads, each owning one long-lived ``Easy`` handle, that performs transfers for
/// `async` callers.
///
/// Why a pool: a libcurl easy handle keeps its connection cache (up to `CURLOPT_MAXCONNECTS`, default 5), DNS
/// cache and TLS sessions between transfers, so the next page of a CBS table or the next KvK profile reuses
/// the open connection instead of a new TCP and TLS handshake. Each handle stays on its own thread for its
/// whole life (libcurl-thread(3)); ``Easy/perform(_:cancel:)`` resets all options before every transfer.
///
/// Threads are started on demand, up to ``maxThreads``, and end when the pool is released (after draining the
/// queue). `curl_easy_perform` never runs on the Swift concurrency pool. Task cancellation sets the job's
/// ``CancelFlag``.
package final class CurlWorkerPool: Sendable {
    /// The most transfers running at once (and the most threads).
    package let maxThreads: Int
    private let queue: JobQueue

    /// A pool of at most `maxThreads` threads (at least 1); no thread starts before the first transfer.
    package init(maxThreads: Int) {
        self.maxThreads = max(1, maxThreads)
        self.queue = JobQueue()
    }

    deinit { queue.close() }

    /// Performs `transfer` on one of the pool's threads.
    /// - Throws: ``CurlError`` for transport failures (kind `.cancelled` when the task was cancelled during the
    ///   transfer); `CancellationError` when cancelled before it was queued.
    package func perform(_ transfer: CurlTransfer) async throws -> CurlResult {
        try Task.checkCancellation()
        let flag = CancelFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<CurlResult, any Error>) in
                let job = Job(transfer: transfer, flag: flag, continuation: continuation)
                if queue.enqueue(job, maxThreads: maxThreads) { startThread() }
            }
        } onCancel: {
            flag.cancel()
        }
    }

    /// Threads started so far and still running.
    package var threadCount: Int { queue.threadCount }

    /// Lets the threads finish the queued transfers, then waits until every thread has cleaned up its handle
    /// (`curl_easy_cleanup`). Call it at the end of a run, before the process exits, so no handle is freed while
    /// the TLS library is being torn down. Transfers started afterwards start new threads.
    package func shutdown() async {
        await queue.closeAndWait()
    }

    private func startThread() {
        let queue = self.queue  // not `self`: a thread must not keep the pool alive
        let thread = Thread {
            do {
                var handle = try Easy()
                while let job = queue.next() {
                    do {
                        job.continuation.resume(returning: try handle.perform(job.transfer, cancel: job.flag))
                    } catch {
                        job.continuation.resume(throwing: error)
                    }
                }
            } catch {
                queue.failOneJob(error)
            }
            queue.threadExited()  // after the handle's deinit ran
        }
        thread.name = "impactmon-curl"
        thread.start()
    }
}

/// One queued transfer.
private struct Job: Sendable {
    let transfer: CurlTransfer
    let flag: CancelFlag
    let continuation: CheckedContinuation<CurlResult, any Error>
}

/// The pool's shared state: pending jobs, thread accounting, and a semaphore counting wake-ups.
private final class JobQueue: Sendable {
    private struct State {
        var jobs: [Job] = []
        var threads = 0
        var idle = 0
        var closed = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let wakeups = DispatchSemaphore(value: 0)

    /// Queues a job; returns true when the caller should start one more thread.
    func enqueue(_ job: Job, maxThreads: Int) -> Bool {
        let spawn = state.withLock { s -> Bool in
            s.closed = false
            s.jobs.append(job)
            guard s.jobs.count > s.idle, s.threads < maxThreads else { return false }
            s.threads += 1
            return true
        }
        wakeups.signal()
        return spawn
    }

    /// Blocks (on a pool thread) until a job is available; nil when the pool is closed and drained.
    func next() -> Job? {
        while true {
            state.withLock { $0.idle += 1 }
            wakeups.wait()
            let (job, exit) = state.withLock { s -> (Job?, Bool) in
                s.idle -= 1
                if !s.jobs.isEmpty { return (s.jobs.removeFirst(), false) }
                return (nil, s.closed)
            }
            if let job { return job }
            if exit { return nil }
        }
    }

    /// A thread could not create its handle: it fails one waiting job with the error. That job's wake-up stays
    /// counted; a thread that takes it finds no job and waits again.
    func failOneJob(_ error: any Error) {
        let job = state.withLock { s -> Job? in s.jobs.isEmpty ? nil : s.jobs.removeFirst() }
        job?.continuation.resume(throwing: error)
    }

    /// A thread ended (its handle is cleaned up); the last one wakes ``closeAndWait()``.
    func threadExited() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.threads -= 1
            guard s.threads == 0 else { return [] }
            defer { s.exitWaiters = [] }
            return s.exitWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Lets every thread finish the queue and end.
    func close() {
        let threads = state.withLock { s -> Int in
            s.closed = true
            return s.threads
        }
        for _ in 0..<threads { wakeups.signal() }
    }

    /// ``close()``, then waits until no thread is left.
    func closeAndWait() async {
        close()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s -> Bool in
                if s.threads == 0 { return true }
                s.exitWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    var threadCount: Int { state.withLock { $0.threads } }
}
