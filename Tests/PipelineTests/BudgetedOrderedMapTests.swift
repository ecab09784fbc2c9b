import Foundation
import Synchronization
import Testing

@testable import Pipeline

/// The national compute stage's thread pool (issue 19 item 2): results in item order, and the weight of the items
/// held (running, or finished and waiting for the ones before them) within the budget.
@Suite("Budgeted ordered map")
struct BudgetedOrderedMapTests {
    /// Counts the weight held from a job's start to its result's consumption, and the largest total seen.
    final class Held: Sendable {
        private let state = Mutex<(now: Int, largest: Int, alone: [Int])>((0, 0, []))
        func start(_ w: Int, budget: Int) {
            state.withLock {
                // An item heavier than the budget must find nothing else held.
                if w > budget { $0.alone.append($0.now) }
                $0.now += w
                $0.largest = max($0.largest, $0.now)
            }
        }
        func consumed(_ w: Int) { state.withLock { $0.now -= w } }
        var largest: Int { state.withLock { $0.largest } }
        var heldWhenHeavyStarted: [Int] { state.withLock { $0.alone } }
    }

    /// The first item is slow, so the items after it finish and wait: their weight still counts. Before the weight
    /// was released at consumption (it was released when a job finished), the held weight here reached 20 with a
    /// budget of 10.
    @Test func waitingResultsCountAgainstTheBudgetAndComeBackInOrder() throws {
        let weights = [4, 3, 3, 3, 3, 2, 2, 2, 5, 1, 1, 1, 4, 4, 2, 3, 3, 1, 1, 2]
        let budget = 10
        let held = Held()
        let map = BudgetedOrderedMap<Int>(workers: 3, budget: budget)
        var order: [Int] = []
        try map.run(
            weights: weights,
            job: { i in
                held.start(weights[i], budget: budget)
                usleep(i == 0 ? 200_000 : 2_000)
                return i * i
            },
            consume: { i, output in
                #expect(output == i * i)
                order.append(i)
                held.consumed(weights[i])
            })
        #expect(order == Array(weights.indices))
        #expect(held.largest <= budget, "held \(held.largest) > budget \(budget)")
    }

    /// An item heavier than the budget runs when nothing else is held, and the items after it wait for it.
    @Test func anItemHeavierThanTheBudgetRunsAlone() throws {
        let weights = [2, 3, 25, 2, 2, 30, 1]
        let budget = 10
        let held = Held()
        var order: [Int] = []
        try BudgetedOrderedMap<Int>(workers: 2, budget: budget).run(
            weights: weights,
            job: { i in
                held.start(weights[i], budget: budget)
                usleep(5_000)
                return i
            },
            consume: { i, _ in
                order.append(i)
                held.consumed(weights[i])
            })
        #expect(order == Array(weights.indices))
        #expect(held.heldWhenHeavyStarted == [0, 0])
        #expect(held.largest == 30)
    }

    struct Failed: Error, Equatable { let index: Int }

    /// The first failing job's error (in item order) is thrown; only the results before it are consumed.
    @Test func theFirstErrorInItemOrderIsThrown() {
        var consumed: [Int] = []
        #expect(throws: Failed(index: 4)) {
            try BudgetedOrderedMap<Int>(workers: 2, budget: 100).run(
                weights: Array(repeating: 1, count: 12),
                job: { i in
                    if i == 4 || i == 7 { throw Failed(index: i) }
                    return i
                },
                consume: { i, _ in consumed.append(i) })
        }
        #expect(consumed == [0, 1, 2, 3])
    }
}
