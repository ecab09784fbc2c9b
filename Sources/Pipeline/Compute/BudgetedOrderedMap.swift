import Dispatch
import Foundation

/// Runs a job per item on several threads and hands the results back in item order, with the memory of the items
/// in flight bounded: the national compute stage's way of using both cores inside its memory bound (issue 19 item 2).
///
/// An item starts only while the weights of the items held (running, or finished and waiting to be consumed in order)
/// stay within `budget` (an item heavier than the budget runs alone, once nothing else is held), and at most
/// `2 × workers` items are held, so memory is bounded by the budget however many items there are and however long
/// a slow item keeps the ones after it waiting. The weight is the caller's estimate of an item's memory (for a
/// municipality: the bytes of its observation store).
struct BudgetedOrderedMap<Output: Sendable>: @unchecked Sendable {
    // @unchecked: every mutable field below is read and written only while `condition` is locked.
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        var next = 0
        var running = 0
        /// The weights of the items running and of the results waiting: released when a result is consumed.
        var weightHeld = 0
        var results: [Int: Result<Output, any Error>] = [:]
        var stopped = false
    }

    /// Threads (at least 1).
    let workers: Int
    /// The largest total weight running at once.
    let budget: Int

    /// Calls `job(i)` for every `i` in `0..<weights.count` on up to ``workers`` threads, and `consume(i, output)` on
    /// the calling thread in order of `i`.
    /// - Throws: the first error of a job (in item order) or of `consume`; the jobs not yet started are not started,
    ///   and every running job has finished when this returns.
    func run(
        weights: [Int], job: @escaping @Sendable (Int) throws -> Output, consume: (Int, Output) throws -> Void
    ) throws {
        let count = weights.count
        guard count > 0 else { return }
        let state = State()
        let group = DispatchGroup()
        let maxWaiting = 2 * max(1, workers)
        let budget = self.budget
        for _ in 0..<max(1, min(workers, count)) {
            DispatchQueue.global(qos: .userInitiated).async(group: group) {
                while true {
                    state.condition.lock()
                    var index = -1
                    while !state.stopped && state.next < count {
                        let w = weights[state.next]
                        let nothingHeld = state.running == 0 && state.results.isEmpty && state.weightHeld == 0
                        let fits = nothingHeld || state.weightHeld + w <= budget
                        if fits && state.results.count + state.running < maxWaiting {
                            index = state.next
                            state.next += 1
                            state.running += 1
                            state.weightHeld += w
                            break
                        }
                        state.condition.wait()
                    }
                    state.condition.unlock()
                    if index < 0 { return }
                    let result = Result { try job(index) }
                    state.condition.lock()
                    state.results[index] = result
                    state.running -= 1
                    state.condition.broadcast()
                    state.condition.unlock()
                }
            }
        }
        defer {
            state.condition.lock()
            state.stopped = true
            state.condition.broadcast()
            state.condition.unlock()
            group.wait()
        }
        for i in 0..<count {
            state.condition.lock()
            while state.results[i] == nil { state.condition.wait() }
            let result = state.results.removeValue(forKey: i)!
            state.condition.unlock()
            try consume(i, try result.get())
            // The item's weight is free once its result is consumed (and dropped at the end of this iteration).
            state.condition.lock()
            state.weightHeld -= weights[i]
            state.condition.broadcast()
            state.condition.unlock()
        }
    }
}
