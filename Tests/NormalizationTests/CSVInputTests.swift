import CSVCodec
import Foundation
import ImpactModel
import Testing

@testable import Normalization

@Suite("Input CSV: BOM, delimiters, Windows-1252, quoted newlines, duplicate headers (B16, B21)")
struct CSVInputTests {
    @Test("B16: a UTF-8 BOM is not glued to the first header; the same without a BOM")
    func bom() throws {
        let body: [UInt8] = Array("kvk_nummer;naam;postcode\r\n01234567;Stichting Voorbeeld;1234 AB\r\n".utf8)
        for bytes in [[0xEF, 0xBB, 0xBF] + body, body] {
            let t = try CSVReader.read(Data(bytes), file: "b16.csv")
            #expect(t.header == ["kvk_nummer", "naam", "postcode"])
            let i = try #require(t.column("kvk_nummer"))
            #expect(t.records[0].fields[i] == "01234567")
        }
    }

    @Test("B21: duplicate header names are refused, naming the file, the column and both 1-based positions")
    func duplicateHeaders() {
        for (text, column, first, second) in [
            ("kvk;naam;postcode;naam\n01234567;Stichting Alfa;1234 AB;Stg. Alfa\n", "naam", 2, 4),
            ("kvk;Naam;naam ;postcode\n01234567;Stichting Alfa;Stg. Alfa;1234 AB\n", "naam", 2, 3),
        ] {
            do {
                _ = try CSVReader.read(Data(text.utf8), file: "returns/impact-2026Q3.csv")
                Issue.record("duplicate header must fail")
            } catch {
                #expect(error.kind == .duplicateHeader)
                #expect(error.description.hasPrefix("returns/impact-2026Q3.csv:1: "))
                #expect(error.message.contains("\"\(column)\" at positions \(first) and \(second)"))
            }
        }
    }

    @Test("B21: a return file with a duplicate header fails the stage and no row of it is used")
    func duplicateHeaderInSource() throws {
        let body = "kvk_nummer;naam;kwartaal;naam\n01234567;Stichting Alfa;2026Q3;Stg. Alfa\n"
        let source = CSVSourceInput(
            sourceID: "impact-returns", kind: .impact_return,
            files: [
                CSVSourceFile(
                    file: "returns/impact-2026Q3.csv", data: Fixtures.data(body),
                    quarter: try Fixtures.quarter("2026Q3"))
            ])
        let inputs = try Fixtures.inputs(csv: [source])
        let error = try #require(Fixtures.impactError { _ = try Normalizer.run(inputs: inputs) })
        #expect(error.status == .dataInvalid)
        #expect(error.message.contains("returns/impact-2026Q3.csv:1"))
        #expect(error.message.contains("\"naam\" at positions 2 and 4"))
    }

    @Test("registry in Windows-1252 with ; and a quoted newline loads; declared and detected give the same result")
    func windows1252Registry() throws {
        // "Coöperatie" in Windows-1252 has ö = 0xF6; the name holds a quoted line break.
        var bytes = Array("kvk_number;name;gemeente_code;themes;programme_entry_date\r\n87654321;\"Co".utf8)
        bytes.append(0xF6)
        bytes += Array("peratie Beta\r\nafdeling Zuid\";GM0392;werk;2024-04-01\r\n".utf8)
        let themes = try Fixtures.themes
        let detected = RegistryLoader.load(Data(bytes), file: "registry.csv", themes: themes)
        let declared = RegistryLoader.load(Data(bytes), file: "registry.csv", themes: themes, encoding: .windows1252)
        #expect(detected.enterprises.map(\.name) == ["Coöperatie Beta\r\nafdeling Zuid"])
        #expect(declared.enterprises == detected.enterprises)
        #expect(!detected.hasErrors)
    }
}
