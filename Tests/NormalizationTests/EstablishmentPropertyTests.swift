import Foundation
import ImpactModel
import PropertyBased
import Testing

@testable import Normalization

/// Properties of the establishments extract: totals equal a naive in-memory recomputation, the result does not
/// depend on row order, and the byte-level cell readers agree with the project's general rules.
@Suite("Establishments extract: properties")
struct EstablishmentPropertyTests {
    // Each random row picks one value per column from these pools; `nil` in a meaning column marks a reject.
    static let vestigingen = ["000000000001", "000000000002", "00000000002", "000000000003", "000000000004", "x1"]
    /// (cell, KvK-nummer after repair or nil when rejected)
    static let kvks: [(String, String?)] = [
        ("01234567", "01234567"), ("1234567", "01234567"), ("87654321", "87654321"), ("55555555", "55555555"),
        ("1.23457E+07", nil),
    ]
    static let sbis: [(String, Bool)] = [("88101", true), ("4711", true), ("", false), ("99999", false)]
    /// (cell, gemeentecode after herindeling or nil when rejected); GM0003 was merged into GM1979.
    static let gemeenten: [(String, String?)] = [
        ("GM0392", "GM0392"), ("GM0363", "GM0363"), ("GM0003", "GM1979"), ("GM1979", "GM1979"), ("Haarlem", nil),
    ]
    /// (cell, persons; .some(nil) = missing, nil = rejected)
    static let persons: [(String, Int??)] = [
        ("0", .some(0)), ("3", .some(3)), ("12", .some(12)), ("", .some(nil)), ("-3", nil),
    ]
    /// (cell, registered by 2026-09-30; nil when rejected)
    static let dates: [(String, Bool?)] = [
        ("2020-01-01", true), ("2026-09-30", true), ("2026-10-01", false), ("2026-13-01", nil),
    ]
    static let postcodes = ["2011 AB", "2011ab"]  // the same postcode after normalization

    static let radix = [
        vestigingen.count, kvks.count, sbis.count, postcodes.count, gemeenten.count, persons.count, dates.count,
    ]
    static let space = radix.reduce(1, *)

    static func digits(of code: Int) -> [Int] {
        var c = code
        return radix.map { r in
            defer { c /= r }
            return c % r
        }
    }

    static func line(_ code: Int) -> String {
        let d = digits(of: code)
        return [
            vestigingen[d[0]], kvks[d[1]].0, sbis[d[2]].0, postcodes[d[3]], gemeenten[d[4]].0, persons[d[5]].0,
            dates[d[6]].0,
        ].joined(separator: ",")
    }

    /// The naive model: every rule written out on whole rows held in memory.
    static func naive(_ codes: [Int], registry: Set<String>) -> (
        totals: [String: EstablishmentTotals], ledger: LedgerEntry
    ) {
        var ledger = LedgerEntry(sourceID: "vestigingen", recordsIn: codes.count)
        struct Row: Hashable {
            var kvk: String
            var sbi: String
            var gemeente: String
            var persons: Int?
        }
        var groups: [String: [Row]] = [:]
        for code in codes {
            let d = digits(of: code)
            let vest = vestigingen[d[0]]
            guard vest != "x1", let kvk = kvks[d[1]].1, sbis[d[2]].1, let gemeente = gemeenten[d[4]].1,
                let persons = persons[d[5]].1, let registered = dates[d[6]].1
            else {
                ledger.rejected += 1
                continue
            }
            guard registered else {
                ledger.filtered += 1
                continue
            }
            let key = String(repeating: "0", count: 12 - vest.count) + vest
            // The date is part of the content: two registered dates differ.
            groups[key, default: []].append(
                Row(kvk: kvk, sbi: sbis[d[2]].0 + dates[d[6]].0, gemeente: gemeente, persons: persons))
        }
        var totals: [String: EstablishmentTotals] = [:]
        var seen: Set<String> = []
        for (_, rows) in groups {
            if Set(rows).count > 1 {
                ledger.rejected += rows.count
                continue
            }
            ledger.recordsOut += 1
            ledger.merged += rows.count - 1
            let r = rows[0]
            var t = totals[r.gemeente] ?? EstablishmentTotals()
            t.establishments += 1
            if let p = r.persons { t.personsEmployed += p } else { t.personsMissing += 1 }
            if registry.contains(r.kvk) {
                t.seEstablishments += 1
                if let p = r.persons { t.sePersonsEmployed += p } else { t.sePersonsMissing += 1 }
                if seen.insert(r.gemeente + r.kvk).inserted { t.seEnterprises += 1 }
            }
            totals[r.gemeente] = t
        }
        ledger.observations = totals.count * 5
        return (totals, ledger)
    }

