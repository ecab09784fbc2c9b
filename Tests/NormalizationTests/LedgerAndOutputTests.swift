import ConfigFiles
import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Ledger, outputs and the compute-stage reader")
struct LedgerAndOutputTests {
    /// A run with every kind of outcome: out, rejected (each reason), filtered, merged; CBS and KvK sources too.
    static func fullRun() throws -> NormalizeResult {
        let returns = """
            \(Fixtures.returnHeader)
            01234567,,Stichting Alfa,2026Q3,10,8,3,4,50000,40000,10000,25,5,2,1.5,3
            1234567,,Stichting Alfa,2026Q3,10,8,3,4,50000,40000,10000,25,5,2,1.5,3
            87654321,,Beta,2026Q3,6,5,,,,,,,,,,
            87654321,,Beta,2026Q3,7,5,,,,,,,,,,
            11223344,,Gamma,2026Q1,1,1,,,,,,,,,,
            12121212,,Onbekend,2026Q3,1,1,,,,,,,,,,
            1.23457E+07,,Sci,2026Q3,1,1,,,,,,,,,,
            11223344,,Gamma,2026Q3,x,1,,,,,,,,,,
            11223344,,Gamma,2026Q3,1,1,,,,,
            """
        let procurement = """
            \(Fixtures.procurementHeader)
            C-1,87654321,Beta,2026-08-01,1000,catering,ja,nee,,,
            C-1,87654321,Beta,2026-08-01,1000,catering,ja,nee,,,
            C-2,55555555,Delta,2026-08-01,9000,bouw,ja,nee,,,
            C-3,55555555,Delta,2026-08-01,9000,bouw,nee,nee,,,
            C-4,55555555,Delta,2026-08-01,,bouw,ja,nee,,,
            C-4,55555555,Delta,2026-08-01,500,bouw,ja,nee,,,
            """
        let cbs = [
            try Fixtures.cbs("2026MM07", 1, row: 1), try Fixtures.cbs("2026MM08", 2, row: 2),
            try Fixtures.cbs("2026MM09", 3, row: 3), try Fixtures.cbs("2026MM09", 3, row: 4),
        ]
        let alfa = try #require(KvKNumber("01234567"))
        let inputs = try Fixtures.inputs(
            csv: [
                CSVSourceInput(
                    sourceID: "impact-returns", kind: .impact_return,
                    files: [
                        CSVSourceFile(
                            file: "returns/impact-2026Q3.csv", data: Fixtures.data(returns),
                            quarter: try Fixtures.quarter("2026Q3"))
                    ]),
                CSVSourceInput(
                    sourceID: "inkoop", kind: .procurement_award,
                    files: [CSVSourceFile(file: "procurement/inkoop-gunningen.csv", data: Fixtures.data(procurement))]),
            ],
            cbs: [CBSSourceInput(sourceID: "cbs-test", observations: cbs)],
            kvk: KvKInput(sourceID: "kvk", profiles: [KvKProfile(kvkNumber: alfa, name: "Stichting Alfa")]),
            rules: MeasureRules(["M1": .flow]))
        return try Normalizer.run(inputs: inputs)
    }

