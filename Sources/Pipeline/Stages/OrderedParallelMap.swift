import Foundation
import ImpactModel

/// Runs independent jobs (one municipality each) on a few threads and hands their results to the caller strictly in
/// job order, so the output file is the same as a sequential run's, byte for byte.
///
/// Memory stays bounded in two ways: a job starts only while the summed `cost` of the jobs in flight stays within
/// `budget` (a job larger than the budget runs alone), and no job starts more than `workers` places ahead of the
/// result being consumed. The national compute stage uses the size of a municipality's observations file as cost,
/// so the largest municipalities are not held in memory at the same time.
final class OrderedParallelMap<Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0
    private var consumed = 0
    private var inFlight = 0
    private var stopped = false
    private var results: [Int: Result<Output, any Error>] = [:]

    /// Computes `job(i)` for `i` in `0..<cost.count` on `workers` threads and calls `consume(i, output)` on the
    /// calling thread in order of `i`.
    /// - Throws: the first error of a job (in job order) or of `consume`; the jobs not yet started are not run.
    static func run(
        cost: [Int], budget: Int, workers: Int, job: @escaping @Sendable (Int) throws -> Output,
        consume: (Int, Output) throws -> Void
    ) throws {
        let state = OrderedParallelMap<Output>()
        let group = DispatchGroup()
        let ahead = max(workers, 1)
        for _ in 0..<max(workers, 1) {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                while let i = state.claim(cost: cost, budget: budget, ahead: ahead) {
                    let r = Result { try job(i) }
                    state.finish(i, r, cost: cost[i])
                }
            }
        }
        defer {
            state.stop()
            group.wait()
        }
        for i in cost.indices {
            let r = state.take(i)
            switch r {
            case .success(let output): try consume(i, output)
            case .failure(let error): throw error
            }
        }
    }

    private func claim(cost: [Int], budget: Int, ahead: Int) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if stopped || next >= cost.count { return nil }
            let fits = inFlight == 0 || inFlight + cost[next] <= budget
            if fits && next - consumed < ahead {
                let i = next
                next += 1
                inFlight += cost[i]
                return i
            }
            condition.wait()
        }
    }

    private func finish(_ i: Int, _ r: Result<Output, any Error>, cost: Int) {
        condition.lock()
        results[i] = r
        inFlight -= cost
        condition.broadcast()
        condition.unlock()
    }

    private func take(_ i: Int) -> Result<Output, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while results[i] == nil { condition.wait() }
        let r = results.removeValue(forKey: i) ?? .failure(ImpactError(.failure, "job \(i) has no result"))
        consumed = i + 1
        condition.broadcast()
        return r
    }

    private func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
