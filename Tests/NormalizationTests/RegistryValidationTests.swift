import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Registry validation: one problem of each kind")
struct RegistryValidationTests {
    /// One registry row per kind of problem, with the diagnostic code and severity it must give (on line 2).
    static let cases: [(row: String, code: String, severity: Diagnostic.Severity, field: String)] = [
        (",,Leeg,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,", "registry.kvk.missing", .error, "kvk_number"),
        (
            "1.23457E+07,,Sci,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,", "registry.kvk.scientific_notation",
            .error, "kvk_number"
        ),
        ("123456,,Kort,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,", "registry.kvk.length", .error, "kvk_number"),
        (
            "1234567,,Zeven,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,", "registry.kvk.repaired", .warning,
            "kvk_number"
        ),
        (
            "01234567,12345678,Vest,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,",
            "registry.vestigingsnummer.repaired", .warning, "vestigingsnummer"
        ),
        (
            "01234567,1.2345E+11,Vest,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,",
            "registry.vestigingsnummer.scientific_notation", .error, "vestigingsnummer"
        ),
        ("01234567,,,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,", "registry.name.missing", .error, "name"),
        (
            "01234567,,Pc,0123 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,", "registry.postcode.invalid", .warning,
            "postcode"
        ),
        (
            "01234567,,Gm,2011 AB,1,392,Haarlem,,werk,,,,,,2024-01-01,,", "registry.gemeente_code.invalid", .error,
            "gemeente_code"
        ),
        (
            "01234567,,Sbi,2011 AB,1,GM0392,Haarlem,8a99,werk,,,,,,2024-01-01,,", "registry.sbi.shape", .error,
            "sbi_code"
        ),
        (
            "01234567,,Sbi,2011 AB,1,GM0392,Haarlem,4012,werk,,,,,,2024-01-01,,", "registry.sbi.unknown_division",
            .error, "sbi_code"
        ),
        (
            "01234567,,Thema,2011 AB,1,GM0392,Haarlem,,werk;sport,,,,,,2024-01-01,,", "registry.theme.unknown", .error,
            "themes"
        ),
        (
            "01234567,,Pso,2011 AB,1,GM0392,Haarlem,,werk,trede4,,,,,2024-01-01,,", "registry.pso_level.invalid",
            .error, "pso_level"
        ),
        (
            "01234567,,Bool,2011 AB,1,GM0392,Haarlem,,werk,,misschien,,,,2024-01-01,,", "registry.bool.invalid", .error,
            "pso30plus"
        ),
        (
            "01234567,,Datum,2011 AB,1,GM0392,Haarlem,,werk,,,,,,01-04-2024,,", "registry.date.invalid", .error,
            "programme_entry_date"
        ),
        (
            "01234567,,Datum,2011 AB,1,GM0392,Haarlem,,werk,,,,,,,,", "registry.date.missing", .error,
            "programme_entry_date"
        ),
        (
            "01234567,,Exit,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-04-01,2024-03-31,opheffing",
            "registry.exit.before_entry", .error, "exit_date"
        ),
        (
            "01234567,,Exit,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-04-01,2025-03-31,", "registry.exit_reason.missing",
            .error, "exit_reason"
        ),
        (
            "01234567,,Exit,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-04-01,,merger", "registry.exit_date.missing",
            .error, "exit_date"
        ),
        (
            "01234567,,Exit,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-04-01,2025-03-31,failliet",
            "registry.exit_reason.invalid", .error, "exit_reason"
        ),
        (
            "01234567,,Jaar,2011 AB,1,GM0392,Haarlem,,werk,,,,,20166,2024-04-01,,", "registry.founded_year.invalid",
            .error, "founded_year"
        ),
        (
            "01234567,,Jaar,2011 AB,1,GM0392,Haarlem,,werk,,,,,2025,2024-04-01,,", "registry.founded_year.after_entry",
            .warning, "founded_year"
        ),
    ]

    @Test("each problem gives one diagnostic naming file, line 2, field and value", arguments: 0..<cases.count)
    func oneProblem(index: Int) throws {
        let c = Self.cases[index]
        let csv = "\(Fixtures.registryHeader)\n\(c.row)\n"
        let report = RegistryValidation.validate(registry: Fixtures.data(csv), themes: try Fixtures.themes)
        let matching = report.diagnostics.filter { $0.code == c.code }
        #expect(matching.count == 1, "\(report.diagnostics)")
        let d = try #require(matching.first)
        #expect(d.severity == c.severity)
        #expect(d.file == "config/registry.csv")
        #expect(d.line == 2)
        #expect(d.field == c.field)
        #expect(report.diagnostics.count == 1, "only one problem expected: \(report.diagnostics)")
        #expect(report.exitStatus == (c.severity == .error ? .dataInvalid : .ok))
        #expect(report.enterpriseCount == (c.severity == .error ? 0 : 1))
    }

