import ImpactModel
import Testing

@testable import Reporting

/// The string catalogues of reasons and notes (issue 18, item 3): every case of the vocabulary has text in Dutch and
/// in English, the English text has no Dutch word, neither has an internal code, and notes keep their parameters.
@Suite("Reason catalogue: every reject reason and note in Dutch and English")
struct ReasonCatalogueTests {
    /// Whole words that only Dutch text has (the list of the end-to-end `ReportLanguageTests`, plus words of the
    /// Dutch catalogue).
    static let dutchWords = [
        "het", "een", "van", "voor", "niet", "geen", "kwartaal", "onderneming", "ondernemingen", "dekking", "bron",
        "statistische", "geheim", "voorlopig", "aantal", "met", "op", "en", "zijn", "waarde", "onleesbaar",
        "onleesbare",
        "ontbreekt", "ongeldig", "ongeldige", "onbekend", "onbekende", "regel", "cijfers", "getal", "latere", "periode",
        "zonder", "getoond", "onvolledig", "dominantie", "onderdrukking", "bijdragen", "gunningen", "peildatum",
        "andere",
    ]

    static func dutchWordsIn(_ text: String) -> [String] {
        dutchWords.filter { word in text.contains(try! Regex("(?:^|[^\\p{L}-])\(word)(?:$|[^\\p{L}-])")) }
    }

    /// Every text of `catalogue` for the whole vocabulary: each reject reason and one example of each kind of note.
    static func allTexts(_ catalogue: ReasonCatalogue) -> [String] {
        RejectReason.allCases.map(catalogue.reject)
            + MetricNote.Code.allCases.map { catalogue.note(MetricNote.example($0)) }
    }

    @Test(arguments: RejectReason.allCases)
    func everyRejectReasonHasTextInBothLanguages(reason: RejectReason) {
        let nl = ReasonCatalogue.dutch.reject(reason)
        let en = ReasonCatalogue.english.reject(reason)
        #expect(!nl.isEmpty && !en.isEmpty)
        #expect(nl != en, "\(reason.code): the English text is the Dutch one")
        #expect(Self.dutchWordsIn(en).isEmpty, "\(reason.code): Dutch in \"\(en)\"")
        for text in [nl, en] {
            #expect(!text.contains(reason.code) && !text.contains("_"), "\(reason.code): a code in \"\(text)\"")
        }
        #expect(ReasonCatalogue.english.reject(code: reason.code) == en)
    }

