import CSVCodec
import Fetching
import ImpactModel
import JSONCodec

/// A kind of source, as the `connector:` key of a pipeline source names it (docs/ARCHITECTURE.md).
package enum ConnectorKind: String, Sendable, CaseIterable, Codable {
    case cbsODataV4 = "cbs-odata-v4"
    case cbsODataV3 = "cbs-odata-v3"
    case kvkBasisprofiel = "kvk-basisprofiel"
    case ckan
    case csv
    case json
    /// A StatLine table as its CSV download gives it (``StatLineCSVConnector``).
    case statlineCSV = "statline-csv"
}

/// One source's two halves: **fetch** (issue the requests, follow paging, return the bodies in order) and
/// **parse** (read the stored bodies back, offline, into records).
///
/// The fetch stage stores each ``FetchedBody`` under `fetch/<source_id>/` and records it in `fetch.json`; the
/// normalize stage hands the stored bodies back to ``parse(_:)``. The two halves share nothing but the bodies, so a
/// stage can be rerun from recorded responses.
package protocol SourceConnector: Sendable {
    /// The pipeline source id (`cbs-bijstand`).
    var sourceID: String { get }
    /// Issues the source's requests through `fetcher`, following continuation links.
    /// - Throws: ``ConnectorError`` naming the URL when a request fails or a reply is not what the protocol returns.
    func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult
    /// Parses stored bodies (as returned by ``fetch(using:)``, in any order) into records.
    /// - Throws: ``ConnectorError`` when a body is missing, is not of the expected format, or the counts do not
    ///   add up. Problems with single records are rejects, not errors.
    func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult
}

/// The records a connector read, with the rejects, the ledger and the diagnostics of reading them.
package struct ParseResult: Sendable {
    /// The records, by kind of source.
    package var output: ConnectorOutput
    /// Records that could not be used, each with its stable row id and reason.
    package var rejects: [Reject]
    /// Row conservation for observation sources (`nil` where the mapping is the Normalization module's job).
    package var ledger: LedgerEntry?
    /// Recoverable findings (page cap, unknown codes, discontinued table) for the run summary.
    package var diagnostics: [Diagnostic]

    /// Creates the value from its parts.
    package init(
        output: ConnectorOutput, rejects: [Reject] = [], ledger: LedgerEntry? = nil, diagnostics: [Diagnostic] = []
    ) {
        self.output = output
        self.rejects = rejects
        self.ledger = ledger
        self.diagnostics = diagnostics
    }

    /// The observations, for CBS sources; empty for other outputs.
    package var observations: [Observation] {
        if case .observations(let o) = output { return o }
        return []
    }
}

/// What a connector produces, by kind of source.
package enum ConnectorOutput: Sendable {
    /// CBS OData v3/v4: canonical observations (one per v4 row, one per v3 row × Topic).
    case observations([Observation])
    /// KvK Basisprofiel: the profiles found and the KvK numbers not in the Handelsregister.
    case kvkProfiles(KvKLookup)
    /// CSV (and CKAN CSV resources): tables read with `CSVCodec`; mapping to measures is Normalization's job.
    case tables([SourceTable])
    /// JSON by URL (and CKAN JSON resources): decoded documents.
    case documents([SourceDocument])
    /// CKAN `package_search`: dataset `id`s in the order the portal returned them.
    case datasetIDs([String])
}

/// A CSV body read into a table, with where it came from.
package struct SourceTable: Sendable {
    /// Stored file name (`001-impact-2026Q3.csv`).
    package var fileName: String
    /// The URL the body was fetched from.
    package var url: String
    /// The body's sha256 hex; a record's stable id is `sha256.prefix(12):record.number`.
    package var sha256: String
    /// The quarter the file is for, when its URL was expanded from a `{quarter}` template.
    package var quarter: Quarter?
    /// The table as `CSVCodec.CSVReader` read it (header without BOM, records with line numbers).
    package var table: CSVTable

    /// Creates the value from its parts.
    package init(fileName: String, url: String, sha256: String, quarter: Quarter?, table: CSVTable) {
        self.fileName = fileName
        self.url = url
        self.sha256 = sha256
        self.quarter = quarter
        self.table = table
    }

    /// The stable id of a record: first 12 hex of the body's sha256, `:`, the 1-based record number.
    package func sourceRowID(_ record: CSVRecord) -> String { "\(sha256.prefix(12)):\(record.number)" }
}

/// A JSON body decoded, with where it came from.
package struct SourceDocument: Sendable {
    /// Stored file name (`001-report.json`).
    package var fileName: String
    /// The URL the body was fetched from.
    package var url: String
    /// The body's sha256 hex.
    package var sha256: String
    /// The quarter the file is for, when its URL was expanded from a `{quarter}` template.
    package var quarter: Quarter?
    /// The decoded document.
    package var json: JSONValue

    /// Creates the value from its parts.
    package init(fileName: String, url: String, sha256: String, quarter: Quarter?, json: JSONValue) {
        self.fileName = fileName
        self.url = url
        self.sha256 = sha256
        self.quarter = quarter
        self.json = json
    }
}
