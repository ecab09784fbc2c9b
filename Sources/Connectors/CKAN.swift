import CSVCodec
import Fetching
import Foundation
import ImpactModel
import JSONCodec

/// A CKAN portal's dataset resource (`package_show` → the resource chosen by name and format → its file).
///
/// Source: CKAN API documentation, Action API v3 (`/api/3/action/package_show?id=…` returns
/// `{"success": true, "result": {"resources": [{"id", "name", "format", "url", "mimetype"}]}}`).
/// The resource is found by dataset + resource name (+ format) on every run, never by a pinned URL, because portal
/// maintenance changes resource ids and may rewrite the file name to `__` (KNOWN-FAULTS B13); the file is parsed by
/// the resource's `format` (or the reply's Content-Type), never by the URL suffix.
package struct CKANResourceConnector: SourceConnector {
    /// The pipeline source id (`cbs-bijstand`), written into every observation, reject and ledger entry.
    package let sourceID: String
    /// The portal root (`https://data.overheid.nl/data`), or a `file://` snapshot directory holding
    /// `package_show.json`.
    package let portalURL: String
    /// The dataset's name or id (`sociale-ondernemingen-gemeente-x`).
    package let dataset: String
    /// The resource's `name` as the portal shows it (`Register sociale ondernemingen`), compared trimmed and
    /// case-insensitively.
    package let resourceName: String
    /// The resource's `format` (`CSV`, `JSON`), to choose between resources of the same name; `nil` = any.
    package let format: String?
    /// A resource id remembered from an earlier run (or from a pinned download URL), only to report a change.
    package let pinnedResourceID: String?

    /// Creates the value from its parts.
    package init(
        sourceID: String, portalURL: String, dataset: String, resourceName: String, format: String? = nil,
        pinnedResourceID: String? = nil
    ) {
        self.sourceID = sourceID
        self.portalURL = portalURL
        self.dataset = dataset
        self.resourceName = resourceName
        self.format = format
        self.pinnedResourceID = pinnedResourceID
    }

    /// The resource id in a CKAN download URL (`…/resource/1111aaaa/download/register.csv` → `1111aaaa`).
    package static func resourceID(inURL url: String) -> String? {
        let parts = url.split(separator: "/")
        guard let i = parts.firstIndex(of: "resource"), i + 1 < parts.count else { return nil }
        return String(parts[i + 1])
    }

    /// The `package_show` URL (`<portal>/api/3/action/package_show?id=<dataset>`; snapshot: `package_show.json`).
    package var packageShowURL: String {
        Fetch.isHTTP(portalURL)
            ? Fetch.join(portalURL, "api/3/action/package_show?id=" + Fetch.encodeQueryValue(dataset))
            : Fetch.join(portalURL, "package_show.json")
    }

    /// A resource of a `package_show` result.
    package struct Resource: Sendable, Hashable {
        /// The resource `id` (changes when a portal is maintained, KNOWN-FAULTS B13).
        package var id: String
        /// The resource `name`, trimmed.
        package var name: String
        /// The resource `format` (`CSV`, `JSON`), trimmed.
        package var format: String
        /// The download URL (may end in `__`; never used to guess the format).
        package var url: String
        /// The resource `mimetype`, if the portal filled it in.
        package var mimetype: String?
    }

    /// Chooses the one resource named ``resourceName`` (and of ``format``, when set).
    /// - Throws: ``ConnectorError`` `.resourceNotFound` listing the names there are, or `.ambiguousResource`
    ///   listing the ids of every match (the run never takes the first of several).
    package func chooseResource(in packageShow: JSONValue, url: String) throws(ConnectorError) -> Resource {
        if let err = Fetch.serverErrorObject(packageShow) {
            throw ConnectorError(
                .serverError,
                "\(url): package_show of \"\(dataset)\" failed, the portal answered \(err); check `dataset:`",
                url: url)
        }
        guard let list = packageShow["result"]?["resources"]?.array else {
            throw ConnectorError(
                .unexpectedShape, "\(url): package_show of \"\(dataset)\" has no result.resources; check `dataset:`",
                url: url)
        }
        let resources = list.map { r in
            Resource(
                id: r["id"]?.string ?? "", name: trim(r["name"]?.string ?? ""),
                format: trim(r["format"]?.string ?? ""), url: r["url"]?.string ?? "", mimetype: r["mimetype"]?.string)
        }
        let wanted = trim(resourceName).lowercased()
        let matches = resources.filter { r in
            r.name.lowercased() == wanted && (format.map { r.format.lowercased() == $0.lowercased() } ?? true)
        }
        guard matches.count <= 1 else {
            throw ConnectorError(
                .ambiguousResource,
                "dataset \(dataset): \(matches.count) resources are named \"\(resourceName)\""
                    + (format.map { " with format \($0)" } ?? "")
                    + " (ids \(matches.map(\.id).joined(separator: ", ")));"
                    + " set `format:` or ask the portal to rename one", url: url)
        }
        guard let match = matches.first else {
            throw ConnectorError(
                .resourceNotFound,
                "dataset \(dataset) has no resource named \"\(resourceName)\"" + (format.map { " (\($0))" } ?? "")
                    + "; its resources are: "
                    + resources.map { "\"\($0.name)\" (\($0.format))" }.joined(separator: ", "),
                url: url)
        }
        return match
    }

    /// Issues the request plan described on the type; see ``SourceConnector/fetch(using:)``.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        var result = FetchResult()
        let showURL = packageShowURL
        let show = try await Fetch.get(
            HTTPRequest(url: showURL, headers: ["Accept": "application/json"]), using: fetcher)
        let json = try JSONBody.decode(show, url: showURL)
        result.bodies.append(
            FetchedBody(url: showURL, fileName: StoredBody.fileName(index: 1, entity: "package_show"), response: show))
        let resource = try chooseResource(in: json, url: showURL)
        if let pinned = pinnedResourceID, pinned != resource.id {
            result.diagnostics.append(
                Diagnostic(
                    .warning, code: "ckan.resource_id_changed",
                    "resource id changed \(pinned) → \(resource.id) (dataset \(dataset), resource \"\(resource.name)\"); "
                        + "update the pinned id if you keep one"))
        }
        let url = URIReference.resolve(resource.url, against: showURL)
        let response = try await Fetch.get(HTTPRequest(url: url), using: fetcher)
        let ext = Self.fileExtension(format: resource.format, mediaType: response.mediaType)
        result.bodies.append(
            FetchedBody(
                url: url, fileName: StoredBody.fileName(index: 2, entity: "resource", extension: ext),
                response: response))
        return result
    }

    /// How a resource body is read.
    package enum BodyFormat: String, Sendable { case csv, json }

    /// The body format from the resource's `format`, else its media type; never from the URL.
    package static func bodyFormat(format: String, mediaType: String?) -> BodyFormat? {
        switch format.lowercased() {
        case "csv", "text/csv": return .csv
        case "json", "application/json", "geojson": return .json
        default: break
        }
        switch mediaType {
        case "text/csv", "application/csv", "text/comma-separated-values": return .csv
        case .some(let m) where m == "application/json" || m.hasSuffix("+json"): return .json
        default: return nil
        }
    }

    static func fileExtension(format: String, mediaType: String?) -> String {
        bodyFormat(format: format, mediaType: mediaType)?.rawValue ?? "bin"
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)``.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        guard let showBody = bodies.first(where: { $0.entity == "package_show" }) else {
            throw ConnectorError(.missingBody, "source \(sourceID): no stored package_show body; run fetch again")
        }
        let resource = try chooseResource(in: try JSONBody.decode(showBody), url: showBody.url)
        guard let body = bodies.first(where: { $0.entity == "resource" }) else {
            throw ConnectorError(.missingBody, "source \(sourceID): no stored resource body; run fetch again")
        }
        guard let kind = Self.bodyFormat(format: resource.format, mediaType: body.mediaType ?? resource.mimetype) else {
            throw ConnectorError(
                .unexpectedShape,
                "\(body.fileName) (\(body.url)): resource \"\(resource.name)\" has format \"\(resource.format)\" and "
                    + "Content-Type \(body.mediaType ?? "none"); only CSV and JSON resources are read", url: body.url)
        }
        switch kind {
        case .csv:
            return ParseResult(output: .tables([try CSVSourceConnector.table(from: body, quarter: nil)]))
        case .json:
            let json = try JSONBody.decode(body)
            return ParseResult(
                output: .documents([
                    SourceDocument(
                        fileName: body.fileName, url: body.url, sha256: body.sha256, quarter: nil, json: json)
                ]))
        }
    }
}

