import CSVCodec
import Foundation
import ImpactModel

/// A source entry of a pipeline file (`sources:` in `pipelines/<name>.yaml`, docs/ARCHITECTURE.md), typed.
///
/// The Pipeline module reads the YAML and fills this; relative `url`s are already resolved to absolute `file://`
/// URLs against the pipeline file. Keys per connector:
/// - `cbs-odata-v4` / `cbs-odata-v3`: `table`, `url` (base; default the CBS host for the table), `measures`,
///   `regions`, `period_from` (year), `filters` (other dimensions: key → codes), v3 `data_set` (`untyped`|`typed`).
/// - `kvk-basisprofiel`: `url` with `{kvk_number}` (KvK numbers come from the registry; key from `KVK_API_KEY`).
/// - `ckan`: `url` (portal root), `dataset`, `resource_name`, optional `format`, `resource_id` (pinned id, only to
///   report a change) or `pinned_url`; or `query` (a `package_search`, which yields dataset ids). With
///   `datastore: true` the resource's DataStore table is read through `datastore_search`, paged
///   (``CKANDatastoreConnector``): named by `resource_id`, or by `dataset` + `resource_name`. With `query` and
///   `resource_name` (a `*` pattern) and/or `format`, the found datasets' matching resources are read, or only the
///   newest with `select: newest` (``CKANResourceSearchConnector``).
/// - `csv` / `json`: `url`, which may contain `{quarter}` (expanded for the quarters given in the context).
/// - `statline-csv`: `url` (the data CSV), optional `metadata` (the metadata CSV), `table`, and the CBS selection
///   keys `measures`, `regions`, `period_from`, `filters` (``StatLineCSVConnector``).
package struct SourceSpec: Sendable, Hashable {
    /// `id`: unique source id, `[a-z0-9-]`.
    package var id: String
    /// `connector`.
    package var connector: ConnectorKind
    /// `table`: CBS table id (`37789ksz`).
    package var table: String?
    /// `url`: base URL (CBS), URL template (KvK `{kvk_number}`, CSV/JSON `{quarter}`) or portal root (CKAN); absolute.
    package var url: String?
    /// `measures`: CBS measure codes / Topic keys to keep.
    package var measures: [String]
    /// `regions`: CBS `RegioS` codes to keep (`GM0392`).
    package var regions: [String]
    /// `period_from`: first year to keep.
    package var periodFrom: Int?
    /// `filters`: other CBS dimensions, key → codes to keep (`Geslacht: [T001038]`).
    package var filters: [String: [String]]
    /// `data_set`: v3 `untyped` (default) or `typed`.
    package var dataSet: String?
    /// `dataset`: CKAN dataset name or id.
    package var dataset: String?
    /// `resource_name`: CKAN resource name.
    package var resourceName: String?
    /// `format`: CKAN resource format (`CSV`, `JSON`).
    package var format: String?
    /// `resource_id`: a CKAN resource id remembered from an earlier run (only to report a change).
    package var resourceID: String?
    /// `pinned_url`: a CKAN download URL remembered from an earlier run (its resource id is compared).
    package var pinnedURL: String?
    /// `query`: a CKAN `package_search` query (`q`), when the source lists datasets instead of reading one.
    package var query: String?
    /// `metadata`: the StatLine metadata CSV of a `statline-csv` source (absolute URL).
    package var metadata: String?
    /// `datastore`: a `ckan` source reads the resource's DataStore table through `datastore_search`.
    package var datastore: Bool = false
    /// `datastore_sql`: with `datastore`, page through `datastore_search_sql` (LIMIT/OFFSET) where the portal allows it.
    package var datastoreSQL: Bool = false
    /// `select`: of the resources a CKAN `query` finds, `all` (default) or only the `newest` one.
    package var select: String?
    /// `encoding:` of a CSV source (`nil`: detected); its tables are read with it.
    package var encoding: TextEncodingName? = nil

    /// Creates the value from its parts.
    package init(
        id: String, connector: ConnectorKind, table: String? = nil, url: String? = nil, measures: [String] = [],
        regions: [String] = [], periodFrom: Int? = nil, filters: [String: [String]] = [:], dataSet: String? = nil,
        dataset: String? = nil, resourceName: String? = nil, format: String? = nil, resourceID: String? = nil,
        pinnedURL: String? = nil, query: String? = nil, metadata: String? = nil
    ) {
        self.id = id
        self.connector = connector
        self.table = table
        self.url = url
        self.measures = measures
        self.regions = regions
        self.periodFrom = periodFrom
        self.filters = filters
        self.dataSet = dataSet
        self.dataset = dataset
        self.resourceName = resourceName
        self.format = format
        self.resourceID = resourceID
        self.pinnedURL = pinnedURL
        self.query = query
        self.metadata = metadata
    }
}

