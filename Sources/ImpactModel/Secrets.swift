import Foundation
import Synchronization

/// The one place secrets are recognised and masked, for every writer: `fetch.json`, the response store, run
/// summaries, reports, logs and error messages (issue 15, item 1).
///
/// Two rules, applied together by ``mask(_:)`` (any text) and ``maskURL(_:secretNames:)`` (one URL):
/// - **Structural:** the password of a URL's user-info and the values of query parameters whose name is in
///   ``secretParameterNames`` (or a caller's extra names) become `***`, also inside free text such as
///   `GET https://u:pw@host/x?apikey=… failed`.
/// - **By value:** every value registered with ``register(_:)`` (values substituted from `${NAME}` environment
///   variables, secret header values, user-info passwords and secret query values found in a pipeline file)
///   becomes `***` wherever it appears, also percent-encoded. Values shorter than ``minimumRegisteredLength``
///   are not registered (they would mask ordinary words and numbers); the structural rule still covers them.
package enum Secrets {
    /// Query parameter names whose values are secrets (compared case-insensitively).
    package static let secretParameterNames: Set<String> = [
        "apikey", "api_key", "api-key", "key", "token", "access_token", "auth", "password", "secret",
        "client_secret", "signature", "sig", "x-api-key", "subscription-key", "passwd", "pwd",
    ]

    /// Request header names whose values are always secrets (compared case-insensitively).
    package static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "apikey", "api-key", "x-api-key", "cookie", "x-auth-token",
        "ocp-apim-subscription-key",
    ]

    /// The shortest value ``register(_:)`` accepts for masking by value.
    package static let minimumRegisteredLength = 6

    private static let registered = Mutex<Set<String>>([])

    /// Remembers `value` as a secret, so ``mask(_:)`` replaces it (and its percent-encoded form) everywhere.
    package static func register(_ value: String) {
        let v = value.trimmingCharacters(in: .whitespaces)
        guard v.count >= minimumRegisteredLength else { return }
        var forms: Set<String> = [v]
        if let encoded = v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.insert(encoded) }
        if let encoded = v.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) { forms.insert(encoded) }
        if let decoded = v.removingPercentEncoding, decoded.count >= minimumRegisteredLength { forms.insert(decoded) }
        registered.withLock { $0.formUnion(forms) }
    }

    /// Whether a header of this name carries a secret by its name alone.
    package static func isSecretHeader(_ name: String) -> Bool {
        let n = name.lowercased()
        return secretHeaderNames.contains(n) || n.contains("token") || n.contains("secret") || n.contains("key")
            || n.contains("auth") || n.contains("password")
    }

    /// Whether a query parameter of this name carries a secret by its name alone.
    package static func isSecretParameter(_ name: String, extra: Set<String> = []) -> Bool {
        let n = name.lowercased()
        return secretParameterNames.contains(n) || extra.contains(n) || n.hasSuffix("_key") || n.hasSuffix("-key")
            || n.hasSuffix("token") || n.hasSuffix("secret") || n.hasSuffix("password")
    }

    /// `text` with every secret replaced by `***`: registered values, then URL user-info passwords and secret
    /// query values inside any URL the text contains.
    package static func mask(_ text: String, secretNames: Set<String> = []) -> String {
        var out = text
        let values = registered.withLock { $0 }
        // Longest first, so a value containing another is replaced whole.
        for value in values.sorted(by: { $0.count > $1.count }) where out.contains(value) {
            out = out.replacingOccurrences(of: value, with: "***")
        }
        guard out.contains("://") || out.contains("=") else { return out }
        return maskStructurally(out, extra: Set(secretNames.map { $0.lowercased() }))
    }

    /// One URL with its secrets masked (see the type's documentation); `secretNames` adds query parameter names.
    package static func maskURL(_ url: String, secretNames: Set<String> = []) -> String {
        mask(url, secretNames: secretNames)
    }

    /// Masks `user:password@` after a scheme, and `name=value` pairs (after `?`, `&` or `;`) whose name is secret.
    private static func maskStructurally(_ text: String, extra: Set<String>) -> String {
        var scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        func isDelimiter(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\"" || c == "'" || c == "<" || c == ">" || c == "\n" || c == "\t" || c == "\r"
                || c == "," || c == ")" || c == "(" || c == "|" || c == "`"
        }
        while i < scalars.count {
            // user-info: "://" followed by "user:pass@" before the next '/', '?', '#' or delimiter.
            if scalars[i] == ":", i + 2 < scalars.count, scalars[i + 1] == "/", scalars[i + 2] == "/" {
                result.append(contentsOf: [":", "/", "/"])
                i += 3
                var j = i
                var at: Int? = nil
                var colon: Int? = nil
                while j < scalars.count, !isDelimiter(scalars[j]), scalars[j] != "/", scalars[j] != "?",
                    scalars[j] != "#"
                {
                    if scalars[j] == "@" { at = j }
                    if scalars[j] == ":" && colon == nil && at == nil { colon = j }
                    j += 1
                }
                if let at, let colon, colon < at {
                    result.append(contentsOf: scalars[i...colon])
                    result.append(contentsOf: "***".unicodeScalars)
                    i = at
                }
                continue
            }
            // name=value after ? & or ;
            if scalars[i] == "?" || scalars[i] == "&" || scalars[i] == ";" {
                result.append(scalars[i])
                i += 1
                var j = i
                while j < scalars.count, scalars[j] != "=", scalars[j] != "&", !isDelimiter(scalars[j]) { j += 1 }
                guard j < scalars.count, scalars[j] == "=", j > i else { continue }
                let name = String(String.UnicodeScalarView(scalars[i..<j]))
                result.append(contentsOf: scalars[i...j])
                i = j + 1
                if isSecretParameter(name.removingPercentEncoding ?? name, extra: extra) {
                    var k = i
                    while k < scalars.count, scalars[k] != "&", scalars[k] != "#", !isDelimiter(scalars[k]) { k += 1 }
                    // Punctuation that ends a sentence ("GET …?key=abc: HTTP 503") stays.
                    while k > i + 1, [":", ".", ";"].contains(scalars[k - 1]),
                        k == scalars.count || isDelimiter(scalars[k])
                    {
                        k -= 1
                    }
                    if k > i { result.append(contentsOf: "***".unicodeScalars) }
                    i = k
                }
                continue
            }
            result.append(scalars[i])
            i += 1
        }
        scalars = []
        return String(result)
    }

    /// The outcome of ``expand(_:environment:)``.
    package struct Expansion: Sendable, Hashable {
        /// The text with every `${NAME}` replaced by its value (an unset name is left as written).
        package var text: String
        /// The names that were referenced.
        package var names: [String]
        /// Referenced names that are unset or empty in the environment.
        package var missing: [String]
    }

    /// Replaces `${NAME}` (`NAME` = `[A-Za-z_][A-Za-z0-9_]*`) with `environment[NAME]` and registers each value
    /// as a secret. `$${` writes a literal `${`.
    package static func expand(_ text: String, environment: [String: String]) -> Expansion {
        guard text.contains("${") else { return Expansion(text: text, names: [], missing: []) }
        var out = ""
        var names: [String] = []
        var missing: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            if start.lowerBound > rest.startIndex, rest[rest.index(before: start.lowerBound)] == "$" {
                out += rest[..<rest.index(before: start.lowerBound)] + "${"
                rest = rest[start.upperBound...]
                continue
            }
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                out += rest[start.lowerBound...]
                rest = rest[rest.endIndex...]
                break
            }
            let name = String(rest[start.upperBound..<end])
            let valid =
                name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
                && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if valid {
                names.append(name)
                if let value = environment[name], !value.isEmpty {
                    register(value)
                    out += value
                } else {
                    missing.append(name)
                    out += "${\(name)}"
                }
            } else {
                out += rest[start.lowerBound...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        out += rest
        return Expansion(text: out, names: names, missing: missing)
    }

    /// Whether `text` references an environment variable (`${NAME}`).
    package static func referencesEnvironment(_ text: String) -> Bool {
        expand(text, environment: [:]).names.isEmpty == false
    }
}
