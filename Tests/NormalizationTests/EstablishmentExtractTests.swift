import Foundation
import ImpactModel
import Testing

@testable import Normalization

/// The establishments extract (`vestigingen-<YYYYQn>.csv`): every rule on hand-written files.
@Suite("Establishments extract: rules, totals, ledger")
struct EstablishmentExtractTests {
    static let header =
        "vestigingsnummer,kvk_nummer,sbi_code,postcode,gemeente_code,werkzame_personen,datum_inschrijving"

    /// Alfa 01234567 and Beta 87654321 are registry social enterprises.
    static let registry: Set<KvKNumber> = [KvKNumber("01234567"), KvKNumber("87654321")].compactMap { $0 }
        .reduce(into: []) { $0.insert($1) }

    /// The project's herindeling file: GM0003 merged into GM1979, GM0788 split by woonplaats (2021-01-01).
    static func herindeling() throws -> Herindeling {
        let url = SharedProject.root.appendingPathComponent("config/gemeente-herindeling.csv")
        return try Herindeling.parse(try Data(contentsOf: url), file: "config/gemeente-herindeling.csv")
    }

    /// Writes `lines` (joined with LF, a final LF) to a temporary file named `vestigingen-2026Q3.csv`.
    static func write(_ lines: [String], name: String = "vestigingen-2026Q3.csv") throws -> (URL, Data) {
        let dir = try Fixtures.temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        try data.write(to: url)
        return (url, data)
    }

    static func aggregate(_ lines: [String], herindeling: Herindeling? = nil) throws -> (
        EstablishmentExtractResult, Data
    ) {
        let (url, data) = try write(lines)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let result = try EstablishmentExtract.aggregate(
            file: url, displayName: "vestigingen/vestigingen-2026Q3.csv", sourceID: "vestigingen",
            quarter: try Fixtures.quarter("2026Q3"), registryKvK: registry,
            herindeling: try herindeling ?? Self.herindeling())
        return (result, data)
    }

    /// One row per rule; the comment gives the line and the expected outcome.
    static let ruleFile = [
        header,  // 1
        "000000000001,01234567,88101,2011 AB,GM0392,10,2019-05-14",  // 2 kept, Alfa, 10 persons
        "00000000002,01234567,47111,2011 AB,GM0392,5,2020-01-01",  // 3 11-digit vestigingsnummer repaired, Alfa
        "000000000003,1234567,56101,2011AB,GM0392,,2021-03-03",  // 4 7-digit KvK repaired → Alfa, persons missing
        "000000000004,87654321,62010,2011 CD,GM0003,7,2018-01-01",  // 5 GM0003 → GM1979, Beta
        "000000000005,11111111,43221,1234 AB,GM0788,3,2015-06-01",  // 6 split code kept as GM0788
        "12AB,11111111,43221,1234 AB,GM0392,3,2015-06-01",  // 7 vestigingsnummer.invalid
        "000000000007,1.23457E+07,43221,,GM0392,3,2015-06-01",  // 8 kvk.invalid
        "000000000008,22222222,,,GM0392,3,2015-06-01",  // 9 sbi.invalid (empty)
        "000000000009,22222222,99999,,GM0392,3,2015-06-01",  // 10 sbi.invalid (class 99.99 does not exist)
        "000000000010,22222222,00111,,GM0392,3,2015-06-01",  // 11 sbi.invalid (division 00)
        "000000000011,22222222,47111,,Haarlem,3,2015-06-01",  // 12 gemeente_code.invalid
        "000000000012,22222222,47111,,0392,3,2015-06-01",  // 13 gemeente_code.invalid
        "000000000013,22222222,47111,,GM0392,\"12,5\",2015-06-01",  // 14 werkzame_personen.invalid
        "000000000014,22222222,47111,,GM0392,-3,2015-06-01",  // 15 werkzame_personen.invalid
        "000000000015,22222222,47111,,GM0392,veel,2015-06-01",  // 16 werkzame_personen.invalid
        "000000000016,22222222,47111,,GM0392,4,2026-13-01",  // 17 datum_inschrijving.invalid
        "000000000017,22222222,47111,,GM0392,4,2026-10-01",  // 18 filtered: registered after 2026-09-30
        "000000000018,22222222,47111,,GM0392,4,2026-09-30",  // 19 kept (registered on the last day)
        "",  // 20 blank line: not a record
        "000000000018,22222222,47111,,GM0392,4,2026-09-30",  // 21 exact duplicate of 19 → merged
        "000000000019,33333333,47111,,GM0392,2,2010-01-01",  // 22 conflict
        "000000000019,33333333,47111,,GM0392,20,2010-01-01",  // 23 conflict
        "000000000019,33333333,47111,,GM0392,2,2010-01-01",  // 24 conflict (equals 22, but the key conflicts)
        "000000000020,22222222,47111",  // 25 row.field_count
        "000000000021,87654321,88101,,GM0392,1,2022-02-02",  // 26 kept, Beta in GM0392
        "000000000022,01234567,88101,,GM1979,2,2022-02-02",  // 27 kept, Alfa in GM1979
    ]

