import CSVCodec
import ContentHash
import Foundation
import ImpactModel

/// Which column mapping a CSV source uses (`record:` in the pipeline file).
package enum RecordKind: String, Sendable, Hashable, CaseIterable {
    /// A quarterly impact return of an enterprise: `impact-<YYYYQn>.csv`.
    case impact_return
    /// A municipal procurement award: `inkoop-gunningen.csv`.
    case procurement_award
    /// An establishment (vestiging) of a Handelsregister extract at a reference date: `vestigingen-<YYYYQn>.csv`,
    /// streamed and aggregated per municipality (``EstablishmentExtract``), never loaded whole.
    case establishment
    /// A dossier of a municipal subsidy register (openbaar subsidieregister, ``SubsidyRegisterMapping``).
    case subsidy_award
}

/// One fetched CSV body of a source.
package struct CSVSourceFile: Sendable, Hashable {
    /// The name shown in rejects and diagnostics (`returns/impact-2026Q3.csv`).
    package var file: String
    /// The body as received.
    package var data: Data
    /// The quarter the file is for, when the URL had `{quarter}`; its `kwartaal` column must agree.
    package var quarter: Quarter?
    /// A declared encoding (pipeline `encoding:`), or `nil` to detect UTF-8/Windows-1252.
    package var encoding: TextEncodingName?
    /// A declared number format (pipeline `number_format:`), or `nil` to detect (``DecimalCell``).
    package var numberFormat: NumberFormat? = nil

    /// Creates a file of a CSV source.
    package init(
        file: String, data: Data, quarter: Quarter? = nil, encoding: TextEncodingName? = nil,
        numberFormat: NumberFormat? = nil
    ) {
        self.file = file
        self.data = data
        self.quarter = quarter
        self.encoding = encoding
        self.numberFormat = numberFormat
    }

    /// The first 12 hex digits of the body's SHA-256, the prefix of every ``Observation/sourceRowID`` from it.
    package var sha256Prefix: String { SourceRowID.prefix(of: data) }
}

/// A CSV source of the pipeline: its id, its column mapping and its files (one per quarter for returns).
package struct CSVSourceInput: Sendable, Hashable {
    /// The pipeline source id (`impact-returns`).
    package var sourceID: String
    /// The column mapping (`record:` in the pipeline file).
    package var kind: RecordKind
    /// The bodies, in the order fetched (one per quarter for `{quarter}` URLs).
    package var files: [CSVSourceFile]

    /// Creates a CSV source input.
    package init(sourceID: String, kind: RecordKind, files: [CSVSourceFile]) {
        self.sourceID = sourceID
        self.kind = kind
        self.files = files
    }
}

/// Stable ids of input records: `<first 12 hex of the body's sha256>:<record number>`.
///
/// The id changes only when the body changes, so a rerun on the same inputs gives the same ids.
package enum SourceRowID {
    /// The first 12 lower-case hex digits of the SHA-256 (FIPS 180-4) of `data`.
    package static func prefix(of data: Data) -> String {
        String(sha256Hex(data).prefix(12))
    }

    /// The id of data record `record` (1-based, header not counted) of the body with `prefix`.
    package static func make(prefix: String, record: Int) -> String { "\(prefix):\(record)" }
}
