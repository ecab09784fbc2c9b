/// Bounds the number of transfers to one host at a time (FIFO among waiters).
actor HostLimiter {
    private let limit: Int
    private var inUse: [String: Int] = [:]
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire(_ host: String) async {
        if inUse[host, default: 0] < limit {
            inUse[host, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiters[host, default: []].append($0) }
    }

    func release(_ host: String) {
        if var queue = waiters[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[host] = queue.isEmpty ? nil : queue
            next.resume()  // the permit passes directly to the next waiter
        } else {
            inUse[host, default: 1] -= 1
            if inUse[host] == 0 { inUse[host] = nil }
        }
    }

    /// Runs `body` holding a permit for `host`.
    func withPermit<T: Sendable>(_ host: String, _ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(host)
        do {
            let value = try await body()
            release(host)
            return value
        } catch {
            release(host)
            throw error
        }
    }
}
