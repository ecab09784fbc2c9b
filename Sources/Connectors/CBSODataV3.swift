import Fetching
import Foundation
import ImpactModel
import JSONCodec

/// CBS StatLine OData v3 (`https://opendata.cbs.nl/ODataApi|ODataFeed/odata/<table>`): `TypedDataSet` or
/// `UntypedDataSet` in wide format, described by `DataProperties`, with one code list per dimension.
///
/// Source of the shapes: CBS "Handleiding CBS open data services" (2017); J535D165/cbsodata, edwindj/cbsodataR;
/// METRICS.md §4.3. `DataProperties.Type` is `Dimension`, `TimeDimension`, `GeoDimension`, `GeoDetail`, `Topic` or
/// `TopicGroup`; every numeric `Topic` is a measure (its `Key` is a column of the data set, `Title` the label,
/// `Unit` and `Decimals` as published). A record is one data-set row; each selected Topic gives one observation.
///
/// Request plan: `TableInfos`, `DataProperties`, one code list per dimension, then the data set and every page its
/// `odata.nextLink` leads to. Live requests carry `$format=json` (v3 answers Atom XML otherwise, KNOWN-FAULTS B04);
/// a `file://` base is a snapshot directory (`UntypedDataSet.json`, `DataProperties.json`, `Perioden.json`, …).
package struct CBSODataV3Connector: SourceConnector {
    /// Which data set to read. The untyped set keeps CBS's symbols (`.` onbekend vs `x` geheim, KNOWN-FAULTS B07);
    /// the typed set turns both into `null`.
    package enum DataSet: String, Sendable, CaseIterable {
        case untyped = "UntypedDataSet"
        case typed = "TypedDataSet"
    }

    /// The pipeline source id (`cbs-bijstand`), written into every observation, reject and ledger entry.
    package let sourceID: String
    /// The CBS table id as CBS writes it (`83599NED`, `37789ksz`).
    package let table: String
    /// Absolute base: `https://opendata.cbs.nl/ODataFeed/odata/83599NED` or a `file://` snapshot directory.
    package let baseURL: String
    /// What the source wants of the table (sent as `$filter` live, always applied client-side).
    package let selection: CBSSelection
    /// Which data set is read (default ``DataSet/untyped``).
    package let dataSet: DataSet

    /// A connector for one v3 table.
    package init(
        sourceID: String, table: String, baseURL: String, selection: CBSSelection = CBSSelection(),
        dataSet: DataSet = .untyped
    ) {
        self.sourceID = sourceID
        self.table = table
        self.baseURL = baseURL
        self.selection = selection
        self.dataSet = dataSet
    }

    /// Whether the base is a `file://` snapshot directory (no query options are sent).
    package var isSnapshot: Bool { !Fetch.isHTTP(baseURL) }

    /// `<base>/<EntitySet>?$format=json` live, `<base>/<EntitySet>.json` in a snapshot.
    package func entityURL(_ entitySet: String) -> String {
        isSnapshot ? Fetch.join(baseURL, entitySet + ".json") : Fetch.join(baseURL, entitySet) + "?$format=json"
    }

    /// The first data-set URL: `…/UntypedDataSet?$format=json&$filter=…` live (regions and other dimensions as
    /// `startswith(RegioS,'GM0392')` because v3 keys are padded, KNOWN-FAULTS B05; measures and periods are
    /// selected client-side).
    package func dataSetURL(properties: [V3DataProperty]) -> String {
        let url = entityURL(dataSet.rawValue)
        guard !isSnapshot else { return url }
        let geo = properties.first { $0.type == "GeoDimension" }?.key
        // Periods are selected client-side only: v3 servers differ in support for `ge` on string keys.
        guard let f = selection.odataFilter(regionKey: geo, periodKey: nil, measureKey: nil, paddedKeys: true) else {
            return url
        }
        return url + "&$filter=" + Fetch.encodeQueryValue(f)
    }

    private var headers: [String: String] { isSnapshot ? [:] : ["Accept": "application/json"] }

    /// Issues the request plan described on the type; see ``SourceConnector/fetch(using:)``.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        let hint = JSONBody.cbsVersionHint
        var result = FetchResult()
        func next() -> Int { result.bodies.count + 1 }
        let infoURL = entityURL("TableInfos")
        if !isSnapshot || Fetch.fileSystemPath(infoURL).map(FileManager.default.fileExists) == true {
            result.bodies += try await ODataPaging.fetchAll(
                entity: "TableInfos", firstURL: infoURL, firstIndex: next(), headers: headers, using: fetcher,
                hint: hint)
        }
        let dpBodies = try await ODataPaging.fetchAll(
            entity: "DataProperties", firstURL: entityURL("DataProperties"), firstIndex: next(), headers: headers,
            using: fetcher, hint: hint)
        result.bodies += dpBodies
        var properties: [V3DataProperty] = []
        for b in dpBodies {
            properties += try V3DataProperty.list(try JSONBody.decode(b.response, url: b.url, hint: hint), url: b.url)
        }
        for p in properties where p.isDimension {
            let url = entityURL(p.key)
            if isSnapshot, p.type != "TimeDimension",
                Fetch.fileSystemPath(url).map(FileManager.default.fileExists) == false
            {
                result.diagnostics.append(
                    Diagnostic(
                        .note, code: "cbs.codes_absent",
                        "\(table): snapshot has no \(p.key).json; \(p.key) keys are not validated", file: url))
                continue
            }
            result.bodies += try await ODataPaging.fetchAll(
                entity: p.key, firstURL: url, firstIndex: next(), headers: headers, using: fetcher, hint: hint)
        }
        // The table's total, for paging ahead (an unfiltered live request returns all of it) and for the count check.
        var tableTotal: Int?
        if let info = result.bodies.first(where: { $0.entity == "TableInfos" }) {
            tableTotal = try JSONBody.decode(info.response, url: info.url, hint: hint)["value"]?.array?.first?[
                "RecordCount"]?.int
        }
        let firstURL = dataSetURL(properties: properties)
        let pages = try await ODataPaging.fetchAllScanned(
            entity: dataSet.rawValue, firstURL: firstURL, firstIndex: next(), headers: headers, using: fetcher,
            hint: hint, knownTotal: ODataPageChain.totalApplies(toFirstURL: firstURL) ? tableTotal : nil)
        result.bodies += pages.map(\.body)
        // Fail the fetch when a declared count is not met (B02), so a partial table is never stored as good.
        let chain = try ODataPageChain(entity: dataSet.rawValue, pages: pages.map(\.chainPage), hint: hint)
        result.diagnostics += try chain.verify(
            declared: chain.applicableCount(tableTotal: tableTotal), entity: dataSet.rawValue, table: table)
        return result
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)``.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        try CBSODataV3Parser(connector: self, bodies: bodies).run()
    }
}