    static func run(_ codes: [Int], runLength: Int = 1 << 18) throws -> EstablishmentExtractResult {
        let (url, _) = try EstablishmentExtractTests.write([EstablishmentExtractTests.header] + codes.map(line))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        return try EstablishmentExtract.aggregate(
            file: url, displayName: "vestigingen-2026Q3.csv", sourceID: "vestigingen",
            quarter: try Fixtures.quarter("2026Q3"), registryKvK: EstablishmentExtractTests.registry,
            herindeling: try EstablishmentExtractTests.herindeling(), runLength: runLength)
    }

    @Test("totals and ledger equal a naive in-memory recomputation on random rows (any sorted-run length)")
    func naiveEquality() async {
        await propertyCheck(
            count: 150, input: Gen.int(in: 0...(Self.space - 1)).array(of: 0...40), Gen.int(in: 1...8)
        ) { codes, runLength in
            let r = try Self.run(codes, runLength: runLength)  // tiny sorted runs: the merge of runs is exercised
            let model = Self.naive(codes, registry: ["01234567", "87654321"])
            #expect(r.ledger == model.ledger)
            #expect(r.ledger.balances)
            #expect(Dictionary(uniqueKeysWithValues: r.perGemeente.map { ($0.key.code, $0.value) }) == model.totals)
            #expect(r.rejects.count == r.ledger.rejected)
        }
    }

    @Test("the result does not depend on row order, except for the lines and record numbers of rejects")
    func orderIndependence() async {
        await propertyCheck(
            count: 100, input: Gen.int(in: 0...(Self.space - 1)).array(of: 1...40), Gen.int(in: 0...10_000)
        ) {
            codes, seed in
            var shuffled = codes
            var rng = SplitMix(state: UInt64(seed))
            shuffled.shuffle(using: &rng)
            let a = try Self.run(codes)
            let b = try Self.run(shuffled, runLength: seed % 5 + 1)
            #expect(a.perGemeente == b.perGemeente)
            #expect(a.ledger == b.ledger)
            func stripped(_ o: [Observation]) -> [Observation] {
                o.map {
                    var x = $0
                    x.sourceRowID = String(x.sourceRowID.drop { $0 != ":" })  // the file's hash differs
                    return x
                }
            }
            #expect(stripped(a.observations) == stripped(b.observations))
            func reasons(_ r: [Reject]) -> [String] { r.map { "\($0.reason) \($0.field) \($0.value)" }.sorted() }
            #expect(reasons(a.rejects) == reasons(b.rejects))
            #expect(a.diagnostics.map(\.code) == b.diagnostics.map(\.code))
        }
    }

    // MARK: - The fast paths agree with the general rules

    static let cellChars: [String] = [
        "0", "1", "9", "8", "7", " ", "\t", "\u{00A0}", "a", "-", "E", "+", ".", ",", "G", "M",
    ]

