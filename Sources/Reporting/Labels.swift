import ConfigFiles
import Foundation
import ImpactModel
import Yams

/// What the report prints about a metric: its labels and definition, from `config/metrics.yaml`.
package struct MetricText: Sendable, Hashable {
    /// The catalogue id of the metric (`config/metrics.yaml` `id`), e.g. `emp_fte_total`.
    package var id: String
    /// The Dutch label (`label_nl`, or `nl`), e.g. `Actieve sociale ondernemingen`.
    package var labelNL: String
    /// The English label (`label_en`, or `en`), e.g. `Active social enterprises`.
    package var labelEN: String
    /// The theme id (`theme`, a key of `config/themes.yaml`); the report lists the metric in that theme's section.
    package var theme: String
    /// `class`: `impact`, `scale-up` or `context` (METRICS.md §6).
    package var metricClass: String
    /// `unit` as the catalogue writes it: `count`, `%`, `EUR`, `FTE`, `persons`, `tCO2e`, ...
    package var unit: String
    /// `direction`: the way the metric improves, `up`, `down` or `neutral`.
    package var direction: String
    /// The period rule (`period`, or `period_rule`): `Q` (state at quarter end), `R4Q` (last four quarters), `YoY`
    /// (against a year earlier), `3Y` (over three years) or `A` (latest CBS period).
    package var period: String
    /// The definition in Dutch (`definition`).
    package var definition: String
    /// The definition in English (`definition_en`), empty when the catalogue has none.
    package var definitionEN: String = ""
    /// Where the definition comes from (`source`, or `definition_source`; a mapping joined as `key: value; ...`), e.g.
    /// `METRICS.md §6.3 pop_active_se [P]`; empty when the catalogue names none.
    package var source: String

    /// The label in `lang`: ``labelNL`` or ``labelEN``.
    package func label(_ lang: ReportLanguage) -> String { lang == .nl ? labelNL : labelEN }

    /// The definition in `lang`; an English report without `definition_en` prints none (never the Dutch text).
    package func definition(_ lang: ReportLanguage) -> String { lang == .nl ? definition : definitionEN }
}

/// A theme's labels, from `config/themes.yaml`.
package struct ThemeText: Sendable, Hashable {
    /// The theme id, a key of `themes:` in `config/themes.yaml` (`werk_en_participatie`).
    package var id: String
    /// The Dutch label (`label_nl`), e.g. `Werk en participatie`.
    package var labelNL: String
    /// The English label (`label_en`), e.g. `Work and participation`.
    package var labelEN: String
    /// The label in `lang`: ``labelNL`` or ``labelEN``.
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