    @Test("every kind of reject and merge: each source balances and its counts are the hand-counted ones")
    func ledgerFixture() throws {
        let r = try Self.fullRun()
        let byID = Dictionary(uniqueKeysWithValues: r.ledger.map { ($0.sourceID, $0) })
        #expect(r.ledger.map(\.sourceID) == ["cbs-test", "impact-returns", "inkoop", "kvk", "registry"])
        // Returns: 9 in; out Alfa (row 1) and Gamma Q3 (row 8, whose werknemers "x" is a cell reject: its other 11
        // measures stay); merged row 2 (repaired twin); rejected: Beta ×2 (conflict), Gamma Q1 (kwartaal), 12121212
        // (not in registry), scientific, short row (field count) = 6. Cells of the rows out: 2 × 12 = 24, 1 rejected.
        #expect(
            byID["impact-returns"]
                == LedgerEntry(
                    sourceID: "impact-returns", recordsIn: 9, recordsOut: 2, rejected: 6, merged: 1, observations: 23,
                    cellsIn: 24, cellsOut: 23, cellsRejected: 1))
        #expect(r.rejects.filter { $0.sourceID == "impact-returns" }.count == 7)
        let cell = try #require(r.rejects.first { $0.reason == "value.not_a_number" })
        #expect(cell.field == "werknemers" && cell.value == "x" && cell.line == 9)
        #expect(
            r.observations.first { $0.kvkNumber == "11223344" && $0.measure == "fte_total" }?.value == 1)
        #expect(!r.observations.contains { $0.kvkNumber == "11223344" && $0.measure == "employees_headcount" })
        // Procurement: 6 in; C-1 out + merged; C-2 out; C-3 filtered; C-4 ×2 conflict (missing vs 500).
        #expect(
            byID["inkoop"]
                == LedgerEntry(
                    sourceID: "inkoop", recordsIn: 6, recordsOut: 2, rejected: 2, filtered: 1, merged: 1,
                    observations: 6))
        // CBS: 4 in, one exact duplicate; 3 months out + 1 derived quarter (1 + 2 + 3 = 6).
        #expect(
            byID["cbs-test"]
                == LedgerEntry(sourceID: "cbs-test", recordsIn: 4, recordsOut: 3, merged: 1, observations: 4))
        #expect(r.observations.first { $0.sourceID == "cbs-test" && $0.periodCode == "2026KW03" }?.value == 6)
        #expect(byID["kvk"] == LedgerEntry(sourceID: "kvk", recordsIn: 1, recordsOut: 1))
        #expect(byID["registry"] == LedgerEntry(sourceID: "registry", recordsIn: 3, recordsOut: 3))
        #expect(r.ledger.allSatisfy { $0.balances })
        #expect(
            Set(r.rejects.map(\.reason)) == [
                "duplicate.conflict", "kwartaal.mismatch", "kvk.not_in_registry", "kvk.scientific_notation",
                "value.not_a_number",
                "row.field_count",
            ])
    }

    @Test("write: six files, ledger.json pretty with sorted keys, no temporary files left; reader round-trips")
    func write() throws {
        let r = try Self.fullRun()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("normalize")
        try r.write(to: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == NormalizeResult.fileNames.sorted())
        let ledgerText = try String(contentsOf: out.appendingPathComponent("ledger.json"), encoding: .utf8)
        #expect(
            ledgerText.contains(
                """
                  {
                    "filtered" : 0,
                    "merged" : 1,
                    "observations" : 4,
                    "records_in" : 4,
                    "records_out" : 3,
                    "rejected" : 0,
                    "source_id" : "cbs-test"
                  }
                """))
        let observations = try NormalizedArtifacts.readObservations(
            from: out.appendingPathComponent("observations.csv"))
        #expect(observations == r.observations)
        let enterprises = try NormalizedArtifacts.readEnterprises(from: out.appendingPathComponent("enterprises.csv"))
        #expect(enterprises == r.enterprises)
        #expect(try NormalizedArtifacts.readLedger(from: out.appendingPathComponent("ledger.json")) == r.ledger)
        let matches = try String(contentsOf: out.appendingPathComponent("matches.csv"), encoding: .utf8)
        #expect(matches.hasPrefix("source_id,source_row_id,kvk_number,method,score\n"))
        #expect(matches.contains(",01234567,kvk,1\n"))
    }

    @Test("an unbalanced ledger fails with exit 65 naming the source and counts, and nothing is written")
    func unbalanced() throws {
        var r = try Self.fullRun()
        r.ledger[1].recordsIn += 1
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("normalize")
        do {
            try r.write(to: out)
            Issue.record("must fail")
        } catch {
            #expect(error.status == .dataInvalid)
            #expect(error.message.contains("impact-returns"))
            #expect(error.message.contains("records_in 10 ≠ records_out 2 + rejected 6 + filtered 0 + merged 1"))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a ledger whose rejected count differs from rejects.csv fails too")
    func rejectsMismatch() throws {
        var r = try Self.fullRun()
        r.rejects.removeFirst()
        #expect(throws: ImpactError.self) { try r.checkLedger() }
    }

    @Test("the reader refuses a file with another header, naming the path")
    func readerHeader() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("observations.csv")
        try Fixtures.data("source_id,value\nx,1\n").write(to: url)
        do {
            _ = try NormalizedArtifacts.readObservations(from: url)
            Issue.record("must fail")
        } catch {
            #expect(error.status == .dataInvalid)
            #expect(error.message.contains(url.path))
        }
    }

    @Test("registry errors stop the stage with exit 65 and point to impactmon validate")
    func registryErrors() throws {
        let bad = "\(Fixtures.registryHeader)\n1.23457E+07,,Sci,,,GM0392,Haarlem,,werk,,,,,,2024-01-01,,\n"
        let inputs = try Fixtures.inputs(registry: bad)
        let error = try #require(Fixtures.impactError { _ = try Normalizer.run(inputs: inputs) })
        #expect(error.status == .dataInvalid)
        #expect(error.message.contains("config/registry.csv:2: error: kvk_number"))
    }

    @Test("a rerun on the same inputs writes byte-identical files (B33)")
    func deterministic() throws {
        let a = try Self.fullRun().files()
        let b = try Self.fullRun().files()
        #expect(a.map(\.name) == b.map(\.name))
        for (x, y) in zip(a, b) { #expect(x.data == y.data, "\(x.name) differs between runs") }
    }
}
