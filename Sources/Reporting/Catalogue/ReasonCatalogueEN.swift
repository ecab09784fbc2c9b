import ImpactModel

extension ReasonCatalogue {
    /// English: what a reader of the English report reads; never a Dutch word of a reason.
    package static let english = ReasonCatalogue(
        language: .en, reject: englishReject, note: englishNote, otherReason: "other reason (see rejects.csv)",
        growthClasses: [
            "gazelle": "gazelle (young high-growth enterprise)",
            "hge_eurostat": "high-growth enterprise (Eurostat/CBS)",
            "scaleup_20": "scale-up (≥ 20% a year)", "emerging_scaler": "emerging scaler",
            "impact_scaler": "impact scaler", "stable": "stable", "shrinking": "shrinking",
            "unclassified": "not classified", "insufficient_data": "insufficient data",
        ])

    @Sendable static func englishReject(_ r: RejectReason) -> String {
        switch r {
        case .rowFieldCount: "row with too many or too few fields"
        case .csvFieldCount: "CBS row with too many or too few fields"
        case .fieldMissing: "required field missing"
        case .duplicateConflict: "duplicate record with different values"
        case .kvkMissing: "KvK number missing"
        case .kvkInvalid: "invalid KvK number"
        case .kvkLength: "KvK number with more than 8 digits"
        case .kvkScientificNotation: "KvK number stored by a spreadsheet in scientific notation (digits lost)"
        case .kvkDecimal: "KvK number with decimals"
        case .kvkNotDigits: "KvK number with characters other than digits"
        case .kvkNotInRegistry: "KvK number not in the programme's registry"
        case .kvkRepairedUnmatched: "KvK number in the registry only after adding leading zeros"
        case .kvkProfileInvalid: "unreadable KvK company profile"
        case .rsinLength: "RSIN with more than 9 digits"
        case .rsinElfproef: "RSIN fails the eleven-test check"
        case .rsinScientificNotation: "RSIN stored by a spreadsheet in scientific notation (digits lost)"
        case .rsinDecimal: "RSIN with decimals"
        case .rsinNotDigits: "RSIN with characters other than digits"
        case .vestigingsnummerInvalid: "invalid establishment number"
        case .vestigingsnummerLength: "establishment number with more than 12 digits"
        case .vestigingsnummerNotDigits: "establishment number with characters other than digits"
        case .vestigingsnummerScientificNotation:
            "establishment number stored by a spreadsheet in scientific notation (digits lost)"
        case .kwartaalMissing: "quarter missing"
        case .kwartaalInvalid: "unreadable quarter"
        case .kwartaalMismatch: "quarter differs from the quarter of the file"
        case .periodMalformed: "unreadable CBS period"
        case .periodUnknownCode: "unknown CBS period"
        case .measureUnknownCode: "unknown CBS topic"
        case .valueNotANumber: "value is not a number"
        case .valueNegative: "negative value where none is possible"
        case .valueOutOfRange: "value outside the allowed range"
        case .valueFormatMismatch: "number written in another format than the rest of its column"
        case .valueUnknownSymbol: "unknown CBS symbol instead of a value"
        case .valueConflictingAttribute: "CBS value and CBS attribute contradict each other"
        case .valueMissingWithoutAttribute: "CBS cell without a value and without a reason"
        case .valueAttributeUnknown: "unknown CBS attribute on a value"
        case .contractIDMissing: "contract award without an identifier"
        case .dateInvalid: "unreadable date"
        case .beinvloedbaarInvalid: "unreadable flag for whether the purchase can be influenced"
        case .gemeenteCodeInvalid: "invalid municipality code"
        case .dossiernummerMissing: "subsidy file without a file number"
        case .yearInvalid: "unreadable year"
        case .instrumentInvalid: "unknown instrument (neither grant nor loan)"
        case .datumInschrijvingInvalid: "unreadable registration date"
        case .sbiInvalid: "invalid SBI industry code"
        case .werkzamePersonenInvalid: "unreadable number of working persons"
        case .identityNotAMember: "registry history names an establishment outside the programme"
        }
    }

