import Foundation

/// Masks secrets in URLs before they reach logs, `fetch.json`, error messages or the response store.
///
/// Masked: the password of a URL's user-info, and the values of query parameters whose name (compared
/// case-insensitively) is in ``defaultSecretParameters`` or in the request's secret header names. A masked
/// value becomes `***`. Secret request headers (e.g. KvK's `apikey`) are never written anywhere.
package enum SecretMasking {
    /// Query parameter names treated as secrets by default.
    package static let defaultSecretParameters: Set<String> = [
        "apikey", "api_key", "api-key", "key", "token", "access_token", "auth", "password", "secret",
        "client_secret", "signature", "sig",
    ]

    /// `url` with secrets replaced by `***`; a URL that does not parse is returned with its query masked whole.
    package static func mask(_ url: String, secretNames: Set<String> = []) -> String {
        let names = defaultSecretParameters.union(secretNames.map { $0.lowercased() })
        guard var components = URLComponents(string: url) else {
            if let q = url.firstIndex(of: "?") { return String(url[..<q]) + "?***" }
            return url
        }
        if components.password != nil { components.password = "***" }
        if let items = components.percentEncodedQueryItems {
            var changed = false
            let masked = items.map { item -> URLQueryItem in
                guard names.contains(item.name.lowercased()), item.value != nil else { return item }
                changed = true
                return URLQueryItem(name: item.name, value: "***")
            }
            if changed { components.percentEncodedQueryItems = masked }
        }
        return components.string ?? url
    }
}
