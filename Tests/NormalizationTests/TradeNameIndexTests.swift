import ImpactModel
import Testing

@testable import Normalization

/// The index must find every registry name a full scan finds (it only skips names that cannot reach the threshold).
@Suite struct TradeNameIndexTests {
    static let vocabulary = [
        "bakkerij", "de", "waarderzon", "groenwerk", "zuiderpolder", "fietswerk", "haarlem", "noord", "codeklas",
        "leerwerkbedrijf", "nieuwe", "kansen", "zonnewerk", "buurtrestaurant", "molenplaats", "fietskoeriers",
        "spaarnestad", "zorg", "om", "hoek", "taalwerkplaats", "textielhub", "werkplaats", "spaarne", "ab", "x",
        "kringloop", "kringlopen", "zonne", "zon", "bakker", "bakkers",
    ]

    static func name(_ rng: inout SplitMix) -> String {
        let n = Int.random(in: 1...4, using: &rng)
        return (0..<n).map { _ in vocabulary.randomElement(using: &rng) ?? "x" }.joined(separator: " ")
    }

    @Test(arguments: [0.4, 0.6, 0.85])
    func candidatesContainEveryNameAtOrAboveTheThreshold(threshold: Double) {
        var rng = SplitMix(state: 392)
        let registry = (0..<400).map { _ in Self.name(&rng) } + [""]
        let index = TradeNameIndex(normalizedNames: registry)
        var checked = 0
        for _ in 0..<600 {
            let query = Self.name(&rng)
            let full = registry.indices.compactMap { i -> (Int, Double)? in
                let s = TradeNameNormalization.similarityOfNormalized(query, registry[i])
                return s >= threshold ? (i, s) : nil
            }
            let found = index.scores(query, threshold: threshold)
            // Same names, same similarity to the last bit, in registry order.
            #expect(found.map(\.position) == full.map(\.0), "query \"\(query)\"")
            #expect(found.map(\.similarity) == full.map(\.1), "query \"\(query)\"")
            checked += full.count
        }
        #expect(checked > 300)  // the case is not vacuous: many names reach the threshold
    }

    @Test func anExactNameScoresOneAndAnUnrelatedOneIsLeftOut() {
        let index = TradeNameIndex(normalizedNames: ["bakkerij waarderzon", "fietskoeriers spaarnestad", ""])
        let found = index.scores("bakkerij waarderzon", threshold: 0.4)
        #expect(found.map(\.position) == [0])
        #expect(found.map(\.similarity) == [1])
        #expect(index.scores("", threshold: 0.4).isEmpty)
    }
}

/// A matcher scans the registry's names once per distinct name (``NameScanMemo``): the national returns name the same
/// unknown enterprise every quarter. The memo must give the scan's own result and never change an outcome.
@Suite("Name scans are remembered per name")
struct NameScanMemoTests {
    @Test func aNameIsScannedOnceAndGivesTheSameResult() {
        let memo = NameScanMemo()
        var scans = 0
        let first = memo.scores(of: "Kringloop Gamma") {
            scans += 1
            return [(position: 2, similarity: 0.9)]
        }
        let second = memo.scores(of: "Kringloop Gamma") {
            scans += 1
            return []
        }
        #expect(scans == 1)
        #expect(first.map(\.position) == [2] && second.map(\.position) == [2])
        #expect(second.map(\.similarity) == [0.9])
        _ = memo.scores(of: "Andere naam") {
            scans += 1
            return []
        }
        #expect(scans == 2)
    }

    @Test func outcomesAreTheSameOnTheSecondCall() throws {
        let registry = try Normalizer.prepareRegistry(
            NormalizeInputs(
                period: try Quarter(parsing: "2026Q3"), registry: Fixtures.data(Fixtures.registryCSV),
                themes: try Fixtures.themes)
        ).enterprises
        let matcher = Matcher(registry: registry)
        // Not in the registry by KvK-nummer: the outcome comes from the name scan (a review candidate here).
        let key = MatchKey(
            kvk: .valid(try #require(KvKNumber("99999999"))), vestigingsnummer: nil, name: "Kringloop Gama BV",
            postcode: nil, houseNumber: "")
        let once = matcher.match(key)
        let twice = matcher.match(key)
        #expect(once == twice)
        guard case .unmatched(let near) = once else {
            Issue.record("expected review candidates, got \(once)")
            return
        }
        #expect(near.map(\.kvkNumber.digits) == ["11223344"])
    }
}
