import Foundation
import TestSupport
import Testing

/// `impactmon validate`: one clear line per problem, naming file, line and field; exit 65 on errors, 0 on the demo.
@Suite("impactmon validate")
struct ValidateTests {
    @Test func theDemoRegistryIsValid() throws {
        let r = try ImpactmonBinary.run(["validate"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("40 enterprises, 0 errors"))
    }

    @Test func oneErrorOfEachKindGivesOneLineEachAndExit65() throws {
        let ws = try DemoWorkspace("validate")
        let header =
            "kvk_number,vestigingsnummer,name,postcode,house_number,gemeente_code,woonplaats,sbi_code,themes,pso_level,pso30plus,code_sociale_ondernemingen,se_basis,founded_year,programme_entry_date,exit_date,exit_reason,rsin"
        let rows = [
            // file lines 2 to 9, in order
            "1.23457E+07,000012345678,Stichting Alfa,2011 AB,1,GM0392,Haarlem,88101,onderwijs,none,nee,nee,x,2010,2020-01-01,,,",
            "02003756,000023456789,Stichting Beta,2011 AB,2,GM0392,Haarlem,88101,ruimtevaart,none,nee,nee,x,2010,2020-01-01,,,",
            "12345678,000034567890,Stichting Gamma,2011 AB,3,GM0392,Haarlem,88101,onderwijs,none,nee,nee,x,2010,2020-13-01,,,",
            "23456789,000045678901,Stichting Delta,2011 AB,4,GM0392,Haarlem,88101,onderwijs,none,nee,nee,x,2010,2021-01-01,2020-01-01,opheffing,",
            "34567890,000067890123,Stichting Zeta,2011 AB,6,GM0392,Haarlem,88101,onderwijs,none,nee,nee,x,2010,2021-01-01,,,123456789",
            "45678901,000078901234,Stichting Eta,2011 AB,7,GM0392,Haarlem,88101,onderwijs,none,nee,nee,x,2010,2021-01-01,,,",
            "45678901,000089012345,Stichting Theta,2011 AB,8,GM0392,Haarlem,88101,onderwijs,none,nee,nee,x,2010,2021-01-01,,,",
            "4567890,000090123456,Stichting Iota,1234-AB,9,GM0392,Haarlem,88101,onderwijs,none,nee,nee,x,2010,2021-01-01,,,",
        ]
        try ([header] + rows).joined(separator: "\n").appending("\n")
            .write(to: ws.root.appendingPathComponent("config/registry.csv"), atomically: true, encoding: .utf8)
        let r = try ImpactmonBinary.run(["validate", "--pipeline", ws.pipeline], in: ws.root)
        #expect(r.status == 65)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func line(_ n: Int, _ severity: String, _ field: String) -> String? {
            lines.first { $0.hasPrefix("config/registry.csv:\(n): \(severity): \(field):") }
        }
        #expect(line(2, "error", "kvk_number")?.contains("scientific notation") == true, "\(lines)")
        #expect(line(3, "error", "themes")?.contains("ruimtevaart") == true)
        #expect(line(4, "error", "programme_entry_date")?.contains("2020-13-01") == true)
        #expect(line(5, "error", "exit_date")?.contains("after programme_entry_date") == true)
        #expect(line(6, "error", "rsin")?.contains("11-proof") == true)
        #expect(
            lines.contains { $0.hasPrefix("config/registry.csv:8: error:") && $0.contains("45678901") },
            "duplicate KvK: \(lines)")
        #expect(line(9, "warning", "kvk_number")?.contains("hersteld: voorloopnullen") == true)
        #expect(line(9, "warning", "postcode")?.contains("1234-AB") == true)
        #expect(lines.last?.contains("6 errors") == true, "\(lines.last ?? "")")
    }

    /// Issue 20: the registry's history file is checked by `validate` as the normalize stage checks it, one line per
    /// bad cell with file, line and field, so a broken history is found before the quarterly run refuses it.
    @Test func aBrokenRegistryHistoryIsFoundByValidate() throws {
        let ws = try DemoWorkspace("validate-history")
        let history =
            [
                "kvk_number,vestigingsnummer,gemeente_code,woonplaats,geldig_van,geldig_tot,gebeurtenis",
                "12345678,000012345678,GM0392,Haarlem,2024-01-01,,",
                "12345678,000012345678,Haarlem,Haarlem,2025-01-01,,verhuizing",
                "12345678,000012345678,GM0392,Haarlem,2025-02-30,,",
            ].joined(separator: "\n") + "\n"
        try history.write(
            to: ws.root.appendingPathComponent("config/registry-history.csv"), atomically: true, encoding: .utf8)
        let pipeline = URL(fileURLWithPath: ws.pipeline)
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        try (text + "registry_history: ../config/registry-history.csv\n").write(
            to: pipeline, atomically: true, encoding: .utf8)
        let r = try ImpactmonBinary.run(["validate", "--pipeline", ws.pipeline], in: ws.root)
        #expect(r.status == 65, "\(r.stdout)\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains {
                $0.hasPrefix("config/registry-history.csv:3: error: gemeente_code:") && $0.contains("Haarlem")
            },
            "\(lines)")
        #expect(
            lines.contains {
                $0.hasPrefix("config/registry-history.csv:4: error: geldig_van:") && $0.contains("2025-02-30")
            },
            "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("config/registry-history.csv:2:") }, "\(lines)")
    }
}