    @Test("ledger: 25 records = 8 out + 15 rejected + 1 filtered + 1 merged; 3 gemeenten × 5 observations")
    func ledger() throws {
        let (r, _) = try Self.aggregate(Self.ruleFile)
        #expect(r.ledger.recordsIn == 25)  // 27 lines − header − blank line
        #expect(r.ledger.recordsOut == 8)  // vestigingen 1, 2, 3, 4, 5, 18, 21, 22
        #expect(r.ledger.rejected == 15)  // lines 7–17 (11), 22–24 (3), 25 (1)
        #expect(r.ledger.filtered == 1)
        #expect(r.ledger.merged == 1)
        #expect(r.ledger.observations == 15)
        #expect(r.ledger.balances)
        #expect(r.ledger.sourceID == "vestigingen")
        #expect(r.rejects.count == r.ledger.rejected)
        #expect(r.observations.count == r.ledger.observations)
    }

    @Test("every reject names file, line, field, value and reason, in line order")
    func rejects() throws {
        let (r, data) = try Self.aggregate(Self.ruleFile)
        let got = r.rejects.map { "\($0.line ?? 0) \($0.field) \($0.value) \($0.reason)" }
        #expect(
            got == [
                "7 vestigingsnummer 12AB vestigingsnummer.invalid",
                "8 kvk_nummer 1.23457E+07 kvk.invalid",
                "9 sbi_code  sbi.invalid",
                "10 sbi_code 99999 sbi.invalid",
                "11 sbi_code 00111 sbi.invalid",
                "12 gemeente_code Haarlem gemeente_code.invalid",
                "13 gemeente_code 0392 gemeente_code.invalid",
                "14 werkzame_personen 12,5 werkzame_personen.invalid",
                "15 werkzame_personen -3 werkzame_personen.invalid",
                "16 werkzame_personen veel werkzame_personen.invalid",
                "17 datum_inschrijving 2026-13-01 datum_inschrijving.invalid",
                "22 vestigingsnummer 000000000019 duplicate.conflict",
                "23 vestigingsnummer 000000000019 duplicate.conflict",
                "24 vestigingsnummer 000000000019 duplicate.conflict",
                "25  3 fields row.field_count",
            ])
        let prefix = SourceRowID.prefix(of: data)
        #expect(r.sha256Prefix == prefix)
        // Record numbers skip the header and the blank line 20: line 7 is record 6, line 22 is record 20.
        #expect(r.rejects.first?.sourceRowID == "\(prefix):6")
        #expect(r.rejects.first { $0.line == 22 }?.sourceRowID == "\(prefix):20")
        #expect(
            r.rejects.allSatisfy { $0.file == "vestigingen/vestigingen-2026Q3.csv" && $0.sourceID == "vestigingen" })
        #expect(r.rejects.allSatisfy { !$0.message.isEmpty })
        let conflict = try #require(r.rejects.first { $0.reason == "duplicate.conflict" })
        #expect(conflict.message.contains("lines 22, 23, 24"))
        let sci = try #require(r.rejects.first { $0.line == 8 })
        #expect(sci.message.contains("scientific notation"))
    }

    @Test("totals per gemeente after repairs, herindeling and duplicate handling")
    func totals() throws {
        let (r, _) = try Self.aggregate(Self.ruleFile)
        #expect(Set(r.perGemeente.keys) == [RegioCode("GM0392"), RegioCode("GM1979"), RegioCode("GM0788")])
        // GM0392: vestigingen 1 (10, Alfa), 2 (5, Alfa), 3 (missing, Alfa), 18 (4), 21 (1, Beta).
        #expect(
            r.perGemeente[RegioCode("GM0392")]
                == EstablishmentTotals(
                    establishments: 5, personsEmployed: 10 + 5 + 4 + 1, personsMissing: 1, seEstablishments: 4,
                    sePersonsEmployed: 10 + 5 + 1, sePersonsMissing: 1, seEnterprises: 2))
        // GM1979: vestiging 4 (7, Beta, written GM0003) and 22 (2, Alfa).
        #expect(
            r.perGemeente[RegioCode("GM1979")]
                == EstablishmentTotals(
                    establishments: 2, personsEmployed: 7 + 2, personsMissing: 0, seEstablishments: 2,
                    sePersonsEmployed: 7 + 2, sePersonsMissing: 0, seEnterprises: 2))
        // GM0788 (split, no woonplaats in the extract): vestiging 5 (3 persons), not a registry enterprise.
        #expect(
            r.perGemeente[RegioCode("GM0788")]
                == EstablishmentTotals(
                    establishments: 1, personsEmployed: 3, personsMissing: 0, seEstablishments: 0,
                    sePersonsEmployed: 0, sePersonsMissing: 0, seEnterprises: 0))
    }

    @Test("observations: five per gemeente, the quarter as period, sha-based row ids, persons_missing dimension")
    func observations() throws {
        let (r, data) = try Self.aggregate(Self.ruleFile)
        let prefix = SourceRowID.prefix(of: data)
        #expect(
            r.observations.map(\.regio) == Array(repeating: "GM0392", count: 5) + Array(repeating: "GM0788", count: 5)
                + Array(repeating: "GM1979", count: 5))
        #expect(
            r.observations.prefix(5).map(\.measure) == [
                "establishments_total", "persons_employed_total", "se_establishments", "se_persons_employed",
                "se_enterprises",
            ])
        #expect(r.observations.prefix(5).map(\.value) == [5, 20, 4, 16, 2])
        #expect(
            r.observations.prefix(5).map(\.unit) == [
                "establishments", "persons", "establishments", "persons", "enterprises",
            ])
        #expect(r.observations.prefix(5).map(\.dimensions) == ["", "persons_missing=1", "", "persons_missing=1", ""])
        let o = r.observations[1]
        #expect(o.sourceID == "vestigingen")
        #expect(o.dataset == "vestigingen-2026Q3.csv")
        #expect(o.kvkNumber == "")
        #expect(o.periodCode == "2026KW03")
        #expect(o.periodStart == (try Fixtures.date("2026-07-01")))
        #expect(o.periodEnd == (try Fixtures.date("2026-10-01")))
        #expect(o.valueStatus == .definitief)
        #expect(o.valueAttribute == ValueAttribute.none)
        #expect(o.sourceRowID == "\(prefix):gemeente=GM0392")
    }

    @Test("diagnostics: one summary per repair kind, merged, filtered, and one per changed gemeentecode")
    func diagnostics() throws {
        let (r, _) = try Self.aggregate(Self.ruleFile)
        let codes = r.diagnostics.map(\.code)
        #expect(
            codes == [
                "vestigingsnummer.repaired", "kvk.repaired", "duplicate.merged", "establishment.registered_later",
                "herindeling.mapped", "herindeling.unresolved",
            ])
        let vest = try #require(r.diagnostics.first { $0.code == "vestigingsnummer.repaired" })
        #expect(vest.line == 3)
        #expect(vest.message.hasPrefix("1 vestigingsnummers"))
        #expect(vest.message.contains("\"00000000002\" → \"000000000002\""))
        #expect(
            r.diagnostics.first { $0.code == "kvk.repaired" }?.message.contains("\"1234567\" → \"01234567\"") == true)
        #expect(
            r.diagnostics.first { $0.code == "duplicate.merged" }?.message.contains("line 21 repeats line 19") == true)
        #expect(r.diagnostics.first { $0.code == "establishment.registered_later" }?.line == 18)
        #expect(
            r.diagnostics.first { $0.code == "herindeling.mapped" }?.message.contains(
                "GM0003 no longer exists on 2026-09-30: 1 rows are counted under GM1979") == true)
        #expect(
            r.diagnostics.first { $0.code == "herindeling.unresolved" }?.message.contains(
                Herindeling.unresolvedReason) == true)
    }

    @Test("many repairs give one diagnostic, not one per row")
    func repairsSummarised() throws {
        var lines = [Self.header]
        for i in 1...30 { lines.append("\(String(format: "%011d", i)),\(1_000_000 + i),47111,,GM0392,1,2020-01-01") }
        let (r, _) = try Self.aggregate(lines)
        #expect(r.diagnostics.filter { $0.code == "vestigingsnummer.repaired" }.count == 1)
        #expect(r.diagnostics.filter { $0.code == "kvk.repaired" }.count == 1)
        #expect(r.diagnostics.first { $0.code == "kvk.repaired" }?.message.hasPrefix("30 KvK-nummers") == true)
        #expect(r.ledger.recordsOut == 30)
    }

    @Test("a gemeente whose establishments all lack werkzame_personen has a missing persons sum, not 0")
    func personsAllMissing() throws {
        let (r, _) = try Self.aggregate([
            Self.header,
            "000000000001,01234567,88101,,GM0363,,2020-01-01",
            "000000000002,44444444,88101,,GM0363,,2020-01-01",
            "000000000003,44444444,88101,,GM0392,0,2020-01-01",
        ])
        let amsterdam = r.observations.filter { $0.regio == "GM0363" }
        let persons = try #require(amsterdam.first { $0.measure == "persons_employed_total" })
        #expect(persons.value == nil)
        #expect(persons.valueAttribute == .not_available)
        #expect(persons.dimensions == "persons_missing=2")
        #expect(amsterdam.first { $0.measure == "se_persons_employed" }?.value == nil)
        // Haarlem: one establishment with 0 persons (a real 0), no registry enterprise (a sum over none is 0).
        let haarlem = r.observations.filter { $0.regio == "GM0392" }
        #expect(haarlem.first { $0.measure == "persons_employed_total" }?.value == 0)
        #expect(haarlem.first { $0.measure == "se_persons_employed" }?.value == 0)
        #expect(haarlem.first { $0.measure == "persons_employed_total" }?.valueAttribute == ValueAttribute.none)
    }

    @Test("columns are found by name (any order, extra columns, spaces and case in the header)")
    func columnOrder() throws {
        let (r, _) = try Self.aggregate([
            "extra, Gemeente_Code ,werkzame_personen,datum_inschrijving,postcode,sbi_code,kvk_nummer,vestigingsnummer",
            "x,GM0392,12,2020-01-01,2011 AB,88101,01234567,000000000001",
            "y,GM0392,3,2020-01-01,2011 AB,88101,44444444,000000000002",
        ])
        #expect(
            r.perGemeente[RegioCode("GM0392")]
                == EstablishmentTotals(
                    establishments: 2, personsEmployed: 15, personsMissing: 0, seEstablishments: 1,
                    sePersonsEmployed: 12, sePersonsMissing: 0, seEnterprises: 1))
    }

    @Test(
        "a missing column or an unreadable file stops with exit 65 and names the file",
        arguments: [
            (
                "vestigingsnummer,kvk_nummer,sbi_code,postcode,gemeente_code,datum_inschrijving\n1,2,3,4,5,6\n",
                "required column \"werkzame_personen\" is missing"
            ),
            ("\(header)\n000000000001,01234567,\"88101,,GM0392,1,2020-01-01\n", "vestigingen/vestigingen-2026Q3.csv"),
        ])
    func fatal(text: String, expected: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("vestigingen-2026Q3.csv")
        try Data(text.utf8).write(to: url)
        let e = Fixtures.impactError {
            _ = try EstablishmentExtract.aggregate(
                file: url, displayName: "vestigingen/vestigingen-2026Q3.csv", sourceID: "vestigingen",
                quarter: try Fixtures.quarter("2026Q3"), registryKvK: Self.registry, herindeling: Herindeling(rules: [])
            )
        }
        #expect(e?.status == .dataInvalid)
        #expect(e?.message.contains(expected) == true)
        #expect(e?.message.contains("no rows of this file were used") == true)
    }

    @Test("a header without rows gives an empty, balancing result")
    func headerOnly() throws {
        let (r, _) = try Self.aggregate([Self.header])
        #expect(r.ledger == LedgerEntry(sourceID: "vestigingen"))
        #expect(r.perGemeente.isEmpty && r.observations.isEmpty && r.rejects.isEmpty && r.diagnostics.isEmpty)
    }

    @Test("an extract saved by Dutch Excel (BOM, `;`, CRLF) gives the same totals as the plain file")
    func excelNL() throws {
        let rows = [
            "000000000001,01234567,88101,2011 AB,GM0392,10,2019-05-14",
            "000000000002,44444444,47111,2011 AB,GM0392,,2020-01-01",
            "000000000003,87654321,47111,2011 AB,GM0003,3,2020-01-01",
        ]
        let (plain, _) = try Self.aggregate([Self.header] + rows)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("vestigingen-2026Q3.csv")
        let text = ([Self.header] + rows).map { $0.replacingOccurrences(of: ",", with: ";") }.joined(separator: "\r\n")
        try Data([0xEF, 0xBB, 0xBF] + Array((text + "\r\n").utf8)).write(to: url)
        let excel = try EstablishmentExtract.aggregate(
            file: url, displayName: "v.csv", sourceID: "vestigingen", quarter: try Fixtures.quarter("2026Q3"),
            registryKvK: Self.registry, herindeling: try Self.herindeling())
        #expect(excel.perGemeente == plain.perGemeente)
        #expect(excel.ledger == plain.ledger)
        #expect(
            excel.perGemeente[RegioCode("GM0392")]
                == EstablishmentTotals(
                    establishments: 2, personsEmployed: 10, personsMissing: 1, seEstablishments: 1,
                    sePersonsEmployed: 10, sePersonsMissing: 0, seEnterprises: 1))
    }

    @Test("a file that does not exist stops with exit 65")
    func missingFile() throws {
        let e = Fixtures.impactError {
            _ = try EstablishmentExtract.aggregate(
                file: URL(fileURLWithPath: "/nonexistent/vestigingen-2026Q3.csv"), displayName: "v.csv",
                sourceID: "vestigingen", quarter: try Fixtures.quarter("2026Q3"), registryKvK: [],
                herindeling: Herindeling(rules: []))
        }
        #expect(e?.status == .dataInvalid)
        #expect(e?.message.hasPrefix("v.csv") == true)
    }

    @Test("a generated file of 20 000 rows: totals follow from the arithmetic of the generator")
    func generated() throws {
        // Row i (0-based): vestigingsnummer i, gemeente GM0001 + i % 3, persons i % 7 (empty when i % 11 == 0),
        // KvK 01234567 (registry) when i % 5 == 0 else 40000000 + i; every 1000th row repeated exactly.
        var lines = [Self.header]
        var expected = [Int: EstablishmentTotals]()
        for i in 0..<20_000 {
            let g = i % 3
            let persons = i % 11 == 0 ? "" : String(i % 7)
            let kvk = i % 5 == 0 ? "01234567" : String(40_000_000 + i)
            let row = String(format: "%012d", i) + ",\(kvk),47111,2011 AB,GM000\(g + 1),\(persons),2020-01-01"
            lines.append(row)
            if i % 1000 == 0 { lines.append(row) }
            var t = expected[g] ?? EstablishmentTotals()
            t.establishments += 1
            if persons.isEmpty { t.personsMissing += 1 } else { t.personsEmployed += i % 7 }
            if i % 5 == 0 {
                t.seEstablishments += 1
                if persons.isEmpty { t.sePersonsMissing += 1 } else { t.sePersonsEmployed += i % 7 }
                t.seEnterprises = 1
            }
            expected[g] = t
        }
        let (r, _) = try Self.aggregate(lines, herindeling: Herindeling(rules: []))
        #expect(r.ledger.recordsIn == 20_020)
        #expect(r.ledger.merged == 20)
        #expect(r.ledger.recordsOut == 20_000)
        for g in 0..<3 { #expect(r.perGemeente[RegioCode("GM000\(g + 1)")] == expected[g]) }
    }
}
