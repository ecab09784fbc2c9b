import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Matching cascade and trade-name normalization")
struct MatchingTests {
    @Test(
        "trade names normalize: lower case, legal forms removed, diacritics folded, punctuation removed",
        arguments: [
            ("Stichting Alfa", "alfa"),
            ("Coöperatie Beta U.A.", "beta"),
            ("Kringloop Gamma B.V.", "kringloop gamma"),
            ("De Koffie-Branderij & Co. BV", "de koffie branderij en co"),
            ("Café  Ôost, V.O.F.", "cafe oost"),
        ])
    func normalize(raw: String, expected: String) {
        #expect(TradeNameNormalization.normalize(raw) == expected)
    }

    @Test("similarity: word and trigram Jaccard")
    func similarity() {
        #expect(TradeNameNormalization.similarity("Stichting Alfa", "Alfa B.V.") == 1)
        // "alfa" vs "alfa haarlem": words 1/2; trigrams of "  alfa " = {"  a"," al","alf","lfa","fa "} (5),
        // "  haarlem " adds 8 more, all distinct → 5/13. Mean = (0.5 + 5/13) / 2.
        let s = TradeNameNormalization.similarity("Alfa", "Alfa Haarlem")
        #expect(abs(s - (0.5 + 5.0 / 13.0) / 2) < 1e-12)
        #expect(TradeNameNormalization.similarity("Alfa", "Zeta") < 0.2)
    }

    static func registry() throws -> [Enterprise] {
        let themes = try Fixtures.themes
        return RegistryLoader.load(Fixtures.data(Fixtures.registryCSV), file: "r.csv", themes: themes).enterprises
    }

    @Test("cascade: KvK, repaired KvK, vestigingsnummer, name + postcode (+ house number)")
    func cascade() throws {
        let m = Matcher(registry: try Self.registry())
        let alfa = try #require(KvKNumber("01234567"))
        #expect(m.match(MatchKey(kvk: IdentifierRepair.kvkNumber("01234567"))) == .matched(alfa, .kvk, score: 1))
        #expect(
            m.match(MatchKey(kvk: IdentifierRepair.kvkNumber("1234567"))) == .matched(alfa, .kvk_repaired, score: 1))
        #expect(
            m.match(MatchKey(kvk: .empty, vestigingsnummer: Vestigingsnummer("000012345678")))
                == .matched(alfa, .vestigingsnummer, score: 1))
        #expect(
            m.match(MatchKey(kvk: .empty, name: "Alfa (stichting)", postcode: Postcode("2011ab"), houseNumber: "12"))
                == .matched(alfa, .name_postcode, score: 1))
    }

    @Test("near-misses go to review, never matched")
    func nearMisses() throws {
        let m = Matcher(registry: try Self.registry())
        // Same name, other postcode.
        guard
            case .unmatched(let a) = m.match(
                MatchKey(kvk: .empty, name: "Stichting Alfa", postcode: Postcode("3011 AB")))
        else {
            Issue.record("must not match on another postcode")
            return
        }
        #expect(a.first?.kvkNumber.digits == "01234567")
        #expect(a.first?.reason.code == "postcode.differs")
        #expect(a.first?.reason.text.hasPrefix("similar name, different postcode (") == true)
        // Same name and postcode, different house number.
        guard
            case .unmatched(let b) = m.match(
                MatchKey(kvk: .empty, name: "Alfa", postcode: Postcode("2011 AB"), houseNumber: "14"))
        else {
            Issue.record("must not match on another house number")
            return
        }
        #expect(b.first?.reason == .houseNumberDiffers(record: "14", registry: "12"))
        #expect(b.first?.reason.text == "name and postcode agree but house number 14 ≠ 12")
        // A name without a postcode is never accepted.
        guard case .unmatched(let c) = m.match(MatchKey(kvk: .empty, name: "Stichting Alfa")) else {
            Issue.record("a name alone must not match")
            return
        }
        #expect(c.first?.score == 1)
        #expect(c.first?.reason == .noPostcode)
        // A vestigingsnummer that belongs to another KvK-nummer than the record states.
        guard
            case .unmatched(let d) = m.match(
                MatchKey(
                    kvk: IdentifierRepair.kvkNumber("99999999"), vestigingsnummer: Vestigingsnummer("000087654321")))
        else {
            Issue.record("conflicting identifiers must not match")
            return
        }
        #expect(d.first?.kvkNumber.digits == "87654321")
        #expect(
            d.first?.reason.text
                == "vestigingsnummer 000087654321 belongs to registry KvK 87654321, but the record says KvK 99999999")
        // Nothing similar: no review row.
        #expect(
            m.match(MatchKey(kvk: .empty, name: "Zwembad Zuid", postcode: Postcode("2011 AB"))) == .unmatched(near: []))
    }
}
