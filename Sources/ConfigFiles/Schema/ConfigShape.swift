import Foundation
import ImpactModel
import Yams

/// The shape a YAML node of a config file must have: what every decoder of `ConfigFiles` (and the pipeline file's)
/// checks before it decodes, so a misspelt key or a value of the wrong type is reported with its line and column
/// (`metrics.yaml:12:5: unknown key "thresold" in metrics[3] — did you mean "threshold"?`) instead of silently
/// falling back to a default.
package indirect enum ConfigShape: Sendable {
    /// A scalar of that kind (a whole number, `true`/`false`, any number).
    case string, int, bool, number
    /// A list whose items have this shape.
    case list(ConfigShape)
    /// A mapping with these keys; `required` ones must be present.
    case record([String: ConfigShape], required: Set<String>)
    /// A mapping with free keys, each value of this shape.
    case dictionary(ConfigShape)
    /// A string, or a mapping of these keys (`themes.yaml` labels may be written either way).
    case stringOr(ConfigShape)

    /// How a message names the shape: `a whole number`, `a mapping`.
    var name: String {
        switch self {
        case .string: "a string"
        case .int: "a whole number"
        case .bool: "true or false"
        case .number: "a number"
        case .list: "a list"
        case .record, .dictionary: "a mapping"
        case .stringOr: "a string or a mapping"
        }
    }
}

/// Checks a config file against its ``ConfigShape`` and reports every problem with its position: unknown keys (with
/// "did you mean"), wrong types, missing required keys and YAML syntax errors, all at once.
package enum ConfigSchema {
    /// Checks `text` (the contents of `file`) against `shape`.
    /// - Returns: the problems in file order (empty = the file has the shape).
    package static func problems(yaml text: String, file: String, shape: ConfigShape) -> [ConfigProblem] {
        var out: [ConfigProblem] = []
        _ = check(yaml: text, file: file, against: shape, into: &out)
        return out
    }

    /// Parses `url` and checks it against `shape`; a file that cannot be read or parsed is one problem.
    /// - Returns: the root node, for cross-file checks.
    package static func check(
        _ url: URL, against shape: ConfigShape, into out: inout [ConfigProblem], walking: Bool = true
    ) -> Node? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            out.append(
                ConfigProblem(file: display(url), line: 1, column: 1, message: "cannot be read", status: .config))
            return nil
        }
        return check(yaml: text, file: display(url), against: shape, into: &out, walking: walking)
    }

    /// Parses `text` (the contents of `file`, as a person would type its path) and checks it against `shape`.
    /// - Returns: the root node, for cross-file checks; `nil` when the text is not YAML or empty.
    package static func check(
        yaml text: String, file: String, against shape: ConfigShape, into out: inout [ConfigProblem],
        walking: Bool = true
    ) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            out.append(syntaxProblem(error, file: file))
            return nil
        } catch {
            out.append(
                ConfigProblem(
                    file: file, line: 1, column: 1,
                    message: "not valid YAML: \(SystemErrorText.describe(error))", status: .config))
            return nil
        }
        guard let root else {
            out.append(
                ConfigProblem(file: file, line: 1, column: 1, message: "the file is empty", status: .config))
            return nil
        }
        if walking { walk(root, shape, path: "", file: file, into: &out) }
        return root
    }

    /// `file:line:column: YAML syntax error: <problem>` from Yams' error mark.
    static func syntaxProblem(_ error: YamlError, file: String) -> ConfigProblem {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigProblem(
                file: file, line: mark.line, column: mark.column, message: "YAML syntax error: \(problem)",
                status: .config)
        default:
            return ConfigProblem(
                file: file, line: 1, column: 1,
                message: "YAML syntax error: \(SystemErrorText.describe(error))", status: .config)
        }
    }

    private static func walk(
        _ node: Node, _ shape: ConfigShape, path: String, file: String, into out: inout [ConfigProblem]
    ) {
        let at = path.isEmpty ? "" : "\(path): "
        func wrong() { out.append(problem(file, node, "\(at)expected \(shape.name), found \(describe(node))")) }
        switch shape {
        case .string:
            if node.scalar == nil { wrong() }
        case .int:
            if node.scalar == nil || node.int == nil { wrong() }
        case .bool:
            if node.scalar == nil || node.bool == nil { wrong() }
        case .number:
            if node.scalar == nil || node.float == nil { wrong() }
        case .list(let element):
            guard let seq = node.sequence else { return wrong() }
            for (i, item) in seq.enumerated() { walk(item, element, path: "\(path)[\(i)]", file: file, into: &out) }
        case .dictionary(let value):
            guard let map = node.mapping else { return wrong() }
            for (k, v) in map { walk(v, value, path: join(path, k.string ?? "?"), file: file, into: &out) }
        case .stringOr(let inner):
            if node.scalar != nil { return }
            walk(node, inner, path: path, file: file, into: &out)
        case .record(let keys, let required):
            guard let map = node.mapping else { return wrong() }
            var present = Set<String>()
            for (k, v) in map {
                guard let name = k.string else { continue }
                present.insert(name)
                if let s = keys[name] {
                    walk(v, s, path: join(path, name), file: file, into: &out)
                } else {
                    let where_ = path.isEmpty ? "" : " in \(path)"
                    out.append(
                        problem(
                            file, k,
                            "unknown key \"\(name)\"\(where_)" + hint(name, Array(keys.keys), known: nil)))
                }
            }
            for name in required.sorted() where !present.contains(name) {
                out.append(problem(file, node, "\(at)missing required key \"\(name)\""))
            }
        }
    }

    /// ` — did you mean "x"?` when one known name is close (edit distance ≤ 2, or a third of the name), plus the
    /// list of known names when `known` names where they come from.
    package static func hint(_ name: String, _ candidates: [String], known: String?) -> String {
        let limit = max(2, name.count / 3)
        let scored = candidates.map { ($0, editDistance($0.lowercased(), name.lowercased())) }.filter { $0.1 <= limit }
        let best = scored.min { ($0.1, $0.0) < ($1.1, $1.0) }
        var out = best.map { " — did you mean \"\($0.0)\"?" } ?? ""
        if best == nil, let known { out += " (not one of the \(candidates.count) \(known))" }
        if best == nil, known == nil, !candidates.isEmpty, candidates.count <= 24 {
            out += " (known: \(candidates.sorted().joined(separator: ", ")))"
        }
        return out
    }

    /// A ``ConfigProblem`` at `node`'s position in `file` (a path as a person would type it).
    package static func problem(_ file: String, _ node: Node, _ message: String) -> ConfigProblem {
        ConfigProblem(
            file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message,
            status: .config)
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): "\"\(s.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The file as a person in the working directory would type it.
    package static func display(_ url: URL) -> String {
        relativePath(url, from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }
}
