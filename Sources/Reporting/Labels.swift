import ConfigFiles
import Foundation
import ImpactModel

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

/// The labels the report needs, from the one decoder of each config file (``MetricsFile``, ``ThemeCatalog``).
package enum LabelCatalogue {
    /// The report's text of every metric of `config/metrics.yaml`, by id.
    /// - Throws: ``ImpactError`` (``ExitStatus/config``) naming the file when it cannot be decoded.
    package static func metrics(_ url: URL) throws -> [String: MetricText] {
        var out: [String: MetricText] = [:]
        for m in try MetricsFile.load(url).metrics {
            out[m.id] = MetricText(
                id: m.id, labelNL: m.label_nl, labelEN: m.label_en, theme: m.theme ?? "", metricClass: m.class ?? "",
                unit: m.unit, direction: m.direction ?? "", period: m.period ?? "", definition: m.definition,
                definitionEN: m.definition_en ?? "", source: m.source)
        }
        return out
    }

    /// Themes in file order, read by the one decoder of `config/themes.yaml` (``ThemeCatalog``).
    package static func themes(_ url: URL) throws -> [ThemeText] {
        try ThemeCatalog.load(url).themes.map { ThemeText(id: $0.id, labelNL: $0.labelNL, labelEN: $0.labelEN) }
    }
}
