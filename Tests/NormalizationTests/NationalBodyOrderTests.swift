import CSVCodec
import ContentHash
import Dispatch
import Foundation
import ImpactModel
import Synchronization
import Testing

@testable import Normalization

/// Issue 19 item 2: the national normalize stage maps the next body on a second core while it routes the one before.
/// That is safe because mapping a body (``NationalBodyMapper/map(_:)``) depends on nothing but the body, and the
/// observation files depend only on the order in which bodies are committed: bodies mapped on other threads, in any
/// order, then committed in body order give the files of a one-at-a-time run, byte for byte.
@Suite("National normalize: bodies mapped on other threads give the one-at-a-time files")
struct NationalBodyOrderTests {
    /// Four quarterly return files of the three fixture enterprises, with a repaired KvK-nummer (7 digits), an exact
    /// duplicate, a reject (a negative FTE) and a KvK-nummer not in the registry.
    static func returnsBody(_ quarter: String, seed: Int) -> String {
        let rows = [
            "01234567,000012345678,Stichting Alfa,\(quarter),\(10 + seed),\(8 + seed).5,3,4,100000,80000,5000,20,3,2,1.5,2",
            "87654321,000087654321,Coöperatie Beta U.A.,\(quarter),\(4 + seed),3.2,1,1,50000,45000,0,5,1,0,0.4,1",
            "11223344,,Kringloop Gamma B.V.,\(quarter),7,6,2,2,70000,60000,1000,0,0,1,12,30",
            "87654321,000087654321,Coöperatie Beta U.A.,\(quarter),\(4 + seed),3.2,1,1,50000,45000,0,5,1,0,0.4,1",
            "99999999,,Onbekend B.V.,\(quarter),3,-2,1,1,1000,1000,0,0,0,0,0,0",
        ]
        return ([Fixtures.returnHeader] + rows).joined(separator: "\n") + "\n"
    }

    static let quarters = ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]

    /// Writes the bodies into `folder` and describes them as the stage does.
    static func bodies(in folder: URL) throws -> [NationalBody] {
        let period = try Quarter(parsing: "2026Q3")
        return try quarters.enumerated().map { i, q in
            let name = "\(String(format: "%03d", i + 1))-impact-\(q).csv"
            let data = Data(returnsBody(q, seed: i).utf8)
            try data.write(to: folder.appendingPathComponent(name))
            return NationalBody(
                url: folder.appendingPathComponent(name), displayName: "fetch/impact-returns/\(name)",
                sha256: sha256Hex(data), sourceID: "impact-returns", kind: .impact_return,
                quarter: try Quarter(parsing: q),
                period: period, encoding: nil, numberFormat: nil)
        }
    }

    static func engine(_ folder: URL) throws -> NationalNormalization {
        let inputs = NormalizeInputs(
            period: try Quarter(parsing: "2026Q3"), registry: Fixtures.data(Fixtures.registryCSV),
            themes: try Fixtures.themes)
        return try NationalNormalization(
            registry: try Normalizer.prepareRegistry(inputs), herindeling: Herindeling(rules: []), partition: nil,
            folder: folder)
    }

    /// Every file under `folder` by name, with its bytes.
    static func files(_ folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    /// Runs an engine over `bodies`, committing them in `order`; mapped one at a time on this thread when `threads`
    /// is false, else all at once on other threads first. Returns the observation files and the result files.
    static func run(_ bodies: [NationalBody], order: [Int], threads: Bool, in work: URL) throws
        -> (observations: [String: Data], result: [String: Data])
    {
        let observations = work.appendingPathComponent("observations")
        var engine = try engine(observations)
        var ledger = LedgerEntry(sourceID: "impact-returns")
        if threads {
            let mapper = engine.mapper
            let slots = Mutex<[Int: Result<MappedBody, any Error>]>([:])
            // Reverse order on several threads: the last body is mapped first.
            DispatchQueue.concurrentPerform(iterations: bodies.count) { k in
                let i = bodies.count - 1 - k
                let mapped = Result { try mapper.map(bodies[i]) }
                slots.withLock { $0[i] = mapped }
            }
            for i in order { try engine.commit(try #require(slots.withLock { $0[i] }).get(), to: &ledger) }
        } else {
            for i in order { try engine.add(bodies[i], to: &ledger) }
        }
        engine.finishSource(ledger)
        let (result, _) = try engine.finish()
        var named: [String: Data] = [:]
        for f in try result.files() { named[f.name] = f.data }
        return (try files(observations), named)
    }

    @Test("mapped on other threads in reverse, committed in order: the same bytes as one at a time")
    func threadsGiveTheSameFiles() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("national-order-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("fetch")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let bodies = try Self.bodies(in: input)
        let inOrder = Array(bodies.indices)
        let serial = try Self.run(bodies, order: inOrder, threads: false, in: work.appendingPathComponent("serial"))
        let threaded = try Self.run(bodies, order: inOrder, threads: true, in: work.appendingPathComponent("threads"))
        // The fixture reaches the files: GM0392's observations, matches of all three, the duplicate and the reject.
        #expect(serial.observations.keys.sorted() == ["GM0392.imobs"])
        let matches = String(decoding: try #require(serial.result["matches.csv"]), as: UTF8.self)
        #expect(matches.split(separator: "\n").count == 1 + 3 * Self.quarters.count)
        let rejects = String(decoding: try #require(serial.result["rejects.csv"]), as: UTF8.self)
        #expect(rejects.contains("99999999") || rejects.contains("fte"))
        #expect(threaded.observations == serial.observations)
        #expect(threaded.result == serial.result)
        // The order of commits is what fixes the bytes: committing in another order gives another file, so the
        // comparison above can fail.
        let shuffled = try Self.run(
            bodies, order: inOrder.reversed(), threads: true, in: work.appendingPathComponent("reversed"))
        #expect(shuffled.observations != serial.observations)
    }
}
