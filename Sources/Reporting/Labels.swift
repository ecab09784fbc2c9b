import ConfigFiles
import Foundation
import ImpactModel
import Yams

/// What the report prints about a metric: its labels and definition, from `config/metrics.yaml`.
package struct MetricText: Sendable, Hashable {
    package var id: String
    package var labelNL: String
    package var labelEN: String
    package var theme: String
    package var metricClass: String
    package var unit: String
    package var direction: String
    package var period: String
    /// The definition in Dutch (`definition`).
    package var definition: String
    /// The definition in English (`definition_en`), empty when the catalogue has none.
    package var definitionEN: String = ""
    package var source: String

    package func label(_ lang: ReportLanguage) -> String { lang == .nl ? labelNL : labelEN }

    /// The definition in `lang`; an English report without `definition_en` prints none (never the Dutch text).
    package func definition(_ lang: ReportLanguage) -> String { lang == .nl ? definition : definitionEN }
}

/// A theme's labels, from `config/themes.yaml`.
package struct ThemeText: Sendable, Hashable {
    package var id: String
    package var labelNL: String
    package var labelEN: String
    package func label(_ lang: ReportLanguage) -> String { lang == .nl ? labelNL : labelEN }
}

/// Reads the labels the report needs from the config files, tolerating either a list or a mapping at the top.
package enum LabelCatalogue {
    /// - Throws: ``ImpactError`` (``ExitStatus/config``) naming the file when it is not YAML.
    package static func metrics(_ url: URL) throws -> [String: MetricText] {
        let node = try load(url)
        var out: [String: MetricText] = [:]
        for (id, m) in entries(node, listKey: "metrics") {
            func s(_ keys: String...) -> String {
                for k in keys { if let v = m[k]?.string { return v } }
                for k in keys { if let v = m[k], v.scalar != nil { return v.scalar?.string ?? "" } }
                return ""
            }
            let sourceNode = m["source"] ?? m["definition_source"]
            var source = sourceNode?.string ?? ""
            if source.isEmpty, let mapping = sourceNode?.mapping {
                source = mapping.compactMap { k, v in v.string.map { "\(k.string ?? ""): \($0)" } }.joined(
                    separator: "; ")
            }
            out[id] = MetricText(
                id: id, labelNL: s("label_nl", "nl"), labelEN: s("label_en", "en"), theme: s("theme"),
                metricClass: s("class"), unit: s("unit"), direction: s("direction"), period: s("period", "period_rule"),
                definition: s("definition", "formula", "description"), definitionEN: s("definition_en"), source: source)
        }
        return out
    }

    /// Themes in file order, read by the one decoder of `config/themes.yaml` (``ThemeCatalog``).
    package static func themes(_ url: URL) throws -> [ThemeText] {
        try ThemeCatalog.load(url).themes.map { ThemeText(id: $0.id, labelNL: $0.labelNL, labelEN: $0.labelEN) }
    }

    private static func load(_ url: URL) throws -> Node {
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let node = try Yams.compose(yaml: text) else {
                throw ImpactError(.config, "\(url.path) is empty")
            }
            return node
        } catch let e as ImpactError {
            throw e
        } catch {
            throw ImpactError(.config, "\(url.path): \(SystemErrorText.describe(error))")
        }
    }

    /// Entries as (id, mapping) pairs from `listKey: [ {id: …} ]`, a top-level list, or a mapping `id: {…}`.
    private static func entries(_ root: Node, listKey: String) -> [(String, Node.Mapping)] {
        var node = root
        if let m = root.mapping, let inner = m[listKey] { node = inner }
        if let seq = node.sequence {
            return seq.compactMap { item in
                guard let m = item.mapping, let id = m["id"]?.string else { return nil }
                return (id, m)
            }
        }
        if let m = node.mapping {
            return m.compactMap { k, v in
                guard let id = k.string, let vm = v.mapping else { return nil }
                return (id, vm)
            }
        }
        return []
    }
}