    @Sendable static func englishNote(_ n: MetricNote) -> String {
        switch n {
        case .statisticalDisclosure: return "statistical disclosure control"
        case .fewerThan(let minimum): return "fewer than \(minimum) enterprises"
        case .dominance(let largest, let percent):
            return "dominance: the \(largest) largest contributions are more than \(percent)% of the total"
        case .secondarySuppression: return "secondary suppression: could otherwise be derived from the total"
        case .coverageBelowThreshold: return "coverage below 60% of active enterprises"
        case .coveragePartial(let p): return "coverage \(percent(p, .en))% (60–80%)"
        case .noInput: return "no source delivers the required data yet"
        case .incomplete(let n): return "incomplete for \(n) \(n == 1 ? "enterprise" : "enterprises"): missing quarters"
        case .activeWithoutValue(let missing, let active, let d):
            return "\(missing) of \(active) active enterprises without a value on \(date(d, .en))"
        case .noEstablishmentsFile(let d): return "no establishments file for reference date \(date(d, .en))"
        case .laterPeriodIncomplete(let p, let months, let of):
            return "later period \(period(p, .en)) without a value (incomplete: \(months) of \(of) months)"
        case .laterPeriodEmpty(let p, let attribute):
            let why =
                switch attribute {
                case .impossible: "cannot occur"
                case .confidential: "confidential"
                case .not_available, .none: "not yet known"
                }
            return "later period \(period(p, .en)) without a value (\(why))"
        case .shown(let p): return "shown: \(period(p, .en))"
        case .pso30Equivalent: return "equivalent to PSO level 30 (≥ 30% target-group FTE)"
        case .noContractAwards(let from, let to): return "no contract awards in \(period(from, .en))–\(period(to, .en))"
        case .denominatorZero: return "denominator is 0: no value"
        case .quartersMissing(let missing, let of): return "incomplete: \(missing) of \(of) quarters missing"
        case .numeratorFewerThan(let minimum):
            return "fewer than \(minimum) enterprises in the numerator; the class table hides this count too"
        case .percentRuleEnterprises(let minimum):
            return "percentage rule: fewer than \(minimum) enterprises in the denominator"
        case .percentRuleDenominator(let minimum):
            return "percentage rule: denominator below \(number(minimum, .en)) FTE or persons"
        case .partsHidden: return "numerator and denominator not published (disclosure control of the denominator)"
        case .secondaryTotalIsSum:
            return "secondary suppression: the suppressed total would otherwise be the sum of the cells"
        case .secondaryTotal: return "secondary suppression: the total would reveal suppressed cells"
        case .secondaryStockFlow: return "secondary suppression: could otherwise be derived from stocks and flows"
        case .secondaryInterval: return "secondary suppression: could otherwise be derived within too narrow bounds"
        case .watchlistCount: return "number of enterprises on the growth watchlist"
        case .constantPanel(let n): return "constant panel of \(n) enterprises"
        case .notARealNumber: return "not a real number (undefined): check the inputs, e.g. negative values"
        case .infinite: return "not a real number (infinite): check the inputs, e.g. negative values"
        case .noCBSValue(let q): return "no CBS value available up to and including \(period(q, .en))"
        case .cbsCellsAmbiguous(let count, let p):
            return "\(count) CBS cells for \(period(p, .en)): the catalogue must name more dimensions"
        case .cbsTable(let table, let p):
            return "CBS \(table), \(p.hasSuffix("JJ00") ? "year " : "")\(period(p, .en))"
        case .numeratorOn(let d): return "numerator on \(date(d, .en))"
        case .noNumeratorOn(let d): return "no numerator on \(date(d, .en))"
        case .cbsTotalZero: return "CBS total is 0: no value"
        case .exitsProvisional:
            return "exits are provisional for 2 years (Eurostat: a closure is confirmed after 2 years)"
        case .entriesWithoutStartDate(let n):
            return "\(n) \(n == 1 ? "entry" : "entries") without a KvK start date not counted as a birth"
        case .noActiveEnterprises: return "no active enterprises: denominator is 0"
        case .noCohortEntries: return "no entries in the cohort year"
        case .noSubsidyDossiers(let year): return "no dossiers of subsidy year \(year) in the subsidy register"
        case .subsidyDossiers(let dossiers, let year, let loans):
            return "\(dossiers) \(dossiers == 1 ? "dossier" : "dossiers") in subsidy year \(year), of which "
                + "\(loans) \(loans == 1 ? "loan" : "loans")"
        case .personsUnknown(let n):
            return "persons employed unknown at \(n) \(n == 1 ? "establishment" : "establishments"): not counted "
                + "(never as 0)"
        case .growthBaseZero(let q): return "sum over \(period(q, .en)) is 0: growth undefined"
        case .noValuesAtBothDates: return "no values at both reference dates"
        case .endpointMissing(let q): return "incomplete: endpoint \(period(q, .en)) missing"
        case .startValueZero: return "start value is 0: growth undefined"
        case .quarterValueFallback: return "quarter value used instead of the mean of 4 quarter ends"
        case .withoutFullReturn(let missing, let active):
            return "\(missing) of \(active) active enterprises without a complete return over 4 quarters"
        case .awardsWithoutAmount(let n):
            return "incomplete: \(n) contract \(n == 1 ? "award" : "awards") without an amount"
        case .noEligibleEnterprises: return "no enterprises with at least 10 employees three years earlier"
        case .incompleteQuarter(let q): return "incomplete for \(period(q, .en))"
        case .earnedIncome50: return "≥ 50% earned income (Social Enterprise Code)"
        }
    }
}
