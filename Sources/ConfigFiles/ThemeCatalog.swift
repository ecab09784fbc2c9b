import ImpactModel
import Yams

/// The theme ids of `config/themes.yaml`, against which registry `themes` are checked.
///
/// Shape: a YAML mapping of theme id → labels, either at the top level or under a `themes:` key:
/// ```yaml
/// themes:
///   werk: {nl: Werk en participatie, en: Work and participation}
///   circulair: {nl: Circulaire economie, en: Circular economy}
/// ```
/// A label value may be a mapping (per language) or a plain string.
package struct ThemeCatalog: Hashable, Sendable {
    /// Theme id → Dutch label (the `nl` label, or the string given, or the id when no label is given).
    package let labels: [String: String]

    /// Creates a catalog from id → Dutch label.
    package init(labels: [String: String]) { self.labels = labels }

    /// The theme ids, sorted.
    package var ids: [String] { labels.keys.sorted() }

    /// Whether `id` is a theme id.
    package func contains(_ id: String) -> Bool { labels[id] != nil }

    /// Parses the text of `config/themes.yaml`.
    /// - Throws: ``ImpactError`` with status `.config` naming the file and what is wrong.
    package static func parse(yaml text: String, file: String) throws(ImpactError) -> ThemeCatalog {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ImpactError(.config, "\(file): not valid YAML (\(SystemErrorText.describe(error))); fix the syntax")
        }
        guard var map = root?.mapping else {
            throw ImpactError(.config, "\(file): expected a mapping of theme id → labels at the top level")
        }
        if let inner = map["themes"] {
            guard let m = inner.mapping else {
                throw ImpactError(.config, "\(file): `themes:` must be a mapping of theme id → labels")
            }
            map = m
        }
        var labels: [String: String] = [:]
        for (key, value) in map {
            guard let id = key.string, !id.isEmpty else {
                throw ImpactError(.config, "\(file): a theme id must be a non-empty string")
            }
            let line = key.mark.map { ":\($0.line)" } ?? ""
            guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ImpactError(.config, "\(file)\(line): theme id \"\(id)\" must use a-z, 0-9, _ or - only")
            }
            if let m = value.mapping {
                labels[id] = m["nl"]?.string ?? m["label"]?.string ?? id
            } else {
                labels[id] = value.string ?? id
            }
        }
        guard !labels.isEmpty else { throw ImpactError(.config, "\(file): no themes defined") }
        return ThemeCatalog(labels: labels)
    }
}
