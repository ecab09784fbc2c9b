import Foundation
import ImpactModel
import Testing

@testable import Normalization

/// Issue 20 item 4 at the normalize stage: the history file's errors name file, line and field; rows are linked to
/// members by vestigingsnummer, cut at a herindeling dated 1 April (`per_period`) and counted in the ledger; a
/// takeover's new KvK-nummer matches the member.
@Suite("Registry history (geldig_van / geldig_tot)")
struct RegistryHistoryTests {
    static let header = "kvk_number,vestigingsnummer,gemeente_code,woonplaats,geldig_van,geldig_tot"

    @Test("Bad rows: each error names the file, line, field and value; overlapping rows of one vestiging are refused")
    func errors() {
        let text = """
            \(Self.header)
            0123456X,000012345678,GM0392,Haarlem,2024-01-01,
            01234567,000012345678,GM392,Haarlem,2024-01-01,
            01234567,000012345678,GM0392,Haarlem,2024-13-01,
            01234567,000012345678,GM0392,Haarlem,2024-06-01,2024-05-01
            87654321,000087654321,GM0392,Haarlem,2024-04-01,2026-01-01
            99999999,000087654321,GM0392,Haarlem,2025-07-01,

            """
        let (_, diags) = RegistryHistory.parse(Data(text.utf8), file: "config/registry-history.csv")
        let shown = diags.map { "\($0.line ?? 0):\($0.field ?? ""):\($0.code)" }
        #expect(
            shown == [
                "2:kvk_number:registry_history.kvk.invalid",
                "3:gemeente_code:registry_history.gemeente_code.invalid",
                "4:geldig_van:registry_history.geldig_van.invalid",
                "5:geldig_tot:registry_history.geldig_tot.before_van",
                "7:geldig_van:registry_history.overlap",
            ])
        #expect(diags.allSatisfy { $0.file == "config/registry-history.csv" && $0.severity == .error })
        #expect(diags[1].message.contains("\"GM392\""))
        #expect(diags[4].message.contains("line 6"))
    }

    /// Fixture registry: Alfa (01234567, vestiging 000012345678), Beta (87654321, 000087654321), Gamma (11223344, no
    /// vestiging, exit 2026-05-31). History: Alfa taken over by 55555555 on 2026-04-01; Beta registered in GM0377,
    /// which merges into GM0392 on 2026-04-01; one row of a vestiging that no member has.
    static let history = """
        \(header)
        01234567,000012345678,GM0392,Haarlem,2024-01-01,2026-04-01
        55555555,000012345678,GM0392,Haarlem,2026-04-01,
        87654321,000087654321,GM0377,Bloemendaal,2024-04-01,
        12121212,000099999999,GM0392,Haarlem,2024-01-01,

        """

    func normalize(_ classification: RegionalClassification, period: String = "2026Q3") throws -> NormalizeResult {
        var inputs = try Fixtures.inputs(period: period)
        inputs.herindeling = Herindeling(rules: [
            .init(
                oldCode: RegioCode("GM0377"), woonplaats: "", newCode: RegioCode("GM0392"),
                date: try CivilDate(parsing: "2026-04-01"), line: 2)
        ])
        let (history, diags) = RegistryHistory.parse(Data(Self.history.utf8), file: "config/registry-history.csv")
        #expect(diags.isEmpty)
        inputs.registryHistory = history
        inputs.regionalClassification = classification
        return try Normalizer.run(inputs: inputs)
    }

    @Test("per_period: Beta's row is cut on 1 April (GM0377, then GM0392); the unlinked row is a reject in the ledger")
    func perPeriod() throws {
        let result = try normalize(.per_period)
        let beta = try #require(result.enterprises.first { $0.kvkNumber.digits == "87654321" })
        #expect(
            beta.identities.map { "\($0.validFrom)..\($0.validUntil?.description ?? "")=\($0.gemeenteCode.code)" } == [
                "2024-04-01..2026-04-01=GM0377", "2026-04-01..=GM0392",
            ])
        // 2026Q1 (last day 2026-03-31) sees GM0377, 2026Q2 sees GM0392.
        #expect(beta.identity(on: try CivilDate(parsing: "2026-03-31"))?.gemeenteCode.code == "GM0377")
        #expect(beta.identity(on: try CivilDate(parsing: "2026-06-30"))?.gemeenteCode.code == "GM0392")
        let alfa = try #require(result.enterprises.first { $0.kvkNumber.digits == "01234567" })
        #expect(alfa.identity(on: try CivilDate(parsing: "2026-06-30"))?.kvkNumber.digits == "55555555")
        #expect(alfa.identity(on: try CivilDate(parsing: "2026-03-31"))?.line == 2)
        // Ledger: 4 rows in, 3 linked, 1 rejected with the vestigingsnummer it names.
        let entry = try #require(result.ledger.first { $0.sourceID == "registry-history" })
        #expect(entry.recordsIn == 4 && entry.recordsOut == 3 && entry.rejected == 1)
        let reject = try #require(result.rejects.first { $0.sourceID == "registry-history" })
        #expect(
            reject.line == 5 && reject.field == "vestigingsnummer" && reject.value == "000099999999"
                && reject.reason == "identity.not_a_member")
    }

    @Test("current: every quarter on the indeling of the report quarter: Beta is GM0392 throughout")
    func current() throws {
        let result = try normalize(.current)
        let beta = try #require(result.enterprises.first { $0.kvkNumber.digits == "87654321" })
        #expect(
            beta.identities.count == 1 && beta.identities[0].gemeenteCode.code == "GM0392"
                && beta.identities[0].writtenGemeenteCode.code == "GM0377")
        // Reported for 2026Q1 (before the herindeling), `current` keeps GM0377.
        let early = try normalize(.current, period: "2026Q1")
        #expect(
            early.enterprises.first { $0.kvkNumber.digits == "87654321" }?.identities.first?.gemeenteCode.code
                == "GM0377")
    }

    @Test("A return under the takeover's new KvK-nummer matches the member (method kvk_history)")
    func takeoverMatches() throws {
        let result = try normalize(.per_period)
        let matcher = Matcher(registry: result.enterprises)
        let outcome = matcher.match(MatchKey(kvk: IdentifierRepair.kvkNumber("55555555")))
        #expect(outcome == .matched(try #require(KvKNumber("01234567")), .kvk_history, score: 1))
        // A KvK-nummer in no history and no registry still matches nothing.
        #expect(matcher.match(MatchKey(kvk: IdentifierRepair.kvkNumber("44444444"))) == .unmatched(near: []))
    }
}
