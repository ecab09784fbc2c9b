import ImpactModel
import Testing

@testable import Reporting

/// The assessment's string catalogues (issue 18 item 3): every reason, verdict reason, change and signal has text in
/// Dutch and in English, the Dutch is the assessment's wording, and the English holds no Dutch.
@Suite("Assessment catalogue: every reason, change and signal in Dutch and English")
struct AssessmentCatalogueTests {
    /// Phrases of the Dutch assessment that must never reach English text, besides the Dutch words of the reason
    /// catalogue's test.
    static let dutchPhrases = [
        "ontbreekt", "haalt", "voldoet", "geen rapportage", "oordeel", "krimpt", "kwartaal", "aanmerking", "gegevens",
        "register", "drempel", "verplicht", "wijziging", "geldt", "jaar", "personen",
    ]

    static func dutchIn(_ text: String) -> [String] {
        ReasonCatalogueTests.dutchWordsIn(text) + dutchPhrases.filter { text.contains($0) }
    }

    static let q3 = try! Quarter(parsing: "2026Q3")
    static let q1 = try! Quarter(parsing: "2026Q1")
    static let share = AssessmentLabel(
        id: "soc_tg_fte_share", nl: "Aandeel doelgroep-FTE", en: "Target-group FTE share")
    static let criterion = AssessmentFramework.Criterion(
        id: "tg", labelNL: "Target group", input: .metric("soc_tg_fte_share"), test: .atLeast(30), unit: "%",
        mustPass: true, weight: 0, appliesToTheme: nil, opens: [], line: 1)

    /// One example of every case of the four vocabularies; ``kind(_:)`` and its siblings fail to compile when a case is
    /// added, and the count checks below then fail until the case has an example here.
    static let reasons: [AssessmentReason] = [
        .onlyForTheme(AssessmentLabel(id: "duurzaamheid", nl: "Duurzaamheid", en: "Sustainability")),
        .notComputed(metric: share, quarter: q3), .missingValue(metric: share, note: "coverage.partial(pct=70)"),
        .missingValue(metric: share, note: ""), .missingRegistryField(column: "founded_year"),
        .missingRegistryField(column: "se_basis"),
        .compared(value: 50, op: .below, threshold: 75, unit: "%", notReported: [q1, q1 + 1]),
        .compared(value: 2.5, op: .atLeast, threshold: 2, unit: "jaar", notReported: []),
        .compared(value: 12, op: .atMost, threshold: 20, unit: "persons", notReported: []),
        .compared(value: 1.25, op: .above, threshold: 1, unit: "tCO2e", notReported: []),
        .categories(values: ["trede1", "pso30plus"], allowed: ["trede1", "trede2"], passed: true),
        .categories(values: [], allowed: ["trede1", "trede2"], passed: false),
        .categories(values: ["shrinking"], allowed: ["stable"], passed: false),
    ]
    static let verdictReasons: [VerdictReason] = [
        .failsMustPass(criteria: ["Target group", "Registry basis"]),
        .mustPassUnknown([
            CriterionResult(
                criterion: criterion, kvk: "12345678", quarter: q3, value: "", shown: "–", outcome: .unknown,
                reason: .notComputed(metric: share, quarter: q3), metricProvenanceID: "")
        ]),
        .scoreBelow(score: 40, minimum: 50), .scoreUnknown, .meetsMustPass(score: 66.7), .meetsMustPass(score: nil),
    ]
    static let changes: [AssessmentChange] = [
        .firstQuarter, .newInProgramme, .verdict(from: .qualifies, to: .unknown), .instrumentOpened("Subsidy"),
        .instrumentClosed("Subsidy"), .criterionFailed(criterion: "Target group", reason: reasons[6]),
        .criterionPassed(criterion: "Target group", reason: reasons[7]),
        .dataMissing(criterion: "Target group", reason: reasons[1]),
        .dataBack(criterion: "Target group", outcome: .fail), .unchanged,
    ]
    static let signals: [AssessmentSignal] = [
        .stoppedReporting(quarter: q3), .headcountDrop(from: 10, to: 7, since: q3 - 4), .revenueDrop(percent: -25.5),
        .shrinkingClass,
    ]

    static func kind(_ r: AssessmentReason) -> String {
        switch r {
        case .onlyForTheme: "theme"
        case .notComputed: "notComputed"
        case .missingValue: "missingValue"
        case .missingRegistryField: "field"
        case .compared: "compared"
        case .categories: "categories"
        }
    }

