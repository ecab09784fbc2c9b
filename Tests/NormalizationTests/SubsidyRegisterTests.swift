import Foundation
import ImpactModel
import TestSupport
import Testing

@testable import Normalization

@Suite("Subsidy register (openbaar subsidieregister) → subsidy observations")
struct SubsidyRegisterTests {
    static let header =
        "TABLE_NAME;DOSSIERNUMMER;AANVRAGER;REGELINGNAAM;BELEIDSTERREIN;ORGANISATIEONDERDEEL;PROJECT_NAAM;TYPE_PERIODICITEIT;BEDRAG_AANGEVRAAGD;BEDRAG_VERLEEND;BEDRAG_VASTGESTELD;SUBSIDIEJAAR;DATUM_OVERZICHT;KVK_NUMMER;INSTRUMENT"

    @Test(
        "matched by KvK-nummer, a name alone goes to review, particulier and not granted filtered, rejects with reasons, ledger balanced"
    )
    func fixture() throws {
        let body = """
            \(Self.header)
            SB;HLM-1;Stichting Alfa;Sociaal ondernemen;Werk;Economie;Leerwerkplekken;Eenmalig;10000.00;9000.00;8500.00;2025;2026-01-05;01234567;subsidie
            SB;HLM-2;Coöperatie Beta U.A.;Startersfonds;Economie;Economie;Werkplaats;Eenmalig;50000.00;50000.00;NULL;2026;2026-01-05;;lening
            SB;HLM-3;(Particulier);Bewonersinitiatieven;Welzijn;Zuid;Buurtfeest;Eenmalig;500.00;500.00;500.00;2025;2026-01-05;;
            SB;HLM-4;Vereniging Delta;Cultuur;Cultuur;Cultuur;Festival;Periodiek;2000.00;NULL;NULL;2025;2026-01-05;;
            SB;HLM-5;Stichting Epsilon;Welzijn;Welzijn;Noord;Inloop;Periodiek;.00;.00;.00;2025;2026-01-05;;
            SB;HLM-6;Stichting Zeta;Welzijn;Welzijn;Noord;Inloop;Periodiek;100;veel;NULL;2025;2026-01-05;;
            SB;HLM-7;Stichting Eta;Welzijn;Welzijn;Noord;Inloop;Periodiek;100;100;NULL;twintig;2026-01-05;;
            SB;HLM-8;Stichting Theta;Welzijn;Welzijn;Noord;Inloop;Periodiek;100;100;NULL;2025;2026-01-05;1234;
            SB;HLM-1;Stichting Alfa;Sociaal ondernemen;Werk;Economie;Leerwerkplekken;Eenmalig;10000;9000;8500;2025;2026-01-05;01234567;subsidie

            """
        let src = CSVSourceInput(
            sourceID: "subsidies", kind: .subsidy_award,
            files: [CSVSourceFile(file: "subsidies/subsidieregister.csv", data: Fixtures.data(body))])
        let result = try Normalizer.run(inputs: try Fixtures.inputs(csv: [src]))
        let ledger = try #require(result.ledger.first { $0.sourceID == "subsidies" })
        // 9 in: HLM-1, HLM-2, HLM-5 out (3); HLM-3 (particulier) and HLM-4 (no amount) filtered (2); HLM-6 (amount),
        // HLM-7 (year), HLM-8 (KvK-nummer of 4 digits) rejected (3); the second HLM-1 merged (1). 3 + 2 + 3 + 1 = 9.
        #expect(
            ledger
                == LedgerEntry(
                    sourceID: "subsidies", recordsIn: 9, recordsOut: 3, rejected: 3, filtered: 2, merged: 1,
                    observations: 3))
        let obs = result.observations.filter { $0.measure == SubsidyRegisterMapping.measure }
        func dossier(_ id: String) -> Observation? { obs.first { $0.dimensions.contains("dossier=\(id);") } }
        // HLM-1: settled 8500 (not the granted 9000) for 2025, matched by KvK-nummer.
        #expect(dossier("HLM-1")?.value == 8500)
        #expect(dossier("HLM-1")?.periodCode == "2025JJ00")
        #expect(dossier("HLM-1")?.kvkNumber == "01234567")
        #expect(dossier("HLM-1")?.dimensions.contains("se_match=kvk") == true)
        // HLM-2: granted 50000 (settled NULL), a loan; named without KvK-nummer: the Matcher never accepts a name
        // without a postcode, so it is kept unmatched and Coöperatie Beta U.A. (87654321) goes to review.
        #expect(dossier("HLM-2")?.value == 50000)
        #expect(dossier("HLM-2")?.kvkNumber == "")
        #expect(dossier("HLM-2")?.dimensions.contains("instrument=lening") == true)
        #expect(dossier("HLM-2")?.dimensions.contains("stand=verleend") == true)
        #expect(
            result.reviews.contains {
                $0.sourceID == "subsidies" && $0.line == 3 && $0.candidateKvK.digits == "87654321"
            })
        // HLM-5: `.00` is 0, kept unmatched.
        #expect(dossier("HLM-5")?.value == 0)
        #expect(dossier("HLM-5")?.dimensions.contains("se_match=none") == true)
        let reasons = result.rejects.filter { $0.sourceID == "subsidies" }.map {
            "\($0.line ?? 0):\($0.field):\($0.reason)"
        }
        #expect(
            reasons.contains("7:BEDRAG_VERLEEND:value.not_a_number")
                || reasons.contains { $0.hasPrefix("7:BEDRAG_VERLEEND:") })
        #expect(reasons.contains { $0.hasPrefix("8:SUBSIDIEJAAR:year.invalid") })
        #expect(reasons.contains { $0.hasPrefix("9:KVK_NUMMER:") })
    }

    @Test(
        "reads Amsterdam's real subsidieregister (PROVENANCE.md §9) with exact row counts",
        .enabled(if: SharedData.shouldRun))
    func amsterdam() throws {
        let data = try SharedData.data("subsidieregister-amsterdam/subsidie_out2.csv")
        // Independent counts, by Python's csv module over the same file (not through CSVReader or the mapping).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            """
            import csv, sys
            rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline=''), delimiter=';'))
            part = sum(r['AANVRAGER'] == '(Particulier)' for r in rows)
            nogrant = sum(r['AANVRAGER'] != '(Particulier)' and r['BEDRAG_VERLEEND'] == 'NULL' and r['BEDRAG_VASTGESTELD'] == 'NULL' for r in rows)
            kept = [r for r in rows if r['AANVRAGER'] != '(Particulier)' and not (r['BEDRAG_VERLEEND'] == 'NULL' and r['BEDRAG_VASTGESTELD'] == 'NULL')]
            total = sum(float(r['BEDRAG_VASTGESTELD'] if r['BEDRAG_VASTGESTELD'] != 'NULL' else r['BEDRAG_VERLEEND']) for r in kept)
            y2017 = sum(r['SUBSIDIEJAAR'] == '2017' for r in kept)
            print(len(rows), part, nogrant, len(kept), round(total, 2), y2017)
            """,
            SharedData.url("subsidieregister-amsterdam/subsidie_out2.csv").path,
        ]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let f = text.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(f.count == 6, "python3 said: \(text)")
        // PROVENANCE.md §9: 11,821 rows, 2595 of them (Particulier).
        #expect(f[0] == "11821")
        #expect(f[1] == "2595")
        let src = CSVSourceInput(
            sourceID: "subsidies", kind: .subsidy_award,
            files: [CSVSourceFile(file: "subsidieregister-amsterdam/subsidie_out2.csv", data: data)])
        let result = try SubsidyRegisterMapping.map(src, matcher: Matcher(registry: []))
        let l = result.ledger
        #expect(l.recordsIn == Int(f[0]))
        #expect(l.filtered == Int(f[1])! + Int(f[2])!)
        #expect(l.rejected == 0)
        #expect(l.merged == 0)  // DOSSIERNUMMER is unique (PROVENANCE.md §9)
        #expect(l.recordsOut == Int(f[3]))
        #expect(l.recordsIn == l.recordsOut + l.rejected + l.filtered + l.merged)
        #expect(result.observations.count == Int(f[3]))
        let total = result.observations.compactMap(\.value).reduce(0, +)
        #expect(abs(total - Double(f[4])!) < 0.005)
        #expect(result.observations.filter { $0.periodCode == "2017JJ00" }.count == Int(f[5]))
        // No Amsterdam recipient is in an empty registry: all kept unmatched.
        #expect(result.observations.allSatisfy { $0.kvkNumber.isEmpty && $0.dimensions.contains("se_match=none") })
    }
}
