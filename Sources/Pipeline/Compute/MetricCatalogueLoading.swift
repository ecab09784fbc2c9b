import ConfigFiles
import Foundation
import ImpactModel
import Indicators

extension PipelineDefinition {
    /// `config/metrics.yaml`, checked against `config/themes.yaml` when `themes` is true (the municipal compute).
    /// - Throws: ``ImpactError`` `.config` for an unreadable or invalid catalogue, naming the file.
    func metricCatalogue(themes: Bool) throws -> MetricCatalogue {
        do {
            return themes
                ? try MetricCatalogue.load(contentsOf: metricsURL, themes: try ThemeCatalog.load(themesURL))
                : try MetricCatalogue.load(contentsOf: metricsURL)
        } catch let e as ImpactError {
            throw e
        } catch {
            throw ImpactError(.config, "\(metricsURL.path): \(SystemErrorText.describe(error))")
        }
    }
}
