import Foundation
import ImpactModel

/// Where the requests of one source may go (issue 15, item 2): links taken from response bodies
/// (`@odata.nextLink`, CKAN resource URLs) and redirects are followed only when they stay here.
///
/// - An `http(s)` link is followed when it has the source's own scheme, host and port, or when its host is listed
///   in the source's `allow_hosts` (then over `https`, or over the source's own scheme).
/// - A `file://` link is followed only for a source declared as a file, and only below the folder of that file
///   (so a snapshot's relative `odata.nextLink` works, while `file:///etc/passwd` in a body is refused). A redirect
///   never leads to `file://` (libcurl `CURLOPT_REDIR_PROTOCOLS_STR`, and the client follows only `http(s)`).
/// - Every other scheme is refused.
///
/// A refused link is a ``FetchError`` of kind ``FetchError/Kind/refusedLink`` naming the source and the link.
package struct LinkScope: Sendable, Hashable {
    /// The pipeline source id, named in every refusal.
    package var sourceID: String
    /// The source's scheme (`https`, `http` or `file`), lower-cased.
    package var scheme: String
    /// The source's host, lower-cased (empty for `file`).
    package var host: String
    /// The source's port (the scheme's default when the URL has none); nil for `file`.
    package var port: Int?
    /// Further hosts the source's links and redirects may go to (`allow_hosts`), lower-cased.
    package var allowHosts: Set<String>
    /// For a `file` source: the folder (standardised absolute path, ending in `/`) its links must stay under.
    package var fileRoot: String?

    /// The scope of a source whose (first) URL is `sourceURL`.
    /// - Parameter sourceURL: the source's URL as configured; `{quarter}` / `{kvk_number}` placeholders may remain.
    package init(sourceID: String, sourceURL: String, allowHosts: [String] = []) {
        self.sourceID = sourceID
        let template = sourceURL.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
        let c = URLComponents(string: template)
        let scheme = c?.scheme?.lowercased() ?? (template.lowercased().hasPrefix("file://") ? "file" : "")
        self.scheme = scheme
        self.host = c?.host?.lowercased() ?? ""
        self.port = scheme == "file" ? nil : (c?.port ?? Self.defaultPort(scheme))
        self.allowHosts = Set(allowHosts.map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
        if scheme == "file" {
            // The folder above the first placeholder: `returns/{quarter}/impact.csv` may read any quarter's folder.
            let fixed = sourceURL.firstIndex(of: "{").map { String(sourceURL[..<$0]) + "x" } ?? template
            let path = Self.filePath(fixed)
            let folder = (path as NSString).deletingLastPathComponent
            let standard = URL(fileURLWithPath: folder).standardizedFileURL.path
            self.fileRoot = standard.hasSuffix("/") ? standard : standard + "/"
        } else {
            self.fileRoot = nil
        }
    }

    /// The decoded path of a `file://` URL (also one with characters URLComponents refuses, such as spaces).
    private static func filePath(_ url: String) -> String {
        if let c = URLComponents(string: url) { return c.percentEncodedPath.removingPercentEncoding ?? c.path }
        var rest = Substring(url.dropFirst("file://".count))
        if !rest.hasPrefix("/"), let slash = rest.firstIndex(of: "/") { rest = rest[slash...] }
        if let q = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<q] }
        return String(rest).removingPercentEncoding ?? String(rest)
    }

    private static func defaultPort(_ scheme: String) -> Int? {
        switch scheme {
        case "https": 443
        case "http": 80
        default: nil
        }
    }

    /// Why `url` may not be requested for this source, or nil when it may.
    package func refusal(_ url: String) -> String? {
        if url.lowercased().hasPrefix("file:") {
            guard scheme == "file", let fileRoot else {
                return "file:// links are followed only for sources declared as files; this source is \(scheme)://"
            }
            let host = URLComponents(string: url)?.host ?? ""
            let standard = URL(fileURLWithPath: Self.filePath(url)).standardizedFileURL.path
            guard standard.hasPrefix(fileRoot), host.isEmpty || host == "localhost" else {
                return "it leaves the source's folder \(fileRoot)"
            }
            return nil
        }
        guard let c = URLComponents(string: url), let s = c.scheme?.lowercased() else {
            return "it is not an absolute URL"
        }
        switch s {
        case "http", "https":
            let h = c.host?.lowercased() ?? ""
            let p = c.port ?? Self.defaultPort(s)
            if s == scheme && h == host && p == port { return nil }
            if allowHosts.contains(h) && (s == "https" || s == scheme) { return nil }
            if h == host && scheme == "https" && s == "http" { return "it leaves https for http" }
            if scheme == "file" { return "a source declared as a file follows no http(s) links" }
            return "host \(h)\(c.port.map { ":\($0)" } ?? "") is not the source's host "
                + "(\(host)\(port.map { ":\($0)" } ?? "")) and not listed in its allow_hosts"
        default:
            return "scheme \(s) is never followed"
        }
    }

    /// Throws when `url` may not be requested.
    /// - Parameter what: what the URL is (`link`, `redirect to`), for the message.
    /// - Throws: ``FetchError`` `.refusedLink` naming the source, the (masked) link and the reason.
    package func check(_ url: String, what: String = "link", attempts: Int = 0) throws(FetchError) {
        guard let reason = refusal(url) else { return }
        let masked = Secrets.mask(url)
        throw FetchError(
            .refusedLink, url: masked, attempts: attempts,
            message: "source \(sourceID): refusing \(what) \(masked): \(reason)"
                + (reason.contains("allow_hosts") ? "; add the host to the source's allow_hosts if it is trusted" : ""))
    }
}

/// The fetcher a source's connector uses: every request is checked against the source's ``LinkScope`` (so body
/// links cannot leave it), carries the scope for redirects, and gets the source's configured headers (values from
/// `${NAME}` environment variables, masked everywhere).
package struct ScopedFetcher: HTTPFetching {
    /// The run's client (or any fetcher).
    package let base: any HTTPFetching
    /// Where the source's requests may go.
    package let scope: LinkScope
    /// Headers added to every request of the source (`headers:` in the pipeline file, expanded).
    package let headers: [String: String]
    /// Names (lower-cased) of ``headers`` whose values are secrets.
    package let secretHeaderNames: Set<String>

    /// A fetcher for one source.
    package init(
        base: any HTTPFetching, scope: LinkScope, headers: [String: String] = [:], secretHeaderNames: Set<String> = []
    ) {
        self.base = base
        self.scope = scope
        self.headers = headers
        self.secretHeaderNames = Set(secretHeaderNames.map { $0.lowercased() })
        for (name, value) in headers where self.secretHeaderNames.contains(name.lowercased()) {
            Secrets.register(value)
        }
    }

    /// Checks the URL against the scope, adds the source's headers and the scope, and GETs it through ``base``.
    /// - Throws: ``FetchError`` `.refusedLink` for a URL outside the scope; otherwise what ``base`` throws.
    package func get(_ request: HTTPRequest) async throws -> HTTPResponse {
        try scope.check(request.url)
        var r = request
        r.scope = scope
        if !headers.isEmpty, !(URLComponents(string: request.url)?.scheme?.lowercased() == "file") {
            for (name, value) in headers where !r.headers.keys.contains(where: { $0.lowercased() == name.lowercased() })
            {
                r.headers[name] = value
            }
            r.secretHeaderNames.formUnion(secretHeaderNames)
        }
        return try await base.get(r)
    }
}