    @Test(arguments: MetricNote.Code.allCases)
    func everyNoteHasTextInBothLanguages(code: MetricNote.Code) {
        let note = MetricNote.example(code)
        #expect(note.code == code)
        let nl = ReasonCatalogue.dutch.note(note)
        let en = ReasonCatalogue.english.note(note)
        #expect(!nl.isEmpty && !en.isEmpty)
        #expect(nl != en, "\(code.rawValue): the English text is the Dutch one")
        #expect(Self.dutchWordsIn(en).isEmpty, "\(code.rawValue): Dutch in \"\(en)\"")
        for text in [nl, en] {
            #expect(!text.contains(code.rawValue) && !text.contains("_"), "\(code.rawValue): a code in \"\(text)\"")
            // CBS period codes and ISO dates are written in words.
            #expect(
                text.firstMatch(of: /[0-9]{4}(KW|MM|JJ)[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}Q[1-4]/) == nil,
                "\(text)")
        }
        // The stored form is the code plus parameters and reads back to the same note.
        #expect(note.stored.hasPrefix(code.rawValue))
        #expect(MetricNote(stored: note.stored) == note)
    }

    /// The texts are distinct within a language, so a reader can tell two reasons apart.
    @Test func textsAreDistinctWithinALanguage() {
        for catalogue in [ReasonCatalogue.dutch, .english] {
            let rejects = RejectReason.allCases.map(catalogue.reject)
            #expect(Set(rejects).count == rejects.count, "\(catalogue.language)")
            let notes = MetricNote.Code.allCases.map { catalogue.note(MetricNote.example($0)) }
            #expect(Set(notes).count == notes.count, "\(catalogue.language)")
        }
    }

    /// Parameters reach the text, formatted for the language: 2 of 3 = 66.666…% rounds to 66.7 (one decimal).
    @Test func parametersAreFormattedPerLanguage() {
        let partial = MetricNote.coveragePartial(percent: 2.0 / 3.0 * 100)
        #expect(ReasonCatalogue.dutch.note(partial) == "dekking 66,7% (60–80%)")
        #expect(ReasonCatalogue.english.note(partial) == "coverage 66.7% (60–80%)")
        let stock = MetricNote.activeWithoutValue(missing: 2, active: 9, date: "2026-09-30")
        #expect(ReasonCatalogue.dutch.note(stock) == "2 van 9 actieve ondernemingen zonder waarde op 30 september 2026")
        #expect(ReasonCatalogue.english.note(stock) == "2 of 9 active enterprises without a value on 30 September 2026")
        let awards = MetricNote.noContractAwards(from: "2025Q4", to: "2026Q3")
        #expect(ReasonCatalogue.dutch.note(awards) == "geen gunningen in 4e kw. 2025–3e kw. 2026")
        #expect(ReasonCatalogue.english.note(awards) == "no contract awards in Q4 2025–Q3 2026")
        #expect(ReasonCatalogue.english.note(.fewerThan(minimum: 5)) == "fewer than 5 enterprises")
    }

    /// Stored notes are strict: an unknown code, a missing, extra or mistyped parameter is no note.
    @Test(arguments: [
        "disclosure.unknown", "disclosure.fewer_than", "disclosure.fewer_than(minimum=three)",
        "disclosure.fewer_than(minimum=3,extra=1)", "cbs.later_period_empty(period=2025JJ00,attribute=Impossible)",
        "coverage.partial(percent=)", "",
    ])
    func malformedStoredNotesAreRejected(text: String) {
        #expect(MetricNote(stored: text) == nil)
    }

    /// A code in `rejects.csv` that this version does not know is "another reason", never guessed from its words.
    @Test func unknownRejectCodeIsAnotherReason() {
        #expect(ReasonCatalogue.english.reject(code: "kvk.something_new") == "other reason (see rejects.csv)")
        #expect(ReasonCatalogue.dutch.reject(code: "kvk.something_new") == "andere reden (zie rejects.csv)")
        #expect(
            ReasonCatalogue.dutch.reject(code: "kvk.not_in_registry")
                == "KvK-nummer staat niet in het register van het programma")
    }

    /// Notes are stored codes and rendered per language; words are never read back (issue 18 item 3): a Dutch
    /// sentence of a file written before stored codes is no note of the vocabulary, printed as it is in Dutch and
    /// as ``ReportNotes/unknownEnglish`` in English.
    @Test func storedNotesRenderAndWordsAreNotReadBack() {
        #expect(MetricNote(stored: "minder dan 3 ondernemingen (n = 2)") == nil)
        #expect(
            ReportNotes.text("disclosure.statistical; cbs.shown(period=2024JJ00)", .en)
                == "statistical disclosure control; shown: 2024")
        #expect(
            ReportNotes.text("growth.base_zero(quarter=2025Q3)", .nl)
                == "som over 3e kw. 2025 is 0: groei niet gedefinieerd")
        #expect(ReportNotes.text("growth.base_zero(quarter=2025Q3)", .en) == "sum over Q3 2025 is 0: growth undefined")
        #expect(ReportNotes.text("Σ revenue_total is 0: groei niet gedefinieerd", .en) == ReportNotes.unknownEnglish)
        #expect(
            ReportNotes.text("Σ revenue_total is 0: groei niet gedefinieerd", .nl)
                == "Σ revenue_total is 0: groei niet gedefinieerd")
    }

    /// Growth-class codes (METRICS.md §7) in words in both languages; an unknown category stays as it is.
    @Test func growthClassesInWords() {
        #expect(ReasonCatalogue.dutch.category("hge_eurostat") == "snelgroeier (Eurostat/CBS)")
        #expect(ReasonCatalogue.english.category("hge_eurostat") == "high-growth enterprise (Eurostat/CBS)")
        #expect(ReasonCatalogue.english.category("scaleup_20") == "scale-up (≥ 20% a year)")
        #expect(ReasonCatalogue.dutch.category("trede2") == "trede2")
        for catalogue in [ReasonCatalogue.dutch, .english] {
            #expect(catalogue.growthClasses.count == 9)
            #expect(catalogue.growthClasses.values.allSatisfy { !$0.contains("_") })
            #expect(Set(catalogue.growthClasses.values).count == 9)
        }
        #expect(ReasonCatalogue.english.growthClasses.values.allSatisfy { Self.dutchWordsIn($0).isEmpty })
    }
}