    @Test("duplicate KvK-nummer (also after repair) is an error naming the first line")
    func duplicateKvK() throws {
        let csv = """
            \(Fixtures.registryHeader)
            01234567,,Alfa,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,
            1234567,,Alfa opnieuw,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,

            """
        let report = RegistryValidation.validate(registry: Fixtures.data(csv), themes: try Fixtures.themes)
        let d = try #require(report.diagnostics.first { $0.code == "registry.kvk.duplicate" })
        #expect(d.line == 3)
        #expect(d.message.contains("already on line 2"))
        #expect(report.exitStatus == .dataInvalid)
        #expect(report.enterpriseCount == 1)
    }

    @Test("RSIN column: 11-proof failure is an error")
    func rsinColumn() throws {
        let csv = "kvk_number,name,gemeente_code,programme_entry_date,rsin\n01234567,Alfa,GM0392,2024-01-01,111222334\n"
        let report = RegistryValidation.validate(registry: Fixtures.data(csv), themes: try Fixtures.themes)
        #expect(report.diagnostics.map(\.code) == ["registry.rsin.elfproef"])
    }

    @Test("a missing required column is one error on line 1")
    func missingColumn() throws {
        let csv = "kvk_number,name,programme_entry_date\n01234567,Alfa,2024-01-01\n"
        let report = RegistryValidation.validate(registry: Fixtures.data(csv), themes: try Fixtures.themes)
        #expect(report.diagnostics.map(\.code) == ["registry.column.missing"])
        #expect(report.diagnostics.first?.field == "gemeente_code")
    }

    @Test("the fixture registry is valid: three enterprises, exit 0")
    func validRegistry() throws {
        let report = RegistryValidation.validate(
            registry: Fixtures.data(Fixtures.registryCSV), themes: try Fixtures.themes)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.enterpriseCount == 3)
        #expect(report.exitStatus == .ok)
    }

    @Test("validate from files, with the project's herindeling and measure rules configuration")
    func validateFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let reg = dir.appendingPathComponent("registry.csv")
        let themes = dir.appendingPathComponent("themes.yaml")
        try Fixtures.data(Fixtures.registryCSV).write(to: reg)
        try Fixtures.data(Fixtures.themesYAML).write(to: themes)
        let config = SharedProject.root.appendingPathComponent("config")
        let report = RegistryValidation.validate(
            registryURL: reg, themesURL: themes,
            herindelingURL: config.appendingPathComponent("gemeente-herindeling.csv"),
            measureRulesURL: config.appendingPathComponent("measure-rules.yaml"))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.exitStatus == .ok)
    }

    @Test("NormalizationConfig reads the project's herindeling (7 rules) and measure rules")
    func config() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let themes = dir.appendingPathComponent("themes.yaml")
        try Fixtures.data(Fixtures.themesYAML).write(to: themes)
        let c = try NormalizationConfig.load(
            themes: themes, herindeling: SharedProject.root.appendingPathComponent("config/gemeente-herindeling.csv"),
            measureRules: SharedProject.root.appendingPathComponent("config/measure-rules.yaml"))
        #expect(c.themes.ids == ["circulair", "werk", "zorg"])
        #expect(c.themes.labels["zorg"] == "Zorg en welzijn")
        #expect(c.herindeling.rules.count == 7)
        #expect(c.measureRules.rule(for: "M001327", source: "any") == .flow)
        let missing = dir.appendingPathComponent("nope.yaml")
        let error = try #require(Fixtures.impactError { _ = try NormalizationConfig.load(themes: missing) })
        #expect(error.status == .config)
        #expect(error.message.contains(missing.path))
    }

    @Test("a row with a shifted number of fields and a duplicate vestigingsnummer are errors")
    func rowShape() throws {
        let csv = """
            \(Fixtures.registryHeader)
            01234567,000012345678,Alfa,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,
            87654321,000012345678,Beta,2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,
            11223344,,"Gamma, Zuid",2011 AB,1,GM0392,Haarlem,,werk,,,,,,2024-01-01,,,

            """
        let report = RegistryValidation.validate(registry: Fixtures.data(csv), themes: try Fixtures.themes)
        #expect(report.diagnostics.map(\.code) == ["registry.vestigingsnummer.duplicate", "registry.row.field_count"])
        #expect(report.diagnostics.map(\.line) == [3, 4])
        #expect(report.diagnostics[0].message.contains("already on line 2"))
        #expect(
            report.diagnostics[1].description
                == "config/registry.csv:4: error: the row has 18 fields but the header has 17; check quotes and delimiters on this line"
        )
        #expect(report.enterpriseCount == 1)
    }
}
