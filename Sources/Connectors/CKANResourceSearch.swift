import CSVCodec
import Fetching
import Foundation
import ImpactModel
import JSONCodec

/// CKAN `package_search` whose results are not a dead end: from every dataset found, the resources chosen by name,
/// format and date are downloaded and read (`connector: ckan` with `query:` and `resource_name:` and/or `format:`).
///
/// Source: CKAN Action API v3 — `package_search` returns full dataset dicts, each with `resources: [{id, name,
/// format, url, created, last_modified}]` (`last_modified` is null until the file changes after upload; then
/// `created` holds the upload time). Paging as ``CKANPackageSearchConnector`` (KNOWN-FAULTS B12).
///
/// Selection, the same at fetch and at parse (so parse needs no network): a resource matches when its `name`
/// matches ``resourceName`` (compared trimmed and case-insensitively; `*` matches any run of characters) and its
/// `format` equals ``format`` (case-insensitively), each when given. With ``newestOnly`` only the match with the
/// latest date (`last_modified`, else `created`; ISO 8601 text compared as text) over all datasets is kept — "the
/// latest export of the subsidy register"; ties are an error naming the resource ids (the run never picks one of two
/// at random). No match is an error listing what the datasets offer.
package struct CKANResourceSearchConnector: SourceConnector {
    /// The pipeline source id.
    package let sourceID: String
    /// The portal root.
    package let portalURL: String
    /// The `package_search` query (`q`).
    package let query: String
    /// `resource_name`: a name, or a pattern with `*`.
    package let resourceName: String?
    /// `format` (`CSV`, `JSON`).
    package let format: String?
    /// `select: newest`: keep only the newest matching resource.
    package let newestOnly: Bool

    /// Creates the value from its parts.
    package init(
        sourceID: String, portalURL: String, query: String, resourceName: String?, format: String?, newestOnly: Bool
    ) {
        self.sourceID = sourceID
        self.portalURL = portalURL
        self.query = query
        self.resourceName = resourceName
        self.format = format
        self.newestOnly = newestOnly
    }

    /// A resource of a search result, with its dataset.
    package struct Found: Sendable, Hashable {
        package var dataset: String
        package var resource: CKANResourceConnector.Resource
        /// `last_modified`, else `created` (ISO 8601 text), else empty.
        package var date: String
    }

    private var search: CKANPackageSearchConnector {
        CKANPackageSearchConnector(sourceID: sourceID, portalURL: portalURL, query: query)
    }

    /// Whether `name` matches the pattern (trimmed, case-insensitive, `*` = any run of characters).
    package static func matches(_ name: String, pattern: String) -> Bool {
        let n = Array(trim(name).lowercased())
        let p = Array(trim(pattern).lowercased())
        var memo: [Int: Bool] = [:]
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let m = memo[key] { return m }
            let r: Bool
            if j == p.count {
                r = i == n.count
            } else if p[j] == "*" {
                r = go(i, j + 1) || (i < n.count && go(i + 1, j))
            } else {
                r = i < n.count && n[i] == p[j] && go(i + 1, j + 1)
            }
            memo[key] = r
            return r
        }
        return go(0, 0)
    }

    /// The resources chosen from the search pages (see the type's notes).
    /// - Throws: ``ConnectorError`` `.resourceNotFound` (naming what there is) or `.ambiguousResource` (a tie for
    ///   the newest).
    package func select(pages: [JSONValue], url: String) throws(ConnectorError) -> [Found] {
        var all: [Found] = []
        for page in pages {
            for dataset in page["result"]?["results"]?.array ?? [] {
                let name = dataset["name"]?.string ?? dataset["id"]?.string ?? ""
                for r in dataset["resources"]?.array ?? [] {
                    let resource = CKANResourceConnector.Resource(
                        id: r["id"]?.string ?? "", name: trim(r["name"]?.string ?? ""),
                        format: trim(r["format"]?.string ?? ""), url: r["url"]?.string ?? "",
                        mimetype: r["mimetype"]?.string)
                    let date = r["last_modified"]?.string ?? r["created"]?.string ?? ""
                    all.append(Found(dataset: name, resource: resource, date: date))
                }
            }
        }
        let chosen = all.filter { f in
            (resourceName.map { Self.matches(f.resource.name, pattern: $0) } ?? true)
                && (format.map { f.resource.format.lowercased() == $0.lowercased() } ?? true)
        }
        guard !chosen.isEmpty else {
            throw ConnectorError(
                .resourceNotFound,
                "package_search \"\(query)\": no resource named \"\(resourceName ?? "*")\""
                    + (format.map { " with format \($0)" } ?? "") + " in \(Set(all.map(\.dataset)).count) dataset(s); "
                    + "they offer: "
                    + all.prefix(10).map { "\"\($0.resource.name)\" (\($0.resource.format))" }
                    .joined(separator: ", "), url: url)
        }
        guard newestOnly else { return chosen }
        let newest = chosen.map(\.date).max() ?? ""
        let top = chosen.filter { $0.date == newest }
        guard top.count == 1 else {
            throw ConnectorError(
                .ambiguousResource,
                "package_search \"\(query)\": \(top.count) matching resources share the newest date \"\(newest)\" "
                    + "(ids \(top.map(\.resource.id).joined(separator: ", "))); narrow `resource_name:` or `query:`",
                url: url)
        }
        return top
    }

    /// The search pages, then every chosen resource (`NNN-resource.<csv|json>`).
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        var result = try await search.fetch(using: fetcher)
        var pages: [JSONValue] = []
        for b in result.bodies { pages.append(try JSONBody.decode(b.response, url: b.url)) }
        let chosen = try select(pages: pages, url: search.pageURL(start: 0))
        for f in chosen {
            let url = URIReference.resolve(f.resource.url, against: portalURL)
            let response = try await Fetch.get(HTTPRequest(url: url), using: fetcher)
            let ext = CKANResourceConnector.fileExtension(format: f.resource.format, mediaType: response.mediaType)
            result.bodies.append(
                FetchedBody(
                    url: url,
                    fileName: StoredBody.fileName(index: result.bodies.count + 1, entity: "resource", extension: ext),
                    response: response))
        }
        return result
    }

    /// Reads every chosen resource: CSV into tables, JSON into documents; a note names each with its dataset.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        let pageBodies = bodies.filter { $0.entity == "package_search" }.sorted { $0.sequence < $1.sequence }
        guard !pageBodies.isEmpty else {
            throw ConnectorError(.missingBody, "source \(sourceID): no stored package_search page; run fetch again")
        }
        var pages: [JSONValue] = []
        for b in pageBodies { pages.append(try JSONBody.decode(b)) }
        let chosen = try select(pages: pages, url: pageBodies[0].url)
        var tables: [SourceTable] = []
        var documents: [SourceDocument] = []
        var diagnostics: [Diagnostic] = []
        for f in chosen {
            let url = URIReference.resolve(f.resource.url, against: portalURL)
            guard let body = bodies.first(where: { $0.entity == "resource" && $0.url == url }) else {
                throw ConnectorError(
                    .missingBody,
                    "source \(sourceID): resource \(f.resource.id) (\(url)) was not fetched; run fetch again")
            }
            switch CKANResourceConnector.bodyFormat(format: f.resource.format, mediaType: body.mediaType) {
            case .csv?: tables.append(try CSVSourceConnector.table(from: body, quarter: nil))
            case .json?:
                documents.append(
                    SourceDocument(
                        fileName: body.fileName, url: body.url, sha256: body.sha256, quarter: nil,
                        json: try JSONBody.decode(body)))
            case nil:
                throw ConnectorError(
                    .unexpectedShape,
                    "\(body.fileName): resource \"\(f.resource.name)\" has format \"\(f.resource.format)\"; only CSV and "
                        + "JSON resources are read", url: body.url)
            }
            diagnostics.append(
                Diagnostic(
                    .note, code: "ckan.resource_selected",
                    "dataset \(f.dataset): resource \"\(f.resource.name)\" (\(f.resource.format), \(f.date.isEmpty ? "no date" : f.date), id \(f.resource.id)) → \(body.fileName)"
                ))
        }
        if !tables.isEmpty && !documents.isEmpty {
            throw ConnectorError(
                .unexpectedShape, "source \(sourceID): the chosen resources mix CSV and JSON; set `format:`")
        }
        return ParseResult(
            output: documents.isEmpty ? .tables(tables) : .documents(documents), diagnostics: diagnostics)
    }
}