    @Test("cell readers agree with IdentifierRepair, SBICode/SBI2008, Herindeling.isGemeenteCode, CivilDate")
    func fastPathsAgree() async {
        await propertyCheck(count: 2000, input: Gen.int(in: 0...(Self.cellChars.count - 1)).array(of: 0...13)) { idx in
            let raw = idx.map { Self.cellChars[$0] }.joined()
            Self.checkAgreement(raw)
        }
        // Shapes random strings rarely hit.
        for raw in [
            "000000000001", "00000000001", "1", " 000000000001 ", "0000000000001", "01234567", "1234567", " 1234567",
            "88101", "9900", "99000", "99999", "9811", "98200", "97", "00", "GM0392", " GM0392\u{00A0}", "gm0392",
            "2024-02-29", "2025-02-29", "20240229", " 2026-09-30 ", "2026-9-30", "1.23457E+07",
        ] {
            Self.checkAgreement(raw)
        }
    }

    static func checkAgreement(_ raw: String) {
        func expected<V>(_ r: IdentifierReading<V>, digits: (V) -> String) -> EstablishmentCells.Identifier {
            switch r {
            case .empty: return .empty
            case .valid(let v): return .valid(UInt64(digits(v)) ?? 0)
            case .repaired(let v, let o): return .repaired(UInt64(digits(v)) ?? 0, original: o)
            case .invalid(_, let m): return .invalid(message: m)
            }
        }
        #expect(
            EstablishmentCells.vestigingsnummer(raw)
                == expected(IdentifierRepair.vestigingsnummer(raw), digits: \.digits), "\(raw)")
        #expect(
            EstablishmentCells.kvkNumber(raw) == expected(IdentifierRepair.kvkNumber(raw), digits: \.digits), "\(raw)")
        let sbi = SBICode(raw).map { SBI2008.isPossibleCode($0.code) } ?? false
        #expect((EstablishmentCells.sbiCode(raw) != nil) == sbi, "\(raw)")
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        #expect((EstablishmentCells.gemeenteCode(raw) != nil) == Herindeling.isGemeenteCode(trimmed), "\(raw)")
        #expect(EstablishmentCells.date(raw) == (try? CivilDate(parsing: raw)), "\(raw)")
    }

    @Test(
        "werkzame_personen: digits only, 0 up to 4 294 967 294; empty is missing",
        arguments: [
            ("", EstablishmentCells.Persons.missing), ("0", .value(0)), ("007", .value(7)), (" 12 ", .value(12)),
            ("4294967294", .value(4_294_967_294)), ("4294967295", .invalid), ("12,5", .invalid), ("12.0", .invalid),
            ("-3", .invalid), ("+3", .invalid), ("veel", .invalid), ("1e3", .invalid),
        ])
    func persons(raw: String, expected: EstablishmentCells.Persons) {
        #expect(EstablishmentCells.persons(raw) == expected)
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a seeded generator so a failing shuffle can be replayed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Establishments extract: row store")
struct EstablishmentRowStoreTests {
    @Test("groups come out by vestigingsnummer, rows in file order, across any number of sorted runs")
    func groupsAcrossRuns() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...9).array(of: 0...60), Gen.int(in: 1...7)) {
            keys, runLength in
            var store = EstablishmentRowStore(runLength: runLength)
            for (i, k) in keys.enumerated() {
                try store.append(
                    PackedEstablishment(
                        vestigingsnummer: UInt64(k) * 100_000_000_000, gemeente: UInt16(k),
                        socialEnterprise: k % 2 == 0,
                        contentHash: UInt64(i), record: UInt32(i + 1), persons: UInt32(i)))
            }
            var got: [[UInt32]] = []
            store.forEachGroup { group in
                #expect(Set(group.map(\.vestigingsnummer)).count == 1)
                got.append(group.map(\.record))
            }
            // The naive grouping: distinct keys ascending, each with its records in file order.
            let expected = Set(keys).sorted().map { k in
                keys.indices.filter { keys[$0] == k }.map { UInt32($0 + 1) }
            }
            #expect(got == expected)
        }
    }
}
