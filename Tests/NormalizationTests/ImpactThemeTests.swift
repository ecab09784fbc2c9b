import ConfigFiles
import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Normalization

/// `config/themes.yaml` is decoded once (``ThemeCatalog``) and its `impact_theme` rule is enforced on the registry:
/// only themes an enterprise can contribute to may appear in registry `themes` (docs/ARCHITECTURE.md, "Input files
/// of the demo").
@Suite("Theme ids and impact_theme from themes.yaml")
struct ImpactThemeTests {
    static var demoThemes: ThemeCatalog {
        get throws { try ThemeCatalog.load(SharedData.packageRoot.appendingPathComponent("config/themes.yaml")) }
    }

    @Test("the demo's themes.yaml: eight themes in file order, four of them impact themes")
    func demoFile() throws {
        let c = try Self.demoThemes
        // Read off config/themes.yaml by hand: the ids in file order, and those with `impact_theme: true`
        // (`grep -B5 "impact_theme: true" config/themes.yaml`).
        #expect(
            c.themes.map(\.id) == [
                "economie", "werk_en_participatie", "onderwijs", "duurzaamheid", "sociale_zaken", "inkoop",
                "financiering", "samenwerking",
            ])
        #expect(c.impactThemeIDs == ["duurzaamheid", "onderwijs", "sociale_zaken", "werk_en_participatie"])
        #expect(c.theme("werk_en_participatie")?.labelEN == "Work and participation")
        #expect(c.theme("economie")?.impactTheme == false)
    }

    @Test("a registry row with a programme-level theme is an error naming line, field and value")
    func programmeLevelThemeIsRejected() throws {
        let csv = """
            \(Fixtures.registryHeader)
            01234567,,Alfa,2011 AB,1,GM0392,Haarlem,,werk_en_participatie;economie,,,,,,2024-01-01,,
            01234568,,Beta,2011 AB,1,GM0392,Haarlem,,duurzaamheid,,,,,,2024-01-01,,

            """
        let report = RegistryValidation.validate(registry: Fixtures.data(csv), themes: try Self.demoThemes)
        #expect(report.diagnostics.map(\.code) == ["registry.theme.programme_level"])
        let d = try #require(report.diagnostics.first)
        #expect(d.line == 2 && d.field == "themes" && d.message.hasPrefix("\"economie\": a programme-level theme"))
        #expect(d.severity == .error)
        #expect(report.exitStatus == .dataInvalid)
        #expect(report.enterpriseCount == 1)
    }

    @Test("a non-boolean impact_theme is a config error naming file, line and column")
    func impactThemeMustBeBoolean() {
        let yaml = "version: 1\nthemes:\n  werk:\n    label_nl: Werk\n    impact_theme: misschien\n"
        #expect {
            _ = try ThemeCatalog.parse(yaml: yaml, file: "config/themes.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("config/themes.yaml:5:19") && text.contains("impact_theme")
        }
    }
}