/// One entry of a v3 `DataProperties` entity set.
package struct V3DataProperty: Sendable, Hashable {
    /// The entry's `ID` (TopicGroups are referred to by it through `ParentID`).
    package var id: Int?
    /// The column key in the data set (`RegioS`, `OpenstaandeVacatures_1`); empty for TopicGroups.
    package var key: String
    /// `Dimension`, `TimeDimension`, `GeoDimension`, `GeoDetail`, `Topic`, `TopicGroup`.
    package var type: String
    /// `Title`, trimmed: the measure label of a Topic.
    package var title: String
    /// `Unit` as CBS writes it (`1 000 banen`, `x 1 000`, `euro`, `%`).
    package var unit: String
    /// `Decimals`: the number of decimals CBS publishes.
    package var decimals: Int?
    /// `Datatype` of a Topic (`Double`, `Long`, `String`); string topics are not measures.
    package var datatype: String?

    /// A connector for one v3 table.
    package init(
        id: Int? = nil, key: String, type: String, title: String, unit: String, decimals: Int? = nil,
        datatype: String? = nil
    ) {
        self.id = id
        self.key = key
        self.type = type
        self.title = title
        self.unit = unit
        self.decimals = decimals
        self.datatype = datatype
    }

    /// A dimension with a code list (`Dimension`, `TimeDimension`, `GeoDimension`).
    package var isDimension: Bool { type == "Dimension" || type == "TimeDimension" || type == "GeoDimension" }
    /// A numeric Topic: a measure.
    package var isMeasure: Bool { type == "Topic" && datatype != "String" && !key.isEmpty }

    /// Reads the `value` array of a `DataProperties` page.
    /// - Throws: ``ConnectorError`` `.unexpectedShape` naming the URL.
    package static func list(_ page: JSONValue, url: String) throws(ConnectorError) -> [V3DataProperty] {
        guard let rows = page["value"]?.array else {
            throw ConnectorError(.unexpectedShape, "\(url): DataProperties has no \"value\" array", url: url)
        }
        return rows.map { row in
            V3DataProperty(
                id: row["ID"]?.int, key: trim(row["Key"]?.string ?? ""), type: row["Type"]?.string ?? "",
                title: trim(row["Title"]?.string ?? ""), unit: trim(row["Unit"]?.string ?? ""),
                decimals: row["Decimals"]?.int, datatype: row["Datatype"]?.string)
        }
    }
}

