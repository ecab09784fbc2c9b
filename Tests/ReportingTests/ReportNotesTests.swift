import Testing

@testable import Reporting

/// Compute's notes as a reader sees them: no CBS period code and no English attribute name in the Dutch body.
@Suite struct ReportNotesTests {
    /// The note `ContextValues` writes when the newest CBS period of a context series is empty (here the demo's
    /// 70072ned row for Haarlem: 2025 "Impossible", 2024 shown).
    @Test func anEmptyLaterCBSPeriodIsNamedInWords() {
        let note = "cbs.later_period_empty(period=2025JJ00,attribute=impossible); cbs.shown(period=2024JJ00)"
        #expect(ReportNotes.text(note, .nl) == "latere periode 2025 zonder waarde (kan niet voorkomen); getoond: 2024")
        #expect(ReportNotes.text(note, .en) == "later period 2025 without a value (cannot occur); shown: 2024")
        #expect(
            ReportNotes.text("cbs.later_period_empty(period=2026KW02,attribute=not_available)", .nl)
                == "latere periode 2e kw. 2026 zonder waarde (nog onbekend)")
        #expect(
            ReportNotes.text("cbs.later_period_empty(period=2026MM04,attribute=confidential)", .en)
                == "later period April 2026 without a value (confidential)")
    }
}
