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