    static func kind(_ r: VerdictReason) -> String {
        switch r {
        case .failsMustPass: "fails"
        case .mustPassUnknown: "unknown"
        case .scoreBelow: "below"
        case .scoreUnknown: "scoreUnknown"
        case .meetsMustPass: "meets"
        }
    }

    static func kind(_ c: AssessmentChange) -> String {
        switch c {
        case .firstQuarter: "first"
        case .newInProgramme: "new"
        case .verdict: "verdict"
        case .instrumentOpened: "opened"
        case .instrumentClosed: "closed"
        case .criterionFailed: "failed"
        case .criterionPassed: "passed"
        case .dataMissing: "missing"
        case .dataBack: "back"
        case .unchanged: "unchanged"
        }
    }

    static func kind(_ s: AssessmentSignal) -> String {
        switch s {
        case .stoppedReporting: "stopped"
        case .headcountDrop: "headcount"
        case .revenueDrop: "revenue"
        case .shrinkingClass: "shrinking"
        }
    }

    /// Every example in both languages.
    static func texts(_ c: AssessmentCatalogue) -> [String] {
        reasons.map(c.reason) + verdictReasons.map(c.verdictReason) + changes.map(c.change) + signals.map(c.signal)
            + [CriterionOutcome.pass, .fail, .unknown, .notApplicable].map(c.outcome)
            + [AssessmentVerdict.qualifies, .notQualified, .unknown].map(c.verdict)
    }

    @Test func theExamplesCoverEveryCase() {
        #expect(Set(Self.reasons.map(Self.kind)).count == 6)
        #expect(Set(Self.verdictReasons.map(Self.kind)).count == 5)
        #expect(Set(Self.changes.map(Self.kind)).count == 10)
        #expect(Set(Self.signals.map(Self.kind)).count == 4)
    }

    @Test func everyCaseHasTextInBothLanguagesAndTheEnglishHasNoDutch() {
        let nl = Self.texts(.dutch)
        let en = Self.texts(.english)
        #expect(nl.count == en.count)
        for (n, e) in zip(nl, en) {
            #expect(!n.isEmpty && !e.isEmpty)
            #expect(n != e, "the English text is the Dutch one: \(e)")
            #expect(Self.dutchIn(e).isEmpty, "Dutch \(Self.dutchIn(e)) in \"\(e)\"")
        }
    }

