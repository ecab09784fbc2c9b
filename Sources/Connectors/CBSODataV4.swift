import Fetching
import Foundation
import ImpactModel
import JSONCodec

/// CBS StatLine OData v4 (`https://datasets.cbs.nl/odata/v1/CBS/<table>`): Observations in long format with
/// their metadata (MeasureCodes, Dimensions, `<Dimension>Codes`, Properties).
///
/// Source of the shapes: CBS "Handleiding OData v4" and statistiekcbs/cbsodata4 (`R/cbs4_get_metadata.R`,
/// `R/cbs4_download_data.R`); METRICS.md §4.3. Observations are `{Id, Measure, ValueAttribute, Value, StringValue,
/// <dimension>…}`; `Value` is `null` exactly when `ValueAttribute` is not `None`.
///
/// Request plan (bodies in this order): `Properties`, `Dimensions`, `MeasureCodes`, one `<Dim>Codes` per
/// dimension, then `Observations` and every page its `@odata.nextLink` leads to. With an `http(s)` base the
/// Observations request carries `$filter` (the ``CBSSelection``) and `$count=true`, so the server declares the
/// total; a `file://` base is a snapshot directory of `<EntitySet>.json` files and no query is sent.
package struct CBSODataV4Connector: SourceConnector {
    /// The pipeline source id (`cbs-bijstand`), written into every observation, reject and ledger entry.
    package let sourceID: String
    /// The table id as CBS writes it (`83625NED`, `37789ksz`).
    package let table: String
    /// Absolute base URL: `https://datasets.cbs.nl/odata/v1/CBS/83625NED` or a `file://` snapshot directory.
    package let baseURL: String
    /// What the source wants of the table (sent as `$filter` live, always applied client-side).
    package let selection: CBSSelection

    /// A connector for one v4 table.
    package init(sourceID: String, table: String, baseURL: String, selection: CBSSelection = CBSSelection()) {
        self.sourceID = sourceID
        self.table = table
        self.baseURL = baseURL
        self.selection = selection
    }

    /// Whether the base is a snapshot directory (no query options are sent).
    package var isSnapshot: Bool { !Fetch.isHTTP(baseURL) }

    /// The URL of an entity set: `<base>/<EntitySet>` live, `<base>/<EntitySet>.json` in a snapshot.
    package func entityURL(_ entitySet: String) -> String {
        Fetch.join(baseURL, isSnapshot ? entitySet + ".json" : entitySet)
    }

    /// The first Observations URL, with `$filter` and `$count=true` for a live base.
    /// - Parameter dimensions: the table's dimensions (from `Dimensions`), to name the geo and time keys.
    package func observationsURL(dimensions: [V4Dimension]) -> String {
        let url = entityURL("Observations")
        guard !isSnapshot else { return url }
        var query = ["$count=true"]
        let regionKey = dimensions.first { $0.kind == "GeoDimension" }?.identifier
        let periodKey = dimensions.first { $0.kind == "TimeDimension" }?.identifier
        if let f = selection.odataFilter(
            regionKey: regionKey, periodKey: periodKey, measureKey: "Measure", paddedKeys: false)
        {
            query.append("$filter=" + Fetch.encodeQueryValue(f))
        }
        return url + "?" + query.joined(separator: "&")
    }

    /// Issues the request plan described on the type; see ``SourceConnector/fetch(using:)``.
    /// `Accept: application/json` for live requests (a v3 endpoint reached by mistake then answers JSON or an
    /// error page, never an Atom feed that would only fail later, KNOWN-FAULTS B04).
    private var headers: [String: String] { isSnapshot ? [:] : ["Accept": "application/json"] }

    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        let hint = JSONBody.cbsVersionHint
        var result = FetchResult()
        func next() -> Int { result.bodies.count + 1 }

        let propertiesURL = entityURL("Properties")
        if !isSnapshot || Fetch.fileSystemPath(propertiesURL).map(FileManager.default.fileExists) == true {
            let r = try await Fetch.get(HTTPRequest(url: propertiesURL, headers: headers), using: fetcher, hint: hint)
            _ = try JSONBody.decode(r, url: propertiesURL, hint: hint)
            result.bodies.append(
                FetchedBody(
                    url: propertiesURL, fileName: StoredBody.fileName(index: next(), entity: "Properties"),
                    response: r))
        } else {
            result.diagnostics.append(
                Diagnostic(
                    .note, code: "cbs.properties_absent",
                    "\(table): snapshot has no Properties.json; the table's status and ObservationCount are not checked",
                    file: propertiesURL))
        }
        let dimensionBodies = try await ODataPaging.fetchAll(
            entity: "Dimensions", firstURL: entityURL("Dimensions"), firstIndex: next(), headers: headers,
            using: fetcher, hint: hint)
        result.bodies += dimensionBodies
        var dimensions: [V4Dimension] = []
        for b in dimensionBodies {
            dimensions += try V4Dimension.list(try JSONBody.decode(b.response, url: b.url, hint: hint), url: b.url)
        }
        result.bodies += try await ODataPaging.fetchAll(
            entity: "MeasureCodes", firstURL: entityURL("MeasureCodes"), firstIndex: next(), headers: headers,
            using: fetcher, hint: hint)
        for d in dimensions where d.containsCodes {
            let url = entityURL(d.identifier + "Codes")
            if isSnapshot, d.kind != "TimeDimension",
                Fetch.fileSystemPath(url).map(FileManager.default.fileExists) == false
            {
                result.diagnostics.append(
                    Diagnostic(
                        .note, code: "cbs.codes_absent",
                        "\(table): snapshot has no \(d.identifier)Codes.json; \(d.identifier) codes are not validated",
                        file: url))
                continue
            }
            result.bodies += try await ODataPaging.fetchAll(
                entity: d.identifier + "Codes", firstURL: url, firstIndex: next(), headers: headers, using: fetcher,
                hint: hint)
        }
        // The table's total, for paging ahead (an unfiltered live request returns all of it) and for the count check.
        var tableTotal: Int?
        if let p = result.bodies.first(where: { $0.entity == "Properties" }) {
            tableTotal = try JSONBody.decode(p.response, url: p.url, hint: hint)["ObservationCount"]?.int
        }
        let firstURL = observationsURL(dimensions: dimensions)
        let pages = try await ODataPaging.fetchAllScanned(
            entity: "Observations", firstURL: firstURL, firstIndex: next(), headers: headers, using: fetcher,
            hint: hint, knownTotal: ODataPageChain.totalApplies(toFirstURL: firstURL) ? tableTotal : nil)
        result.bodies += pages.map(\.body)
        // Fail the fetch, not only the parse, when the server declared more rows than arrived (B02/B03): a
        // partial table is never stored as a good response.
        let chain = try ODataPageChain(entity: "Observations", pages: pages.map(\.chainPage), hint: hint)
        result.diagnostics += try chain.verify(
            declared: chain.applicableCount(tableTotal: tableTotal), entity: "Observations", table: table)
        return result
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)``.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        try CBSODataV4Parser(connector: self, bodies: bodies).run()
    }
}

