import ImpactModel

extension ReasonCatalogue {
    /// Dutch: what a council member reads in the Dutch report.
    package static let dutch = ReasonCatalogue(
        language: .nl, reject: dutchReject, note: dutchNote, otherReason: "andere reden (zie rejects.csv)",
        growthClasses: [
            "gazelle": "gazelle (jonge snelgroeier)", "hge_eurostat": "snelgroeier (Eurostat/CBS)",
            "scaleup_20": "scale-up (≥ 20% per jaar)", "emerging_scaler": "opkomende groeier",
            "impact_scaler": "impactgroeier", "stable": "stabiel", "shrinking": "krimpend",
            "unclassified": "niet ingedeeld", "insufficient_data": "onvoldoende gegevens",
        ])

    @Sendable static func dutchReject(_ r: RejectReason) -> String {
        switch r {
        case .rowFieldCount: "regel met te veel of te weinig velden"
        case .csvFieldCount: "CBS-regel met te veel of te weinig velden"
        case .fieldMissing: "verplicht veld ontbreekt"
        case .duplicateConflict: "dubbel record met andere waarden"
        case .kvkMissing: "KvK-nummer ontbreekt"
        case .kvkInvalid: "ongeldig KvK-nummer"
        case .kvkLength: "KvK-nummer met meer dan 8 cijfers"
        case .kvkScientificNotation:
            "KvK-nummer door een spreadsheet als getal met exponent opgeslagen (cijfers verloren)"
        case .kvkDecimal: "KvK-nummer met cijfers achter de komma"
        case .kvkNotDigits: "KvK-nummer met andere tekens dan cijfers"
        case .kvkNotInRegistry: "KvK-nummer staat niet in het register van het programma"
        case .kvkRepairedUnmatched: "KvK-nummer alleen met aangevulde voorloopnullen in het register"
        case .kvkProfileInvalid: "onleesbaar KvK-basisprofiel"
        case .rsinLength: "RSIN met meer dan 9 cijfers"
        case .rsinElfproef: "RSIN voldoet niet aan de elfproef"
        case .rsinScientificNotation: "RSIN door een spreadsheet als getal met exponent opgeslagen (cijfers verloren)"
        case .rsinDecimal: "RSIN met cijfers achter de komma"
        case .rsinNotDigits: "RSIN met andere tekens dan cijfers"
        case .vestigingsnummerInvalid: "ongeldig vestigingsnummer"
        case .vestigingsnummerLength: "vestigingsnummer met meer dan 12 cijfers"
        case .vestigingsnummerNotDigits: "vestigingsnummer met andere tekens dan cijfers"
        case .vestigingsnummerScientificNotation:
            "vestigingsnummer door een spreadsheet als getal met exponent opgeslagen (cijfers verloren)"
        case .kwartaalMissing: "kwartaal ontbreekt"
        case .kwartaalInvalid: "onleesbaar kwartaal"
        case .kwartaalMismatch: "kwartaal wijkt af van het kwartaal van het bestand"
        case .periodMalformed: "onleesbare CBS-periode"
        case .periodUnknownCode: "onbekende CBS-periode"
        case .measureUnknownCode: "onbekend CBS-onderwerp"
        case .valueNotANumber: "waarde is geen getal"
        case .valueNegative: "negatieve waarde waar dat niet kan"
        case .valueOutOfRange: "waarde buiten het toegestane bereik"
        case .valueFormatMismatch: "getal in een andere notatie dan de rest van de kolom"
        case .valueUnknownSymbol: "onbekend CBS-teken in plaats van een waarde"
        case .valueConflictingAttribute: "CBS-waarde en CBS-kenmerk spreken elkaar tegen"
        case .valueMissingWithoutAttribute: "CBS-cel zonder waarde en zonder reden"
        case .valueAttributeUnknown: "onbekend CBS-kenmerk bij een waarde"
        case .contractIDMissing: "opdracht zonder kenmerk"
        case .dateInvalid: "onleesbare datum"
        case .beinvloedbaarInvalid: "onleesbare aanduiding of de inkoop beïnvloedbaar is"
        case .gemeenteCodeInvalid: "ongeldige gemeentecode"
        case .dossiernummerMissing: "subsidiedossier zonder dossiernummer"
        case .yearInvalid: "onleesbaar jaartal"
        case .instrumentInvalid: "onbekend instrument (geen subsidie of lening)"
        case .datumInschrijvingInvalid: "onleesbare inschrijvingsdatum"
        case .sbiInvalid: "ongeldige SBI-code"
        case .werkzamePersonenInvalid: "onleesbaar aantal werkzame personen"
        case .identityNotAMember: "registergeschiedenis noemt een vestiging die niet in het programma zit"
        }
    }

