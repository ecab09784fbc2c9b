import Foundation

/// Normalization of trade names for matching, and their similarity.
///
/// Normalization, in order:
/// 1. diacritics folded and lower-cased (`Coöperatie` → `cooperatie`, `Café` → `cafe`);
/// 2. `&` becomes ` en `; every character that is not a letter or digit becomes a space (so `B.V.` → `b v`);
/// 3. legal-form words are removed: `stichting`, `stg`, `vereniging`, `cooperatie`, `cooperatieve`, `bv`, `b v`,
///    `nv`, `n v`, `vof`, `v o f`, `cv`, `ua`, `u a`, `wa`, `holding`, `eenmanszaak` (the legal form says nothing
///    about which enterprise it is, and registries and sources disagree on writing it);
/// 4. whitespace collapsed.
/// Normalizing a normalized name returns it unchanged.
///
/// Similarity: the mean of the Jaccard index of the word sets and the Jaccard index of the character-trigram sets
/// (trigrams of the name padded with two spaces in front and one behind, as in PostgreSQL `pg_trgm`). 1 means
/// equal normalized names; 0 means nothing in common.
package enum TradeNameNormalization {
    private static let legalForms: Set<String> = [
        "stichting", "stg", "vereniging", "cooperatie", "cooperatieve", "bv", "nv", "vof", "cv", "ua", "wa",
        "holding", "eenmanszaak",
    ]
    /// Multi-token legal forms after punctuation became spaces (`b.v.` → `b v`).
    private static let legalFormSequences: [[String]] = [
        ["b", "v"], ["n", "v"], ["v", "o", "f"], ["u", "a"], ["w", "a"], ["c", "v"],
    ]

    /// The normalized form of a trade name.
    package static func normalize(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var cleaned = ""
        for ch in folded.replacingOccurrences(of: "&", with: " en ") {
            cleaned.append(ch.isLetter || ch.isNumber ? ch : " ")
        }
        var tokens = cleaned.split(separator: " ").map(String.init)
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            if let seq = legalFormSequences.first(where: { s in
                i + s.count <= tokens.count && Array(tokens[i..<(i + s.count)]) == s
            }) {
                i += seq.count
                continue
            }
            if !legalForms.contains(tokens[i]) { out.append(tokens[i]) }
            i += 1
        }
        tokens = out
        return tokens.joined(separator: " ")
    }

    /// Similarity of two names in 0…1 (see the type's documentation); both are normalized first.
    package static func similarity(_ a: String, _ b: String) -> Double {
        similarityOfNormalized(normalize(a), normalize(b))
    }

    /// Similarity of two already normalized names.
    package static func similarityOfNormalized(_ a: String, _ b: String) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        if a == b { return 1 }
        let wa = Set(a.split(separator: " "))
        let wb = Set(b.split(separator: " "))
        let ta = trigrams(a)
        let tb = trigrams(b)
        return (jaccard(wa, wb) + jaccard(ta, tb)) / 2
    }

    private static func jaccard<T: Hashable>(_ a: Set<T>, _ b: Set<T>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// Character trigrams of each word padded `"  word "`, as pg_trgm does.
    package static func trigrams(_ s: String) -> Set<String> {
        var out: Set<String> = []
        for w in s.split(separator: " ") {
            let c = Array("  " + w + " ")
            guard c.count >= 3 else { continue }
            for i in 0...(c.count - 3) { out.insert(String(c[i..<(i + 3)])) }
        }
        return out
    }
}
