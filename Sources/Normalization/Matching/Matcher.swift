import ImpactModel

/// How a source record was tied to a registry enterprise: one row of `normalize/matches.csv`.
package struct Match: Hashable, Sendable {
    /// The method of the matching cascade, in the order it is tried.
    package enum Method: String, Sendable, Hashable, CaseIterable {
        /// The record's KvK-nummer is in the registry.
        case kvk
        /// The record's KvK-nummer had 7 digits and matched after the rule "hersteld: voorloopnullen".
        case kvk_repaired
        /// The record's vestigingsnummer is a registry enterprise's vestigingsnummer.
        case vestigingsnummer
        /// Normalized trade name, equal postcode (and house number where both have one), score ≥ the threshold.
        case name_postcode
        /// The record's KvK-nummer is one a member's vestiging was registered under in its identity history (a
        /// takeover: the vestiging moved to a KvK-nummer that is not itself a member; issue 20).
        case kvk_history
    }
    /// The pipeline source id.
    package var sourceID: String
    /// The record's stable id (`<sha256 prefix>:<record number>`).
    package var sourceRowID: String
    /// The registry KvK-nummer.
    package var kvkNumber: KvKNumber
    /// How the match was made.
    package var method: Method
    /// 1 for identifier matches; the name similarity for `name_postcode`.
    package var score: Double

    /// Column names of the CSV file.
    package static let csvHeader = ["source_id", "source_row_id", "kvk_number", "method", "score"]
    /// The row's fields in `csvHeader` order; scores rounded to 3 decimals.
    package var csvFields: [String] {
        [sourceID, sourceRowID, kvkNumber.digits, method.rawValue, formatNumber((score * 1000).rounded() / 1000)]
    }
}

/// A near-miss that a person must decide: one row of `normalize/review.csv`. Never used as a match.
package struct ReviewItem: Hashable, Sendable {
    /// The pipeline source id.
    package var sourceID: String
    /// The record's stable id (`<sha256 prefix>:<record number>`).
    package var sourceRowID: String
    /// The file the record came from.
    package var file: String
    /// 1-based line of the record, if known.
    package var line: Int?
    /// The record's identifiers and name as written.
    package var recordKvK: String
    /// The name as written in the record.
    package var recordName: String
    /// The record's canonical postcode, or empty.
    package var recordPostcode: String
    /// The registry enterprise it resembles.
    package var candidateKvK: KvKNumber
    /// The registry name of the candidate.
    package var candidateName: String
    /// Name similarity in 0…1 (1 for identifier conflicts).
    package var score: Double
    /// Why a person must look at it (written as ``ReviewReason/text``).
    package var reason: ReviewReason

    /// Column names of the CSV file.
    package static let csvHeader = [
        "source_id", "source_row_id", "file", "line", "record_kvk", "record_name", "record_postcode", "candidate_kvk",
        "candidate_name", "score", "reason",
    ]
    /// The row's fields in `csvHeader` order; scores rounded to 3 decimals.
    package var csvFields: [String] {
        [
            sourceID, sourceRowID, file, line.map(String.init) ?? "", recordKvK, recordName, recordPostcode,
            candidateKvK.digits, candidateName, formatNumber((score * 1000).rounded() / 1000), reason.text,
        ]
    }
}

/// What a source record carries for matching.
package struct MatchKey: Hashable, Sendable {
    /// The KvK-nummer as read (possibly repaired, empty or invalid).
    package var kvk: IdentifierReading<KvKNumber>
    /// The vestigingsnummer, if the record has a readable one.
    package var vestigingsnummer: Vestigingsnummer?
    /// The trade name as written.
    package var name: String
    /// The canonical postcode, if the record has one.
    package var postcode: Postcode?
    /// House number with addition (`7a`), as written.
    package var houseNumber: String

    /// Creates a match key.
    package init(
        kvk: IdentifierReading<KvKNumber>, vestigingsnummer: Vestigingsnummer? = nil, name: String = "",
        postcode: Postcode? = nil, houseNumber: String = ""
    ) {
        self.kvk = kvk
        self.vestigingsnummer = vestigingsnummer
        self.name = name
        self.postcode = postcode
        self.houseNumber = houseNumber
    }
}

