import Foundation
import ImpactModel

/// Turns the notes compute writes into `metrics.csv` into sentences for the report's reader, in the report's language.
///
/// A note is a list of clauses separated by `; `, each a stored note code (``MetricNote/stored``, e.g.
/// `disclosure.fewer_than(minimum=3)`; compute writes nothing else since issue 18 item 3). Each clause is read into
/// the vocabulary by ``MetricNote/init(stored:)`` and its text comes from the language's ``ReasonCatalogue``; nothing
/// here writes a reason of its own, nor reads one back from words. A clause outside the vocabulary (a code of a newer
/// version, or a Dutch sentence of a `metrics.csv` written before stored codes) is printed as it is in a Dutch report
/// and replaced by ``unknownEnglish`` in an English one, so no Dutch text reaches the English report.
enum ReportNotes {
    static let unknownEnglish = "further detail in metrics.csv"

    /// The note `note` as a reader of `lang` reads it; empty for an empty note.
    static func text(_ note: String, _ lang: ReportLanguage) -> String {
        let clauses = note.components(separatedBy: "; ").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        var out: [String] = []
        for c in clauses {
            let t = clause(c, lang)
            if !t.isEmpty, !out.contains(t) { out.append(t) }
        }
        return out.joined(separator: "; ")
    }

    /// One clause in `lang`: the catalogue's text of its ``MetricNote``, else the clause (Dutch) or ``unknownEnglish``.
    static func clause(_ c: String, _ lang: ReportLanguage) -> String {
        if let note = MetricNote(stored: c) { return ReasonCatalogue.of(lang).note(note) }
        return lang == .nl ? c : unknownEnglish
    }

    /// A CBS period code for readers: `2026KW01` → `1e kw. 2026` / `Q1 2026`, `2026MM04` → `april 2026` /
    /// `April 2026`, `2025JJ00` → `2025`; a quarter `2026Q1` likewise; anything else as it is.
    static func period(_ code: String, _ lang: ReportLanguage) -> String {
        let nl = lang == .nl
        if let m = code.wholeMatch(of: /([0-9]{4})KW0([1-4])/) { return nl ? "\(m.2)e kw. \(m.1)" : "Q\(m.2) \(m.1)" }
        if let m = code.wholeMatch(of: /([0-9]{4})Q([1-4])/) { return nl ? "\(m.2)e kw. \(m.1)" : "Q\(m.2) \(m.1)" }
        if let m = code.wholeMatch(of: /([0-9]{4})JJ00/) { return String(m.1) }
        if let m = code.wholeMatch(of: /([0-9]{4})MM([0-9]{2})/), let month = Int(m.2), (1...12).contains(month) {
            let names =
                nl
                ? [
                    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                    "november", "december",
                ]
                : [
                    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                    "November", "December",
                ]
            return "\(names[month - 1]) \(m.1)"
        }
        return code
    }

    /// An ISO 8601 time as a reader writes it, in Europe/Amsterdam: `16 oktober 2026, 08:00` / `16 October 2026,
    /// 08:00`; a text that is not such a time is returned as it is.
    static func dateTime(_ iso: String, _ lang: ReportLanguage) -> String {
        guard let date = ISO8601DateFormatter().date(from: iso), let zone = TimeZone(identifier: "Europe/Amsterdam")
        else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let y = c.year, let m = c.month, let d = c.day, let h = c.hour, let mi = c.minute else { return iso }
        let month = period(String(format: "%04dMM%02d", y, m), lang)
        return "\(d) \(month.replacingOccurrences(of: " \(y)", with: "")) \(y), \(String(format: "%02d:%02d", h, mi))"
    }

    /// A definition for readers: the catalogue's abbreviations written out (`R4K`, `j-o-j`, `t/m`) and references
    /// to internal documents (`METRICS.md §7`) dropped.
    static func plainDefinition(_ text: String, _ lang: ReportLanguage) -> String {
        var t = text.replacingOccurrences(of: "\n", with: " ")
        t = t.replacing(/\s*\(?METRICS\.md §[0-9.]+\)?/, with: "")
        // Field names of the return form and class codes, in words (the codes are in the appendix and explain).
        t = t.replacing(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/) { m in
            let code = String(m.output)
            return (lang == .nl ? glossaryNL[code] : glossaryEN[code]) ?? code.replacingOccurrences(of: "_", with: " ")
        }
        if lang == .nl {
            t = t.replacing(/\bR4K\b/, with: "afgelopen vier kwartalen").replacing(
                /\bj-o-j\b/, with: "t.o.v. een jaar eerder")
        } else {
            t = t.replacing(/\bR4Q\b/, with: "last four quarters").replacing(/\bYoY\b/, with: "on a year earlier")
        }
        return t
    }

    /// The return form's field names and the growth-class codes that definitions cite, in Dutch.
    static let glossaryNL = [
        "revenue_total": "totale omzet", "fte_total": "totaal fte", "tg_fte": "doelgroep-fte",
        "hge_eurostat": "snelgroeiers",
        "waste_diverted_t": "hergebruikt of gerecycled afval (ton)",
        "training_hours_staff": "opleidingsuren eigen personeel",
        "tg_hires_from_bijstand": "aangenomen doelgroepmedewerkers uit de bijstand",
        "tg_headcount": "doelgroepmedewerkers",
        "supplier_spend_total": "totale inkoop", "supplier_spend_social": "inkoop bij sociale leveranciers",
        "scaleup_20": "opschalers", "revenue_sales": "omzet uit verkoop",
        "revenue_grants_donations": "subsidies en giften",
        "revenue_government": "omzet van de overheid", "pop_hge_share": "het aandeel snelgroeiers",
        "learning_places": "leerwerk- en stageplekken", "individuals_trained": "getrainde personen",
        "impact_scaler": "impactgroeier", "ghg_avoided_tco2e": "vermeden CO2-uitstoot (ton)",
        "external_finance_raised": "opgehaalde externe financiering", "employees_headcount": "aantal werknemers",
        "emerging_scaler": "opkomende groeier",
    ]