/// CKAN `package_search`, paged with `rows` and `start` (KNOWN-FAULTS B12).
///
/// Source: CKAN Action API v3 `package_search` (`rows` defaults to 10 and is capped by the site setting
/// `ckan.search.rows_max`, 1000 by default; `result.count` is the total). The client asks for ``rows`` per page,
/// advances `start` by the number of results actually returned (a server may cap lower), stops when `count` is
/// reached, and treats an empty page before `count` as an error, not as the end of the list.
package struct CKANPackageSearchConnector: SourceConnector {
    /// The pipeline source id (`cbs-bijstand`), written into every observation, reject and ledger entry.
    package let sourceID: String
    /// The portal root (`https://data.overheid.nl/data`) or a `file://` snapshot directory.
    package let portalURL: String
    /// The Solr query (`q`), e.g. `organization:gemeente-haarlem`.
    package let query: String
    /// Results asked for per page (CKAN's default cap is 1000).
    package let rows: Int
    /// A bound on pages against a server that never reaches `count`.
    package let maxPages: Int

    /// Creates the value from its parts.
    package init(sourceID: String, portalURL: String, query: String, rows: Int = 1000, maxPages: Int = 1000) {
        self.sourceID = sourceID
        self.portalURL = portalURL
        self.query = query
        self.rows = rows
        self.maxPages = maxPages
    }

    /// `<portal>/api/3/action/package_search?q=…&rows=…&start=…`.
    package func pageURL(start: Int) -> String {
        Fetch.join(portalURL, "api/3/action/package_search") + "?q=" + Fetch.encodeQueryValue(query)
            + "&rows=\(rows)&start=\(start)"
    }

    /// Issues the request plan described on the type; see ``SourceConnector/fetch(using:)``.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        var result = FetchResult()
        var start = 0
        var count: Int?
        repeat {
            guard result.bodies.count < maxPages else {
                throw ConnectorError(
                    .pagingLoop, "package_search \"\(query)\": \(maxPages) pages without reaching count \(count ?? 0)")
            }
            let url = pageURL(start: start)
            let response = try await Fetch.get(
                HTTPRequest(url: url, headers: ["Accept": "application/json"]), using: fetcher)
            let page = try Self.page(try JSONBody.decode(response, url: url), url: url)
            if count == nil { count = page.count }
            result.bodies.append(
                FetchedBody(
                    url: url, fileName: StoredBody.fileName(index: result.bodies.count + 1, entity: "package_search"),
                    response: response))
            guard !page.ids.isEmpty || start >= page.count else {
                throw ConnectorError(
                    .emptyPage,
                    "package_search \"\(query)\": an empty page at start=\(start) before count \(page.count) was "
                        + "reached; the list would be truncated — fetch again", url: url)
            }
            start += page.ids.count
        } while start < (count ?? 0)
        return result
    }

    /// One page: `result.count` and the `id` of each result.
    static func page(_ json: JSONValue, url: String) throws(ConnectorError) -> (count: Int, ids: [String]) {
        if let err = Fetch.serverErrorObject(json) {
            throw ConnectorError(.serverError, "\(url): package_search failed, the portal answered \(err)", url: url)
        }
        guard let count = json["result"]?["count"]?.int, let results = json["result"]?["results"]?.array else {
            throw ConnectorError(
                .unexpectedShape, "\(url): package_search reply has no result.count/result.results", url: url)
        }
        return (count, results.compactMap { $0["id"]?.string ?? $0["name"]?.string })
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)``.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        let pages = bodies.filter { $0.entity == "package_search" }.sorted { $0.sequence < $1.sequence }
        guard !pages.isEmpty else {
            throw ConnectorError(.missingBody, "source \(sourceID): no stored package_search page; run fetch again")
        }
        var ids: [String] = []
        var seen: Set<String> = []
        var declared = 0
        var duplicates = 0
        for (i, body) in pages.enumerated() {
            let page = try Self.page(try JSONBody.decode(body), url: body.url)
            if i == 0 { declared = page.count }
            for id in page.ids {
                if seen.insert(id).inserted { ids.append(id) } else { duplicates += 1 }
            }
        }
        guard ids.count == declared else {
            throw ConnectorError(
                .countMismatch,
                "package_search \"\(query)\": \(ids.count) unique datasets collected over \(pages.count) page(s) "
                    + "(\(duplicates) repeated) but the portal declares count \(declared); the catalogue changed "
                    + "while paging or pages were lost — fetch again")
        }
        return ParseResult(output: .datasetIDs(ids))
    }
}
