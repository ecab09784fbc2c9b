/// Which municipal boundaries a quarter is counted in (pipeline key `regional_classification:`).
///
/// Source: CBS StatLine "Regionale indeling per peildatum" versus "Actuele regionale indeling": CBS publishes
/// regional series either on the boundaries in force at each period's reference date (peildatum) or recomputed on
/// today's boundaries.
package enum RegionalClassification: String, Sendable, Hashable, CaseIterable {
    /// Each quarter on the municipal boundaries in force on its last day ("indeling per peildatum").
    case per_period
    /// Every quarter on the boundaries in force on the last day of the report quarter ("actuele indeling"); the
    /// behaviour before issue 20, and the default.
    case current

}

/// One validity-dated identity of a programme member: under which KvK-nummer and in which municipality its
/// vestiging was registered from ``validFrom`` up to (not including) ``validUntil``. One row of
/// `normalize/identities.csv`, made from `config/registry-history.csv` (issue 20 item 4).
///
/// Rows of one vestigingsnummer never overlap, so on any day a member has at most one identity. A takeover is a
/// new row under another (non-member) KvK-nummer; a merger is a row under another member's KvK-nummer
/// (``mergedInto``: the member then no longer counts on its own); a move is a row with another gemeente; an exit is
/// the last row's ``validUntil`` with no row after it.
package struct IdentityRow: Hashable, Sendable {
    /// The programme member (KvK-nummer of its row in `config/registry.csv`) this identity belongs to.
    package var memberKvK: KvKNumber
    /// The KvK-nummer the vestiging was registered under in this period.
    package var kvkNumber: KvKNumber
    /// The vestigingsnummer (12 digits), when the history names one.
    package var vestigingsnummer: Vestigingsnummer?
    /// The CBS gemeentecode as written in the history file.
    package var writtenGemeenteCode: RegioCode
    /// The gemeentecode after the herindelingen of the pipeline's ``RegionalClassification``.
    package var gemeenteCode: RegioCode
    /// First day of validity (`geldig_van`).
    package var validFrom: CivilDate
    /// First day no longer valid (`geldig_tot`, exclusive); nil while valid.
    package var validUntil: CivilDate?
    /// Set when ``kvkNumber`` is another member's own KvK-nummer: the vestiging merged into that member.
    package var mergedInto: KvKNumber?
    /// The file the row came from (`config/registry-history.csv`, or the registry for a row made from it).
    package var file: String
    /// 1-based line in ``file``.
    package var line: Int
    /// Whether the member counts while this row is valid: set by the compute stage (in the programme's
    /// municipality and not merged into another member); true until then.
    package var counts: Bool = true

    /// Creates an identity row; every field as described on its property (``counts`` starts true).
    package init(
        memberKvK: KvKNumber, kvkNumber: KvKNumber, vestigingsnummer: Vestigingsnummer?, writtenGemeenteCode: RegioCode,
        gemeenteCode: RegioCode, validFrom: CivilDate, validUntil: CivilDate?, mergedInto: KvKNumber? = nil,
        file: String, line: Int
    ) {
        self.memberKvK = memberKvK
        self.kvkNumber = kvkNumber
        self.vestigingsnummer = vestigingsnummer
        self.writtenGemeenteCode = writtenGemeenteCode
        self.gemeenteCode = gemeenteCode
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.mergedInto = mergedInto
        self.file = file
        self.line = line
    }

    /// Whether the row is valid on `date`: `validFrom ≤ date < validUntil`.
    package func isValid(on date: CivilDate) -> Bool {
        validFrom <= date && (validUntil.map { date < $0 } ?? true)
    }

    /// Whether the row is valid on some day of `from ..< until`.
    package func overlaps(from: CivilDate, until: CivilDate) -> Bool {
        validFrom < until && (validUntil.map { $0 > from } ?? true)
    }

    /// The row as `explain` shows it, e.g. `config/registry-history.csv regel 4 (KvK 30000002, vestiging
    /// 000030000002, GM0392, geldig 2026-04-01 tot -)`.
    package var explanation: String {
        let gm =
            writtenGemeenteCode == gemeenteCode
            ? gemeenteCode.code : "\(writtenGemeenteCode.code) → \(gemeenteCode.code) (herindeling)"
        return
            "\(file) regel \(line) (KvK \(kvkNumber.digits), vestiging \(vestigingsnummer?.digits ?? "-"), \(gm), geldig \(validFrom) tot \(validUntil?.description ?? "-")"
            + (mergedInto.map { ", gefuseerd met \($0.digits)" } ?? "") + ")"
    }

    /// Column names of `normalize/identities.csv`.
    package static let csvHeader = [
        "member_kvk_number", "kvk_number", "vestigingsnummer", "written_gemeente_code", "gemeente_code", "geldig_van",
        "geldig_tot", "merged_into", "file", "line",
    ]

    /// The row's fields in ``csvHeader`` order.
    package var csvFields: [String] {
        [
            memberKvK.digits, kvkNumber.digits, vestigingsnummer?.digits ?? "", writtenGemeenteCode.code,
            gemeenteCode.code, validFrom.description, validUntil?.description ?? "", mergedInto?.digits ?? "", file,
            String(line),
        ]
    }

    /// Reads a row written by ``csvFields`` (the normalize stage's own output).
    /// - Throws: ``ModelError`` naming the field.
    package init(csvFields f: [String]) throws {
        guard f.count == Self.csvHeader.count else {
            throw ModelError("identity row has \(f.count) fields, expected \(Self.csvHeader.count)")
        }
        guard let member = KvKNumber(f[0]), let kvk = KvKNumber(f[1]) else {
            throw ModelError("identity row: member_kvk_number \"\(f[0])\" or kvk_number \"\(f[1])\" is not 8 digits")
        }
        self.init(
            memberKvK: member, kvkNumber: kvk, vestigingsnummer: Vestigingsnummer(f[2]),
            writtenGemeenteCode: RegioCode(f[3]), gemeenteCode: RegioCode(f[4]),
            validFrom: try CivilDate(parsing: f[5]),
            validUntil: f[6].isEmpty ? nil : try CivilDate(parsing: f[6]), mergedInto: KvKNumber(f[7]), file: f[8],
            line: Int(f[9]) ?? 0)
    }
}

extension Enterprise {
    /// The identity row valid on `date`, if the member has a history and one is valid then.
    package func identity(on date: CivilDate) -> IdentityRow? {
        identities.last { $0.isValid(on: date) }
    }
}
