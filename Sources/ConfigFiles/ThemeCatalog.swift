import Foundation
import ImpactModel
import Yams

/// `config/themes.yaml`, decoded once for every stage: the theme ids, their labels and descriptions in Dutch and
/// English, and `impact_theme` (docs/ARCHITECTURE.md, "Input files of the demo").
///
/// Shape (``schema``, checked first): `version: 1` and a mapping `themes:` of theme id → fields:
/// ```yaml
/// version: 1
/// themes:
///   werk_en_participatie:
///     label_nl: Werk en participatie
///     label_en: Work and participation
///     description_nl: …
///     description_en: …
///     impact_theme: true      # an enterprise can contribute to it: allowed in registry `themes`
///   economie: {label_nl: Economie, label_en: Economy, impact_theme: false}   # programme level only
/// ```
/// A theme may also be a plain string (its Dutch label) or a mapping with `nl`/`en` labels. `impact_theme` defaults
/// to `true` when a theme does not state it. Readers: `Normalization` (registry `themes`: only ids with
/// `impact_theme: true`), `Reporting` (labels, `LabelCatalogue.themes`), `Indicators` (a metric's `theme` must be an
/// id of this file), `Pipeline` (`ConfigCheck`).
package struct ThemeCatalog: Hashable, Sendable {
    /// One theme of the file.
    package struct Theme: Hashable, Sendable {
        /// The theme id (`werk_en_participatie`): a-z, 0-9, `_` or `-`.
        package var id: String
        /// Dutch label (`label_nl`, `nl`, or the id when none is given).
        package var labelNL: String
        /// English label (`label_en`, `en`, or the id when none is given).
        package var labelEN: String
        /// Dutch description (`description_nl`), empty when none.
        package var descriptionNL: String = ""
        /// English description (`description_en`), empty when none.
        package var descriptionEN: String = ""
        /// Whether an enterprise can contribute to it (`impact_theme`); only these ids may appear in the registry.
        package var impactTheme: Bool = true
    }

    /// The themes in file order.
    package let themes: [Theme]

    /// Creates a catalog from its themes, in order.
    package init(themes: [Theme]) { self.themes = themes }

    /// Creates a catalog from id → Dutch label; every theme is an impact theme (tests).
    package init(labels: [String: String]) {
        self.themes = labels.keys.sorted().map { Theme(id: $0, labelNL: labels[$0] ?? $0, labelEN: $0) }
    }

    /// Theme id → Dutch label.
    package var labels: [String: String] {
        Dictionary(themes.map { ($0.id, $0.labelNL) }, uniquingKeysWith: { a, _ in a })
    }

    /// The theme ids, sorted.
    package var ids: [String] { themes.map(\.id).sorted() }

    /// The ids with `impact_theme: true`, sorted: the ids a registry row may carry.
    package var impactThemeIDs: [String] { themes.filter(\.impactTheme).map(\.id).sorted() }

    /// Whether `id` is a theme id.
    package func contains(_ id: String) -> Bool { themes.contains { $0.id == id } }

    /// The theme `id`, or `nil`.
    package func theme(_ id: String) -> Theme? { themes.first { $0.id == id } }

    /// The keys of the file and their types (a theme is a Dutch label or a mapping of these keys).
    package static let schema: ConfigShape = .record(
        [
            "version": .int,
            "themes": .dictionary(
                .stringOr(
                    .record(
                        [
                            "label_nl": .string, "label_en": .string, "description_nl": .string,
                            "description_en": .string, "impact_theme": .bool, "nl": .string, "en": .string,
                            "label": .string,
                        ], required: []))),
        ], required: ["themes"])

    /// Reads and parses the file at `url`.
    /// - Throws: ``ImpactError`` with status `.config` naming the file (and line and column) and what is wrong.
    package static func load(_ url: URL) throws(ImpactError) -> ThemeCatalog {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ImpactError(
                .config,
                "\(url.path): cannot read the themes (\(SystemErrorText.describe(error))); check the `themes:` path of the pipeline file"
            )
        }
        return try parse(yaml: text, file: url.path)
    }

    /// Parses the text of `config/themes.yaml`.
    /// - Throws: ``ImpactError`` with status `.config` naming `file:line:column` and what is wrong.
    package static func parse(yaml text: String, file: String) throws(ImpactError) -> ThemeCatalog {
        try ConfigSchema.problems(yaml: text, file: file, shape: schema).throwIfAny()
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ImpactError(.config, "\(file): not valid YAML (\(SystemErrorText.describe(error))); fix the syntax")
        }
        func at(_ node: Node) -> String { node.mark.map { "\(file):\($0.line):\($0.column)" } ?? file }
        guard var map = root?.mapping else {
            throw ImpactError(.config, "\(file): expected a mapping of theme id → labels at the top level")
        }
        if let version = map["version"], version.int != 1 {
            throw ImpactError(
                .config, "\(at(version)): version \(version.string ?? "?") is not supported; write `version: 1`")
        }
        if let inner = map["themes"] {
            guard let m = inner.mapping else {
                throw ImpactError(.config, "\(at(inner)): `themes:` must be a mapping of theme id → labels")
            }
            map = m
        }
        var themes: [Theme] = []
        for (key, value) in map {
            guard let id = key.string, !id.isEmpty else {
                throw ImpactError(.config, "\(at(key)): a theme id must be a non-empty string")
            }
            if id == "version" { continue }
            guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw ImpactError(.config, "\(at(key)): theme id \"\(id)\" must use a-z, 0-9, _ or - only")
            }
            guard let m = value.mapping else {
                themes.append(Theme(id: id, labelNL: value.string ?? id, labelEN: value.string ?? id))
                continue
            }
            var theme = Theme(
                id: id, labelNL: m["label_nl"]?.string ?? m["nl"]?.string ?? m["label"]?.string ?? id,
                labelEN: m["label_en"]?.string ?? m["en"]?.string ?? id,
                descriptionNL: m["description_nl"]?.string ?? "", descriptionEN: m["description_en"]?.string ?? "")
            if let flag = m["impact_theme"] {
                guard let b = flag.bool else {
                    throw ImpactError(.config, "\(at(flag)): impact_theme of \"\(id)\" must be true or false")
                }
                theme.impactTheme = b
            }
            themes.append(theme)
        }
        guard !themes.isEmpty else { throw ImpactError(.config, "\(file): no themes defined") }
        return ThemeCatalog(themes: themes)
    }
}