private struct CBSODataV3Parser {
    let connector: CBSODataV3Connector
    let bodies: [StoredBody]
    let hint = JSONBody.cbsVersionHint
    var table: String { connector.table }

    func run() throws(ConnectorError) -> ParseResult {
        var diagnostics: [Diagnostic] = []
        var properties: [V3DataProperty] = []
        for page in try ODataPages(entity: "DataProperties", bodies: bodies, hint: hint).pages {
            properties += try V3DataProperty.list(.object(["value": .array(page.rows)]), url: page.body.fileName)
        }
        guard let time = properties.first(where: { $0.type == "TimeDimension" }) else {
            throw ConnectorError(
                .unexpectedShape, "\(table): DataProperties names no TimeDimension (keys \(properties.map(\.key)))")
        }
        let geo = properties.first { $0.type == "GeoDimension" }
        let dimensions = properties.filter(\.isDimension)
        let others = dimensions.filter { $0.key != time.key && $0.key != geo?.key }
        let topics = properties.filter { $0.isMeasure && connector.selection.wantsMeasure($0.key) }

        var periodStatus: [String: ValueStatus] = [:]
        for page in try ODataPages(entity: time.key, bodies: bodies, hint: hint).pages {
            for row in page.rows {
                guard let k = row["Key"]?.string.map(trim) else { continue }
                periodStatus[k] = ValueStatus(cbsStatus: row["Status"]?.string)
            }
        }
        var codeLists: [String: Set<String>] = [:]
        for d in dimensions where d.key != time.key {
            guard bodies.contains(where: { $0.entity == d.key }) else { continue }
            var raw: [String: String] = [:]
            for page in try ODataPages(entity: d.key, bodies: bodies, hint: hint).pages {
                for row in page.rows {
                    guard let k = row["Key"]?.string else { continue }
                    if let earlier = raw[trim(k)], earlier != k {
                        throw ConnectorError(
                            .unexpectedShape,
                            "\(table) \(d.key): keys \"\(earlier)\" and \"\(k)\" are the same code once trimmed; "
                                + "the code list is inconsistent (KNOWN-FAULTS B05)")
                    }
                    raw[trim(k)] = k
                }
            }
            codeLists[d.key] = Set(raw.keys)
        }

        try CBSSelectionCheck.requireKnown(
            connector.selection, table: table, measures: Set(properties.filter(\.isMeasure).map(\.key)),
            regionKey: geo?.key, codeLists: codeLists)

        let pages = try ODataPages(entity: connector.dataSet.rawValue, bodies: bodies, hint: hint)
        var tableTotal: Int?
        if let info = bodies.first(where: { $0.entity == "TableInfos" }) {
            tableTotal = try JSONBody.decode(info, hint: hint)["value"]?.array?.first?["RecordCount"]?.int
        }
        let declared = pages.applicableCount(tableTotal: tableTotal)
        diagnostics += try pages.verify(declared: declared, entity: connector.dataSet.rawValue, table: table)
        if connector.dataSet == .typed {
            diagnostics.append(
                Diagnostic(
                    .note, code: "cbs.typed_dataset",
                    "\(table): TypedDataSet gives null for both \".\" (onbekend) and \"x\" (geheim); missing cells are "
                        + "recorded as not_available. Use UntypedDataSet to keep the distinction (KNOWN-FAULTS B07)"))
        }

        var ledger = LedgerEntry(sourceID: connector.sourceID)
        var observations: [Observation] = []
        var rejects: [Reject] = []
        var unknownCodes: [String: Set<String>] = [:]
        for page in pages.pages {
            let body = page.body
            rows: for (i, row) in page.rows.enumerated() {
                let record = i + 1
                ledger.recordsIn += 1
                func reject(_ field: String, _ value: String, _ reason: RejectReason, _ message: String) {
                    rejects.append(
                        Reject(
                            sourceID: connector.sourceID, sourceRowID: body.sourceRowID(record: record),
                            file: body.fileName, line: record, field: field, value: value, reason: reason,
                            message: "\(table) record \(record) (ID \(row["ID"]?.text ?? "?")): \(message)"))
                    ledger.rejected += 1
                }
                var codes: [String: String] = [:]
                for d in dimensions {
                    guard let c = row[d.key]?.string.map(trim), !c.isEmpty else {
                        reject(d.key, row[d.key]?.text ?? "", .fieldMissing, "no \(d.key) key")
                        continue rows
                    }
                    codes[d.key] = c
                }
                let periodText = codes[time.key] ?? ""
                let regio = geo.flatMap { codes[$0.key] } ?? ""
                guard connector.selection.wantsPeriod(periodText), connector.selection.wantsRegion(regio),
                    others.allSatisfy({ connector.selection.wantsDimension($0.key, codes[$0.key] ?? "") })
                else {
                    ledger.filtered += 1
                    continue
                }
                let period: PeriodCode
                do {
                    period = try PeriodCode(parsing: periodText)
                } catch {
                    reject(time.key, periodText, .periodMalformed, error.message)
                    continue
                }
                guard let status = periodStatus[periodText] else {
                    reject(
                        time.key, periodText, .periodUnknownCode,
                        "period \(periodText) is not in the \(time.key) code list, so its status is unknown; "
                            + "fetch the table again")
                    continue
                }
                var cells: [(CBSMeasure, Double?, ValueAttribute)] = []
                var bad: [(key: String, text: String)] = []
                for topic in topics {
                    let raw = row[topic.key] ?? .null
                    let cell: CBSCell?
                    switch raw {
                    case .number(let v): cell = NumericRange.accepted(v).map { .value($0) }
                    case .null: cell = connector.dataSet == .typed ? .missing(.not_available) : .missing(.impossible)
                    case .string(let s): cell = CBSCell.parse(Substring(s))
                    default: cell = nil
                    }
                    guard let cell else {
                        bad.append((topic.key, raw.text))
                        continue
                    }
                    let meta = CBSMeasure(
                        code: topic.key, title: topic.title, unit: topic.unit, decimals: topic.decimals)
                    switch cell {
                    case .value(let v): cells.append((meta, v, .none))
                    case .missing(let a): cells.append((meta, nil, a))
                    }
                }
                // Cell-level rejects (issue 20): an unreadable cell loses that measure of the row, not the row; a
                // row none of whose cells can be read is one rejected row.
                if cells.isEmpty, let first = bad.first {
                    let listed = bad.prefix(5).map { "\($0.key)=\"\($0.text)\"" }.joined(separator: ", ")
                    reject(
                        first.key, first.text, .valueUnknownSymbol,
                        "none of the \(bad.count) measure cells is a number within ±10^15 or a CBS symbol (. x - or "
                            + "blank): \(listed)\(bad.count > 5 ? ", …" : ""); the row is not used (never read as 0)")
                    continue rows
                }
                for b in bad {
                    rejects.append(
                        Reject(
                            sourceID: connector.sourceID, sourceRowID: body.sourceRowID(record: record),
                            file: body.fileName, line: record, field: b.key, value: b.text,
                            reason: .valueUnknownSymbol,
                            message:
                                "\(table) record \(record) (ID \(row["ID"]?.text ?? "?")): \(b.key) is \"\(b.text)\", "
                                + "neither a number within ±10^15 nor a CBS symbol (. x - or blank); this measure of the "
                                + "row is not used (never read as 0), its other measures are"))
                }
                ledger.cellsIn += cells.count + bad.count
                ledger.cellsOut += cells.count
                ledger.cellsRejected += bad.count
                for d in dimensions where d.key != time.key {
                    if let list = codeLists[d.key], let c = codes[d.key], !list.contains(c) {
                        unknownCodes[d.key, default: []].insert(c)
                    }
                }
                let dims = others.map { "\($0.key)=\(codes[$0.key] ?? "")" }.joined(separator: ";")
                for (meta, value, attribute) in cells {
                    observations.append(
                        Observation(
                            sourceID: connector.sourceID, dataset: table, measure: meta.code, measureLabel: meta.title,
                            unit: meta.unit, regio: regio, kvkNumber: "", periodCode: period.code,
                            periodStart: period.start, periodEnd: period.end, value: value, valueStatus: status,
                            valueAttribute: attribute, sourceRowID: body.sourceRowID(record: record),
                            dimensions: dims))
                }
                ledger.recordsOut += 1
                ledger.observations += cells.count
            }
        }
        return CBSSelectionCheck.result(
            table: table, observations: observations, rejects: rejects, ledger: ledger, diagnostics: diagnostics,
            unknownCodes: unknownCodes
        ) { key, n in "\(n) \(key) key(s) in the data set are not in the \(key) code list" }
    }
}