/// One entry of a v4 `Dimensions` entity set.
package struct V4Dimension: Sendable, Hashable {
    /// The column name in Observations (`RegioS`, `Perioden`, `Geslacht`).
    package var identifier: String
    /// `Dimension`, `GeoDimension`, `TimeDimension` (`Kind`).
    package var kind: String
    /// Whether a `<Identifier>Codes` entity set exists (`ContainsCodes`, default true).
    package var containsCodes: Bool

    /// A connector for one v4 table.
    package init(identifier: String, kind: String, containsCodes: Bool = true) {
        self.identifier = identifier
        self.kind = kind
        self.containsCodes = containsCodes
    }

    /// Reads the `value` array of a `Dimensions` page.
    /// - Throws: ``ConnectorError`` `.unexpectedShape` naming the URL and entry.
    package static func list(_ page: JSONValue, url: String) throws(ConnectorError) -> [V4Dimension] {
        guard let rows = page["value"]?.array else {
            throw ConnectorError(.unexpectedShape, "\(url): Dimensions has no \"value\" array", url: url)
        }
        var out: [V4Dimension] = []
        for (i, row) in rows.enumerated() {
            guard let id = row["Identifier"]?.string.map(trim), !id.isEmpty else {
                throw ConnectorError(
                    .unexpectedShape, "\(url): Dimensions entry \(i + 1) has no Identifier", url: url)
            }
            let kind = row["Kind"]?.string ?? "Dimension"
            let codes: Bool
            if case .bool(let b)? = row["ContainsCodes"] { codes = b } else { codes = true }
            out.append(V4Dimension(identifier: id, kind: kind, containsCodes: codes))
        }
        return out
    }
}

/// The measure metadata of CBS tables: v4 `MeasureCodes` (Identifier, Title, Unit, Decimals) or a v3 Topic.
package struct CBSMeasure: Sendable, Hashable {
    /// The measure code (`M001534`, `OpenstaandeVacatures_1`).
    package var code: String
    /// `Title`, trimmed: the observation's `measure_label`.
    package var title: String
    /// `Unit` as CBS writes it (`euro`, `x 1000`, `%`).
    package var unit: String
    /// `Decimals`: the number of decimals CBS publishes.
    package var decimals: Int?

    /// A connector for one v4 table.
    package init(code: String, title: String, unit: String, decimals: Int? = nil) {
        self.code = code
        self.title = title
        self.unit = unit
        self.decimals = decimals
    }
}

