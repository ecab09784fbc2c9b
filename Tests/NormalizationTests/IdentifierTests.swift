import CSVCodec
import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Identifiers: KvK-nummer, vestigingsnummer, RSIN, postcode (B17, B19)")
struct IdentifierTests {
    @Test("KvK-nummer: 8 digits valid, 7 digits repaired with a leading zero, scientific notation rejected")
    func kvk() throws {
        #expect(IdentifierRepair.kvkNumber("01234567") == .valid(try #require(KvKNumber("01234567"))))
        #expect(IdentifierRepair.kvkNumber(" 01234567\u{00A0}") == .valid(try #require(KvKNumber("01234567"))))
        #expect(
            IdentifierRepair.kvkNumber("1234567") == .repaired(try #require(KvKNumber("01234567")), original: "1234567")
        )
        guard case .invalid(let reason, let message) = IdentifierRepair.kvkNumber("1.23457E+07") else {
            Issue.record("scientific notation must be invalid")
            return
        }
        #expect(reason == .kvkScientificNotation)
        #expect(message.contains("1.23457E+07"))
        #expect(IdentifierRepair.kvkNumber("") == .empty)
    }

    @Test(
        "KvK-nummers that are never repaired",
        arguments: ["123456", "123456789", "1234567a", "1,23457E+07", "1E7", "12345678.0", "1.234.567.89"])
    func kvkNotRepaired(raw: String) {
        guard case .invalid = IdentifierRepair.kvkNumber(raw) else {
            Issue.record("\(raw) must be invalid")
            return
        }
    }

    @Test("vestigingsnummer: shorter than 12 digits left-padded (B17: 12345678 → 000012345678)")
    func vestiging() throws {
        #expect(
            IdentifierRepair.vestigingsnummer("12345678")
                == .repaired(try #require(Vestigingsnummer("000012345678")), original: "12345678"))
        #expect(
            IdentifierRepair.vestigingsnummer("000087654321") == .valid(try #require(Vestigingsnummer("000087654321"))))
        guard case .invalid(let reason, _) = IdentifierRepair.vestigingsnummer("1234567890123") else {
            Issue.record("13 digits must be invalid")
            return
        }
        #expect(reason == .vestigingsnummerLength)
    }

    @Test("RSIN 11-proof")
    func rsin() {
        // 111222333: 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3 = 69, minus 1·3 = 66 = 6·11 → valid.
        #expect(IdentifierRepair.rsin("111222333") == .valid("111222333"))
        // 111222334: 69 − 4 = 65, not divisible by 11 → invalid.
        guard case .invalid(let reason, _) = IdentifierRepair.rsin("111222334") else {
            Issue.record("111222334 fails the 11-proof")
            return
        }
        #expect(reason == .rsinElfproef)
    }

    @Test(
        "B19: postcodes that canonicalise to 1234 AB",
        arguments: ["1234AB", "1234 ab", " 1234  Ab ", "1234AB\u{00A0}", "\u{00A0}1234\u{00A0}AB"])
    func postcodeValid(raw: String) {
        #expect(Postcode(raw)?.text == "1234 AB")
    }

    @Test("B19: invalid postcodes", arguments: ["1234-AB", "0123 AB", "1234 A", "12345 AB"])
    func postcodeInvalid(raw: String) {
        #expect(Postcode(raw) == nil)
    }

    @Test("B19: an invalid registry postcode is reported with its line and the enterprise still counts")
    func postcodeInRegistry() throws {
        let csv = """
            \(Fixtures.registryHeader)
            01234567,,Stichting Alfa,1234-AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,
            87654321,,Beta,1234ab,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,

            """
        let load = RegistryLoader.load(Fixtures.data(csv), file: "config/registry.csv", themes: try Fixtures.themes)
        #expect(load.enterprises.count == 2)
        #expect(load.enterprises[1].postcode?.text == "1234 AB")
        #expect(load.enterprises[0].postcode == nil)
        let d = try #require(load.diagnostics.first { $0.code == "registry.postcode.invalid" })
        #expect(d.line == 2)
        #expect(d.severity == .warning)
        #expect(d.description.hasPrefix("config/registry.csv:2: warning: postcode: \"1234-AB\": not a Dutch postcode"))
    }
}
