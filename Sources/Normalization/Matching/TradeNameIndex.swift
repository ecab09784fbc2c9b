/// An inverted index over the registry's normalized trade names, so that name matching reads only the enterprises
/// that can reach the review threshold instead of the whole registry (20,000 names nationally), and scores them on
/// precomputed integer sets.
///
/// Exact, not approximate: ``scores(_:threshold:)`` gives every name whose
/// ``TradeNameNormalization/similarityOfNormalized(_:_:)`` with the query is ≥ `threshold`, with the same value
/// (the same integer intersections and unions, divided in the same order). The similarity is (word Jaccard + trigram
/// Jaccard) / 2, so a name that reaches `threshold` either shares a word with the query or, with word Jaccard 0, has
/// trigram Jaccard ≥ 2·threshold. The first are found through the word postings; for the second, prefix filtering
/// (Chaudhuri, Ganti & Kaushik, "A primitive operator for similarity joins", ICDE 2006): a name with trigram
/// Jaccard ≥ t shares at least one of the query's |T| − ⌈t·|T|⌉ + 1 rarest trigrams.
struct TradeNameIndex: Sendable {
    /// The normalized names, in registry order (positions are the postings' values).
    let names: [String]
    private let wordIDs: [Substring: Int32]
    private let trigramIDs: [String: Int32]
    /// Per name: sorted distinct word ids and trigram ids.
    private let words: [[Int32]]
    private let trigrams: [[Int32]]
    private let wordPostings: [[Int32]]
    private let trigramPostings: [[Int32]]

    init(normalizedNames: [String]) {
        names = normalizedNames
        var wIDs: [Substring: Int32] = [:]
        var tIDs: [String: Int32] = [:]
        var wPost: [[Int32]] = []
        var tPost: [[Int32]] = []
        var ws: [[Int32]] = []
        var ts: [[Int32]] = []
        for (i, n) in normalizedNames.enumerated() {
            var w: [Int32] = []
            var t: [Int32] = []
            if !n.isEmpty {
                for word in Set(n.split(separator: " ")) {
                    let id = wIDs[word] ?? Int32(wPost.count)
                    if id == Int32(wPost.count) {
                        wIDs[word] = id
                        wPost.append([])
                    }
                    wPost[Int(id)].append(Int32(i))
                    w.append(id)
                }
                for gram in TradeNameNormalization.trigrams(n) {
                    let id = tIDs[gram] ?? Int32(tPost.count)
                    if id == Int32(tPost.count) {
                        tIDs[gram] = id
                        tPost.append([])
                    }
                    tPost[Int(id)].append(Int32(i))
                    t.append(id)
                }
            }
            ws.append(w.sorted())
            ts.append(t.sorted())
        }
        wordIDs = wIDs
        trigramIDs = tIDs
        wordPostings = wPost
        trigramPostings = tPost
        words = ws
        trigrams = ts
    }

    /// Positions and similarities of the names with similarity ≥ `threshold` to `query` (normalized), by position.
    func scores(_ query: String, threshold: Double) -> [(position: Int, similarity: Double)] {
        guard !query.isEmpty else { return [] }
        let queryWords = Set(query.split(separator: " "))
        let queryGrams = TradeNameNormalization.trigrams(query)
        let w = queryWords.compactMap { wordIDs[$0] }.sorted()
        let t = queryGrams.compactMap { trigramIDs[$0] }.sorted()
        var candidates = Set<Int32>()
        for id in w { candidates.formUnion(wordPostings[Int(id)]) }
        let needed = 2 * threshold
        if needed <= 0 {
            for id in t { candidates.formUnion(trigramPostings[Int(id)]) }
        } else if needed <= 1, !queryGrams.isEmpty {
            let overlap = Int((needed * Double(queryGrams.count) - 1e-9).rounded(.up))
            let prefix = max(queryGrams.count - overlap + 1, 1)
            // Trigrams absent from the registry are the rarest of all (no postings) and come first.
            let absent = queryGrams.count - t.count
            if absent < prefix {
                let rarest = t.sorted {
                    let a = trigramPostings[Int($0)].count
                    let b = trigramPostings[Int($1)].count
                    return a != b ? a < b : $0 < $1
                }
                for id in rarest.prefix(prefix - absent) { candidates.formUnion(trigramPostings[Int(id)]) }
            }
        }
        var out: [(position: Int, similarity: Double)] = []
        for c in candidates {
            let i = Int(c)
            let wi = Self.intersectionCount(w, words[i])
            let ti = Self.intersectionCount(t, trigrams[i])
            let wj = Self.jaccard(wi, queryWords.count, words[i].count)
            let tj = Self.jaccard(ti, queryGrams.count, trigrams[i].count)
            let s = query == names[i] ? 1 : (wj + tj) / 2
            if s >= threshold { out.append((i, s)) }
        }
        return out.sorted { $0.position < $1.position }
    }

    private static func jaccard(_ inter: Int, _ a: Int, _ b: Int) -> Double {
        let union = a + b - inter
        return union == 0 ? 0 : Double(inter) / Double(union)
    }

    private static func intersectionCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var i = 0
        var j = 0
        var n = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                n += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return n
    }
}
