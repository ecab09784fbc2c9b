import ImpactModel

/// Runs `body`, cancelling it (and its transfer) when `limit` passes first.
/// - Throws: ``ImpactError`` `.unavailable` naming the source and `fetch.source_timeout_s`, or what `body` throws.
func withSourceTimeout<T: Sendable>(
    _ limit: Duration, source: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw ImpactError(
                .unavailable,
                "gave up after \(Int(limit.components.seconds)) s (fetch.source_timeout_s): the source's requests, "
                    + "retries and waits together took longer")
        }
        return value
    }
}
