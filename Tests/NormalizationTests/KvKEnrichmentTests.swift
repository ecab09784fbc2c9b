import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Normalization

@Suite("KvK Basisprofiel enrichment")
struct KvKEnrichmentTests {
    /// The fields of the real KvK test-environment Basisprofiel (open-forms fixture) that ``KvKProfile`` holds,
    /// read with JSONSerialization: parsing the KvK API is the connectors' job, this only builds the input.
    static func realProfile() throws -> KvKProfile {
        let data = try SharedData.data("kvk-api-openforms/basisprofiel_response.json")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let kvkText = try #require(json["kvkNummer"] as? String)
        let kvk = try #require(KvKNumber(kvkText))
        let start = try #require((json["materieleRegistratie"] as? [String: Any])?["datumAanvang"] as? String)
        let activities = try #require(json["sbiActiviteiten"] as? [[String: Any]])
        let main = try #require(activities.first { $0["indHoofdactiviteit"] as? String == "Ja" })
        let sbi = try #require(main["sbiCode"] as? String)
        let name = try #require(json["naam"] as? String)
        return KvKProfile(
            kvkNumber: kvk, name: name, registrationDate: try CivilDate(parsing: start), mainSBICode: SBICode(sbi))
    }

    static func registry(sbi: String) -> String {
        """
        \(Fixtures.registryHeader)
        69599084,,Test EMZ Dagobert,1034 WL,17,GM0363,Amsterdam,\(sbi),werk,,,,,,2024-01-01,,
        68750110,,Test BV Donald,,,GM0363,Amsterdam,,werk,,,,,,2024-01-01,,

        """
    }

    @Test(
        "real Basisprofiel: registration date 2017-01-08 from datumAanvang 20170108; SBI 1011 agrees",
        .enabled(if: SharedData.shouldRun))
    func enrich() throws {
        let profile = try Self.realProfile()
        #expect(profile.kvkNumber.digits == "69599084")
        let inputs = try Fixtures.inputs(
            kvk: KvKInput(sourceID: "kvk", profiles: [profile], notFound: [try #require(KvKNumber("68750110"))]),
            registry: Self.registry(sbi: "1011"))
        let result = try Normalizer.run(inputs: inputs)
        let e = try #require(result.enterprises.first { $0.kvkNumber.digits == "69599084" })
        #expect(e.kvkRegistrationDate?.description == "2017-01-08")
        #expect(!result.diagnostics.contains { $0.code == "kvk.sbi_differs" })
        let missing = try #require(result.diagnostics.first { $0.code == "kvk.not_found" })
        #expect(missing.message.contains("68750110"))
        #expect(missing.line == 3)
        #expect(
            result.ledger.first { $0.sourceID == "kvk" } == LedgerEntry(sourceID: "kvk", recordsIn: 1, recordsOut: 1))
    }

    @Test(
        "a registry SBI that differs from the KvK main activity is a warning; an empty one is filled",
        .enabled(if: SharedData.shouldRun))
    func sbi() throws {
        let profile = try Self.realProfile()
        let differs = try Normalizer.run(
            inputs: try Fixtures.inputs(
                kvk: KvKInput(sourceID: "kvk", profiles: [profile]), registry: Self.registry(sbi: "8899")))
        let d = try #require(differs.diagnostics.first { $0.code == "kvk.sbi_differs" })
        #expect(d.severity == .warning)
        #expect(d.message.contains("8899") && d.message.contains("1011"))
        let filled = try Normalizer.run(
            inputs: try Fixtures.inputs(
                kvk: KvKInput(sourceID: "kvk", profiles: [profile]), registry: Self.registry(sbi: "")))
        #expect(filled.enterprises.first { $0.kvkNumber.digits == "69599084" }?.sbiCode?.code == "1011")
    }

    @Test("a profile for a KvK-nummer outside the registry is rejected and counted")
    func unknownProfile() throws {
        let stray = KvKProfile(kvkNumber: try #require(KvKNumber("12121212")), name: "Elders")
        let result = try Normalizer.run(inputs: try Fixtures.inputs(kvk: KvKInput(sourceID: "kvk", profiles: [stray])))
        #expect(result.rejects.map(\.reason) == ["kvk.not_in_registry"])
        #expect(result.ledger.first { $0.sourceID == "kvk" } == LedgerEntry(sourceID: "kvk", recordsIn: 1, rejected: 1))
        // All three registry enterprises lack a profile: three warnings.
        #expect(result.diagnostics.filter { $0.code == "kvk.not_found" }.count == 3)
    }
}