    /// The same in English.
    static let glossaryEN = [
        "revenue_total": "total revenue", "fte_total": "total FTE", "tg_fte": "target-group FTE",
        "hge_eurostat": "high-growth enterprises",
        "waste_diverted_t": "waste reused or recycled (tonnes)", "training_hours_staff": "training hours of own staff",
        "tg_hires_from_bijstand": "target-group hires from social assistance", "tg_headcount": "target-group employees",
        "supplier_spend_total": "total purchasing", "supplier_spend_social": "purchasing from social suppliers",
        "scaleup_20": "scale-ups", "revenue_sales": "revenue from sales",
        "revenue_grants_donations": "grants and donations",
        "revenue_government": "revenue from government", "pop_hge_share": "the share of high-growth enterprises",
        "learning_places": "learning and work placements", "individuals_trained": "individuals trained",
        "impact_scaler": "impact scaler", "ghg_avoided_tco2e": "GHG emissions avoided (tonnes)",
        "external_finance_raised": "external finance raised", "employees_headcount": "number of employees",
        "emerging_scaler": "emerging scaler",
    ]

    /// A metric's `source` for readers: clauses that cite the internal metric catalogue (`METRICS.md §6.3 …`)
    /// become "definitie van het programma"; the `[P]`/`[V]` markers of the catalogue are dropped. In English the
    /// Dutch titles of CBS tables are dropped (the table id stays).
    static func source(_ text: String, _ lang: ReportLanguage) -> String {
        let clauses = text.components(separatedBy: "; ").map { clause -> String in
            let c = clause.replacing(/\s*\[[PV]\]/, with: "").trimmingCharacters(in: .whitespaces)
            if c.contains("METRICS.md") { return lang == .nl ? "definitie van het programma" : "programme definition" }
            if lang == .en {
                if let m = c.firstMatch(of: /^CBS StatLine ([0-9A-Za-z]+)/) { return "CBS StatLine \(m.1)" }
                if c.hasPrefix("KvK Handelsregister") { return "KvK Handelsregister (Dutch business register)" }
                return englishReference(c)
            }
            return c
        }
        var out: [String] = []
        for c in clauses where !c.isEmpty && !out.contains(c) { out.append(c) }
        return out.joined(separator: "; ")
    }
}

extension ReportNotes {
    /// Words that mark the Dutch part of a source citation in `config/metrics.yaml` (titles of CBS tables, remarks).
    static let dutchMarkers: Set<String> = [
        "en", "van", "voor", "niet", "geen", "als", "pas", "na", "met", "bij", "per", "op", "de", "het", "een", "vgl.",
        "t/m",
        "werknemers", "bedrijfstak", "gemeente", "productie", "vermogen", "beleidsregels", "gevonden", "begrippen",
        "Haarlemse", "snelle", "groeiers", "opgericht", "verplaatsingen", "oprichting", "opheffing", "mengen",
        "levensduur",
        "kerncijfers", "uitkeringen", "Sociale", "zekerheid", "Faillissementen", "Arbeidsdeelname", "werkloosheid",
        "maand",
        "Openstaande", "vacatures", "regio", "Hernieuwbare", "elektriciteit", "Vestigingen", "bedrijven", "praktijk",
        "bouwblokken", "indirecte", "bijdrage", "maatstaf", "directe", "doelgroepregister", "doelgroepcategorie",
        "bedrijvendynamiek", "overheid", "onderaanneming", "baan", "uur", "week", "werkzame", "personen", "vestiging",
        "vestigingen", "vestigingenregister", "verdiend", "inkomen", "SBI-secties", "stage/leerwerkplek",
        "SROI-bouwblokken",
        "SROI-verplichting", "operationalisatie", "definitie", "programma", "3-jaarsoverleving", "Wet", "banenafspraak",
    ]

    /// The part of a (Dutch) source citation an English reader can use: parenthetical remarks dropped, the text cut
    /// at its first Dutch word; empty when nothing but Dutch remains.
    static func englishReference(_ clause: String) -> String {
        let text = clause.replacing(/\s*\([^)]*\)/, with: "")
        var kept: [Substring] = []
        for word in text.split(separator: " ") {
            if dutchMarkers.contains(String(word))
                || dutchMarkers.contains(word.trimmingCharacters(in: .punctuationCharacters))
            {
                break
            }
            kept.append(word)
        }
        let out = kept.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " ,;:/-"))
        // A lone word without a number ("Code", "CBS") is no reference an English reader can look up.
        if !out.contains(" ") && !out.contains(where: \.isNumber) { return "" }
        return out.count < 3 ? "" : out
    }
}

extension SourceWarning {
    /// ``sentence(_:)`` without file paths or code spans: what the body of the report says about a source (the
    /// file concerned is in `run.md`).
    package func plainSentence(_ language: ReportLanguage) -> String {
        let nl = language == .nl
        switch kind {
        case "missing":
            return nl
                ? "ontbreekt; de cijfers die op deze bron rusten zijn onbekend (.). Details staan in het verslag van de run."
                : "missing; the figures that rest on this source are unknown (.). Details are in the run log."
        default: return sentence(language).replacingOccurrences(of: "`", with: "")
        }
    }
}
