/// A social enterprise as the programme registers it: one row of `config/registry.csv`, after validation,
/// enriched with its KvK Basisprofiel where one was found. Written to `normalize/enterprises.csv`.
///
/// Source of the fields: METRICS.md §6.1 (input data model), PSO levels per PSO-Nederland.
package struct Enterprise: Hashable, Sendable {
    /// The PSO level (Prestatieladder Socialer Ondernemen, PSO-Nederland): `none` to `trede3`.
    package enum PSOLevel: String, Sendable, Codable, CaseIterable {
        case none, aspirant, basistrede, trede1, trede2, trede3
    }
    /// Why an enterprise left the programme (METRICS.md §6.1): dissolved, moved out of the municipality, merged, other.
    package enum ExitReason: String, Sendable, Codable, CaseIterable {
        case opheffing, relocation_out, merger, other
    }

    /// KvK-nummer, 8 digits.
    package var kvkNumber: KvKNumber
    /// Vestigingsnummer (12 digits) of the establishment in the municipality, when the registry names one.
    package var vestigingsnummer: Vestigingsnummer?
    /// Name as registered with the programme (the trade name used for matching).
    package var name: String
    /// Postcode of the establishment, canonical `2011 AB` (see ``Postcode``).
    package var postcode: Postcode?
    /// House number with addition, as written.
    package var houseNumber: String
    /// CBS gemeentecode of the establishment (`GM0392`).
    package var gemeenteCode: RegioCode
    /// Place name of the establishment.
    package var woonplaats: String
    /// SBI 2008 activity code (CBS Standaard Bedrijfsindeling).
    package var sbiCode: SBICode?
    /// Theme ids from `config/themes.yaml`.
    package var themes: [String]
    /// Certified PSO level.
    package var psoLevel: PSOLevel
    /// PSO 30+ certificate: at least 30 % of the workforce from a target group.
    package var pso30plus: Bool
    /// Member of the Code Sociale Ondernemingen register.
    package var codeSocialeOndernemingen: Bool
    /// Why the enterprise counts as social (METRICS.md §2.8), free text code.
    package var seBasis: String
    /// Year the enterprise was founded, when known.
    package var foundedYear: Int?
    /// First day in the programme (and in Haarlem).
    package var programmeEntryDate: CivilDate
    /// Last day in the programme, `nil` while it takes part.
    package var exitDate: CivilDate?
    /// Why it left, set together with ``exitDate``.
    package var exitReason: ExitReason?
    /// `datumAanvang` of the KvK registration (Basisprofiel `materieleRegistratie.datumAanvang`), if fetched.
    package var kvkRegistrationDate: CivilDate?
    /// 1-based line of the record in the registry file.
    package var registryLine: Int
    /// The member's validity-dated identities (``IdentityRow``), oldest first; empty when the registry keeps no
    /// history for it (then the registry row holds for every quarter).
    package var identities: [IdentityRow] = []

    /// An enterprise from the registry's fields; the defaults are those of an empty registry cell (no PSO level,
    /// no certificates, municipality Haarlem GM0392). Fields are taken as given: validation is the normalize stage's.
    package init(
        kvkNumber: KvKNumber, vestigingsnummer: Vestigingsnummer? = nil, name: String, postcode: Postcode? = nil,
        houseNumber: String = "", gemeenteCode: RegioCode = .haarlem, woonplaats: String = "", sbiCode: SBICode? = nil,
        themes: [String] = [], psoLevel: PSOLevel = .none, pso30plus: Bool = false,
        codeSocialeOndernemingen: Bool = false, seBasis: String = "", foundedYear: Int? = nil,
        programmeEntryDate: CivilDate, exitDate: CivilDate? = nil, exitReason: ExitReason? = nil,
        kvkRegistrationDate: CivilDate? = nil, registryLine: Int = 0
    ) {
        self.kvkNumber = kvkNumber
        self.vestigingsnummer = vestigingsnummer
        self.name = name
        self.postcode = postcode
        self.houseNumber = houseNumber
        self.gemeenteCode = gemeenteCode
        self.woonplaats = woonplaats
        self.sbiCode = sbiCode
        self.themes = themes
        self.psoLevel = psoLevel
        self.pso30plus = pso30plus
        self.codeSocialeOndernemingen = codeSocialeOndernemingen
        self.seBasis = seBasis
        self.foundedYear = foundedYear
        self.programmeEntryDate = programmeEntryDate
        self.exitDate = exitDate
        self.exitReason = exitReason
        self.kvkRegistrationDate = kvkRegistrationDate
        self.registryLine = registryLine
    }

    /// Whether the enterprise is in the programme on `date`: entered on or before it, not exited on or before it,
    /// and, when it has ``identities``, an identity valid on `date` that ``IdentityRow/counts``.
    package func isActive(on date: CivilDate) -> Bool {
        programmeEntryDate <= date && (exitDate.map { date < $0 } ?? true)
            && (identities.isEmpty || identity(on: date)?.counts == true)
    }

    /// Active at the end of the quarter (its last day): the stock date of quarterly counts.
    package func isActive(atEndOf q: Quarter) -> Bool { isActive(on: q.lastDay) }

    /// Column names of `normalize/enterprises.csv`.
    package static let csvHeader = [
        "kvk_number", "vestigingsnummer", "name", "postcode", "house_number", "gemeente_code", "woonplaats",
        "sbi_code", "themes", "pso_level", "pso30plus", "code_sociale_ondernemingen", "se_basis", "founded_year",
        "programme_entry_date", "exit_date", "exit_reason", "kvk_registration_date", "registry_line",
    ]

    /// The row of `normalize/enterprises.csv`, in ``csvHeader`` order: booleans as `ja`/`nee`, themes joined by `;`,
    /// dates as `yyyy-mm-dd`, empty text for every `nil`.
    package var csvFields: [String] {
        [
            kvkNumber.digits, vestigingsnummer?.digits ?? "", name, postcode?.text ?? "", houseNumber,
            gemeenteCode.code, woonplaats, sbiCode?.code ?? "", themes.joined(separator: ";"), psoLevel.rawValue,
            pso30plus ? "ja" : "nee", codeSocialeOndernemingen ? "ja" : "nee", seBasis,
            foundedYear.map(String.init) ?? "", programmeEntryDate.description, exitDate?.description ?? "",
            exitReason?.rawValue ?? "", kvkRegistrationDate?.description ?? "", String(registryLine),
        ]
    }

    /// Reads a row written by ``csvFields`` (the normalize stage's own output, so malformed input is a bug).
    /// - Throws: ``ModelError`` naming the field.
    package init(csvFields f: [String]) throws {
        guard f.count == Self.csvHeader.count else {
            throw ModelError("enterprise row has \(f.count) fields, expected \(Self.csvHeader.count)")
        }
        guard let kvk = KvKNumber(f[0]) else { throw ModelError("kvk_number \"\(f[0])\" is not 8 digits") }
        self.init(
            kvkNumber: kvk, vestigingsnummer: Vestigingsnummer(f[1]), name: f[2], postcode: Postcode(f[3]),
            houseNumber: f[4], gemeenteCode: RegioCode(f[5]), woonplaats: f[6], sbiCode: SBICode(f[7]),
            themes: f[8].split(separator: ";").map(String.init), psoLevel: PSOLevel(rawValue: f[9]) ?? .none,
            pso30plus: f[10] == "ja", codeSocialeOndernemingen: f[11] == "ja", seBasis: f[12],
            foundedYear: Int(f[13]), programmeEntryDate: try CivilDate(parsing: f[14]),
            exitDate: f[15].isEmpty ? nil : try CivilDate(parsing: f[15]), exitReason: ExitReason(rawValue: f[16]),
            kvkRegistrationDate: f[17].isEmpty ? nil : try CivilDate(parsing: f[17]), registryLine: Int(f[18]) ?? 0)
    }
}

