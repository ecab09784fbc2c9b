/// Which proxy a request uses, resolved once from the environment with libcurl's own rules.
///
/// Honoured spellings (the same as libcurl's, see libcurl-env(3) and CURLOPT_PROXY(3)):
/// - `http_proxy`, **lower case only**: libcurl ignores `HTTP_PROXY`, because a CGI program receives a client's
///   `Proxy:` request header as `HTTP_PROXY` ("httpoxy", CVE-2016-5385). We ignore it too.
/// - `https_proxy`, else `HTTPS_PROXY`.
/// - `all_proxy`, else `ALL_PROXY`: for either scheme when the scheme's own variable is unset.
/// - `no_proxy`, else `NO_PROXY`: comma-separated host names, domain suffixes (`.gemeente.test` or
///   `gemeente.test` also match subdomains), IP addresses, or `*` for all; matched by libcurl
///   (`CURLOPT_NOPROXY`).
/// An empty value counts as unset. The client always sets `CURLOPT_PROXY` (to `""` when there is no proxy),
/// so libcurl never reads the environment by itself and these rules are the only ones in force.
/// (KNOWN-FAULTS B27.)
package struct ProxySettings: Sendable, Hashable {
    /// Proxy URL for `http://` requests, e.g. `http://proxy.gemeente.test:3128`.
    package var http: String?
    /// Proxy URL for `https://` requests (tunnelled with `CONNECT`).
    package var https: String?
    /// The `no_proxy` list, passed to libcurl as `CURLOPT_NOPROXY`.
    package var noProxy: String?

    /// Explicit settings (tests, or a pipeline file that names a proxy).
    package init(http: String? = nil, https: String? = nil, noProxy: String? = nil) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    /// Reads the variables listed in the type's documentation from `environment`.
    package init(environment: [String: String]) {
        func first(_ names: String...) -> String? {
            for name in names {
                if let v = environment[name]?.trimmingWhitespace(), !v.isEmpty { return v }
            }
            return nil
        }
        let all = first("all_proxy", "ALL_PROXY")
        self.http = first("http_proxy") ?? all
        self.https = first("https_proxy", "HTTPS_PROXY") ?? all
        self.noProxy = first("no_proxy", "NO_PROXY")
    }

    /// No proxy at all (also ignores the environment).
    package static let none = ProxySettings()

    /// The proxy for a URL scheme (`http` or `https`), or nil; `file` never uses one.
    package func proxy(forScheme scheme: String) -> String? {
        switch scheme.lowercased() {
        case "http": http
        case "https": https
        default: nil
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
