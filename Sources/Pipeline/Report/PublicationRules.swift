import Foundation
import ImpactModel
import Indicators
import Reporting

extension PublicationDisclosure {
    /// The gate with the §8 rules of every metric of the pipeline's catalogue (`min_n`, `disclosure`,
    /// `rounding_base` of `config/metrics.yaml`).
    /// - Throws: ``ImpactError`` `.config` when the catalogue cannot be read.
    package static func load(_ definition: PipelineDefinition) throws -> PublicationDisclosure {
        let catalogue: MetricCatalogue
        do {
            catalogue = try MetricCatalogue.load(contentsOf: definition.metricsURL)
        } catch let e as ImpactError {
            throw e
        } catch {
            throw ImpactError(.config, "\(definition.metricsURL.path): \(error)")
        }
        return PublicationDisclosure(catalogue: catalogue)
    }

    /// The gate with the rules of `catalogue`.
    package init(catalogue: MetricCatalogue) {
        var rules: [String: Rule] = [:]
        for m in catalogue.metrics {
            rules[m.id] = Rule(minN: m.minN, controlled: m.disclosure != .none, roundingBase: m.roundingBase)
        }
        self.init(rules: rules)
    }
}
