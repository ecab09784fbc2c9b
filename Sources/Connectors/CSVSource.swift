import CSVCodec
import Fetching
import Foundation
import ImpactModel

/// The URLs of a file source: one URL, or one per quarter when the URL holds `{quarter}` (`impact-{quarter}.csv`
/// → `impact-2026Q3.csv`). The connector expands the template itself from the quarters the pipeline passes
/// (`first_quarter` up to the run's period), so fetch and parse agree on which file is which quarter.
package struct FileSourceURLs: Sendable, Hashable {
    /// The placeholder replaced by the report form of a quarter (`2026Q3`).
    package static let quarterPlaceholder = "{quarter}"

    /// The URL as written in the pipeline file, absolute, possibly with `{quarter}`.
    package let template: String
    /// The quarters to expand for; ignored when the template has no placeholder.
    package let quarters: [Quarter]

    /// - Throws: ``ConnectorError`` `.parameter` when the template has `{quarter}` but no quarters are given.
    package init(template: String, quarters: [Quarter]) throws(ConnectorError) {
        if template.contains(Self.quarterPlaceholder) && quarters.isEmpty {
            throw ConnectorError(
                .parameter,
                "url \"\(template)\" contains {quarter} but no quarters were given; set `first_quarter:` in the source")
        }
        self.template = template
        self.quarters = quarters
    }

    /// Whether the template is expanded per quarter.
    package var isPerQuarter: Bool { template.contains(Self.quarterPlaceholder) }

    /// Each URL with its quarter (`nil` for a single URL), in quarter order.
    package var expanded: [(url: String, quarter: Quarter?)] {
        guard isPerQuarter else { return [(template, nil)] }
        return quarters.sorted().map { q in
            (template.replacingOccurrences(of: Self.quarterPlaceholder, with: q.description), q)
        }
    }

    /// The file name for the `index`-th body: `NNN-<last path segment>` (`001-impact-2026Q3.csv`).
    static func fileName(index: Int, url: String, defaultExtension: String) -> String {
        var path = Substring(Secrets.mask(url))  // a secret in the path never names a stored file
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<q] }
        var last = path.split(separator: "/").last.map(String.init) ?? "body"
        last = String(last.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        var base = last
        var ext = defaultExtension
        if let dot = last.lastIndex(of: "."), dot != last.startIndex {
            base = String(last[..<dot])
            ext = String(last[last.index(after: dot)...])
        }
        return StoredBody.fileName(index: index, entity: base, extension: ext.isEmpty ? defaultExtension : ext)
    }

    /// Fetches every URL. A per-quarter file that is absent (HTTP 404 or no file) is a warning: that quarter's
    /// returns were not delivered; a single URL that is absent is an error.
    func fetch(
        sourceID: String, defaultExtension: String, using fetcher: any HTTPFetching,
        check: (HTTPResponse, String) throws(ConnectorError) -> Void
    ) async throws(ConnectorError) -> FetchResult {
        var result = FetchResult()
        for (url, quarter) in expanded {
            let request = HTTPRequest(url: url)
            let response: HTTPResponse
            if let quarter {
                switch try await Fetch.getAllowingNotFound(request, using: fetcher) {
                case .found(let r): response = r
                case .notFound(let status):
                    result.diagnostics.append(
                        Diagnostic(
                            .warning, code: "source.file_absent",
                            "source \(sourceID): no file for \(quarter) at \(url) ("
                                + (status.map { "HTTP \($0)" } ?? "file not found") + ")"))
                    continue
                }
            } else {
                response = try await Fetch.get(request, using: fetcher)
            }
            try check(response, url)
            result.bodies.append(
                FetchedBody(
                    url: url,
                    fileName: Self.fileName(
                        index: result.bodies.count + 1, url: url, defaultExtension: defaultExtension),
                    response: response))
        }
        if result.bodies.isEmpty {
            throw ConnectorError(
                .httpStatus, "source \(sourceID): none of \(expanded.count) file(s) of \(template) exists",
                url: template)
        }
        return result
    }

    /// The quarter a stored body belongs to (by its URL).
    func quarter(of body: StoredBody) -> Quarter? {
        expanded.first { $0.url == body.url || Secrets.mask($0.url) == body.url }?.quarter
    }
}

