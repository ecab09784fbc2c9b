import ImpactModel

extension MetricNote {
    /// Reads one clause of a `note` column into the vocabulary: the stored code (``MetricNote/stored``) first, then
    /// the Dutch clauses compute and the public rows still write (`minder dan 3 ondernemingen (n = 2)`,
    /// `dekking 72,5 % (60–80 %)`, `latere periode 2025JJ00 zonder waarde (impossible)`); `nil` for any other text.
    ///
    /// This is the one place where note text is read back. It exists for the writers in `Indicators` that do not
    /// yet write ``MetricNote/stored`` (issue 18, item 3); once they do, only the first line stays. Parameters come
    /// from the text's numbers and codes, never from its words.
    package init?(noteClause c: String) {
        if let stored = MetricNote(stored: c) {
            self = stored
            return
        }
        if c.hasPrefix("statistische beveiliging") {
            self = .statisticalDisclosure
        } else if c.hasPrefix("dekking onder 60%") {
            self = .coverageBelowThreshold
        } else if c.hasPrefix("secundaire onderdrukking") {
            self = .secondarySuppression
        } else if c.hasPrefix("dominantie") {
            // The public reason states the rule (2 largest, 85 %), never the cell's own share.
            self = .dominance(largest: 2, percent: 85)
        } else if let m = c.wholeMatch(of: /minder dan ([0-9]+) ondernemingen.*/), let n = Int(m.1) {
            self = .fewerThan(minimum: n)
        } else if c.hasPrefix("geen invoer") {
            self = .noInput
        } else if let m = c.wholeMatch(of: /dekking ([0-9]+(?:,[0-9]+)?) % \(60–80 %\)/),
            let p = Double(m.1.replacingOccurrences(of: ",", with: "."))
        {
            self = .coveragePartial(percent: p)
        } else if let m = c.wholeMatch(of: /onvolledig bij ([0-9]+) onderneming\(en\): ontbrekende kwartalen.*/),
            let n = Int(m.1)
        {
            self = .incomplete(enterprises: n)
        } else if let m = c.wholeMatch(of: /([0-9]+) van ([0-9]+) actieve ondernemingen zonder waarde op ([0-9-]+)/),
            let missing = Int(m.1), let active = Int(m.2)
        {
            self = .activeWithoutValue(missing: missing, active: active, date: String(m.3))
        } else if let m = c.wholeMatch(of: /geen vestigingenbestand met peildatum ([0-9-]+)/) {
            self = .noEstablishmentsFile(date: String(m.1))
        } else if let m = c.wholeMatch(
            of: /latere periode (\S+) zonder waarde \(onvolledig: ([0-9]+) van ([0-9]+) maanden\)/),
            let months = Int(m.2), let of = Int(m.3)
        {
            self = .laterPeriodIncomplete(period: String(m.1), months: months, of: of)
        } else if let m = c.wholeMatch(of: /latere periode (\S+) zonder waarde \((\w+)\)/),
            let attribute = ValueAttribute(rawValue: String(m.2))
        {
            self = .laterPeriodEmpty(period: String(m.1), attribute: attribute)
        } else if let m = c.wholeMatch(of: /getoond: (\S+)/) {
            self = .shown(period: String(m.1))
        } else if c.hasPrefix("pso30_equivalent") {
            self = .pso30Equivalent
        } else if let m = c.wholeMatch(of: /geen gunningen in (\S+)–(\S+)/) {
            self = .noContractAwards(from: String(m.1), to: String(m.2))
        } else if c == "noemer is 0: geen waarde" {
            self = .denominatorZero
        } else if let m = c.wholeMatch(of: /onvolledig: ([0-9]+) van ([0-9]+) kwartalen ontbreekt/),
            let missing = Int(m.1),
            let of = Int(m.2)
        {
            self = .quartersMissing(missing: missing, of: of)
        } else {
            return nil
        }
    }
}
