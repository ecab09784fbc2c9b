import Foundation
import ImpactModel
import Normalization

/// The stored bodies of a national pipeline's sources, in the order a one-at-a-time run adds them, and how they are
/// mapped on the second core while the engine routes them in that order (issue 19 item 2).
///
/// Establishments extracts start first, each on a thread of its own (``NationalBodyMapper/extract(_:registry:herindeling:partition:)``, streamed in bounded
/// memory, no matcher needed), while the engine builds the matcher; the other bodies are mapped one at a time, ahead,
/// on one thread (``BudgetedOrderedMap``) while the calling thread routes the body before. Commits stay in body order,
/// so the files are those of a one-at-a-time run (`NationalBodyOrderTests`).
struct NationalBodies {
    /// A source whose bodies are mapped: its ledger entry is finished after its last body.
    struct Source {
        var id: String
        /// Positions in ``bodies``.
        var bodies: Range<Int>
    }

    /// Every body of every fetched source, source by source in pipeline order, bodies in `fetch.json` order.
    var bodies: [NationalBody] = []
    var sources: [Source] = []
    /// The estimated memory of every body (``weight(_:bytes:)``), from the sizes in `fetch.json`.
    var weights: [Int] = []

    /// Threads mapping CSV bodies: one, beside the calling thread that routes the body before (two mapping threads
    /// took 8.2 s instead of 8.9 s at scale 1 but 336 MiB instead of 278: over the 300 MiB bound, docs/scaling.md).
    static let workers = 1

    /// The memory the bodies held at once (one mapped, one waiting or being routed) may take, as estimated by
    /// ``weight(_:bytes:)``; a heavier body (a procurement register of several MB) is mapped alone, after the bodies
    /// before it are routed. 96 MiB is two returns files of scale 1 (1.1 MB each).
    static let memoryBudgetBytes = 96 << 20

    /// The memory a CSV body takes while mapped and waiting to be routed: it is held whole and becomes about 30 times
    /// its size in observations (13 per return row, measured at scale 1). An establishments extract runs on its own
    /// thread, outside this budget (24 bytes per row, released before the stage's peak).
    static func weight(_ kind: RecordKind, bytes: Int) -> Int {
        kind == .establishment ? 0 : bytes * 30
    }

    /// Appends the bodies of a source.
    mutating func append(source id: String, _ sourceBodies: [NationalBody], sizes: [Int]) {
        let first = bodies.count
        bodies += sourceBodies
        weights += zip(sourceBodies, sizes).map { Self.weight($0.kind, bytes: $1) }
        sources.append(Source(id: id, bodies: first..<bodies.count))
    }

    /// Starts every establishments extract on a thread of its own; call before the engine builds its matcher.
    func startExtracts(registry: PreparedRegistry, herindeling: Herindeling, partition: String?) -> [Int:
        BackgroundResult<MappedBody>]
    {
        var started: [Int: BackgroundResult<MappedBody>] = [:]
        for (i, body) in bodies.enumerated() where body.kind == .establishment {
            started[i] = NationalBodyMapper.extract(
                body, registry: registry, herindeling: herindeling, partition: partition)
        }
        return started
    }

    /// Maps every body (the extracts' results from `extracts`) and commits them to `engine` in body order, each
    /// source's ledger entry finished after its last body.
    /// - Throws: the first error of a body, in body order; ``ImpactError`` when a file cannot be written.
    func normalize(into engine: inout NationalNormalization, extracts: [Int: BackgroundResult<MappedBody>]) throws {
        let mapper = engine.mapper
        let bodies = self.bodies
        var ledgers = sources.map { LedgerEntry(sourceID: $0.id) }
        for (s, source) in sources.enumerated() where source.bodies.isEmpty { engine.finishSource(ledgers[s]) }
        let sourceOf = sources.enumerated().flatMap { s, source in source.bodies.map { _ in s } }
        try BudgetedOrderedMap<MappedBody?>(workers: Self.workers, budget: Self.memoryBudgetBytes)
            .run(weights: weights) { i in
                extracts[i] == nil ? try mapper.map(bodies[i]) : nil
            } consume: { i, mapped in
                let s = sourceOf[i]
                guard let body = try mapped ?? extracts[i]?.value() else { return }
                try engine.commit(body, to: &ledgers[s])
                if i == sources[s].bodies.upperBound - 1 { engine.finishSource(ledgers[s]) }
            }
    }
}