/// A CSV file (or one per quarter) by URL, read with `CSVCodec.CSVReader` into ``SourceTable``s.
///
/// Mapping columns to canonical measures is the Normalization module's job (`record: impact_return` …);
/// this connector only guarantees that the table is read intact: BOM removed from the first header, `;` or `,`
/// detected, CRLF or LF, quoted fields with embedded line breaks (RFC 4180).
package struct CSVSourceConnector: SourceConnector {
    /// The pipeline source id (`cbs-bijstand`), written into every observation, reject and ledger entry.
    package let sourceID: String
    /// The file URL(s), one per quarter for a `{quarter}` template.
    package let urls: FileSourceURLs
    /// Reader options (delimiter, encoding); detection by default.
    package let options: CSVReadOptions

    /// Creates the value from its parts.
    package init(sourceID: String, urls: FileSourceURLs, options: CSVReadOptions = CSVReadOptions()) {
        self.sourceID = sourceID
        self.urls = urls
        self.options = options
    }

    /// Issues the request plan described on the type; see ``SourceConnector/fetch(using:)``.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        try await urls.fetch(sourceID: sourceID, defaultExtension: "csv", using: fetcher) {
            (response: HTTPResponse, url: String) throws(ConnectorError) in
            try Self.rejectMarkup(response.body, mediaType: response.mediaType, url: url)
        }
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)``.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        let mine = bodies.sorted { $0.sequence < $1.sequence }
        guard !mine.isEmpty else {
            throw ConnectorError(.missingBody, "source \(sourceID): no stored CSV body; run fetch again")
        }
        var tables: [SourceTable] = []
        for body in mine {
            tables.append(try Self.table(from: body, quarter: urls.quarter(of: body), options: options))
        }
        return ParseResult(output: .tables(tables))
    }

    /// Reads one stored CSV body.
    /// - Throws: ``ConnectorError`` `.notJSON`-style `.csv` error when the body is an HTML page, or the CSV reader's
    ///   error (file, line, what to fix).
    package static func table(from body: StoredBody, quarter: Quarter?, options: CSVReadOptions = CSVReadOptions())
        throws(ConnectorError) -> SourceTable
    {
        try rejectMarkup(body.data, mediaType: body.mediaType, url: "\(body.fileName) (\(body.url))")
        do {
            let table = try CSVReader.read(body.data, file: body.fileName, options: options)
            return SourceTable(
                fileName: body.fileName, url: body.url, sha256: body.sha256, quarter: quarter, table: table)
        } catch {
            throw ConnectorError(.csv, "\(SystemErrorText.describe(error)) (\(body.url))", url: body.url)
        }
    }

    /// An HTML or XML page served where a CSV file was expected (a portal's error or login page).
    static func rejectMarkup(_ data: Data, mediaType: String?, url: String) throws(ConnectorError) {
        let head = String(decoding: data.prefix(256), as: UTF8.self).lowercased()
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if mediaType == "text/html" || head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
            || head.hasPrefix("<?xml")
        {
            throw ConnectorError(
                .csv,
                "\(url): expected a CSV file, got \(mediaType ?? "markup") (\(data.count) bytes) — an error or login "
                    + "page; check the URL", url: url)
        }
    }
}

/// A JSON document (or one per quarter) by URL, decoded into ``SourceDocument``s.
package struct JSONSourceConnector: SourceConnector {
    /// The pipeline source id (`cbs-bijstand`), written into every observation, reject and ledger entry.
    package let sourceID: String
    /// The file URL(s), one per quarter for a `{quarter}` template.
    package let urls: FileSourceURLs

    /// Creates the value from its parts.
    package init(sourceID: String, urls: FileSourceURLs) {
        self.sourceID = sourceID
        self.urls = urls
    }

    /// Issues the request plan described on the type; see ``SourceConnector/fetch(using:)``.
    package func fetch(using fetcher: any HTTPFetching) async throws(ConnectorError) -> FetchResult {
        try await urls.fetch(sourceID: sourceID, defaultExtension: "json", using: fetcher) {
            (response: HTTPResponse, url: String) throws(ConnectorError) in
            _ = try JSONBody.decode(response, url: url)
        }
    }

    /// Reads the stored bodies back; see ``SourceConnector/parse(_:)``.
    package func parse(_ bodies: [StoredBody]) throws(ConnectorError) -> ParseResult {
        let mine = bodies.sorted { $0.sequence < $1.sequence }
        guard !mine.isEmpty else {
            throw ConnectorError(.missingBody, "source \(sourceID): no stored JSON body; run fetch again")
        }
        var docs: [SourceDocument] = []
        for body in mine {
            docs.append(
                SourceDocument(
                    fileName: body.fileName, url: body.url, sha256: body.sha256, quarter: urls.quarter(of: body),
                    json: try JSONBody.decode(body)))
        }
        return ParseResult(output: .documents(docs))
    }
}
