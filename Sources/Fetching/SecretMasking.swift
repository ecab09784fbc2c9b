import Foundation
import ImpactModel

/// Masks secrets in URLs before they reach logs, `fetch.json`, error messages or the response store.
///
/// A thin name for ``ImpactModel/Secrets``, the one masking function every writer uses: the password of a URL's
/// user-info, the values of query parameters whose name is secret (``defaultSecretParameters``, names ending in
/// `_key`/`token`/`secret`/`password`, or the request's secret header names), and every value registered as a
/// secret (`${NAME}` substitutions, secret header values) become `***`. Secret request headers (e.g. KvK's
/// `apikey`) are never written anywhere.
package enum SecretMasking {
    /// Query parameter names treated as secrets by default.
    package static var defaultSecretParameters: Set<String> { Secrets.secretParameterNames }

    /// `url` (or any text holding URLs) with secrets replaced by `***`.
    package static func mask(_ url: String, secretNames: Set<String> = []) -> String {
        Secrets.mask(url, secretNames: secretNames)
    }
}