/// The fields of a KvK API Basisprofiel (`GET /api/v1/basisprofielen/{kvkNummer}`) the pipeline uses.
///
/// Source: KvK API Basisprofiel v1 response shape (`kvkNummer`, `naam`, `materieleRegistratie.datumAanvang`
/// as `yyyymmdd`, `sbiActiviteiten[].sbiCode` with `indHoofdactiviteit` "Ja"/"Nee",
/// `_embedded.hoofdvestiging.vestigingsnummer` and `adressen[]`).
package struct KvKProfile: Hashable, Sendable {
    /// KvK-nummer (`kvkNummer`), 8 digits.
    package var kvkNumber: KvKNumber
    /// Registered name (`naam`) in the Handelsregister; may differ from the programme's trade name.
    package var name: String
    /// `materieleRegistratie.datumAanvang` (`yyyymmdd`), the start of the registration; `nil` when absent or not a
    /// full date (the connector then adds a `kvk.date_unreadable` note).
    package var registrationDate: CivilDate?
    /// SBI code of the main activity (`indHoofdactiviteit == "Ja"`), as given (4 or 5 digits).
    package var mainSBICode: SBICode?
    /// Vestigingsnummer (12 digits) of the hoofdvestiging (`_embedded.hoofdvestiging.vestigingsnummer`), if given.
    package var hoofdvestigingsnummer: Vestigingsnummer?
    /// Postcode of the bezoekadres of the hoofdvestiging (else its first address), canonical `1234 AB`.
    package var postcode: Postcode?
    /// House number of that address: `huisnummer`, `huisletter` and `-huisnummerToevoeging` (`17`, `17A`, `17-2`).
    package var houseNumber: String
    /// Place name (`plaats`) of that address, trimmed.
    package var plaats: String

    /// A profile from the fields the KvK connector read; absent fields default to `nil` or empty text.
    package init(
        kvkNumber: KvKNumber, name: String, registrationDate: CivilDate? = nil, mainSBICode: SBICode? = nil,
        hoofdvestigingsnummer: Vestigingsnummer? = nil, postcode: Postcode? = nil, houseNumber: String = "",
        plaats: String = ""
    ) {
        self.kvkNumber = kvkNumber
        self.name = name
        self.registrationDate = registrationDate
        self.mainSBICode = mainSBICode
        self.hoofdvestigingsnummer = hoofdvestigingsnummer
        self.postcode = postcode
        self.houseNumber = houseNumber
        self.plaats = plaats
    }
}