/// What a connector needs from the run besides its source entry.
package struct ConnectorContext: Sendable {
    /// The registry's KvK-nummers (for `kvk-basisprofiel`).
    package var kvkNumbers: [KvKNumber]
    /// The quarters a `{quarter}` URL is expanded for (`first_quarter` … the run's period).
    package var quarters: [Quarter]
    /// The process environment (only `KVK_API_KEY` is read); injected so tests need no global state.
    package var environment: [String: String]

    /// Creates the value from its parts.
    package init(kvkNumbers: [KvKNumber] = [], quarters: [Quarter] = [], environment: [String: String] = [:]) {
        self.kvkNumbers = kvkNumbers
        self.quarters = quarters
        self.environment = environment
    }
}

extension SourceSpec {
    /// The live base URL of a CBS table when `url` is not given: v4 `https://datasets.cbs.nl/odata/v1/CBS/<table>`,
    /// v3 `https://opendata.cbs.nl/ODataFeed/odata/<table>` (the feed pages; ODataApi caps at 10,000 rows).
    package static func defaultCBSBase(_ kind: ConnectorKind, table: String) -> String {
        kind == .cbsODataV3
            ? "https://opendata.cbs.nl/ODataFeed/odata/\(table)" : "https://datasets.cbs.nl/odata/v1/CBS/\(table)"
    }

    /// Builds the connector this entry names.
    /// - Throws: ``ConnectorError`` `.parameter` naming the source id and the missing or malformed key.
    package func makeConnector(context: ConnectorContext) throws(ConnectorError) -> any SourceConnector {
        func require(_ value: String?, _ key: String) throws(ConnectorError) -> String {
            guard let v = value.map(trim), !v.isEmpty else {
                throw ConnectorError(.parameter, "source \(id) (\(connector.rawValue)): `\(key):` is required")
            }
            return v
        }
        switch connector {
        case .cbsODataV4, .cbsODataV3:
            let table = try require(self.table, "table")
            let base = url ?? Self.defaultCBSBase(connector, table: table)
            let selection = CBSSelection(
                measures: measures, regions: regions, periodFrom: periodFrom, dimensions: filters)
            if connector == .cbsODataV4 {
                return CBSODataV4Connector(sourceID: id, table: table, baseURL: base, selection: selection)
            }
            let kind: CBSODataV3Connector.DataSet
            switch dataSet?.lowercased() {
            case nil, "untyped", "untypeddataset": kind = .untyped
            case "typed", "typeddataset": kind = .typed
            case let other?:
                throw ConnectorError(
                    .parameter, "source \(id): data_set \"\(other)\" is neither untyped nor typed")
            }
            return CBSODataV3Connector(sourceID: id, table: table, baseURL: base, selection: selection, dataSet: kind)
        case .kvkBasisprofiel:
            return try KvKBasisprofielConnector(
                sourceID: id, urlTemplate: try require(url, "url"), kvkNumbers: context.kvkNumbers,
                apiKey: context.environment[KvKBasisprofielConnector.apiKeyVariable])
        case .ckan:
            let portal = try require(url, "url")
            if datastore {
                var connector = CKANDatastoreConnector(
                    sourceID: id, portalURL: portal, resourceID: dataset == nil ? resourceID : nil, dataset: dataset,
                    resourceName: resourceName, format: format)
                connector.sql = datastoreSQL
                return connector
            }
            if let query, dataset == nil {
                guard resourceName != nil || format != nil else {
                    return CKANPackageSearchConnector(sourceID: id, portalURL: portal, query: query)
                }
                guard select == nil || select == "all" || select == "newest" else {
                    throw ConnectorError(
                        .parameter, "source \(id): select \"\(select ?? "")\" is neither all nor newest")
                }
                return CKANResourceSearchConnector(
                    sourceID: id, portalURL: portal, query: query, resourceName: resourceName, format: format,
                    newestOnly: select == "newest")
            }
            return CKANResourceConnector(
                sourceID: id, portalURL: portal, dataset: try require(dataset, "dataset"),
                resourceName: try require(resourceName, "resource_name"), format: format,
                pinnedResourceID: resourceID ?? pinnedURL.flatMap(CKANResourceConnector.resourceID(inURL:)))
        case .csv:
            return CSVSourceConnector(
                sourceID: id, urls: try FileSourceURLs(template: try require(url, "url"), quarters: context.quarters),
                options: CSVReadOptions(encoding: encoding))
        case .statlineCSV:
            return StatLineCSVConnector(
                sourceID: id, table: table, dataURL: try require(url, "url"), metadataURL: metadata,
                selection: CBSSelection(
                    measures: measures, regions: regions, periodFrom: periodFrom, dimensions: filters))
        case .json:
            return JSONSourceConnector(
                sourceID: id, urls: try FileSourceURLs(template: try require(url, "url"), quarters: context.quarters))
        }
    }
}