    /// The Dutch words are those `internal/assessment.csv` had before the reasons became data (byte for byte).
    @Test func theDutchWordsAreTheAssessmentsWords() {
        let c = AssessmentCatalogue.dutch
        #expect(c.reason(Self.reasons[0]) == "geldt alleen voor ondernemingen met het thema Duurzaamheid")
        #expect(c.reason(Self.reasons[1]) == "ontbreekt: Aandeel doelgroep-FTE — geen waarde berekend voor 2026Q3")
        #expect(c.reason(Self.reasons[3]) == "ontbreekt: Aandeel doelgroep-FTE")
        #expect(c.reason(Self.reasons[4]) == "ontbreekt: oprichtingsjaar (founded_year) in het register")
        #expect(c.reason(Self.reasons[5]) == "ontbreekt: se_basis in het register")
        #expect(c.reason(Self.reasons[6]) == "geen rapportage over 2026Q1, 2026Q2; 50% < 75%")
        #expect(c.reason(Self.reasons[7]) == "2,5 jaar ≥ 2 jaar")
        #expect(c.reason(Self.reasons[8]) == "12 personen ≤ 20 personen")
        #expect(c.reason(Self.reasons[9]) == "1,3 ton CO₂-eq. > 1 ton CO₂-eq.")
        #expect(c.reason(Self.reasons[10]) == "trede 1, PSO 30+ is een van: trede 1, trede 2")
        #expect(c.reason(Self.reasons[11]) == "geen is geen van: trede 1, trede 2")
        #expect(c.reason(nil) == "")
        #expect(c.verdictReason(Self.verdictReasons[0]) == "haalt de verplichte eis niet: Target group; Registry basis")
        #expect(
            c.verdictReason(Self.verdictReasons[1])
                == "verplichte eis onbekend: Target group (ontbreekt: Aandeel doelgroep-FTE — geen waarde berekend voor 2026Q3)"
        )
        #expect(c.verdictReason(Self.verdictReasons[2]) == "score 40% onder de drempel van 50%")
        #expect(c.verdictReason(Self.verdictReasons[4]) == "voldoet aan de verplichte eisen, score 67%")
        #expect(c.verdictReason(Self.verdictReasons[5]) == "voldoet aan de verplichte eisen")
        #expect(c.change(Self.changes[2]) == "oordeel: komt in aanmerking → onbekend (gegevens ontbreken)")
        #expect(
            c.change(Self.changes[5])
                == "haalt criterium niet meer: Target group (geen rapportage over 2026Q1, 2026Q2; 50% < 75%)")
        #expect(c.change(Self.changes[8]) == "gegevens weer beschikbaar: Target group (voldoet niet)")
        #expect(c.signal(Self.signals[1]) == "krimpt: werknemers 10 → 7 (−30%) t.o.v. 2025Q3")
        #expect(c.signal(Self.signals[2]) == "krimpt: omzet (4 kwartalen) −25,5% t.o.v. een jaar eerder")
    }

    @Test func theEnglishKeepsTheParameters() {
        let c = AssessmentCatalogue.english
        #expect(c.reason(Self.reasons[1]) == "missing: Target-group FTE share — no value computed for 2026Q3")
        #expect(c.reason(Self.reasons[6]) == "no return for 2026Q1, 2026Q2; 50% < 75%")
        #expect(c.reason(Self.reasons[7]) == "2.5 years ≥ 2 years")
        #expect(c.reason(Self.reasons[11]) == "none is none of: step 1, step 2")
        #expect(c.verdictReason(Self.verdictReasons[4]) == "meets the must-pass criteria, score 67%")
        #expect(c.signal(Self.signals[1]) == "shrinks: employees 10 → 7 (−30%) against 2025Q3")
    }

    /// An assessment made by the engine, worded in English: no Dutch in any reason, verdict, change or signal.
    @Test func anEnglishAssessmentHasNoDutch() throws {
        let (parsed, errors) = AssessmentFramework.parse(
            """
            version: 1
            min_score: 50
            instruments:
              subsidie: {label_nl: Subsidy}
            criteria:
              - id: tg
                label_nl: Target group
                metric: soc_tg_fte_share
                at_least: 30
                unit: "%"
                must_pass: true
                opens: [subsidie]
              - id: basis
                label_nl: Basis
                field: se_basis
                one_of: [bcorp]
                unit: category
                weight: 1
              - id: years
                label_nl: Years
                field: years_active
                at_least: 3
                unit: jaar
                weight: 1
              - id: returns
                label_nl: Returns
                field: reporting_completeness
                at_least: 75
                unit: "%"
                weight: 1
              - id: green
                label_nl: Green
                field: pso_level
                one_of: [trede1]
                unit: category
                weight: 1
                applies_to_theme: duurzaamheid
            """, file: "assessment.yaml",
            metrics: ["soc_tg_fte_share": .init(unit: "%", labelNL: "Aandeel doelgroep-FTE", hasEnterpriseRows: true)],
            themes: ["werk_en_participatie", "duurzaamheid"])
        let framework = try #require(parsed, "\(errors)")
        let entry = try CivilDate(parsing: "2020-01-01")
        let enterprises = [
            Enterprise(
                kvkNumber: KvKNumber("12345678")!, name: "A", themes: ["werk_en_participatie"],
                seBasis: "bcorp", foundedYear: 2018, programmeEntryDate: entry),
            Enterprise(kvkNumber: KvKNumber("23456789")!, name: "B", themes: [], programmeEntryDate: entry),
        ]
        let quarters = [try Quarter(parsing: "2026Q2"), Self.q3]
        let data = AssessmentData(
            enterprises: enterprises, metrics: [], returnQuarters: ["12345678": [Self.q3]], series: [:], awards: [:],
            metricTexts: [:],
            themes: [ThemeText(id: "duurzaamheid", labelNL: "Duurzaamheid", labelEN: "Sustainability")])
        let assessments = AssessmentEngine.assess(framework, data: data, quarters: quarters)
        #expect(assessments.count == 4)
        func words(_ c: AssessmentCatalogue) -> [String] {
            assessments.flatMap { a in
                a.results.map { c.reason($0.reason) } + [c.verdictReason(a.verdictReason)] + a.changes.map(c.change)
                    + a.watch.map(c.signal)
            }
        }
        let english = words(.english)
        let dutch = words(.dutch)
        #expect(english.count == dutch.count && english.count > 20)
        for text in english { #expect(Self.dutchIn(text).isEmpty, "Dutch in \"\(text)\"") }
        // The Dutch of the same assessment has the phrases the English must not.
        let allDutch = dutch.joined(separator: "\n")
        for phrase in ["ontbreekt", "geen rapportage", "geldt alleen", "verplichte eis"] {
            #expect(allDutch.contains(phrase), "\(phrase)")
        }
    }
}