/// The matching cascade against the registry (DESIGN.md "Registry"): KvK-nummer → vestigingsnummer → normalized
/// trade name + postcode (+ house number).
///
/// - A name match is accepted only with an equal canonical postcode, a score ≥ ``acceptThreshold``, no conflicting
///   house number, and a best candidate ahead of the runner-up by at least ``ambiguityMargin``.
/// - Near-misses (score ≥ ``reviewThreshold`` but not accepted, or an identifier conflict) become ``ReviewItem``s
///   and are never used as matches.
/// - Names are never matched without a postcode: a name alone is too weak to tie money or people to an enterprise.
package struct Matcher: Sendable {
    /// Minimum name similarity for a `name_postcode` match.
    package static let acceptThreshold = 0.85
    /// Minimum name similarity for a review row.
    package static let reviewThreshold = 0.4
    /// How far the best name must lead the runner-up to be accepted.
    package static let ambiguityMargin = 0.1

    private let byKvK: [KvKNumber: Enterprise]
    private let byVestiging: [Vestigingsnummer: Enterprise]
    /// KvK-nummers of a member's identity history that are not members themselves (takeovers), → the member.
    private let byHistoryKvK: [KvKNumber: Enterprise]
    private let registry: [Enterprise]
    private let names: TradeNameIndex
    /// The name scans already made, shared by the copies of this matcher (``NameScanMemo``).
    private let nameScans = NameScanMemo()

    /// Indexes the registry by KvK-nummer, vestigingsnummer and normalized name.
    package init(registry: [Enterprise]) {
        var k: [KvKNumber: Enterprise] = [:]
        var v: [Vestigingsnummer: Enterprise] = [:]
        for e in registry {
            k[e.kvkNumber] = k[e.kvkNumber] ?? e
            if let vn = e.vestigingsnummer { v[vn] = v[vn] ?? e }
        }
        var h: [KvKNumber: Enterprise] = [:]
        for e in registry {
            for id in e.identities where k[id.kvkNumber] == nil { h[id.kvkNumber] = h[id.kvkNumber] ?? e }
        }
        byKvK = k
        byVestiging = v
        byHistoryKvK = h
        self.registry = registry
        names = TradeNameIndex(normalizedNames: registry.map { TradeNameNormalization.normalize($0.name) })
    }

    /// A registry enterprise that resembles a record without being accepted as its match.
    package struct Candidate: Hashable, Sendable {
        /// The registry KvK-nummer.
        package var kvkNumber: KvKNumber
        /// The registry name.
        package var name: String
        /// Name similarity in 0…1 (1 for identifier conflicts).
        package var score: Double
        /// Why a person must look at it.
        package var reason: ReviewReason
    }

    /// The outcome of the cascade for one record.
    package enum Outcome: Hashable, Sendable {
        case matched(KvKNumber, Match.Method, score: Double)
        /// Not matched; `near` lists candidates for review (may be empty).
        case unmatched(near: [Candidate])
    }

    /// The registry enterprise with KvK-nummer `kvk`, if any.
    package func enterprise(_ kvk: KvKNumber) -> Enterprise? { byKvK[kvk] }

    /// Runs the cascade.
    package func match(_ key: MatchKey) -> Outcome {
        switch key.kvk {
        case .valid(let k) where byKvK[k] != nil: return .matched(k, .kvk, score: 1)
        case .repaired(let k, _) where byKvK[k] != nil: return .matched(k, .kvk_repaired, score: 1)
        case .valid(let k) where byHistoryKvK[k] != nil:
            return .matched(byHistoryKvK[k]!.kvkNumber, .kvk_history, score: 1)
        default: break
        }
        var near: [Candidate] = []
        if let v = key.vestigingsnummer, let e = byVestiging[v] {
            if let k = key.kvk.value, k != e.kvkNumber {
                near.append(
                    Candidate(
                        kvkNumber: e.kvkNumber, name: e.name, score: 1,
                        reason: .vestigingsnummerConflict(vestigingsnummer: v, registryKvK: e.kvkNumber, recordKvK: k)))
                return .unmatched(near: near)
            }
            return .matched(e.kvkNumber, .vestigingsnummer, score: 1)
        }
        let similar = nameScans.scores(of: key.name) {
            let name = TradeNameNormalization.normalize(key.name)
            return name.isEmpty ? [] : names.scores(name, threshold: Self.reviewThreshold)
        }
        var scored: [(Enterprise, Double)] = []
        for (i, s) in similar { scored.append((registry[i], s)) }
        scored.sort { ($0.1, $1.0.kvkNumber) > ($1.1, $0.0.kvkNumber) }
        guard let best = scored.first else { return .unmatched(near: []) }
        let runnerUp = scored.dropFirst().first?.1 ?? 0
        if let pc = key.postcode, best.0.postcode == pc, best.1 >= Self.acceptThreshold,
            best.1 - runnerUp >= Self.ambiguityMargin
        {
            let h1 = IdentifierRepair.trimmed(key.houseNumber).lowercased()
            let h2 = IdentifierRepair.trimmed(best.0.houseNumber).lowercased()
            if h1.isEmpty || h2.isEmpty || h1 == h2 {
                return .matched(best.0.kvkNumber, .name_postcode, score: best.1)
            }
            near.append(
                Candidate(
                    kvkNumber: best.0.kvkNumber, name: best.0.name, score: best.1,
                    reason: .houseNumberDiffers(record: h1, registry: h2)))
            return .unmatched(near: near)
        }
        for (e, s) in scored.prefix(3) {
            let reason: ReviewReason
            if key.postcode == nil {
                reason = .noPostcode
            } else if e.postcode != key.postcode {
                reason = .differentPostcode(record: key.postcode?.text ?? "", registry: e.postcode?.text ?? "")
            } else if s < Self.acceptThreshold {
                reason = .nameBelowThreshold(threshold: Self.acceptThreshold)
            } else {
                reason = .ambiguous
            }
            near.append(Candidate(kvkNumber: e.kvkNumber, name: e.name, score: s, reason: reason))
        }
        return .unmatched(near: near)
    }
}