/// Reads stored v4 bodies into observations; one instance per parse.
private struct CBSODataV4Parser {
    let connector: CBSODataV4Connector
    let bodies: [StoredBody]
    let hint = JSONBody.cbsVersionHint
    var table: String { connector.table }

    private func isHTTP(_ pages: ODataPages) -> Bool { Fetch.isHTTP(pages.pages.first?.body.url ?? "") }

    func run() throws(ConnectorError) -> ParseResult {
        var diagnostics: [Diagnostic] = []
        var properties: JSONValue?
        if let p = bodies.first(where: { $0.entity == "Properties" }) {
            properties = try JSONBody.decode(p, hint: hint)
        }
        let dimensionPages = try ODataPages(entity: "Dimensions", bodies: bodies, hint: hint)
        var dimensions: [V4Dimension] = []
        for page in dimensionPages.pages {
            dimensions += try V4Dimension.list(.object(["value": .array(page.rows)]), url: page.body.fileName)
        }
        guard let time = dimensions.first(where: { $0.kind == "TimeDimension" }) else {
            throw ConnectorError(
                .unexpectedShape, "\(table): Dimensions names no TimeDimension (\(dimensions.map(\.identifier)))")
        }
        let geo = dimensions.first { $0.kind == "GeoDimension" }
        let others = dimensions.filter { $0.identifier != time.identifier && $0.identifier != geo?.identifier }

        var measures: [String: CBSMeasure] = [:]
        for page in try ODataPages(entity: "MeasureCodes", bodies: bodies, hint: hint).pages {
            for row in page.rows {
                guard let id = row["Identifier"]?.string.map(trim) else { continue }
                measures[id] = CBSMeasure(
                    code: id, title: trim(row["Title"]?.string ?? ""), unit: trim(row["Unit"]?.string ?? ""),
                    decimals: row["Decimals"]?.int)
            }
        }
        var periodStatus: [String: ValueStatus] = [:]
        for page in try ODataPages(entity: time.identifier + "Codes", bodies: bodies, hint: hint).pages {
            for row in page.rows {
                guard let id = row["Identifier"]?.string.map(trim) else { continue }
                periodStatus[id] = ValueStatus(cbsStatus: row["Status"]?.string)
            }
        }
        var codeLists: [String: Set<String>] = [:]
        for d in dimensions where d.identifier != time.identifier {
            guard bodies.contains(where: { $0.entity == d.identifier + "Codes" }) else { continue }
            var set: Set<String> = []
            for page in try ODataPages(entity: d.identifier + "Codes", bodies: bodies, hint: hint).pages {
                for row in page.rows { if let id = row["Identifier"]?.string { set.insert(trim(id)) } }
            }
            codeLists[d.identifier] = set
        }

        try CBSSelectionCheck.requireKnown(
            connector.selection, table: table, measures: Set(measures.keys), regionKey: geo?.identifier,
            codeLists: codeLists)

        let observationPages = try ODataPages(entity: "Observations", bodies: bodies, hint: hint)
        let tableTotal = properties?["ObservationCount"]?.int
        let declared = observationPages.applicableCount(tableTotal: tableTotal)
        if declared == nil, let tableTotal, !isHTTP(observationPages), tableTotal != observationPages.rowCount {
            diagnostics.append(
                Diagnostic(
                    .note, code: "cbs.snapshot_slice",
                    "\(table): the snapshot holds \(observationPages.rowCount) of the \(tableTotal) observations "
                        + "Properties declares (a recorded slice)", file: observationPages.pages.first?.body.fileName))
        }
        diagnostics += try observationPages.verify(declared: declared, entity: "Observations", table: table)
        if let status = properties?["Status"]?.string, status != "Regulier" {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "source.discontinued",
                    "\(table) has Status \"\(status)\" (Properties): CBS no longer updates it; look in the catalogue "
                        + "for its successor (KNOWN-FAULTS B11)"))
        }

        var ledger = LedgerEntry(sourceID: connector.sourceID)
        var observations: [Observation] = []
        var rejects: [Reject] = []
        var unknownCodes: [String: Set<String>] = [:]
        for page in observationPages.pages {
            let body = page.body
            for (i, row) in page.rows.enumerated() {
                let record = i + 1
                ledger.recordsIn += 1
                func reject(_ field: String, _ value: String, _ reason: RejectReason, _ message: String) {
                    rejects.append(
                        Reject(
                            sourceID: connector.sourceID, sourceRowID: body.sourceRowID(record: record),
                            file: body.fileName, line: record, field: field, value: value, reason: reason,
                            message: "\(table) record \(record) (Id \(row["Id"]?.text ?? "?")): \(message)"))
                    ledger.rejected += 1
                }
                guard let measure = row["Measure"]?.string.map(trim), !measure.isEmpty else {
                    reject("Measure", row["Measure"]?.text ?? "", .fieldMissing, "no Measure code")
                    continue
                }
                var codes: [String: String] = [:]
                var missingDimension: String?
                for d in dimensions {
                    guard let c = row[d.identifier]?.string.map(trim), !c.isEmpty else {
                        missingDimension = d.identifier
                        break
                    }
                    codes[d.identifier] = c
                }
                if let missingDimension {
                    reject(
                        missingDimension, row[missingDimension]?.text ?? "", .fieldMissing,
                        "no \(missingDimension) code")
                    continue
                }
                let periodText = codes[time.identifier] ?? ""
                let regio = geo.flatMap { codes[$0.identifier] } ?? ""
                guard
                    connector.selection.wantsMeasure(measure), connector.selection.wantsPeriod(periodText),
                    connector.selection.wantsRegion(regio),
                    others.allSatisfy({ connector.selection.wantsDimension($0.identifier, codes[$0.identifier] ?? "") })
                else {
                    ledger.filtered += 1
                    continue
                }
                let period: PeriodCode
                do {
                    period = try PeriodCode(parsing: periodText)
                } catch {
                    reject(time.identifier, periodText, .periodMalformed, "\(error.message)")
                    continue
                }
                guard let status = periodStatus[periodText] else {
                    reject(
                        time.identifier, periodText, .periodUnknownCode,
                        "period \(periodText) is not in \(time.identifier)Codes, so its status (definitief/voorlopig) "
                            + "is unknown; fetch the table again")
                    continue
                }
                guard let meta = measures[measure] else {
                    reject(
                        "Measure", measure, .measureUnknownCode,
                        "measure \(measure) is not in MeasureCodes (no label or unit); fetch the table again")
                    continue
                }
                let attributeText = row["ValueAttribute"]?.string
                guard let attribute = ValueAttribute(v4: attributeText) else {
                    reject(
                        "ValueAttribute", attributeText ?? "", .valueAttributeUnknown,
                        "ValueAttribute \"\(attributeText ?? "")\" is not one CBS defines (None, Impossible, "
                            + "Confidential, NotAvailable, Missing); the cell is not used")
                    continue
                }
                let value: Double?
                switch (row["Value"] ?? .null, attribute) {
                case (.number(let v), .none):
                    guard let accepted = NumericRange.accepted(v) else {
                        reject(
                            "Value", JSONValue.number(v).text, .valueOutOfRange,
                            "Value \(JSONValue.number(v).text) \(NumericRange.problem(v) ?? "is refused"); "
                                + "the cell is not used")
                        continue
                    }
                    value = accepted
                case (.null, .none):
                    reject(
                        "Value", "null", .valueMissingWithoutAttribute,
                        "Value is null while ValueAttribute is None: a missing value without a reason is never "
                            + "taken as 0 or as missing; report it to CBS (infoservice@cbs.nl)")
                    continue
                case (.null, _):
                    value = nil
                case (let other, .none):
                    reject("Value", other.text, .valueNotANumber, "Value \(other.text) is not a number")
                    continue
                case (let other, _):
                    reject(
                        "Value", other.text, .valueConflictingAttribute,
                        "Value \(other.text) comes with ValueAttribute \(attributeText ?? ""); a cell is either a "
                            + "value or missing")
                    continue
                }
                for d in dimensions where d.identifier != time.identifier {
                    if let list = codeLists[d.identifier], let c = codes[d.identifier], !list.contains(c) {
                        unknownCodes[d.identifier, default: []].insert(c)
                    }
                }
                let dims = others.map { "\($0.identifier)=\(codes[$0.identifier] ?? "")" }.joined(separator: ";")
                observations.append(
                    Observation(
                        sourceID: connector.sourceID, dataset: table, measure: measure, measureLabel: meta.title,
                        unit: meta.unit, regio: regio, kvkNumber: "", periodCode: period.code,
                        periodStart: period.start, periodEnd: period.end, value: value, valueStatus: status,
                        valueAttribute: attribute, sourceRowID: body.sourceRowID(record: record), dimensions: dims))
                ledger.recordsOut += 1
                ledger.observations += 1
            }
        }
        return CBSSelectionCheck.result(
            table: table, observations: observations, rejects: rejects, ledger: ledger, diagnostics: diagnostics,
            unknownCodes: unknownCodes
        ) { key, n in "\(n) \(key) code(s) in Observations are not in \(key)Codes" }
    }
}