    @Sendable static func dutchNote(_ n: MetricNote) -> String {
        switch n {
        case .statisticalDisclosure: return "statistische beveiliging"
        case .fewerThan(let minimum): return "minder dan \(minimum) ondernemingen"
        case .dominance(let largest, let percent):
            return "dominantie: de \(largest) grootste bijdragen zijn meer dan \(percent)% van het totaal"
        case .secondarySuppression: return "secundaire onderdrukking: anders af te leiden uit het totaal"
        case .coverageBelowThreshold: return "dekking onder 60% van de actieve ondernemingen"
        case .coveragePartial(let p): return "dekking \(percent(p, .nl))% (60–80%)"
        case .noInput: return "geen bron levert de benodigde gegevens nog"
        case .incomplete(let n):
            return "onvolledig bij \(n) \(n == 1 ? "onderneming" : "ondernemingen"): ontbrekende kwartalen"
        case .activeWithoutValue(let missing, let active, let d):
            return "\(missing) van \(active) actieve ondernemingen zonder waarde op \(date(d, .nl))"
        case .noEstablishmentsFile(let d): return "geen vestigingenbestand met peildatum \(date(d, .nl))"
        case .laterPeriodIncomplete(let p, let months, let of):
            return "latere periode \(period(p, .nl)) zonder waarde (onvolledig: \(months) van \(of) maanden)"
        case .laterPeriodEmpty(let p, let attribute):
            let why =
                switch attribute {
                case .impossible: "kan niet voorkomen"
                case .confidential: "geheim"
                case .not_available, .none: "nog onbekend"
                }
            return "latere periode \(period(p, .nl)) zonder waarde (\(why))"
        case .shown(let p): return "getoond: \(period(p, .nl))"
        case .pso30Equivalent: return "gelijk aan PSO-trede 30 (≥ 30% doelgroep-fte)"
        case .noContractAwards(let from, let to): return "geen gunningen in \(period(from, .nl))–\(period(to, .nl))"
        case .denominatorZero: return "noemer is 0: geen waarde"
        case .quartersMissing(let missing, let of): return "onvolledig: \(missing) van \(of) kwartalen ontbreken"
        case .numeratorFewerThan(let minimum):
            return "minder dan \(minimum) ondernemingen in de teller; de klassentabel onderdrukt dit aantal ook"
        case .percentRuleEnterprises(let minimum):
            return "percentageregel: minder dan \(minimum) ondernemingen in de noemer"
        case .percentRuleDenominator(let minimum):
            return "percentageregel: noemer kleiner dan \(number(minimum, .nl)) fte of personen"
        case .partsHidden: return "teller en noemer niet gepubliceerd (statistische beveiliging van de noemer)"
        case .secondaryTotalIsSum:
            return "secundaire onderdrukking: anders is het onderdrukte totaal de som van de cellen"
        case .secondaryTotal: return "secundaire onderdrukking: totaal zou onderdrukte cellen prijsgeven"
        case .secondaryStockFlow: return "secundaire onderdrukking: anders af te leiden uit voorraad en stromen"
        case .secondaryInterval: return "secundaire onderdrukking: anders binnen te nauwe grenzen af te leiden"
        case .watchlistCount: return "aantal ondernemingen op de groeiwatchlist"
        case .constantPanel(let n): return "gelijkblijvend panel van \(n) ondernemingen"
        case .notARealNumber:
            return "geen reëel getal (niet gedefinieerd): invoer controleren, bv. negatieve waarden"
        case .infinite: return "geen reëel getal (oneindig): invoer controleren, bv. negatieve waarden"
        case .noCBSValue(let q): return "geen CBS-waarde beschikbaar tot en met \(period(q, .nl))"
        case .cbsCellsAmbiguous(let count, let p):
            return "\(count) CBS-cellen voor \(period(p, .nl)): dimensies in de catalogus preciseren"
        case .cbsTable(let table, let p):
            return "CBS \(table), \(p.hasSuffix("JJ00") ? "jaar " : "")\(period(p, .nl))"
        case .numeratorOn(let d): return "teller op \(date(d, .nl))"
        case .noNumeratorOn(let d): return "geen teller op \(date(d, .nl))"
        case .cbsTotalZero: return "CBS-totaal is 0: geen waarde"
        case .exitsProvisional: return "uitstroom is 2 jaar voorlopig (Eurostat: opheffing pas na 2 jaar bevestigd)"
        case .entriesWithoutStartDate(let n):
            return "\(n) \(n == 1 ? "instromer" : "instromers") zonder KvK-datum aanvang niet als oprichting geteld"
        case .noActiveEnterprises: return "geen actieve ondernemingen: noemer is 0"
        case .noCohortEntries: return "geen instroom in het cohortjaar"
        case .noSubsidyDossiers(let year): return "geen dossiers van subsidiejaar \(year) in het subsidieregister"
        case .subsidyDossiers(let dossiers, let year, let loans):
            return "\(dossiers) \(dossiers == 1 ? "dossier" : "dossiers") in subsidiejaar \(year), waarvan "
                + "\(loans) \(loans == 1 ? "lening" : "leningen")"
        case .personsUnknown(let n):
            return "werkzame personen onbekend bij \(n) \(n == 1 ? "vestiging" : "vestigingen"): niet meegeteld "
                + "(nooit als 0)"
        case .growthBaseZero(let q): return "som over \(period(q, .nl)) is 0: groei niet gedefinieerd"
        case .noValuesAtBothDates: return "geen waarden op beide peildata"
        case .endpointMissing(let q): return "onvolledig: eindpunt \(period(q, .nl)) ontbreekt"
        case .startValueZero: return "beginwaarde is 0: groei niet gedefinieerd"
        case .quarterValueFallback: return "kwartaalwaarde gebruikt in plaats van het gemiddelde van 4 kwartaaleinden"
        case .withoutFullReturn(let missing, let active):
            return "\(missing) van \(active) actieve ondernemingen zonder volledige opgave over 4 kwartalen"
        case .awardsWithoutAmount(let n):
            return "onvolledig: \(n) \(n == 1 ? "gunning" : "gunningen") zonder bedrag"
        case .noEligibleEnterprises: return "geen ondernemingen met ten minste 10 werknemers drie jaar eerder"
        case .incompleteQuarter(let q): return "onvolledig voor \(period(q, .nl))"
        case .earnedIncome50: return "≥ 50% verdiend inkomen (Code Sociale Ondernemingen)"
        }
    }
}
