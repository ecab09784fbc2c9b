import ConfigFiles
import Foundation
import ImpactModel

@testable import Normalization

/// Small fixtures written for these tests (names and numbers are made up, as in KNOWN-FAULTS).
enum Fixtures {
    static let themesYAML = """
        themes:
          werk: {nl: Werk en participatie, en: Work and participation}
          circulair: {nl: Circulaire economie, en: Circular economy}
          zorg: Zorg en welzijn
        """

    static var themes: ThemeCatalog {
        get throws { try ThemeCatalog.parse(yaml: themesYAML, file: "config/themes.yaml") }
    }

    static let registryHeader =
        "kvk_number,vestigingsnummer,name,postcode,house_number,gemeente_code,woonplaats,sbi_code,themes,pso_level,pso30plus,code_sociale_ondernemingen,se_basis,founded_year,programme_entry_date,exit_date,exit_reason"

    /// Alfa = (01234567, 000012345678), Beta = (87654321, 000087654321) as in KNOWN-FAULTS B17.
    static let registryCSV = """
        \(registryHeader)
        01234567,000012345678,Stichting Alfa,2011 AB,12,GM0392,Haarlem,88991,werk,trede1,ja,nee,wsw,2016,2024-01-01,,
        87654321,000087654321,Coöperatie Beta U.A.,2031 CD,5,GM0392,Haarlem,5610,circulair;werk,none,nee,ja,product,2019,2024-04-01,,
        11223344,,Kringloop Gamma B.V.,2035 EF,7a,GM0392,Haarlem,4779,circulair,basistrede,nee,nee,product,2012,2023-07-01,2026-05-31,opheffing

        """

    static func data(_ s: String) -> Data { Data(s.utf8) }

    static let returnHeader =
        "kvk_nummer,vestigingsnummer,naam,kwartaal,werknemers,fte,doelgroep_fte,doelgroep_werknemers,omzet_eur,omzet_verkoop_eur,subsidies_donaties_eur,clienten,getrainde_personen,leerwerkplekken,co2_vermeden_ton,afval_hergebruikt_ton"

    static let procurementHeader =
        "contract_id,leverancier_kvk,leverancier_naam,gunningsdatum,bedrag_eur,categorie,beinvloedbaar,sroi_clausule,sroi_percentage,sroi_verplichting_eur,sroi_gerealiseerd_eur"

    static func quarter(_ s: String) throws -> Quarter { try Quarter(parsing: s) }

    static func date(_ s: String) throws -> CivilDate { try CivilDate(parsing: s) }

    /// A CBS observation as a connector would hand it over.
    static func cbs(
        _ period: String, _ value: Double?, attribute: ValueAttribute = .none, measure: String = "M1",
        regio: String = "GM0392",
        status: ValueStatus = .definitief, row: Int = 0, dataset: String = "99901NED", dimensions: String = ""
    ) throws -> Observation {
        let p = try PeriodCode(parsing: period)
        return Observation(
            sourceID: "cbs-test", dataset: dataset, measure: measure, measureLabel: "Test", unit: "aantal",
            regio: regio,
            kvkNumber: "", periodCode: period, periodStart: p.start, periodEnd: p.end, value: value,
            valueStatus: status,
            valueAttribute: attribute, sourceRowID: "cbs:\(row)", dimensions: dimensions)
    }

    /// The normalize inputs with the fixture registry and the given sources.
    static func inputs(
        period: String = "2026Q3", csv: [CSVSourceInput] = [], cbs: [CBSSourceInput] = [], kvk: KvKInput? = nil,
        rules: MeasureRules = MeasureRules(), registry: String = registryCSV
    ) throws -> NormalizeInputs {
        NormalizeInputs(
            period: try quarter(period), registry: data(registry), themes: try themes, measureRules: rules,
            cbsSources: cbs, csvSources: csv, kvk: kvk)
    }

    /// The ``ImpactError`` `body` throws, or `nil` (another error or none is recorded as an issue by the caller).
    static func impactError(_ body: () throws -> Void) -> ImpactError? {
        do {
            try body()
            return nil
        } catch let e as ImpactError {
            return e
        } catch {
            return nil
        }
    }

    /// A temporary directory removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("normtests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
