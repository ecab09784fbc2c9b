import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Herindeling: merge and split (B10)")
struct HerindelingTests {
    static func projectFile() throws -> Herindeling {
        let url = SharedProject.root.appendingPathComponent("config/gemeente-herindeling.csv")
        return try Herindeling.parse(try Data(contentsOf: url), file: "config/gemeente-herindeling.csv")
    }

    static let b10Rows: [(String, String)] = [
        ("GM0003", "Appingedam"), ("GM0010", "Delfzijl"), ("GM0024", "Loppersum"), ("GM0788", "Helvoirt"),
        ("GM0788", "Esch"), ("GM0788", "Biezenmortel"), ("GM0788", "Haaren"), ("GM0788", ""),
    ]

    static func registry() -> String {
        var lines = [Fixtures.registryHeader]
        for (i, (code, place)) in b10Rows.enumerated() {
            lines.append("1000000\(i),,Onderneming \(i),,,\(code),\(place),,werk,,,,,,2020-01-01,,")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("B10: report 2021Q2 on the current indeling: Eemsdelta 3, Haaren by woonplaats, one unresolved")
    func b10() throws {
        var inputs = try Fixtures.inputs(period: "2021Q2", registry: Self.registry())
        inputs.herindeling = try Self.projectFile()
        let result = try Normalizer.run(inputs: inputs)
        let byName = Dictionary(uniqueKeysWithValues: result.enterprises.map { ($0.name, $0.gemeenteCode.code) })
        #expect(result.enterprises.filter { $0.gemeenteCode.code == "GM1979" }.count == 3)
        #expect(byName["Onderneming 3"] == "GM0865")  // Helvoirt → Vught
        #expect(byName["Onderneming 4"] == "GM0757")  // Esch → Boxtel
        #expect(byName["Onderneming 5"] == "GM0855")  // Biezenmortel → Tilburg
        #expect(byName["Onderneming 6"] == "GM0824")  // Haaren → Oisterwijk
        #expect(byName["Onderneming 7"] == "GM0788")  // not assigned
        #expect(result.unresolvedHerindeling.count == 1)
        #expect(
            result.unresolvedHerindeling.first?.message.contains("onbekende opvolger (gesplitste gemeente)") == true)
        #expect(result.unresolvedHerindeling.first?.line == 9)
    }

    @Test("before 2021-01-01 nothing is mapped; GM0788 as a whole never maps to one successor")
    func dates() throws {
        let h = try Self.projectFile()
        let gm0788 = RegioCode("GM0788")
        #expect(h.resolve(gm0788, woonplaats: "Esch", on: try Fixtures.date("2020-12-31")) == .unchanged(gm0788))
        #expect(
            h.resolve(gm0788, woonplaats: "", on: try Fixtures.date("2021-01-01"))
                == .unresolved(gm0788, woonplaats: ""))
        #expect(
            h.resolve(gm0788, woonplaats: "Vught", on: try Fixtures.date("2022-01-01"))
                == .unresolved(gm0788, woonplaats: "Vught"))
        guard case .mapped(let code, _) = h.resolve(gm0788, woonplaats: " ESCH ", on: try Fixtures.date("2026-09-30"))
        else {
            Issue.record("Esch must map")
            return
        }
        #expect(code.code == "GM0757")
        #expect(
            h.resolve(RegioCode("GM0392"), woonplaats: "Haarlem", on: try Fixtures.date("2026-09-30"))
                == .unchanged(RegioCode("GM0392")))
    }

    @Test("a file mixing merge and split rows for one code on one date is refused")
    func mixed() {
        let text = "old_code,woonplaats,new_code,date\nGM0788,,GM0824,2021-01-01\nGM0788,Esch,GM0757,2021-01-01\n"
        #expect(throws: ImpactError.self) { try Herindeling.parse(Fixtures.data(text), file: "h.csv") }
    }

    @Test("chains of changes are followed in date order")
    func chain() throws {
        let text = "old_code,woonplaats,new_code,date\nGM0001,,GM0002,2019-01-01\nGM0002,,GM0003,2022-01-01\n"
        let h = try Herindeling.parse(Fixtures.data(text), file: "h.csv")
        guard
            case .mapped(let code, let via) = h.resolve(
                RegioCode("GM0001"), woonplaats: "", on: try Fixtures.date("2023-01-01"))
        else {
            Issue.record("must map")
            return
        }
        #expect(code.code == "GM0003")
        #expect(via.count == 2)
    }
}
