/// Resolution of a URI reference against a base URI, after RFC 3986 §5.2 (strict parser, §5.2.2 transform,
/// §5.2.3 merge, §5.2.4 remove_dot_segments), on the strings as written.
///
/// Foundation's `URL(string:relativeTo:)` re-encodes characters and may add or drop a trailing `?`; a
/// continuation link must be requested byte for byte (KNOWN-FAULTS B02), so an absolute reference is returned
/// unchanged and a relative one keeps its query text verbatim.
package enum URIReference {
    private struct Parts {
        var scheme: String?
        var authority: String?
        var path: String
        var query: String?
        var fragment: String?
    }

    /// Resolves `reference` against `base` (RFC 3986 §5.2.2).
    ///
    /// `"UntypedDataSet-skip10000.json"` against `file:///runs/cbs/UntypedDataSet.json` is
    /// `file:///runs/cbs/UntypedDataSet-skip10000.json`; `"?$skip=10"` against `https://h/a/b?x` is `https://h/a/b?$skip=10`.
    package static func resolve(_ reference: String, against base: String) -> String {
        let r = split(reference)
        if r.scheme != nil { return reference }
        let b = split(base)
        var t = Parts(scheme: b.scheme, authority: nil, path: "", query: nil, fragment: r.fragment)
        if r.authority != nil {
            t.authority = r.authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            t.authority = b.authority
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = removeDotSegments(r.path)
                } else {
                    t.path = removeDotSegments(merge(base: b, path: r.path))
                }
                t.query = r.query
            }
        }
        return recompose(t)
    }

    /// Whether `text` starts with a scheme (`https:`, `file:`), i.e. is an absolute URI.
    package static func isAbsolute(_ text: String) -> Bool { split(text).scheme != nil }

    /// The scheme in lower case (`https`, `file`), or `nil` for a relative reference.
    package static func scheme(of text: String) -> String? { split(text).scheme?.lowercased() }

    private static func split(_ s: String) -> Parts {
        var rest = Substring(s)
        var p = Parts(scheme: nil, authority: nil, path: "", query: nil, fragment: nil)
        if let hash = rest.firstIndex(of: "#") {
            p.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            p.query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.first, first.isASCII, first.isLetter,
                candidate.allSatisfy({
                    $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".")
                })
            {
                p.scheme = String(candidate)
                rest = rest[rest.index(after: colon)...]
            }
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            p.authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        p.path = String(rest)
        return p
    }

    private static func merge(base: Parts, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        guard let slash = base.path.lastIndex(of: "/") else { return path }
        return String(base.path[...slash]) + path
    }

    /// RFC 3986 §5.2.4.
    package static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "/.." {
                input = "/"
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let startOffset = input.hasPrefix("/") ? 1 : 0
                let searchStart = input.index(input.startIndex, offsetBy: startOffset)
                let end = input[searchStart...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }

    private static func recompose(_ p: Parts) -> String {
        var s = ""
        if let scheme = p.scheme { s += scheme + ":" }
        if let a = p.authority { s += "//" + a }
        s += p.path
        if let q = p.query { s += "?" + q }
        if let f = p.fragment { s += "#" + f }
        return s
    }
}
