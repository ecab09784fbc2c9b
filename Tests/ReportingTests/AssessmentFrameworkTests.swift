import Foundation
import Reporting
import Testing

/// `config/assessment.yaml` parsing and validation (AssessmentFramework.parse), on texts written here.
@Suite("Afwegingskader: parsing and validation")
struct AssessmentFrameworkTests {
    static let metrics: [String: AssessmentFramework.MetricInfo] = [
        "soc_tg_fte_share": .init(unit: "%", labelNL: "Aandeel doelgroep-FTE", hasEnterpriseRows: true),
        "scale_class": .init(unit: "category", labelNL: "Groeiklasse", hasEnterpriseRows: true),
        "emp_headcount_total": .init(unit: "persons", labelNL: "Werknemers", hasEnterpriseRows: false),
    ]
    static let themes = ["werk_en_participatie", "duurzaamheid"]

    static func parse(_ text: String) -> (AssessmentFramework?, [AssessmentConfigError]) {
        AssessmentFramework.parse(text, file: "assessment.yaml", metrics: metrics, themes: themes)
    }

    @Test func aValidFileIsReadCompletely() throws {
        let (f, errors) = Self.parse(
            """
            version: 1
            min_score: 40
            instruments:
              subsidie: {label_nl: Subsidie}
              huisvesting: {label_nl: Huisvesting}
            criteria:
              - id: tg
                label_nl: Doelgroep
                metric: soc_tg_fte_share
                at_least: 30
                unit: "%"
                must_pass: true
                opens: [subsidie]
              - id: groei
                label_nl: Groei
                metric: scale_class
                one_of: [stable, gazelle]
                unit: category
                weight: 2.5
                applies_to_theme: duurzaamheid
                opens: [huisvesting]
            """)
        #expect(errors.isEmpty, "\(errors)")
        let fw = try #require(f)
        #expect(fw.minScore == 40)
        #expect(fw.instruments.map(\.id) == ["subsidie", "huisvesting"])
        #expect(fw.criteria.count == 2)
        #expect(fw.criteria[0].test == .atLeast(30) && fw.criteria[0].mustPass && fw.criteria[0].weight == 0)
        #expect(fw.criteria[1].test == .oneOf(["stable", "gazelle"]) && fw.criteria[1].weight == 2.5)
        #expect(fw.criteria[1].appliesToTheme == "duurzaamheid" && fw.criteria[1].opens == ["huisvesting"])
        #expect(fw.criteria[1].line == 14)
    }

    @Test func everyProblemHasLineAndColumn() {
        let (f, errors) = Self.parse(
            """
            version: 1
            instruments:
              subsidie: {label_nl: Subsidie}
              ongebruikt: {label_nl: Nooit geopend}
            criteria:
              - id: x
                label_nl: X
                metric: emp_headcount_total
                at_least: 3
                unit: persons
                weight: 1
                opens: [subsidie]
              - id: y
                label_nl: Y
                field: years_active
                one_of: [drie]
                unit: jaar
                weight: 0
                must_pass: true
              - id: z
                label_nl: Z
                metric: scale_class
                at_least: 2
                unit: category
                weight: 1
                applies_to_theme: ruimtevaart
            """)
        #expect(f == nil)
        let texts = errors.map(\.description)
        func has(_ place: String, _ text: String) -> Bool {
            texts.contains { $0.hasPrefix("assessment.yaml:\(place): error:") && $0.contains(text) }
        }
        #expect(has("8:13", "has no enterprise rows"), "\(texts)")
        #expect(has("16:13", "one_of needs a category input"), "\(texts)")
        #expect(has("18:13", "give weight or must_pass, not both"), "\(texts)")
        #expect(has("23:15", "at_least needs a number input"), "\(texts)")
        #expect(has("26:23", "applies_to_theme \"ruimtevaart\""), "\(texts)")
        #expect(has("4:3", "instrument \"ongebruikt\" is opened by no criterion"), "\(texts)")
        #expect(errors.count == 6, "\(texts)")
    }

    @Test func structuralErrors() {
        #expect(Self.parse("").1.first?.message == "the file is empty")
        let (_, e1) = Self.parse("version: 2\ninstruments: {}\ncriteria: []\nextra: 1\n")
        #expect(e1.map(\.description).contains { $0.hasPrefix("assessment.yaml:1:10: error: version 2") }, "\(e1)")
        #expect(
            e1.map(\.description).contains { $0.hasPrefix("assessment.yaml:4:1: error: unknown key \"extra\"") },
            "\(e1)")
        let (_, e2) = Self.parse(
            "version: 1\ninstruments: {}\ncriteria:\n  - id: a\n    label_nl: A\n    field: pso_level\n    one_of: [trede1]\n    weight: 1\n"
        )
        #expect(
            e2.map(\.description) == [
                "assessment.yaml:4:5: error: criterion a: unit is missing (the unit of the threshold, here \"category\")"
            ])
    }
}
