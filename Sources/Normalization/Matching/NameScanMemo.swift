import Synchronization

/// The trade-name scans a ``Matcher`` has made, by the record's name as given: a scan of the whole registry is a pure
/// function of the name, and the national returns name the same enterprise that is not in the registry once per
/// quarter (16 times at scale 1), each time a scan of 20,000 names. Thread-safe; holds at most ``limit`` names, after
/// which a name not yet seen is scanned without being kept.
final class NameScanMemo: Sendable {
    /// The most names kept (each with its few similar registry positions).
    static let limit = 100_000

    private let memo = Mutex<[String: [(position: Int, similarity: Double)]]>([:])

    /// The scan of `name`: from an earlier call, or `scan()` (run outside the lock, so other threads are not held up).
    func scores(of name: String, scan: () -> [(position: Int, similarity: Double)]) -> [(
        position: Int, similarity: Double
    )] {
        if let known = memo.withLock({ $0[name] }) { return known }
        let result = scan()
        memo.withLock { memo in
            if memo.count < Self.limit { memo[name] = result }
        }
        return result
    }
}
